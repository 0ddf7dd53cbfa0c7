"""The checkpoint health judgement as domain logic: alarms and JSON from models, no view involved."""

from __future__ import annotations

import json

from cdcshell import i18n
from cdcshell.cluster.health import (
    STALE_FACTOR,
    CheckpointReport,
    compute_alarms,
    first_line,
    is_near_timeout,
)
from cdcshell.cluster.models import CheckpointConfig, CheckpointStats, JobSummary
from tests.unit.test_meta_jobs_support import JOB_A, NOW, config_wire, cp_wire, job_wire, stats_wire


def _report(history: list[dict], *, cfg: dict | None = None, state: str = "RUNNING", now: int = NOW,
            stats: bool = True) -> CheckpointReport:
    job = JobSummary.from_wire(job_wire(JOB_A, "orders-sync", state, start=NOW - 60_000,
                                        end=-1 if state == "RUNNING" else now - 1000))
    return CheckpointReport(job=job, stats=CheckpointStats.from_wire(stats_wire(history)) if stats else None,
                            config=CheckpointConfig.from_wire(cfg or config_wire()), now_ms=now)


def _healthy() -> list[dict]:
    return [cp_wire(i, trigger=NOW - (11 - i) * 1000, duration=10 * i, size=1000 * i) for i in range(10, 0, -1)]


def test_no_statistics_means_no_judgement() -> None:
    assert compute_alarms(_report([], stats=False)) == []


def test_stale_is_relative_to_the_interval() -> None:
    interval = CheckpointConfig.from_wire(config_wire()).interval or 0
    fresh = _report(_healthy())
    stale = _report(_healthy(), now=NOW + int(STALE_FACTOR * interval) + 60_000)
    assert "stale" not in {a.code for a in fresh.alarms}
    assert [a.level for a in stale.alarms if a.code == "stale"] == ["error"]


def test_a_stopped_job_is_never_stale_nor_disabled() -> None:
    off = dict(config_wire(), interval=2**63 - 1)
    codes = {a.code for a in _report(_healthy(), cfg=off, state="FINISHED", now=NOW + 10**7).alarms}
    assert not codes & {"stale", "disabled"}


def test_recent_window_is_the_newest_last_checkpoints() -> None:
    rep = _report(_healthy())
    rep.last = 3
    assert [c.id for c in rep.recent] == [10, 9, 8]


def test_near_timeout_marks_only_slow_checkpoints() -> None:
    cfg = CheckpointConfig.from_wire(dict(config_wire(), timeout=1000))
    assert is_near_timeout(900, cfg) and not is_near_timeout(100, cfg)
    assert not is_near_timeout(900, None)


def test_first_line_of_a_java_message() -> None:
    assert first_line("java.io.IOException: disk\n\tat x") == "java.io.IOException: disk"
    assert first_line("  \n") == "" and first_line(None) == ""


def test_report_json_is_raw_numbers_and_localised_alarms_only() -> None:
    i18n.set_language("en")
    data = _report(_healthy(), now=NOW + 10**7).to_json()
    json.dumps(data)  # serialisable as is
    assert data["job"]["id"] == JOB_A and data["counts"]["completed"] >= 0
    assert all(set(a) == {"level", "code", "text"} for a in data["alarms"])
    assert data["history"][0]["id"] == 10
