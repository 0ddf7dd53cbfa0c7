"""Typed views of the JobManager's JSON, tolerant of the API's mixed naming and missing members.

The JobManager mixes snake_case (checkpoint statistics), kebab-case (``start-time``, ``failure-cause``) and
camelCase (``savepointFormat``); percentiles can be the string ``"NaN"``; every ``latest.*`` member may be null;
``end-time`` is ``-1`` while a job runs. The parsers below absorb all of that so renderers get plain values:
times are epoch milliseconds (None when unknown), durations milliseconds, sizes bytes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

TERMINAL_JOB_STATES = frozenset({"FINISHED", "CANCELED", "FAILED", "SUSPENDED"})


def _int(value: Any) -> int | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number


def _time(value: Any) -> int | None:
    """Epoch millis; Flink writes -1 (and sometimes 0) for "not yet"."""
    number = _int(value)
    return number if number is not None and number > 0 else None


def _float(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


@dataclass(frozen=True)
class ClusterOverview:
    taskmanagers: int
    slots_total: int
    slots_available: int
    jobs_running: int
    jobs_finished: int
    jobs_cancelled: int
    jobs_failed: int
    flink_version: str
    flink_commit: str

    @classmethod
    def from_wire(cls, raw: dict[str, Any]) -> ClusterOverview:
        return cls(
            taskmanagers=_int(raw.get("taskmanagers")) or 0,
            slots_total=_int(raw.get("slots-total")) or 0,
            slots_available=_int(raw.get("slots-available")) or 0,
            jobs_running=_int(raw.get("jobs-running")) or 0,
            jobs_finished=_int(raw.get("jobs-finished")) or 0,
            jobs_cancelled=_int(raw.get("jobs-cancelled")) or 0,
            jobs_failed=_int(raw.get("jobs-failed")) or 0,
            flink_version=str(raw.get("flink-version", "")),
            flink_commit=str(raw.get("flink-commit", "")),
        )


@dataclass(frozen=True)
class DashboardConfig:
    flink_version: str
    flink_revision: str
    timezone_name: str
    timezone_offset: int
    features: dict[str, bool] = field(default_factory=dict)

    @classmethod
    def from_wire(cls, raw: dict[str, Any]) -> DashboardConfig:
        return cls(
            flink_version=str(raw.get("flink-version", "")),
            flink_revision=str(raw.get("flink-revision", "")),
            timezone_name=str(raw.get("timezone-name", "")),
            timezone_offset=_int(raw.get("timezone-offset")) or 0,
            features={str(k): bool(v) for k, v in (raw.get("features") or {}).items()},
        )


@dataclass(frozen=True)
class JobSummary:
    jid: str
    name: str
    state: str
    start_time: int | None
    end_time: int | None
    duration: int | None
    last_modification: int | None = None
    tasks: dict[str, int] = field(default_factory=dict, compare=False)

    @property
    def is_terminal(self) -> bool:
        return self.state in TERMINAL_JOB_STATES

    @classmethod
    def from_wire(cls, raw: dict[str, Any]) -> JobSummary:
        return cls(
            jid=str(raw.get("jid", "")),
            name=str(raw.get("name", "")),
            state=str(raw.get("state", "")),
            start_time=_time(raw.get("start-time")),
            end_time=_time(raw.get("end-time")),
            duration=_int(raw.get("duration")),
            last_modification=_time(raw.get("last-modification")),
            tasks={str(k): _int(v) or 0 for k, v in (raw.get("tasks") or {}).items()},
        )


@dataclass(frozen=True)
class Vertex:
    id: str
    name: str
    parallelism: int | None
    status: str


@dataclass(frozen=True)
class JobDetails:
    jid: str
    name: str
    state: str
    job_type: str | None
    is_stoppable: bool
    start_time: int | None
    end_time: int | None
    duration: int | None
    vertices: list[Vertex] = field(default_factory=list)

    @property
    def is_terminal(self) -> bool:
        return self.state in TERMINAL_JOB_STATES

    def summary(self) -> JobSummary:
        return JobSummary(self.jid, self.name, self.state, self.start_time, self.end_time, self.duration)

    @classmethod
    def from_wire(cls, raw: dict[str, Any]) -> JobDetails:
        return cls(
            jid=str(raw.get("jid", "")),
            name=str(raw.get("name", "")),
            state=str(raw.get("state", "")),
            job_type=raw.get("job-type") or raw.get("jobType"),
            is_stoppable=bool(raw.get("isStoppable", False)),
            start_time=_time(raw.get("start-time")),
            end_time=_time(raw.get("end-time")),
            duration=_int(raw.get("duration")),
            vertices=[
                Vertex(
                    id=str(v.get("id", "")),
                    name=str(v.get("name", "")),
                    parallelism=_int(v.get("parallelism")),
                    status=str(v.get("status", "")),
                )
                for v in raw.get("vertices") or []
            ],
        )


@dataclass(frozen=True)
class StatsSummary:
    min: float | None
    avg: float | None
    max: float | None
    p50: float | None = None
    p90: float | None = None
    p99: float | None = None

    @classmethod
    def from_wire(cls, raw: dict[str, Any] | None) -> StatsSummary:
        raw = raw or {}
        return cls(
            min=_float(raw.get("min")),
            avg=_float(raw.get("avg")),
            max=_float(raw.get("max")),
            p50=_float(raw.get("p50")),
            p90=_float(raw.get("p90")),
            p99=_float(raw.get("p99")),
        )


@dataclass(frozen=True)
class TaskCheckpoint:
    """One vertex's share of one checkpoint."""

    vertex_id: str
    vertex_name: str | None
    status: str
    latest_ack_timestamp: int | None
    end_to_end_duration: int | None
    checkpointed_size: int | None
    state_size: int | None
    num_subtasks: int | None
    num_acknowledged_subtasks: int | None
    alignment_buffered: int | None = None
    processed_data: int | None = None
    persisted_data: int | None = None

    @classmethod
    def from_wire(cls, vertex_id: str, raw: dict[str, Any], name: str | None = None) -> TaskCheckpoint:
        return cls(
            vertex_id=vertex_id,
            vertex_name=name,
            status=str(raw.get("status", "")),
            latest_ack_timestamp=_time(raw.get("latest_ack_timestamp")),
            end_to_end_duration=_int(raw.get("end_to_end_duration")),
            checkpointed_size=_int(raw.get("checkpointed_size")),
            state_size=_int(raw.get("state_size")),
            num_subtasks=_int(raw.get("num_subtasks")),
            num_acknowledged_subtasks=_int(raw.get("num_acknowledged_subtasks")),
            alignment_buffered=_int(raw.get("alignment_buffered")),
            processed_data=_int(raw.get("processed_data")),
            persisted_data=_int(raw.get("persisted_data")),
        )


@dataclass(frozen=True)
class Checkpoint:
    """One checkpoint or savepoint: a ``history`` entry, a ``latest.*`` entry, or the details call."""

    id: int
    status: str
    is_savepoint: bool
    checkpoint_type: str | None
    savepoint_format: str | None
    trigger_timestamp: int | None
    latest_ack_timestamp: int | None
    end_to_end_duration: int | None
    checkpointed_size: int | None
    state_size: int | None
    num_subtasks: int | None
    num_acknowledged_subtasks: int | None
    external_path: str | None = None
    discarded: bool | None = None
    failure_timestamp: int | None = None
    failure_message: str | None = None
    tasks: list[TaskCheckpoint] = field(default_factory=list, compare=False)

    @classmethod
    def from_wire(cls, raw: dict[str, Any], names: dict[str, str] | None = None) -> Checkpoint:
        names = names or {}
        return cls(
            id=_int(raw.get("id")) or 0,
            status=str(raw.get("status", "")),
            is_savepoint=bool(raw.get("is_savepoint", False)),
            checkpoint_type=raw.get("checkpoint_type"),
            savepoint_format=raw.get("savepointFormat"),
            trigger_timestamp=_time(raw.get("trigger_timestamp")),
            latest_ack_timestamp=_time(raw.get("latest_ack_timestamp")),
            end_to_end_duration=_int(raw.get("end_to_end_duration")),
            checkpointed_size=_int(raw.get("checkpointed_size")),
            state_size=_int(raw.get("state_size")),
            num_subtasks=_int(raw.get("num_subtasks")),
            num_acknowledged_subtasks=_int(raw.get("num_acknowledged_subtasks")),
            external_path=raw.get("external_path"),
            discarded=raw.get("discarded"),
            failure_timestamp=_time(raw.get("failure_timestamp")),
            failure_message=raw.get("failure_message"),
            tasks=[
                TaskCheckpoint.from_wire(str(vid), stats or {}, names.get(str(vid)))
                for vid, stats in (raw.get("tasks") or {}).items()
            ],
        )


@dataclass(frozen=True)
class RestoredCheckpoint:
    id: int
    restore_timestamp: int | None
    is_savepoint: bool
    external_path: str | None

    @classmethod
    def from_wire(cls, raw: dict[str, Any]) -> RestoredCheckpoint:
        return cls(
            id=_int(raw.get("id")) or 0,
            restore_timestamp=_time(raw.get("restore_timestamp")),
            is_savepoint=bool(raw.get("is_savepoint", False)),
            external_path=raw.get("external_path"),
        )


@dataclass(frozen=True)
class CheckpointCounts:
    restored: int
    total: int
    in_progress: int
    completed: int
    failed: int


@dataclass(frozen=True)
class CheckpointStats:
    counts: CheckpointCounts
    latest_completed: Checkpoint | None
    latest_failed: Checkpoint | None
    latest_savepoint: Checkpoint | None
    latest_restored: RestoredCheckpoint | None
    history: list[Checkpoint]
    summary: dict[str, StatsSummary]

    @classmethod
    def from_wire(cls, raw: dict[str, Any]) -> CheckpointStats:
        counts = raw.get("counts") or {}
        latest = raw.get("latest") or {}

        def entry(key: str) -> Checkpoint | None:
            value = latest.get(key)
            return Checkpoint.from_wire(value) if isinstance(value, dict) else None

        restored = latest.get("restored")
        return cls(
            counts=CheckpointCounts(
                restored=_int(counts.get("restored")) or 0,
                total=_int(counts.get("total")) or 0,
                in_progress=_int(counts.get("in_progress")) or 0,
                completed=_int(counts.get("completed")) or 0,
                failed=_int(counts.get("failed")) or 0,
            ),
            latest_completed=entry("completed"),
            latest_failed=entry("failed"),
            latest_savepoint=entry("savepoint"),
            latest_restored=RestoredCheckpoint.from_wire(restored) if isinstance(restored, dict) else None,
            history=[Checkpoint.from_wire(h) for h in raw.get("history") or [] if isinstance(h, dict)],
            summary={str(k): StatsSummary.from_wire(v) for k, v in (raw.get("summary") or {}).items()},
        )


@dataclass(frozen=True)
class CheckpointConfig:
    mode: str
    interval: int | None
    timeout: int | None
    min_pause: int | None
    max_concurrent: int | None
    externalization_enabled: bool
    delete_on_cancellation: bool
    state_backend: str | None
    checkpoint_storage: str | None
    unaligned: bool
    tolerable_failed: int | None
    aligned_checkpoint_timeout: int | None = None
    checkpoints_after_tasks_finish: bool | None = None
    changelog_enabled: bool | None = None

    @property
    def enabled(self) -> bool:
        """Flink reports an interval of Long.MAX_VALUE (or <= 0) when periodic checkpoints are off."""
        return self.interval is not None and 0 < self.interval < 2**62

    @classmethod
    def from_wire(cls, raw: dict[str, Any]) -> CheckpointConfig:
        ext = raw.get("externalization") or {}
        return cls(
            mode=str(raw.get("mode", "")).upper(),
            interval=_int(raw.get("interval")),
            timeout=_int(raw.get("timeout")),
            min_pause=_int(raw.get("min_pause")),
            max_concurrent=_int(raw.get("max_concurrent")),
            externalization_enabled=bool(ext.get("enabled", False)),
            delete_on_cancellation=bool(ext.get("delete_on_cancellation", True)),
            state_backend=raw.get("state_backend"),
            checkpoint_storage=raw.get("checkpoint_storage"),
            unaligned=bool(raw.get("unaligned_checkpoints", False)),
            tolerable_failed=_int(raw.get("tolerable_failed_checkpoints")),
            aligned_checkpoint_timeout=_int(raw.get("aligned_checkpoint_timeout")),
            checkpoints_after_tasks_finish=raw.get("checkpoints_after_tasks_finish"),
            changelog_enabled=raw.get("state_changelog_enabled"),
        )


@dataclass(frozen=True)
class SavepointStatus:
    """An async savepoint/stop operation. A failed one is also "done": check ``failure``."""

    done: bool
    location: str | None
    failure: str | None
    failure_class: str | None = None
    failure_trace: str = field(default="", compare=False, repr=False)

    @property
    def succeeded(self) -> bool:
        return self.done and self.failure is None and self.location is not None

    @classmethod
    def from_wire(cls, raw: dict[str, Any]) -> SavepointStatus:
        status = (raw.get("status") or {}).get("id")
        operation = raw.get("operation") or {}
        cause = operation.get("failure-cause") or operation.get("failureCause")
        failure = failure_class = None
        trace = ""
        if isinstance(cause, dict):
            trace = str(cause.get("stack-trace") or "")
            failure_class = cause.get("class")
            failure = innermost_cause(trace) or str(failure_class or "unknown failure")
        return cls(
            done=status == "COMPLETED",
            location=operation.get("location"),
            failure=failure,
            failure_class=failure_class,
            failure_trace=trace,
        )


def innermost_cause(trace: str) -> str:
    """The last ``Caused by:`` of a Java trace as ``ShortClass: message`` (the first line if there is none)."""
    lines = [line for line in trace.splitlines() if line.strip()]
    if not lines:
        return ""
    causes = [line[len("Caused by: ") :] for line in lines if line.startswith("Caused by: ")]
    text = causes[-1] if causes else lines[0]
    head, sep, message = text.partition(": ")
    if sep and "." in head and " " not in head:
        head = head.rsplit(".", 1)[-1]
        return f"{head}: {message.strip()}"
    return text.strip()


def first_error_line(errors: list[Any]) -> str:
    """The message of Flink's ``{"errors": [...]}``: the first line, without the ``…Exception:`` prefixes."""
    for error in errors:
        text = str(error).strip()
        if not text or text == "Internal server error.":
            continue
        line = text.splitlines()[0]
        while True:
            head, sep, rest = line.partition(": ")
            if sep and " " not in head and (head.endswith(("Exception", "Error")) or "." in head):
                line = rest
            else:
                break
        return line.strip()
    return ""
