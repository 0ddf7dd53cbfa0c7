"""Shared fakes for the job/checkpoint command tests: a shell and a JobManager built from real wire shapes.

The cluster fake returns the real model classes parsed from JSON shaped like Flink 1.20.3's answers (captured
from the dev cluster), so the commands are tested against what the client really hands them.
"""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from cdcshell.cluster.errors import ClusterUnreachable, JobNotFound
from cdcshell.cluster.models import CheckpointConfig, CheckpointStats, JobDetails, JobSummary

JOB_A = "30ea44689f3607aa1f0d769116fb1bb7"
JOB_B = "fbb9b4ae63a483941dcc308855b7bb67"
NOW = 1_795_623_100_000


def job_wire(jid: str, name: str, state: str, start: int = NOW - 60_000, end: int = -1) -> dict[str, Any]:
    return {
        "jid": jid,
        "name": name,
        "state": state,
        "start-time": start,
        "end-time": end,
        "duration": (end - start) if end > 0 else NOW - start,
        "last-modification": start,
        "tasks": {},
    }


def cp_wire(
    cid: int,
    status: str = "COMPLETED",
    *,
    trigger: int,
    duration: int = 20,
    size: int = 6000,
    path: str | None = None,
    savepoint: bool = False,
    discarded: bool = False,
    failure: str | None = None,
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "className": status.lower(),
        "id": cid,
        "status": status,
        "is_savepoint": savepoint,
        "trigger_timestamp": trigger,
        "latest_ack_timestamp": trigger + duration,
        "checkpointed_size": size,
        "state_size": size,
        "end_to_end_duration": duration,
        "num_subtasks": 2,
        "num_acknowledged_subtasks": 2,
        "checkpoint_type": "SAVEPOINT" if savepoint else "CHECKPOINT",
        "tasks": {},
        "external_path": path or f"file:/tmp/chk/{JOB_A}/chk-{cid}",
        "discarded": discarded,
    }
    if status == "FAILED":
        out["failure_timestamp"] = trigger + duration
        out["failure_message"] = failure or "Checkpoint expired before completing."
    return out


def stats_wire(
    history: list[dict[str, Any]], *, restored: dict[str, Any] | None = None, failed_count: int | None = None
) -> dict[str, Any]:
    completed = [h for h in history if h["status"] == "COMPLETED"]
    failed = [h for h in history if h["status"] == "FAILED"]
    durations = [h["end_to_end_duration"] for h in completed] or [0]
    sizes = [h["checkpointed_size"] for h in completed] or [0]
    return {
        "counts": {
            "restored": 1 if restored else 0,
            "total": len(history),
            "in_progress": 0,
            "completed": len(completed),
            "failed": len(failed) if failed_count is None else failed_count,
        },
        "summary": {
            "end_to_end_duration": {
                "min": min(durations),
                "max": max(durations),
                "avg": sum(durations) // len(durations),
            },
            "checkpointed_size": {"min": min(sizes), "max": max(sizes), "avg": sum(sizes) // len(sizes)},
        },
        "latest": {
            "completed": next(
                (h for h in history if h["status"] == "COMPLETED" and not h["is_savepoint"]), None
            ),
            "savepoint": next((h for h in history if h["is_savepoint"] and h["status"] == "COMPLETED"), None),
            "failed": failed[0] if failed else None,
            "restored": restored,
        },
        "history": history,
    }


def config_wire(
    interval: int = 1000,
    *,
    timeout: int = 600_000,
    externalized: bool = True,
    delete_on_cancel: bool = False,
    storage: str = "FileSystemCheckpointStorage",
) -> dict[str, Any]:
    return {
        "mode": "exactly_once",
        "interval": interval,
        "timeout": timeout,
        "min_pause": 0,
        "max_concurrent": 1,
        "externalization": {"enabled": externalized, "delete_on_cancellation": delete_on_cancel},
        "state_backend": "HashMapStateBackend",
        "checkpoint_storage": storage,
        "unaligned_checkpoints": False,
        "tolerable_failed_checkpoints": 0,
    }


class FakeCluster:
    base_url = "http://jm.example:8081"

    def __init__(self) -> None:
        self.jobs_wire: list[dict[str, Any]] = []
        self.stats: dict[str, dict[str, Any]] = {}
        self.configs: dict[str, dict[str, Any]] = {}
        self.unreachable = False
        self.savepoint_dir_missing = False
        self.savepoint_failure: str | None = None
        self.calls: list[tuple[str, ...]] = []

    def _check(self) -> None:
        if self.unreachable:
            raise ClusterUnreachable("http://jm.example:8081", "connection refused")

    def jobs(self) -> list[JobSummary]:
        self._check()
        return [JobSummary.from_wire(j) for j in self.jobs_wire]

    def job(self, jid: str) -> JobDetails:
        self._check()
        for j in self.jobs_wire:
            if j["jid"] == jid:
                return JobDetails.from_wire(j)
        raise JobNotFound(jid)

    def resolve_job(self, ref: str) -> JobSummary:
        self._check()
        for j in self.jobs():
            if j.jid.startswith(ref) or j.name == ref:
                return j
        raise JobNotFound(ref)

    def checkpoints(self, jid: str) -> CheckpointStats:
        self._check()
        if jid not in self.stats:
            raise JobNotFound(jid)
        return CheckpointStats.from_wire(self.stats[jid])

    def trigger_savepoint(self, jid: str, target_dir: str | None = None) -> str:
        self._check()
        self.calls.append(("savepoint", jid, str(target_dir)))
        if self.savepoint_dir_missing and not target_dir:
            from cdcshell.cluster.errors import SavepointDirectoryMissing

            raise SavepointDirectoryMissing("No savepoint directory")
        return "trigger-1"

    def stop(self, jid: str, target_dir: str | None = None, *, drain: bool = False) -> str:
        self._check()
        self.calls.append(("stop", jid, str(target_dir), str(drain)))
        self._set_state(jid, "FINISHED")
        return "trigger-2"

    def cancel(self, jid: str) -> None:
        self._check()
        self.calls.append(("cancel", jid))
        self._set_state(jid, "CANCELED")

    def _set_state(self, jid: str, state: str) -> None:
        for j in self.jobs_wire:
            if j["jid"] == jid:
                j["state"] = state

    def wait_savepoint(self, jid: str, trigger: str, timeout: float = 600.0, on_progress: Any = None) -> Any:
        from cdcshell.cluster.models import SavepointStatus

        if self.savepoint_failure:
            return SavepointStatus(done=True, location=None, failure=self.savepoint_failure)
        return SavepointStatus(done=True, location=f"file:/sp/savepoint-{jid[:6]}-{trigger}", failure=None)

    def checkpoint_config(self, jid: str) -> CheckpointConfig:
        self._check()
        return CheckpointConfig.from_wire(self.configs.get(jid, config_wire()))


@dataclass
class Outcome:
    ok: bool = True
    job_id: str | None = None


@dataclass
class State:
    session: str | None = "sess-1"
    session_config: dict[str, str] = field(default_factory=dict)
    catalog: str | None = "default_catalog"
    database: str | None = "default_database"


class FakeJournal:
    def __init__(self, records: list[Any] | None = None) -> None:
        self.records = records or []
        self.notes: list[tuple[str, str]] = []

    def entries(self) -> list[Any]:
        return list(self.records)

    def find(self, ref: str) -> Any:
        for r in reversed(self.records):
            if r.job_id.startswith(ref) or r.job_name == ref:
                return r
        return None

    def note_recovery_path(self, jid: str, path: str) -> None:
        self.notes.append((jid, path))


class FakeStateJournal:
    def __init__(self, statements: list[str] | None = None) -> None:
        self.statements = statements or []

    def replay_statements(self) -> list[str]:
        return list(self.statements)

    @property
    def entries(self) -> list[Any]:
        return []


class FakeShell:
    """What the commands use of `cdcshell.engine.shell.Shell` (a `CommandContext`); `run_text` records the SQL and mimics SET/RESET."""

    def __init__(
        self,
        cluster: FakeCluster | None = None,
        *,
        flink_version: str = "1.20.3",
        interactive: bool = False,
        fmt: str = "plain",
    ) -> None:
        self.cluster = cluster or FakeCluster()
        self.out = io.StringIO()
        self.err = io.StringIO()
        self.interactive = interactive
        self.confirm: Any = None
        self.state = State()
        self.flink_version = flink_version
        self.job_journal = FakeJournal()
        self.state_journal = FakeStateJournal()
        self.listeners: list[Any] = []
        self.cancel_event = threading.Event()
        self.sql: list[str] = []
        self.next_job_id: str | None = "f" * 32
        self.fail_sql = False
        self.fmt = fmt
        self.options = SimpleNamespace(secrets=None)
        self.ask_secret: Any = None
        self.submitted_statements: dict[str, str] = {}

    def print(self, text: str = "", *, err: bool = False) -> None:
        (self.err if err else self.out).write(text + "\n")

    def error(self, message: str, *, location: str | None = None, hint: str | None = None) -> None:
        self.err.write(f"[ERROR] {message}\n" + (f"  Hint: {hint}\n" if hint else ""))

    def warn(self, message: str) -> None:
        self.err.write(f"[WARNING] {message}\n")

    def info(self, message: str) -> None:
        self.err.write(f"[INFO] {message}\n")

    def color(self, stream: Any) -> bool:
        return False

    def result_format(self, stream: Any) -> str:
        return self.fmt

    def run_text(self, sql: str, *, echo: bool = True) -> Outcome:
        import re

        self.sql.append(sql)
        if self.fail_sql:
            return Outcome(ok=False)
        m = re.match(r"SET '([^']+)' = '(.*)'$", sql)
        if m:
            self.state.session_config[m.group(1)] = m.group(2)
            return Outcome()
        m = re.match(r"RESET '([^']+)'$", sql)
        if m:
            self.state.session_config.pop(m.group(1), None)
            return Outcome()
        kind = "INSERT" if sql.lstrip().upper().startswith("INSERT") else "OTHER"
        for listener in self.listeners:
            listener(kind, sql)
        return Outcome(job_id=self.next_job_id if kind == "INSERT" else None)


def make_report(
    history: list[dict[str, Any]],
    *,
    cfg: dict[str, Any] | None = None,
    state: str = "RUNNING",
    restored: dict[str, Any] | None = None,
    start: int = NOW - 60_000,
    now: int = NOW,
) -> Any:
    """A CheckpointReport of JOB_A from wire data, judged at `now`."""
    from cdcshell.cluster.health import CheckpointReport
    from cdcshell.cluster.models import CheckpointConfig, CheckpointStats, JobSummary

    job = JobSummary.from_wire(
        job_wire(JOB_A, "orders-sync", state, start=start, end=-1 if state == "RUNNING" else now - 1000)
    )
    stats = CheckpointStats.from_wire(stats_wire(history, restored=restored))
    return CheckpointReport(
        job=job, stats=stats, config=CheckpointConfig.from_wire(cfg or config_wire()), now_ms=now
    )


def healthy_history() -> list[dict[str, Any]]:
    """Ten completed checkpoints a second apart, newest first."""
    return [
        cp_wire(i, trigger=NOW - (11 - i) * 1000, duration=10 * i, size=1000 * i) for i in range(10, 0, -1)
    ]


def alarm_codes(rep: Any) -> set[str]:
    return {a.code for a in rep.alarms}
