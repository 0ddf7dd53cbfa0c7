-- Workshop, part 1: the concepts, before anything runs (about 10 minutes; project it, or let attendees run it).
--
--   .venv/bin/cdcshell --lang en -f examples/workshop/01-concepts.sql      # or --lang zh
--
-- What a checkpoint is, which settings matter for a CDC job, and what the risk checks say about them.
\help checkpoints
\explain execution.checkpointing.interval
\explain execution.checkpointing.dir
\explain execution.checkpointing.externalized-checkpoint-retention
\explain execution.state-recovery.path
\help cdc
\explain slot.name
\explain CK001
