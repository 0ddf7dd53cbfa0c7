"""What must survive the shell and the gateway session, always private (0600) and with secrets masked on disk.

Named `store`, not `session`: in this domain a session is the SQL Gateway's. `history` (the statement history
file), `job_journal` (the per-gateway job journal; re-exports StateJournal), `state_journal` (session state to
replay into a new gateway session), `transcript` (`--record`), `script_progress` (resumable `-f` scripts),
`files` (the durable append / atomic replace they share). Import-free, like every package here.
"""
