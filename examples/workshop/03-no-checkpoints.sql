-- Workshop, part 3: "What goes wrong without checkpoints" (about 15 minutes at the prompt).
--
-- At the prompt: `\tutorial no-checkpoints`. Unattended (rehearsal, demo, hand-out):
--
--   .venv/bin/cdcshell --lang en --record handout-no-checkpoints-en.md -f examples/workshop/03-no-checkpoints.sql
--
-- The same job with checkpointing off: the risk check CK001 stops it (the tutorial runs it anyway), rows flow,
-- the replication slot never confirms a position so PostgreSQL keeps all WAL, and after the job is gone
-- \resume has nothing to resume from.
\tutorial no-checkpoints --auto
