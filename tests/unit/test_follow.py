"""Following a job: the JobManager's answers (recorded from the sandbox's Flink 1.20.3 while it restarted a SELECT
over a missing directory) turned into failover, checkpoint and end events."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import httpx

from cdcshell.cluster.client import ClusterClient
from cdcshell.cluster.follow import (
    CheckpointCompleted,
    CheckpointFailed,
    Failover,
    JobEnded,
    JobFollower,
    exception_history,
    root_cause,
    wait_first_checkpoint,
)
from tests.unit.test_meta_jobs_support import cp_wire, stats_wire

FIXTURES = Path(__file__).parent / "fixtures" / "follow"
JOB = "c0b21ed715d97a040f6761ea9b7e9d8c"


def _load(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


class FakeJobManager:
    """Answers like the recorded JobManager; `state`, `restarts` and `stats` move as a test wants."""

    def __init__(self) -> None:
        self.state = "RUNNING"
        self.restarts: int | None = 0
        self.exceptions = _load("exceptions_filenotfound.json")
        self.stats: dict[str, Any] = stats_wire([])
        self.calls: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        self.calls.append(path)
        if path == f"/jobs/{JOB}":
            job = _load("job_restarting.json")
            job["state"] = self.state
            return httpx.Response(200, json=job)
        if path == f"/jobs/{JOB}/metrics":
            if self.restarts is None:
                return httpx.Response(200, json=[])
            return httpx.Response(200, json=[{"id": "numRestarts", "value": str(self.restarts)}])
        if path == f"/jobs/{JOB}/exceptions":
            return httpx.Response(200, json=self.exceptions)
        if path == f"/jobs/{JOB}/checkpoints":
            return httpx.Response(200, json=self.stats)
        return httpx.Response(404, json={"errors": ["Not found: " + path]})


def _client(jm: FakeJobManager) -> ClusterClient:
    return ClusterClient("http://jm.test:8081", transport=httpx.MockTransport(jm), retry_backoff=0)


def test_root_cause_is_the_last_caused_by() -> None:
    trace = (
        "a.B: outer\n\tat x\nCaused by: c.D: middle\n\tat y\nCaused by: java.io.FileNotFoundException: gone\n"
    )
    assert root_cause(trace) == "java.io.FileNotFoundException: gone"
    assert root_cause("only.One: line\n\tat z") == "only.One: line"
    assert root_cause("", "fallback") == "fallback"


def test_recorded_exception_history_decodes_to_the_file_not_found_cause() -> None:
    entries = exception_history(_load("exceptions_filenotfound.json"))
    assert entries and entries[0].cause.startswith("java.io.FileNotFoundException: File file:/no/such/dir")
    assert _load("metrics_restarts.json") == [{"id": "numRestarts", "value": "5"}]


def test_first_failover_is_announced_with_restarts_and_cause_then_only_changes() -> None:
    jm = FakeJobManager()
    follower = JobFollower(_client(jm), JOB)
    assert follower.poll() == []  # running, never restarted: one job call, one metric call
    assert not any("exceptions" in c for c in jm.calls)
    jm.state, jm.restarts = "RESTARTING", 1
    [event] = follower.poll()
    assert isinstance(event, Failover) and event.announce and event.restarts == 1
    assert "FileNotFoundException" in event.cause
    jm.restarts = 2
    [again] = follower.poll()
    assert again.restarts == 2 and not again.announce  # same cause: not told twice
    jm.restarts = 3
    jm.exceptions["exceptionHistory"]["entries"][0]["stacktrace"] = "x.Y: z\nCaused by: other.Cause: new one"
    [changed] = follower.poll()
    assert changed.announce and changed.cause == "other.Cause: new one"


def test_without_the_metric_the_history_counts_restarts() -> None:
    jm = FakeJobManager()
    jm.restarts = None
    jm.state = "RESTARTING"
    [event] = JobFollower(_client(jm), JOB).poll()
    assert isinstance(event, Failover) and event.restarts == len(jm.exceptions["exceptionHistory"]["entries"])


def test_the_end_of_the_job_is_an_event_and_ends_following() -> None:
    jm = FakeJobManager()
    jm.state = "CANCELED"
    follower = JobFollower(_client(jm), JOB)
    events = list(follower.follow(threading.Event(), interval=0))
    assert events == [JobEnded(JOB, "CANCELED", None)]


def test_first_completed_checkpoint_and_failures_before_it() -> None:
    jm = FakeJobManager()
    follower = JobFollower(_client(jm), JOB, failures=False, checkpoints=True)
    assert follower.poll() == []
    jm.stats = stats_wire(
        [cp_wire(1, "FAILED", trigger=1, failure="An Exception occurred while triggering the checkpoint.")]
    )
    [bad] = follower.poll()
    assert isinstance(bad, CheckpointFailed) and "triggering the checkpoint" in bad.message
    jm.stats = stats_wire([cp_wire(2, trigger=2, path="file:/cp/x/chk-2")], failed_count=1)
    [good] = follower.poll()
    assert (
        isinstance(good, CheckpointCompleted)
        and good.checkpoint_id == 2
        and good.location == "file:/cp/x/chk-2"
    )
    assert follower.checkpoint_done and follower.poll() == []


def test_wait_first_checkpoint_times_out_or_gives_up_after_too_many_restarts() -> None:
    jm = FakeJobManager()
    clock = iter(range(100))
    assert (
        wait_first_checkpoint(_client(jm), JOB, 3, clock=lambda: float(next(clock)), sleep=lambda s: None)
        is None
    )
    jm.state, jm.restarts = "RESTARTING", 4
    event = wait_first_checkpoint(_client(jm), JOB, 30, max_restarts=3, sleep=lambda s: None)
    assert isinstance(event, Failover) and event.restarts == 4
