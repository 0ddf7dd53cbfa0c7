"""Typed views of the JobManager's JSON, tolerant of the API's mixed naming and missing members.

The JobManager mixes snake_case (checkpoint statistics), kebab-case (``start-time``, ``failure-cause``) and
camelCase (``savepointFormat``); percentiles can be the string ``"NaN"``; every ``latest.*`` member may be null;
``end-time`` is ``-1`` while a job runs. Each field names its member and converter (:mod:`.decode`), so models
hold plain values: times are epoch milliseconds (None when unknown), durations milliseconds, sizes bytes.
Models serialise themselves (``as_dict``) for ``--format json``: raw numbers, nothing localised.

Size (~410 lines): declarations, one typed view per REST answer, and no logic beyond the decoders they name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cdcshell.cluster.decode import (
    as_count,
    as_counts_map,
    as_flag,
    as_flags_map,
    as_float,
    as_int,
    as_text,
    as_time,
    as_upper,
    decode,
    list_of,
    map_of,
    nested,
    nested_or_empty,
    wire,
)

TERMINAL_JOB_STATES = frozenset({"FINISHED", "CANCELED", "FAILED", "SUSPENDED"})
NOT_ADDRESSABLE = (
    "<checkpoint-not-externally-addressable>"  # what Flink writes for a path nobody can restore from
)


@dataclass(frozen=True)
class ClusterOverview:
    taskmanagers: int = wire("taskmanagers", as_count)
    slots_total: int = wire("slots-total", as_count)
    slots_available: int = wire("slots-available", as_count)
    jobs_running: int = wire("jobs-running", as_count)
    jobs_finished: int = wire("jobs-finished", as_count)
    jobs_cancelled: int = wire("jobs-cancelled", as_count)
    jobs_failed: int = wire("jobs-failed", as_count)
    flink_version: str = wire("flink-version", as_text)
    flink_commit: str = wire("flink-commit", as_text)

    @classmethod
    def from_wire(cls, raw: dict[str, Any]) -> ClusterOverview:
        return decode(cls, raw)


@dataclass(frozen=True)
class DashboardConfig:
    flink_version: str = wire("flink-version", as_text)
    flink_revision: str = wire("flink-revision", as_text)
    timezone_name: str = wire("timezone-name", as_text)
    timezone_offset: int = wire("timezone-offset", as_count)
    features: dict[str, bool] = wire("features", as_flags_map, default={})

    @classmethod
    def from_wire(cls, raw: dict[str, Any]) -> DashboardConfig:
        return decode(cls, raw)


@dataclass(frozen=True)
class JobSummary:
    jid: str = wire("jid", as_text)
    name: str = wire("name", as_text)
    state: str = wire("state", as_text)
    start_time: int | None = wire("start-time", as_time)
    end_time: int | None = wire("end-time", as_time)
    duration: int | None = wire("duration", as_int)
    last_modification: int | None = wire("last-modification", as_time, default=None)
    tasks: dict[str, int] = wire("tasks", as_counts_map, default={}, compare=False)

    @property
    def is_terminal(self) -> bool:
        return self.state in TERMINAL_JOB_STATES

    @classmethod
    def from_wire(cls, raw: dict[str, Any]) -> JobSummary:
        return decode(cls, raw)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.jid,
            "name": self.name,
            "state": self.state,
            "start_time": self.start_time,
            "end_time": self.end_time,
        }


@dataclass(frozen=True)
class Vertex:
    id: str = wire("id", as_text)
    name: str = wire("name", as_text)
    parallelism: int | None = wire("parallelism", as_int)
    status: str = wire("status", as_text)


@dataclass(frozen=True)
class JobDetails:
    jid: str = wire("jid", as_text)
    name: str = wire("name", as_text)
    state: str = wire("state", as_text)
    job_type: str | None = wire(("job-type", "jobType"))
    is_stoppable: bool = wire("isStoppable", as_flag())
    start_time: int | None = wire("start-time", as_time)
    end_time: int | None = wire("end-time", as_time)
    duration: int | None = wire("duration", as_int)
    vertices: list[Vertex] = wire("vertices", list_of(Vertex), default=[])

    @property
    def is_terminal(self) -> bool:
        return self.state in TERMINAL_JOB_STATES

    def summary(self) -> JobSummary:
        return JobSummary(self.jid, self.name, self.state, self.start_time, self.end_time, self.duration)

    @classmethod
    def from_wire(cls, raw: dict[str, Any]) -> JobDetails:
        return decode(cls, raw)


@dataclass(frozen=True)
class StatsSummary:
    min: float | None = wire("min", as_float)
    avg: float | None = wire("avg", as_float)
    max: float | None = wire("max", as_float)
    p50: float | None = wire("p50", as_float, default=None)
    p90: float | None = wire("p90", as_float, default=None)
    p99: float | None = wire("p99", as_float, default=None)

    @classmethod
    def from_wire(cls, raw: dict[str, Any] | None) -> StatsSummary:
        return decode(cls, raw or {})

    def as_dict(self) -> dict[str, Any]:
        return {"min": self.min, "avg": self.avg, "max": self.max}


@dataclass(frozen=True)
class CheckpointFigures:
    """What Flink reports alike for a whole checkpoint and for one vertex's share of it."""

    latest_ack_timestamp: int | None = wire("latest_ack_timestamp", as_time)
    end_to_end_duration: int | None = wire("end_to_end_duration", as_int)
    checkpointed_size: int | None = wire("checkpointed_size", as_int)
    state_size: int | None = wire("state_size", as_int)
    num_subtasks: int | None = wire("num_subtasks", as_int)
    num_acknowledged_subtasks: int | None = wire("num_acknowledged_subtasks", as_int)


@dataclass(frozen=True)
class TaskCheckpoint(CheckpointFigures):
    """One vertex's share of one checkpoint (the vertex id is the key of the ``tasks`` object)."""

    # Given by the caller, not read from the JSON; keyword-only because they follow the shared figures.
    vertex_id: str = field(kw_only=True)
    vertex_name: str | None = field(kw_only=True)
    status: str = wire("status", as_text)
    alignment_buffered: int | None = wire("alignment_buffered", as_int, default=None)
    processed_data: int | None = wire("processed_data", as_int, default=None)
    persisted_data: int | None = wire("persisted_data", as_int, default=None)

    @classmethod
    def from_wire(cls, vertex_id: str, raw: dict[str, Any], name: str | None = None) -> TaskCheckpoint:
        return decode(cls, raw, vertex_id=vertex_id, vertex_name=name)

    def as_dict(self) -> dict[str, Any]:
        return {
            "vertex_id": self.vertex_id,
            "name": self.vertex_name,
            "status": self.status,
            "num_subtasks": self.num_subtasks,
            "num_acknowledged_subtasks": self.num_acknowledged_subtasks,
            "end_to_end_duration_ms": self.end_to_end_duration,
            "checkpointed_size": self.checkpointed_size,
            "state_size": self.state_size,
            "latest_ack_timestamp": self.latest_ack_timestamp,
            "alignment_buffered": self.alignment_buffered,
        }


def _tasks(value: Any, names: dict[str, str] | None = None) -> list[TaskCheckpoint]:
    items = value.items() if isinstance(value, dict) else ()
    names = names or {}
    return [TaskCheckpoint.from_wire(str(vid), stats or {}, names.get(str(vid))) for vid, stats in items]


@dataclass(frozen=True)
class Checkpoint(CheckpointFigures):
    """One checkpoint or savepoint: a ``history`` entry, a ``latest.*`` entry, or the details call."""

    id: int = wire("id", as_count)
    status: str = wire("status", as_text)
    is_savepoint: bool = wire("is_savepoint", as_flag())
    checkpoint_type: str | None = wire("checkpoint_type")
    savepoint_format: str | None = wire("savepointFormat")
    trigger_timestamp: int | None = wire("trigger_timestamp", as_time)
    external_path: str | None = wire("external_path", default=None)
    discarded: bool | None = wire("discarded", default=None)
    failure_timestamp: int | None = wire("failure_timestamp", as_time, default=None)
    failure_message: str | None = wire("failure_message", default=None)
    tasks: list[TaskCheckpoint] = wire("tasks", _tasks, default=[], compare=False)

    @classmethod
    def from_wire(cls, raw: dict[str, Any], names: dict[str, str] | None = None) -> Checkpoint:
        return decode(cls, raw, tasks=_tasks(raw.get("tasks"), names))

    @property
    def addressable_path(self) -> str | None:
        """The path a job can be restored from; None when Flink kept the checkpoint where nobody can reach it."""
        path = self.external_path
        return path if path and path != NOT_ADDRESSABLE else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "status": self.status,
            "is_savepoint": self.is_savepoint,
            "trigger_timestamp": self.trigger_timestamp,
            "latest_ack_timestamp": self.latest_ack_timestamp,
            "end_to_end_duration_ms": self.end_to_end_duration,
            "checkpointed_size": self.checkpointed_size,
            "state_size": self.state_size,
            "num_subtasks": self.num_subtasks,
            "num_acknowledged_subtasks": self.num_acknowledged_subtasks,
            "external_path": self.addressable_path,
            "failure_message": self.failure_message,
        }

    def details_dict(self, job: JobSummary) -> dict[str, Any]:
        """`\\checkpoint JOB ID --format json`: the checkpoint, its job and every task's share."""
        return {
            **self.as_dict(),
            "job": {"id": job.jid, "name": job.name},
            "discarded": self.discarded,
            "tasks": [task.as_dict() for task in self.tasks],
        }


@dataclass(frozen=True)
class RestoredCheckpoint:
    id: int = wire("id", as_count)
    restore_timestamp: int | None = wire("restore_timestamp", as_time)
    is_savepoint: bool = wire("is_savepoint", as_flag())
    external_path: str | None = wire("external_path")

    @classmethod
    def from_wire(cls, raw: dict[str, Any]) -> RestoredCheckpoint:
        return decode(cls, raw)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "restore_timestamp": self.restore_timestamp,
            "is_savepoint": self.is_savepoint,
            "external_path": self.external_path,
        }


@dataclass(frozen=True)
class CheckpointCounts:
    restored: int = wire("restored", as_count)
    total: int = wire("total", as_count)
    in_progress: int = wire("in_progress", as_count)
    completed: int = wire("completed", as_count)
    failed: int = wire("failed", as_count)

    def as_dict(self) -> dict[str, int]:
        return {
            "completed": self.completed,
            "failed": self.failed,
            "in_progress": self.in_progress,
            "restored": self.restored,
            "total": self.total,
        }


def _history(value: Any) -> list[Checkpoint]:
    return [Checkpoint.from_wire(h) for h in value or [] if isinstance(h, dict)]


def _checkpoint(value: Any) -> Checkpoint | None:
    return Checkpoint.from_wire(value) if isinstance(value, dict) else None


@dataclass(frozen=True)
class CheckpointStats:
    counts: CheckpointCounts = wire("counts", nested_or_empty(CheckpointCounts))
    latest_completed: Checkpoint | None = wire("latest.completed", _checkpoint)
    latest_failed: Checkpoint | None = wire("latest.failed", _checkpoint)
    latest_savepoint: Checkpoint | None = wire("latest.savepoint", _checkpoint)
    latest_restored: RestoredCheckpoint | None = wire("latest.restored", nested(RestoredCheckpoint))
    history: list[Checkpoint] = wire("history", _history)
    summary: dict[str, StatsSummary] = wire("summary", map_of(StatsSummary))

    @classmethod
    def from_wire(cls, raw: dict[str, Any]) -> CheckpointStats:
        return decode(cls, raw)


@dataclass(frozen=True)
class CheckpointConfig:
    mode: str = wire("mode", as_upper)
    interval: int | None = wire("interval", as_int)
    timeout: int | None = wire("timeout", as_int)
    min_pause: int | None = wire("min_pause", as_int)
    max_concurrent: int | None = wire("max_concurrent", as_int)
    externalization_enabled: bool = wire("externalization.enabled", as_flag())
    delete_on_cancellation: bool = wire("externalization.delete_on_cancellation", as_flag(True))
    state_backend: str | None = wire("state_backend")
    checkpoint_storage: str | None = wire("checkpoint_storage")
    unaligned: bool = wire("unaligned_checkpoints", as_flag())
    tolerable_failed: int | None = wire("tolerable_failed_checkpoints", as_int)
    aligned_checkpoint_timeout: int | None = wire("aligned_checkpoint_timeout", as_int, default=None)
    checkpoints_after_tasks_finish: bool | None = wire("checkpoints_after_tasks_finish", default=None)
    changelog_enabled: bool | None = wire("state_changelog_enabled", default=None)

    @property
    def enabled(self) -> bool:
        """Flink reports an interval of Long.MAX_VALUE (or <= 0) when periodic checkpoints are off."""
        return self.interval is not None and 0 < self.interval < 2**62

    @classmethod
    def from_wire(cls, raw: dict[str, Any]) -> CheckpointConfig:
        return decode(cls, raw)

    def as_dict(self) -> dict[str, Any]:
        return {
            "enabled": self.enabled,
            "interval_ms": self.interval if self.enabled else None,
            "timeout_ms": self.timeout,
            "mode": self.mode,
            "min_pause_ms": self.min_pause,
            "max_concurrent": self.max_concurrent,
            "unaligned": self.unaligned,
            "externalized": self.externalization_enabled,
            "delete_on_cancellation": self.delete_on_cancellation,
            "checkpoint_storage": self.checkpoint_storage,
            "state_backend": self.state_backend,
        }


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
