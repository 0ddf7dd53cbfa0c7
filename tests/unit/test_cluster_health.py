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
from cdcshell.cluster.models import CheckpointConfig
from tests.unit.test_meta_jobs_support import (
    JOB_A,
    NOW,
    alarm_codes,
    config_wire,
    cp_wire,
    healthy_history,
    make_report,
)


def test_no_statistics_means_no_judgement() -> None:
    rep = make_report(healthy_history())
    assert compute_alarms(CheckpointReport(job=rep.job, stats=None, config=rep.config, now_ms=NOW)) == []


def test_stale_is_relative_to_the_interval() -> None:
    interval = CheckpointConfig.from_wire(config_wire()).interval or 0
    fresh = make_report(healthy_history())
    stale = make_report(healthy_history(), now=NOW + int(STALE_FACTOR * interval) + 60_000)
    assert "stale" not in {a.code for a in fresh.alarms}
    assert [a.level for a in stale.alarms if a.code == "stale"] == ["error"]


def test_a_stopped_job_is_never_stale_nor_disabled() -> None:
    off = dict(config_wire(), interval=2**63 - 1)
    codes = {
        a.code for a in make_report(healthy_history(), cfg=off, state="FINISHED", now=NOW + 10**7).alarms
    }
    assert not codes & {"stale", "disabled"}


def test_recent_window_is_the_newest_last_checkpoints() -> None:
    rep = make_report(healthy_history())
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
    data = make_report(healthy_history(), now=NOW + 10**7).to_json()
    json.dumps(data)  # serialisable as is
    assert data["job"]["id"] == JOB_A and data["counts"]["completed"] >= 0
    assert all(set(a) == {"level", "code", "text"} for a in data["alarms"])
    assert data["history"][0]["id"] == 10


def test_a_healthy_job_has_no_alarms() -> None:
    assert alarm_codes(make_report(healthy_history())) == set()


def test_no_checkpoint_within_two_intervals_is_stale() -> None:
    rep = make_report(healthy_history(), now=NOW + 30_000)
    assert "stale" in alarm_codes(rep)
    assert next(a for a in rep.alarms if a.code == "stale").level == "error"


def test_a_job_just_started_is_not_stale_yet() -> None:
    assert "stale" not in alarm_codes(make_report([], start=NOW - 20_000))  # deploying, opening the slot...
    assert "stale" in alarm_codes(make_report([], start=NOW - 60_000))


def test_repeated_failures_are_an_alarm_with_the_reason() -> None:
    history = [
        cp_wire(12, "FAILED", trigger=NOW - 500, failure="Checkpoint expired before completing."),
        cp_wire(11, "FAILED", trigger=NOW - 1500),
        *healthy_history(),
    ]
    rep = make_report(history)
    assert "failing" in alarm_codes(rep)
    text = next(a.text for a in rep.alarms if a.code == "failing")
    assert "expired" in text


def test_duration_near_the_timeout_warns() -> None:
    history = [cp_wire(2, trigger=NOW - 500, duration=8500), cp_wire(1, trigger=NOW - 20_000)]
    rep = make_report(history, cfg=config_wire(interval=10_000, timeout=10_000))
    assert "near_timeout" in alarm_codes(rep)


def test_checkpoints_in_jobmanager_memory_warn() -> None:
    assert "in_memory" in alarm_codes(
        make_report(healthy_history(), cfg=config_wire(storage="JobManagerCheckpointStorage"))
    )
