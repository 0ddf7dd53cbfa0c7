"""Parsing JobManager JSON (shapes captured from a real Flink 1.20.3 JobManager) into typed models."""

from __future__ import annotations

from cdcshell.cluster.models import (
    CheckpointConfig,
    CheckpointStats,
    JobSummary,
    SavepointStatus,
    StatsSummary,
    first_error_line,
    innermost_cause,
)

CHECKPOINTS = {
    "counts": {"restored": 1, "total": 24, "in_progress": 0, "completed": 22, "failed": 2},
    "summary": {
        "end_to_end_duration": {"min": 10, "max": 27, "avg": 15, "p50": 13.0, "p90": 27.0, "p99": 27.0},
        "state_size": {"min": 0, "max": 0, "avg": 0, "p50": "NaN", "p90": "NaN", "p99": "NaN"},
    },
    "latest": {
        "completed": {
            "className": "completed",
            "id": 22,
            "status": "COMPLETED",
            "is_savepoint": False,
            "savepointFormat": None,
            "trigger_timestamp": 1795622060730,
            "latest_ack_timestamp": 1795622060741,
            "checkpointed_size": 0,
            "state_size": 0,
            "end_to_end_duration": 11,
            "num_subtasks": 2,
            "num_acknowledged_subtasks": 2,
            "checkpoint_type": "CHECKPOINT",
            "tasks": {},
            "external_path": "file:/tmp/cdcshell-test-ckpt/5c0e/chk-22",
            "discarded": False,
        },
        "savepoint": {
            "className": "completed",
            "id": 12,
            "status": "COMPLETED",
            "is_savepoint": True,
            "savepointFormat": "CANONICAL",
            "trigger_timestamp": 1795622066875,
            "latest_ack_timestamp": 1795622066909,
            "checkpoint_type": "SAVEPOINT",
            "tasks": {},
            "external_path": "file:/tmp/sp/savepoint-5c0e4a-296fd20a057c",
            "discarded": False,
        },
        "failed": {
            "className": "failed",
            "id": 15,
            "status": "FAILED",
            "is_savepoint": True,
            "trigger_timestamp": 1795622069215,
            "latest_ack_timestamp": -1,
            "checkpoint_type": "SAVEPOINT",
            "tasks": {},
            "failure_timestamp": 1795622069222,
            "failure_message": "An Exception occurred while triggering the checkpoint. IO-problem detected.",
        },
        "restored": {
            "id": 3,
            "restore_timestamp": 1795622000000,
            "is_savepoint": True,
            "external_path": "file:/tmp/sp/savepoint-1",
        },
    },
    "history": [
        {
            "className": "in_progress",
            "id": 23,
            "status": "IN_PROGRESS",
            "latest_ack_timestamp": -1,
            "tasks": {},
        },
    ],
}


def test_checkpoint_stats():
    stats = CheckpointStats.from_wire(CHECKPOINTS)
    assert stats.counts.completed == 22 and stats.counts.failed == 2 and stats.counts.restored == 1
    assert stats.latest_completed.external_path == "file:/tmp/cdcshell-test-ckpt/5c0e/chk-22"
    assert stats.latest_completed.end_to_end_duration == 11
    assert stats.latest_savepoint.is_savepoint and stats.latest_savepoint.savepoint_format == "CANONICAL"
    assert stats.latest_failed.failure_message.startswith("An Exception occurred")
    assert stats.latest_failed.latest_ack_timestamp is None  # -1 on the wire
    assert stats.latest_restored.is_savepoint and stats.latest_restored.id == 3
    assert stats.history[0].status == "IN_PROGRESS"
    assert stats.summary["end_to_end_duration"] == StatsSummary(10, 15, 27, 13.0, 27.0, 27.0)
    assert stats.summary["state_size"].p50 is None  # "NaN" on the wire


def test_checkpoint_stats_without_any_checkpoint():
    stats = CheckpointStats.from_wire(
        {
            "counts": {"restored": 0, "total": 0, "in_progress": 0, "completed": 0, "failed": 0},
            "latest": {"completed": None, "savepoint": None, "failed": None, "restored": None},
            "history": [],
        }
    )
    assert stats.latest_completed is None and stats.latest_restored is None
    assert stats.history == []


def test_checkpoint_config_mode_is_upper_case_and_disabled_interval():
    raw = {
        "mode": "exactly_once",
        "interval": 1000,
        "timeout": 600000,
        "min_pause": 0,
        "max_concurrent": 1,
        "externalization": {"enabled": False, "delete_on_cancellation": True},
        "state_backend": "HashMapStateBackend",
        "checkpoint_storage": "FileSystemCheckpointStorage",
        "unaligned_checkpoints": False,
        "tolerable_failed_checkpoints": 0,
    }
    cfg = CheckpointConfig.from_wire(raw)
    assert cfg.mode == "EXACTLY_ONCE"
    assert cfg.enabled
    assert not cfg.externalization_enabled and cfg.delete_on_cancellation
    assert not CheckpointConfig.from_wire({**raw, "interval": 9223372036854775807}).enabled


def test_job_summary_running_has_no_end_time():
    job = JobSummary.from_wire(
        {
            "jid": "5c0e",
            "name": "n",
            "state": "RUNNING",
            "start-time": 1795622055591,
            "end-time": -1,
            "duration": 5,
        }
    )
    assert job.end_time is None and not job.is_terminal


def test_savepoint_status_shapes():
    assert SavepointStatus.from_wire({"status": {"id": "IN_PROGRESS"}, "operation": None}).done is False
    ok = SavepointStatus.from_wire(
        {
            "status": {"id": "COMPLETED"},
            "operation": {"location": "file:/tmp/sp/savepoint-5c0e4a-296fd20a057c"},
        }
    )
    assert ok.done and ok.succeeded and ok.location.endswith("296fd20a057c")
    failed = SavepointStatus.from_wire(
        {
            "status": {"id": "COMPLETED"},
            "operation": {
                "failure-cause": {
                    "class": "java.util.concurrent.CompletionException",
                    "stack-trace": "java.util.concurrent.CompletionException: org.x.CheckpointException: IO-problem\n"
                    "\tat a.b(C.java:1)\nCaused by: org.x.CheckpointException: IO-problem\n"
                    "Caused by: java.io.IOException: Failed to create savepoint directory at file:/proc/nope\n\t... 3 more",
                }
            },
        }
    )
    assert failed.done and not failed.succeeded
    assert failed.failure == "IOException: Failed to create savepoint directory at file:/proc/nope"


def test_innermost_cause_and_first_error_line():
    assert innermost_cause("") == ""
    assert innermost_cause("just text") == "just text"
    assert (
        first_error_line(
            ["org.apache.flink.runtime.rest.handler.RestHandlerException: Job could not be found.\n\tat x"]
        )
        == "Job could not be found."
    )
    assert first_error_line(["Internal server error.", "a.BException: c.DError: deep"]) == "deep"
