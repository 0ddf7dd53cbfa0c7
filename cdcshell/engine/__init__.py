"""The shell's engine, shared by the REPL and batch mode, split by concern.

- `console`: where text goes (stdout/stderr, colour, the transcript tee) and how errors, warnings and the echo look;
- `connection`: the gateway link — a `Connection` exists only while a session is open (client, session, heartbeat,
  replay), and `GatewayLink` opens, recovers and closes it;
- `executor`: running one statement (meta-command or SQL): the risk-check gate, submit, stream results, hooks — a
  coordinator over `commands` (a `\\` command), `results` (the writer for result pages), `waiting` (following
  the job a statement waits on, `--max-restarts`, its end after Ctrl-C with `cancel_job`) and `records`
  (journals, drift advice, after-success work);
- `shell`: the `Shell` façade that composes them and is what front ends and `\\` commands (as a `CommandContext`)
  see.

Nothing here is imported at start-up beyond what the first statement needs (httpx and rich load on first use).
"""
