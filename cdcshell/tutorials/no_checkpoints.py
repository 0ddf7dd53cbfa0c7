"""Tutorial "no-checkpoints": the same job with checkpointing off. Rows still flow, but the replication slot's
confirmed position never moves (PostgreSQL keeps all WAL for it), and once the job is gone nothing can be
resumed."""

from __future__ import annotations

from cdcshell.tutorials import actions, checks
from cdcshell.tutorials.model import Step, Tutorial
from cdcshell.tutorials.statements import CREATE_COPY, CREATE_SOURCE, INSERT

PIPELINE = "tutorial-no-checkpoints"

TUTORIAL = Tutorial(
    name="no-checkpoints",
    prefix="nock",
    pipeline=PIPELINE,
    aliases=("without-checkpoints", "nocheckpoints", "nock"),
    steps=(
        Step("prepare", action=actions.prepare, check=checks.statement_ok),
        Step(
            "off",
            sql="RESET 'execution.checkpointing.interval'",
            check=checks.session_lacks("execution.checkpointing.interval"),
        ),
        Step(
            "name",
            sql=f"SET 'pipeline.name' = '{PIPELINE}'",
            check=checks.session_has("pipeline.name", PIPELINE),
        ),
        Step("source", sql=CREATE_SOURCE, check=checks.statement_ok),
        Step("copy", sql=CREATE_COPY, check=checks.statement_ok),
        Step("submit", sql=INSERT, check=checks.job_copies_snapshot, force=True),
        Step("watch", sql=f"\\checkpoints {PIPELINE}", check=checks.checkpointing_off),
        Step("change", action=actions.change_data, check=checks.changes_flow_but_slot_stuck),
        Step("slot", sql="\\slots", check=checks.slot_stuck),
        Step("crash", sql=f"\\stop {PIPELINE}", check=checks.canceled),
        Step("resume", sql=f"\\resume {PIPELINE}", check=checks.nothing_to_resume, expect_failure=True),
        Step("orphan", sql="\\slots", check=checks.slot_left_behind),
        Step("cleanup", action=actions.cleanup, check=checks.statement_ok),
    ),
)
