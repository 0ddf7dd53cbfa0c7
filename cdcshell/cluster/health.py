"""Is a CDC job checkpointing, and can it recover? The health judgement of one job at one instant.

Domain logic, apart from any view: a report is a pure function of what the JobManager answered plus "now", so
the same judgement serves a script, `\\checkpoints --watch` repainting every few seconds, and `--format json`
— and the alarms are tested without a cluster or a terminal. Each alarm names the risk and what it means for
recovery; its `code` is stable for programs, its `text` is in the user's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from cdcshell.cluster.models import Checkpoint, CheckpointConfig, CheckpointStats, JobSummary
from cdcshell.humanize import UNKNOWN, format_duration, format_millis
from cdcshell.i18n import t

STALE_FACTOR = 2.0  # no completed checkpoint within this many intervals: the job is not making progress
TIMEOUT_SHARE = 0.8  # a checkpoint that takes this share of the timeout is about to fail
STARTUP_GRACE_MS = (
    30_000  # before the first checkpoint, deployment (and a CDC source opening its slot) takes time
)
RISING_FAILURES = 2  # this many failures among the recent checkpoints is a trend, not an accident
PAUSE_SLACK_MS = 2000

Level = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Alarm:
    level: Level
    code: (
        str  # stable name: stale, failing, near_timeout, disabled, in_memory, not_retained, deleted_on_cancel
    )
    text: str

    def as_dict(self) -> dict[str, str]:
        return {"level": self.level, "code": self.code, "text": self.text}


@dataclass
class CheckpointReport:
    """One job's checkpoint picture at one instant; `stats`/`config` are None when the JobManager had none."""

    job: JobSummary
    stats: CheckpointStats | None
    config: CheckpointConfig | None
    now_ms: int
    last: int = 10  # how many recent checkpoints count as "recent"
    alarms: list[Alarm] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.alarms:
            self.alarms = compute_alarms(self)

    @property
    def recent(self) -> list[Checkpoint]:
        """The newest `last` checkpoints, newest first."""
        return list(self.stats.history[: self.last]) if self.stats is not None else []

    def to_json(self) -> dict[str, Any]:
        """The report for programs (`--format json`): raw numbers (ms, bytes), nothing localised but alarms."""
        job, stats, cfg = self.job, self.stats, self.config
        out: dict[str, Any] = {
            "job": job.as_dict(),
            "config": cfg.as_dict() if cfg is not None else None,
            "counts": None,
            "alarms": [a.as_dict() for a in self.alarms],
        }
        if stats is not None:
            out["counts"] = stats.counts.as_dict()
            for key in ("latest_completed", "latest_failed", "latest_savepoint"):
                cp: Checkpoint | None = getattr(stats, key)
                out[key] = cp.as_dict() if cp is not None else None
            out["latest_restored"] = stats.latest_restored.as_dict() if stats.latest_restored else None
            out["history"] = [h.as_dict() for h in self.recent]
            out["summary"] = {
                k: v.as_dict()
                for k, v in stats.summary.items()
                if k in ("end_to_end_duration", "checkpointed_size", "state_size")
            }
        return out


def compute_alarms(report: CheckpointReport) -> list[Alarm]:
    """What deserves attention, most severe risks first."""
    job, stats, cfg = report.job, report.stats, report.config
    if cfg is None or stats is None:
        return []
    running = job.state == "RUNNING"
    if not cfg.enabled:
        return [Alarm("error", "disabled", t("jobs.alarm.disabled"))] if running else []
    recent = report.recent
    alarms = [
        *_stale(job, stats, cfg, report.now_ms, running),
        *_failing(stats, recent, running),
        *_near_timeout(cfg, recent, report.now_ms),
        *_retention(cfg),
    ]
    return alarms


def _stale(
    job: JobSummary, stats: CheckpointStats, cfg: CheckpointConfig, now: int, running: bool
) -> list[Alarm]:
    if not running:
        return []
    latest = stats.latest_completed
    last_ok = latest.latest_ack_timestamp if latest is not None else None
    since = last_ok or job.start_time
    grace = int(cfg.min_pause or 0) + PAUSE_SLACK_MS + (0 if last_ok else STARTUP_GRACE_MS)
    if since is None or now - since <= STALE_FACTOR * (cfg.interval or 0) + grace:
        return []
    text = t(
        "jobs.alarm.stale",
        elapsed=format_duration((now - since) / 1000),
        interval=format_millis(cfg.interval),
    )
    return [Alarm("error", "stale", text)]


def _failing(stats: CheckpointStats, recent: list[Checkpoint], running: bool) -> list[Alarm]:
    failed_recent = [c for c in recent if c.status == "FAILED"]
    failed, latest = stats.latest_failed, stats.latest_completed
    newest_failed = failed is not None and (latest is None or failed.id > latest.id)
    if not (len(failed_recent) >= RISING_FAILURES or (newest_failed and running)):
        return []
    reason = first_line(failed.failure_message) if failed is not None else ""
    text = t("jobs.alarm.failing", count=len(failed_recent), window=len(recent), reason=reason or UNKNOWN)
    return [Alarm("error", "failing", text)]


def _near_timeout(cfg: CheckpointConfig, recent: list[Checkpoint], now: int) -> list[Alarm]:
    timeout = cfg.timeout or 0
    if timeout <= 0:
        return []
    slowest = max((c.end_to_end_duration or 0 for c in recent if c.status == "COMPLETED"), default=0)
    pending = [c.trigger_timestamp for c in recent if c.status == "IN_PROGRESS" and c.trigger_timestamp]
    worst = max(slowest, max((now - start for start in pending), default=0))
    if worst < TIMEOUT_SHARE * timeout:
        return []
    text = t("jobs.alarm.near_timeout", duration=format_millis(worst), timeout=format_millis(timeout))
    return [Alarm("warning", "near_timeout", text)]


def _retention(cfg: CheckpointConfig) -> list[Alarm]:
    if "jobmanager" in (cfg.checkpoint_storage or "").lower():
        return [Alarm("warning", "in_memory", t("jobs.alarm.in_memory"))]
    if not cfg.externalization_enabled:
        return [Alarm("info", "not_retained", t("jobs.alarm.not_retained"))]
    if cfg.delete_on_cancellation:
        return [Alarm("info", "deleted_on_cancel", t("jobs.alarm.deleted_on_cancel"))]
    return []


def is_near_timeout(duration_ms: int | None, cfg: CheckpointConfig | None) -> bool:
    """Whether one checkpoint took long enough to be close to failing by timeout (the history marks it)."""
    timeout = (cfg.timeout if cfg is not None else None) or 0
    return bool(timeout and duration_ms and duration_ms >= TIMEOUT_SHARE * timeout)


def first_line(text: str | None) -> str:
    """The first line of a (Java) failure message; "" when there is none."""
    stripped = (text or "").strip()
    return stripped.splitlines()[0] if stripped else ""
