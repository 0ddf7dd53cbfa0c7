"""The tutorials' checks decide on what the database and the JobManager say; here they are given answers that
should pass and answers that must not (a duplicate row, a slot that confirmed, a job that was resumed anyway)."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from cdcshell.tutorials import checks
from cdcshell.tutorials.checkpointing import TUTORIAL
from cdcshell.tutorials.model import TutorialRun

NAMES = {"source": "ck_orders", "copy": "ck_orders_copy", "slot": "ck_slot"}


@dataclass
class FakeDb:
    tables: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)
    slot_state: dict[str, Any] | None = None
    confirmed_before: bool = True

    def rows(self, table: str) -> list[tuple[Any, ...]]:
        return sorted(self.tables.get(table, []))

    def count(self, table: str) -> int:
        return len(self.tables.get(table, []))

    def slot(self, slot: str) -> dict[str, Any] | None:
        return self.slot_state

    def slot_confirmed_before(self, slot: str, lsn: str) -> bool | None:
        return None if self.slot_state is None else self.confirmed_before


def _run(db: FakeDb, **shell: Any) -> TutorialRun:
    fake_shell = SimpleNamespace(print=lambda *a, **k: None, **shell)
    run = TutorialRun(TUTORIAL, fake_shell, dict(NAMES), db, auto=True, wait_scale=0.0)
    return run


ROWS = [(i, f"p{i}", 1) for i in range(1, 9)]


def test_copy_equal_to_source_passes() -> None:
    result = checks.copy_equals_source(_run(FakeDb({"ck_orders": ROWS, "ck_orders_copy": list(ROWS)})))
    assert result.ok and "8 rows" in result.message


def test_a_row_delivered_twice_fails_and_is_named() -> None:
    copy = [*ROWS, ROWS[2]]
    result = checks.copy_equals_source(_run(FakeDb({"ck_orders": ROWS, "ck_orders_copy": copy})))
    assert not result.ok and "ids twice 3" in result.message


def test_a_missing_row_fails_and_is_named() -> None:
    result = checks.copy_equals_source(_run(FakeDb({"ck_orders": ROWS, "ck_orders_copy": ROWS[:-1]})))
    assert not result.ok and "missing ids 8" in result.message


def test_slot_stuck_needs_the_new_rows_unconfirmed_and_wal_held() -> None:
    held = {"active": True, "confirmed": "0/1A", "retained": 4096}
    run = _run(FakeDb(slot_state=held))
    run.seen["change_lsn"] = "0/2B"
    passed = checks.slot_stuck(run)
    assert passed.ok and "4.0 KiB" in passed.message and "0/1A" in passed.message
    confirmed = _run(FakeDb(slot_state=held, confirmed_before=False))
    confirmed.seen["change_lsn"] = "0/2B"
    assert not checks.slot_stuck(confirmed).ok
    assert not checks.slot_stuck(_run(FakeDb(slot_state=None))).ok


def test_slot_kept_while_stopped_must_be_inactive() -> None:
    assert checks.slot_kept(_run(FakeDb(slot_state={"active": False, "confirmed": "0/1", "retained": 1}))).ok
    assert not checks.slot_kept(
        _run(FakeDb(slot_state={"active": True, "confirmed": "0/1", "retained": 1}))
    ).ok


def test_nothing_to_resume_fails_when_a_job_came_back() -> None:
    cluster = SimpleNamespace(
        jobs=lambda: [SimpleNamespace(jid="b" * 32, name=TUTORIAL.pipeline, state="RUNNING", start_time=2)]
    )
    run = _run(FakeDb(), cluster=cluster)
    run.seen["job"] = "a" * 32
    run.last_outcome = SimpleNamespace(ok=False)
    assert not checks.nothing_to_resume(run).ok  # a new live job of the pipeline: something was resumed
    quiet = _run(FakeDb(), cluster=SimpleNamespace(jobs=lambda: []))
    quiet.last_outcome = SimpleNamespace(ok=False)
    assert checks.nothing_to_resume(quiet).ok
    quiet.last_outcome = SimpleNamespace(ok=True)
    assert not checks.nothing_to_resume(quiet).ok


def test_checkpointing_off_check_sees_a_cluster_wide_interval() -> None:
    state = SimpleNamespace(session_config={}, cluster_config={"execution.checkpointing.interval": "1min"})
    result = checks.session_lacks("execution.checkpointing.interval")(_run(FakeDb(), state=state))
    assert not result.ok and "cluster's configuration" in result.message and result.hint
    state.cluster_config = {}
    assert checks.session_lacks("execution.checkpointing.interval")(_run(FakeDb(), state=state)).ok


def test_session_has_reports_what_it_found() -> None:
    state = SimpleNamespace(session_config={"execution.checkpointing.interval": "10s"})
    result = checks.session_has("execution.checkpointing.interval", "3s")(_run(FakeDb(), state=state))
    assert not result.ok and "10s" in result.message
