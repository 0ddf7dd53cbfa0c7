"""Following one job on the JobManager: failovers with their root cause, the first checkpoint, the job's end.

A statement that waits on its job (a SELECT, an INSERT with `table.dml-sync`) learns nothing from the SQL Gateway
while the JobManager restarts the job again and again (the exponential-delay strategy has no attempt limit), and
an INSERT that returns at once says nothing about whether the job checkpoints. The JobManager knows both; this
module asks it, one poll at a time, and turns what changed into typed events. It prints nothing: the shell decides
what a person or a script sees, and the unit tests drive `JobFollower.poll` with recorded JobManager answers.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from cdcshell.cluster.models import CheckpointStats, JobDetails

TERMINAL = frozenset({"FINISHED", "CANCELED", "FAILED", "SUSPENDED"})
_CAUSED_BY = re.compile(r"^\s*Caused by:\s*(.+?)\s*$", re.MULTILINE)
POLL_SECONDS = 1.0  # a failover is reported within a poll or two: well inside the 5 s the user may wait


def root_cause(stacktrace: str, fallback: str = "") -> str:
    """The last `Caused by:` of a Java stack trace (the innermost cause is the one that explains), else its first
    line. Not masked here: the caller masks before showing."""
    causes = _CAUSED_BY.findall(stacktrace or "")
    if causes:
        return causes[-1]
    first = (stacktrace or "").strip().splitlines()
    return first[0].strip() if first else fallback


@dataclass(frozen=True)
class ExceptionEntry:
    """One failure of the job's exception history (newest first on the wire)."""

    name: str
    cause: str  # the root cause line, unmasked
    timestamp: int | None


def exception_history(raw: dict[str, Any]) -> list[ExceptionEntry]:
    """Decode `/jobs/{id}/exceptions`: the `exceptionHistory.entries` of Flink 1.15+, newest first."""
    history = raw.get("exceptionHistory") if isinstance(raw, dict) else None
    entries = history.get("entries") if isinstance(history, dict) else None
    out = []
    for entry in entries or []:
        if not isinstance(entry, dict):
            continue
        name = str(entry.get("exceptionName") or "")
        stamp = entry.get("timestamp")
        out.append(
            ExceptionEntry(
                name,
                root_cause(str(entry.get("stacktrace") or ""), name),
                stamp if isinstance(stamp, int) else None,
            )
        )
    if not out and isinstance(raw, dict) and raw.get("root-exception"):  # pre-1.15 answer
        out.append(ExceptionEntry("", root_cause(str(raw["root-exception"])), raw.get("timestamp")))
    return out


# ------------------------------------------------------------------------------------------------ events


@dataclass(frozen=True)
class Failover:
    """The job restarted (again). `announce`: the first failover, or one whose cause differs from the last told."""

    job_id: str
    restarts: int
    cause: str
    state: str
    announce: bool


@dataclass(frozen=True)
class CheckpointCompleted:
    job_id: str
    checkpoint_id: int
    duration_ms: int | None
    size: int | None
    location: str | None


@dataclass(frozen=True)
class CheckpointFailed:
    job_id: str
    checkpoint_id: int | None
    message: str


@dataclass(frozen=True)
class JobEnded:
    job_id: str
    state: str
    cause: str | None  # the root cause when the job FAILED


Event = Failover | CheckpointCompleted | CheckpointFailed | JobEnded


class FollowSource(Protocol):
    """What the follower asks the JobManager (ClusterClient implements it)."""

    def job(self, jid: str) -> JobDetails: ...

    def checkpoints(self, jid: str) -> CheckpointStats: ...

    def job_exceptions(self, jid: str) -> list[ExceptionEntry]: ...

    def job_restarts(self, jid: str) -> int | None: ...


class JobFollower:
    """The state of one job as last seen, and the events since; one `poll()` is one round of questions.

    `failures`: report failovers (and the end of the job). `checkpoints`: report the first completed checkpoint,
    or each checkpoint failure before it (then `checkpoint_done` is True and checkpoints are no longer asked).
    """

    def __init__(
        self, source: FollowSource, job_id: str, *, failures: bool = True, checkpoints: bool = False
    ) -> None:
        self.source = source
        self.job_id = job_id
        self.failures = failures
        self.checkpoints = checkpoints
        self.state = ""
        self.restarts = 0
        self.last_cause: str | None = None
        self.told_cause: str | None = None
        self.checkpoint_done = False
        self.failed_checkpoints = 0  # the id of the last failed checkpoint reported
        self.ended = False

    def poll(self) -> list[Event]:
        """One round; errors of the JobManager propagate (the caller decides whether to keep following)."""
        events: list[Event] = []
        details = self.source.job(self.job_id)
        self.state = details.state
        if self.failures:
            metric = self.source.job_restarts(self.job_id)
            entries: list[ExceptionEntry] | None = None
            if metric is None and self.state in ("RESTARTING", "FAILING", "FAILED"):
                entries = self.source.job_exceptions(
                    self.job_id
                )  # no metric: the history counts the failovers
            restarts = metric if metric is not None else len(entries or [])
            if restarts > self.restarts or (self.state == "FAILED" and self.last_cause is None):
                if entries is None:
                    entries = self.source.job_exceptions(self.job_id)
                if entries:
                    self.last_cause = entries[0].cause
                if restarts > self.restarts:
                    self.restarts = restarts
                    cause = self.last_cause or self.state
                    announce = cause != self.told_cause
                    if announce:
                        self.told_cause = cause
                    events.append(Failover(self.job_id, restarts, cause, self.state, announce))
        if self.checkpoints and not self.checkpoint_done and self.state not in TERMINAL:
            events.extend(self._checkpoint_events(self.source.checkpoints(self.job_id)))
        if self.state in TERMINAL:
            self.ended = True
            events.append(
                JobEnded(self.job_id, self.state, self.last_cause if self.state == "FAILED" else None)
            )
        return events

    def _checkpoint_events(self, stats: CheckpointStats) -> list[Event]:
        events: list[Event] = []
        failed = stats.latest_failed
        # Only a failure the JobManager kept (with its message) counts: the failed count also includes triggers
        # declined while the tasks were still starting, which leave no entry and mean nothing.
        if failed is not None and failed.id > self.failed_checkpoints:
            self.failed_checkpoints = failed.id
            message = failed.failure_message or "?"
            events.append(CheckpointFailed(self.job_id, failed.id, root_cause(message, message)))
        done = stats.latest_completed
        if done is not None and stats.counts.completed > 0 and not done.is_savepoint:
            self.checkpoint_done = True
            size = done.checkpointed_size if done.checkpointed_size is not None else done.state_size
            events.append(
                CheckpointCompleted(self.job_id, done.id, done.end_to_end_duration, size, done.external_path)
            )
        return events

    def follow(
        self,
        stop: threading.Event,
        *,
        interval: float = POLL_SECONDS,
        on_error: Callable[[Exception], None] | None = None,
    ) -> Iterator[Event]:
        """Poll until `stop` is set or the job ended; a failed poll is retried at the next round."""
        while not stop.is_set() and not self.ended:
            try:
                yield from self.poll()
            except Exception as exc:  # a JobManager that is briefly away must not end the following
                if on_error is not None:
                    on_error(exc)
            if self.ended or (self.checkpoints and self.checkpoint_done and not self.failures):
                return
            stop.wait(interval)


def wait_first_checkpoint(
    source: FollowSource,
    job_id: str,
    timeout: float,
    *,
    max_restarts: int | None = None,
    interval: float = POLL_SECONDS,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], object] = time.sleep,
) -> Event | None:
    """The first checkpoint answer of a job: completed, failed, the job's end, or (with `max_restarts`) a job
    that restarted more often; None at the timeout."""
    follower = JobFollower(source, job_id, failures=True, checkpoints=True)
    deadline = clock() + timeout
    while True:
        try:
            events = follower.poll()
        except Exception:
            events = []
        for event in events:
            if isinstance(event, CheckpointCompleted | CheckpointFailed | JobEnded):
                return event
            if isinstance(event, Failover) and max_restarts is not None and event.restarts > max_restarts:
                return event
        if clock() >= deadline:
            return None
        sleep(min(interval, max(0.0, deadline - clock())))
