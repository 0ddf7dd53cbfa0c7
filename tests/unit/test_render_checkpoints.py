"""The job, checkpoint and slot views as text, rendered from real model objects at a fixed instant.

(The views moved out of one `render/checkpoints.py` into one module per view; the judgement into
`cluster/health.py` — its alarm tests into test_cluster_health.py — JSON onto the models. Same assertions.)
"""

from __future__ import annotations

import re

import pytest

from cdcshell import i18n
from cdcshell.cluster.models import Checkpoint, CheckpointConfig, CheckpointStats, JobSummary
from cdcshell.pg import ReplicationSlot
from cdcshell.render.checkpoint_detail import render_checkpoint_details
from cdcshell.render.checkpoint_report import render_report, sparkline
from cdcshell.render.columns import format_table
from cdcshell.render.jobs import JobRow, checkpoint_summary, render_jobs
from cdcshell.render.slots import render_slots
from tests.unit.test_meta_jobs_support import (
    JOB_A,
    NOW,
    alarm_codes,
    config_wire,
    cp_wire,
    healthy_history,
    job_wire,
    make_report,
    stats_wire,
)


def test_sparkline_scales_between_min_and_max() -> None:
    assert sparkline([1, 2, 3, 4, 5, 6, 7, 8]) == "▁▂▃▄▅▆▇█"
    assert sparkline([5, None, 5]) == "▅ ▅"
    assert sparkline([0, 0]) == "▁▁"
    assert sparkline([]) == ""


def test_checkpointing_off_on_a_running_job_is_an_error() -> None:
    cfg = config_wire(interval=9223372036854775807)
    rep = make_report([], cfg=cfg)
    assert alarm_codes(rep) == {"disabled"}
    assert "execution.checkpointing.interval" in render_report(rep, color=False)


def test_report_shows_counts_latest_config_history_and_chart() -> None:
    text = render_report(make_report(healthy_history()), color=False)
    assert "completed 10  failed 0  in progress 0  restored 0" in text
    assert "#10 at" in text and f"file:/tmp/chk/{JOB_A}/chk-10" in text
    assert "every 1.00 s, timeout 10 min 0 s, EXACTLY_ONCE" in text
    assert "retained on cancel" in text
    assert "min 10 ms / avg 55 ms / max 100 ms" in text
    assert "duration  ▁▂▃▃▄▅▆▆▇█  10 ms … 100 ms" in text  # oldest on the left
    assert "\x1b[" not in text


def test_report_shows_the_restore_and_the_latest_failure() -> None:
    restored = {
        "id": 7,
        "restore_timestamp": NOW - 5000,
        "is_savepoint": True,
        "external_path": "file:/sp/savepoint-30ea44-1",
    }
    history = [
        cp_wire(9, "FAILED", trigger=NOW - 700, failure="Task local checkpoint failure."),
        *healthy_history(),
    ]
    text = render_report(make_report(history, restored=restored), color=False)
    assert "from savepoint #7" in text and "file:/sp/savepoint-30ea44-1" in text
    assert "Task local checkpoint failure." in text


def test_a_finished_job_is_named_as_such() -> None:
    text = render_report(make_report(healthy_history(), state="FINISHED"), color=False)
    assert "FINISHED" in text and "no more checkpoints" in text


def test_colour_only_when_asked() -> None:
    rep = make_report([cp_wire(2, "FAILED", trigger=NOW - 100), cp_wire(1, "FAILED", trigger=NOW - 200)])
    assert "\x1b[1;31m" in render_report(rep, color=True)


def test_json_report_is_plain_numbers() -> None:
    data = make_report(healthy_history()).to_json()
    assert data["counts"] == {"completed": 10, "failed": 0, "in_progress": 0, "restored": 0, "total": 10}
    assert data["latest_completed"]["end_to_end_duration_ms"] == 100
    assert data["config"]["timeout_ms"] == 600_000
    assert data["alarms"] == []


def test_job_summary_line() -> None:
    stats = CheckpointStats.from_wire(stats_wire(healthy_history()))
    line = checkpoint_summary(stats, CheckpointConfig.from_wire(config_wire()), NOW)
    assert line.startswith("10 ok, 0 failed · last ")
    off = CheckpointConfig.from_wire(config_wire(interval=-1))
    assert checkpoint_summary(stats, off, NOW) == "checkpointing off"


def test_checkpoint_details_per_operator() -> None:
    raw = cp_wire(5, trigger=NOW - 1000)
    raw["tasks"] = {
        "v1": {
            "status": "COMPLETED",
            "num_subtasks": 2,
            "num_acknowledged_subtasks": 1,
            "end_to_end_duration": 40,
            "checkpointed_size": 2048,
            "state_size": 4096,
        }
    }
    cp = Checkpoint.from_wire(raw, {"v1": "Source: orders[1] -> Sink: sink[2]"})
    job = JobSummary.from_wire(job_wire(JOB_A, "orders-sync", "RUNNING"))
    text = render_checkpoint_details(job, cp, color=False)
    assert "Source: orders[1] -> Sink: sink[2]" in text
    assert "1/2" in text and "2.0 KiB" in text and "4.0 KiB" in text
    assert cp.details_dict(job)["tasks"][0]["num_acknowledged_subtasks"] == 1


def test_slots_view_names_idle_slots_with_the_drop_statement() -> None:
    rows = [ReplicationSlot("h:5432/shop", "it's", "pgoutput", False, 5 * 1024**3, "extended", ("t",))]
    text = render_slots(rows, color=False)
    assert "5.0 GiB" in text
    assert "SELECT pg_drop_replication_slot('it''s');" in text


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_view_renders_in_both_languages_without_missing_keys(lang: str) -> None:
    i18n.set_language(lang)
    try:
        restored = {
            "id": 7,
            "restore_timestamp": NOW - 5000,
            "is_savepoint": False,
            "external_path": "file:/c",
        }
        history = [
            cp_wire(12, "FAILED", trigger=NOW - 300),
            cp_wire(11, "FAILED", trigger=NOW - 400),
            *healthy_history(),
        ]
        texts = [
            render_report(
                make_report(
                    history,
                    restored=restored,
                    now=NOW + 60_000,
                    cfg=config_wire(storage="JobManagerCheckpointStorage"),
                ),
                color=False,
            ),
            render_jobs(
                [JobRow(JobSummary.from_wire(job_wire(JOB_A, "订单同步", "RUNNING")), "x", "INSERT", True)],
                NOW,
                color=False,
            ),
            render_slots([ReplicationSlot("h", "s", None, False, 1, None, ())], color=False),
            render_slots([], color=False),
            render_jobs([], NOW, color=False),
        ]
        for text in texts:
            assert not re.search(r"\bjobs\.[a-z_]", text), text
    finally:
        i18n.set_language("en")


def test_table_aligns_wide_characters() -> None:
    lines = format_table(["NAME", "N"], [["订单", "1"], ["ab", "22"]], right=(1,))
    assert [len(line) for line in lines] == [len("NAME   N"), len("订单   1"), len("ab    22")]
