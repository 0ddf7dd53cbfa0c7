"""Tutorial "checkpointing": configure checkpoints, submit a Postgres CDC job, watch checkpoints complete, stop
it with a savepoint, change data while it is stopped, resume, and verify that every row arrived exactly once — which the append-only copy only guarantees because the
job was stopped with a savepoint; after a crash the rows written since the last checkpoint arrive again."""

from __future__ import annotations

from cdcshell.tutorials import actions, checks
from cdcshell.tutorials.model import Step, Tutorial
from cdcshell.tutorials.statements import CREATE_COPY, CREATE_SOURCE, INSERT, VERIFY

PIPELINE = "tutorial-checkpointing"

TUTORIAL = Tutorial(
    name="checkpointing",
    prefix="ck",
    pipeline=PIPELINE,
    aliases=("checkpoints", "postgres", "ck"),
    steps=(
        Step("prepare", action=actions.prepare, check=checks.statement_ok),
        Step(
            "interval",
            sql="SET 'execution.checkpointing.interval' = '3s'",
            check=checks.session_has("execution.checkpointing.interval", "3s"),
        ),
        Step(
            "retention",
            sql="SET 'execution.checkpointing.externalized-checkpoint-retention' = 'RETAIN_ON_CANCELLATION'",
            check=checks.session_has(
                "execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION"
            ),
        ),
        Step(
            "name",
            sql=f"SET 'pipeline.name' = '{PIPELINE}'",
            check=checks.session_has("pipeline.name", PIPELINE),
        ),
        Step("source", sql=CREATE_SOURCE, check=checks.statement_ok),
        Step("copy", sql=CREATE_COPY, check=checks.statement_ok),
        Step("submit", sql=INSERT, check=checks.job_copies_snapshot),
        Step("watch", sql=f"\\checkpoints {PIPELINE}", check=checks.checkpoint_completed),
        Step("stop", sql=f"\\stop {PIPELINE} --savepoint", check=checks.stopped_with_savepoint),
        Step("change", action=actions.change_data, check=checks.change_while_stopped),
        Step("slot", sql="\\slots", check=checks.slot_kept),
        Step("resume", sql=f"\\resume {PIPELINE}", check=checks.resumed_from_savepoint),
        Step("restored", sql=f"\\checkpoints {PIPELINE}", check=checks.restored_shown),
        Step("verify", sql=VERIFY, check=checks.copy_equals_source),
        Step("cleanup", action=actions.cleanup, check=checks.statement_ok),
    ),
)
