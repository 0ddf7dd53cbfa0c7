"""Job and checkpoint views: the answer to "is my CDC job checkpointing, and can it recover?".

Everything here is a pure function of data already fetched from the JobManager (the cluster models, passed in
duck-typed because `render/` must not import `cluster/`) plus "now", so that the same report renders once for a
script, every few seconds for `\\checkpoints --watch`, or as JSON for a program — and so that the alarms can be
tested without a cluster. Colour is plain ANSI: a watch loop repainting every second must not pay for rich.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from cdcshell.i18n import t
from cdcshell.render.ansi import BOLD, BOLD_RED, BOLD_YELLOW, DIM, GREEN, RED, YELLOW, paint
from cdcshell.render.cells import cell_width
from cdcshell.render.humanize import UNKNOWN, format_bytes, format_duration, format_timestamp

SPARK = "▁▂▃▄▅▆▇█"
NOT_ADDRESSABLE = "<checkpoint-not-externally-addressable>"
STALE_FACTOR = 2.0  # no completed checkpoint within this many intervals: the job is not making progress
TIMEOUT_SHARE = 0.8  # a checkpoint that takes this share of the timeout is about to fail
STARTUP_GRACE_MS = 30_000
RISING_FAILURES = 2  # this many failures among the recent checkpoints is a trend, not an accident
_STATE_COLORS = {
    "RUNNING": GREEN,
    "FAILED": RED,
    "FAILING": RED,
    "RESTARTING": YELLOW,
    "CANCELED": DIM,
    "CANCELLING": YELLOW,
    "FINISHED": DIM,
    "SUSPENDED": YELLOW,
}


@dataclass(frozen=True)
class Alarm:
    level: str  # "error" | "warning" | "info"
    code: str  # stable name for programs: stale, failing, near_timeout, disabled, not_retained, in_memory
    text: str


@dataclass
class CheckpointReport:
    """One job's checkpoint picture at one instant; `stats`/`config` are None when the JobManager had none."""

    job: Any  # JobSummary
    stats: Any  # CheckpointStats | None
    config: Any  # CheckpointConfig | None
    now_ms: int
    last: int = 10
    alarms: list[Alarm] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.alarms:
            self.alarms = compute_alarms(self)


# --------------------------------------------------------------------------------------------- small helpers


def ms(value: float | None) -> str:
    return format_duration(None if value is None else value / 1000)


def ago(epoch_ms: int | None, now_ms: int) -> str:
    if epoch_ms is None:
        return UNKNOWN
    return t("jobs.ago", duration=format_duration(max(0, now_ms - epoch_ms) / 1000))


def clock(epoch_ms: int | None) -> str:
    """Time of day only: checkpoints are seconds apart, the date is noise (it is in the header)."""
    text = format_timestamp(epoch_ms)
    return text[11:] if len(text) > 11 else text


def external_path(cp: Any) -> str | None:
    path = getattr(cp, "external_path", None)
    return path if path and path != NOT_ADDRESSABLE else None


def short_id(jid: str) -> str:
    return jid[:8]


def sparkline(values: Sequence[float | None]) -> str:
    """One character per value, scaled between the smallest and the largest; unknown values are blank."""
    known = [v for v in values if v is not None]
    if not known:
        return ""
    low, high = min(known), max(known)
    span = high - low
    out = []
    for v in values:
        if v is None:
            out.append(" ")
        elif span <= 0:
            out.append(SPARK[0] if high == 0 else SPARK[len(SPARK) // 2])
        else:
            out.append(SPARK[min(len(SPARK) - 1, int((v - low) / span * (len(SPARK) - 1) + 0.5))])
    return "".join(out)


def format_table(
    headers: Sequence[str], rows: Iterable[Sequence[str]], *, right: Iterable[int] = (), color: bool = False
) -> list[str]:
    """Aligned columns by display width (CJK names stay aligned); numbers right-aligned."""
    body = [list(r) for r in rows]
    right_cols = set(right)
    widths = [cell_width(h) for h in headers]
    for row in body:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], cell_width(plain_text(cell)))

    def line(cells: Sequence[str]) -> str:
        parts = []
        for i, cell in enumerate(cells):
            pad = " " * (widths[i] - cell_width(plain_text(cell)))
            parts.append(pad + cell if i in right_cols else cell + pad)
        return "  ".join(parts).rstrip()

    return [paint(line(headers), BOLD, color), *(line(r) for r in body)]


def plain_text(text: str) -> str:
    """Text without ANSI escapes, for measuring."""
    if "\x1b" not in text:
        return text
    import re

    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def state_text(state: str, color: bool) -> str:
    return paint(state, _STATE_COLORS.get(state, ""), color)


# --------------------------------------------------------------------------------------------- alarms


def _recent(report: CheckpointReport) -> list[Any]:
    history = list(getattr(report.stats, "history", None) or [])
    return history[: report.last]


def compute_alarms(report: CheckpointReport) -> list[Alarm]:
    """What deserves colour: each alarm names the risk and what it means for recovery."""
    alarms: list[Alarm] = []
    job, stats, cfg = report.job, report.stats, report.config
    running = getattr(job, "state", "") == "RUNNING"
    if cfg is None or stats is None:
        return alarms
    if not cfg.enabled:
        if running:
            alarms.append(Alarm("error", "disabled", t("jobs.alarm.disabled")))
        return alarms
    interval = cfg.interval or 0
    now = report.now_ms
    latest = stats.latest_completed
    if running:
        last_ok = latest.latest_ack_timestamp if latest is not None else None
        since = last_ok or getattr(job, "start_time", None)
        # before the first checkpoint, deployment (and a CDC source opening its slot) takes its time too
        grace = _grace(cfg) + (0 if last_ok else STARTUP_GRACE_MS)
        if since is not None and now - since > STALE_FACTOR * interval + grace:
            alarms.append(
                Alarm(
                    "error",
                    "stale",
                    t(
                        "jobs.alarm.stale",
                        elapsed=format_duration((now - since) / 1000),
                        interval=ms(interval),
                    ),
                )
            )
    recent = _recent(report)
    failed_recent = [c for c in recent if c.status == "FAILED"]
    failed = stats.latest_failed
    newest_failed = failed is not None and (latest is None or failed.id > latest.id)
    if len(failed_recent) >= RISING_FAILURES or (newest_failed and running):
        reason = (
            (failed.failure_message or "").strip().splitlines()[0]
            if failed and failed.failure_message
            else ""
        )
        alarms.append(
            Alarm(
                "error",
                "failing",
                t(
                    "jobs.alarm.failing",
                    count=len(failed_recent),
                    window=len(recent),
                    reason=reason or UNKNOWN,
                ),
            )
        )
    timeout = cfg.timeout or 0
    if timeout > 0:
        slowest = max((c.end_to_end_duration or 0 for c in recent if c.status == "COMPLETED"), default=0)
        pending = [c for c in recent if c.status == "IN_PROGRESS" and c.trigger_timestamp]
        running_for = max((now - c.trigger_timestamp for c in pending), default=0)
        worst = max(slowest, running_for)
        if worst >= TIMEOUT_SHARE * timeout:
            alarms.append(
                Alarm(
                    "warning",
                    "near_timeout",
                    t("jobs.alarm.near_timeout", duration=ms(worst), timeout=ms(timeout)),
                )
            )
    storage = (cfg.checkpoint_storage or "").lower()
    if "jobmanager" in storage:
        alarms.append(Alarm("warning", "in_memory", t("jobs.alarm.in_memory")))
    elif not cfg.externalization_enabled:
        alarms.append(Alarm("info", "not_retained", t("jobs.alarm.not_retained")))
    elif cfg.delete_on_cancellation:
        alarms.append(Alarm("info", "deleted_on_cancel", t("jobs.alarm.deleted_on_cancel")))
    return alarms


def _grace(cfg: Any) -> int:
    """A checkpoint may legitimately take a while after its interval; allow the min pause and a little slack."""
    return int(cfg.min_pause or 0) + 2000


# --------------------------------------------------------------------------------------------- one line per job


def checkpoint_summary(stats: Any, config: Any, now_ms: int) -> str:
    """The one-line checkpoint state of `\\jobs`: "42 ok, 0 failed, last 3 s ago (12 ms, 1.2 KiB)"."""
    if config is not None and not config.enabled:
        return t("jobs.summary.off")
    if stats is None:
        return UNKNOWN
    c = stats.counts
    text = t("jobs.summary.counts", completed=c.completed, failed=c.failed)
    latest = stats.latest_completed
    if latest is not None:
        text += " " + t(
            "jobs.summary.last",
            ago=ago(latest.latest_ack_timestamp, now_ms),
            duration=ms(latest.end_to_end_duration),
            size=format_bytes(latest.checkpointed_size),
        )
    if stats.latest_restored is not None:
        text += " " + t("jobs.summary.restored", id=stats.latest_restored.id)
    return text


@dataclass(frozen=True)
class JobRow:
    job: Any  # JobSummary
    summary: str  # checkpoint one-liner, "" for jobs that ended
    statement: str | None  # the statement that started it, when this shell (or its journal) knows
    mine: bool  # started in this shell session


def render_jobs(rows: Sequence[JobRow], now_ms: int, *, color: bool) -> str:
    if not rows:
        return t("jobs.none")
    headers = [
        "",
        t("jobs.col.id"),
        t("jobs.col.name"),
        t("jobs.col.state"),
        t("jobs.col.started"),
        t("jobs.col.duration"),
        t("jobs.col.checkpoints"),
    ]
    body = []
    for r in rows:
        j = r.job
        duration = (
            j.duration
            if j.duration is not None and j.duration >= 0
            else (now_ms - j.start_time if j.start_time else None)
        )
        body.append(
            [
                "*" if r.mine else ("+" if r.statement else ""),
                short_id(j.jid),
                _cut(j.name, 48),
                state_text(j.state, color),
                format_timestamp(j.start_time),
                ms(duration),
                r.summary,
            ]
        )
    lines = format_table(headers, body, color=color)
    statements = [r for r in rows if r.statement]
    if statements:
        lines.append("")
        for r in statements:
            first = " ".join(r.statement.split())
            lines.append(f"{'*' if r.mine else '+'} {short_id(r.job.jid)}  {_cut(first, 100)}")
        lines.append(paint(t("jobs.legend"), DIM, color))
    return "\n".join(lines)


def _cut(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


# --------------------------------------------------------------------------------------------- \checkpoints


def _level_style(level: str) -> str:
    return {"error": BOLD_RED, "warning": BOLD_YELLOW}.get(level, DIM)


def config_line(cfg: Any) -> str:
    if cfg is None:
        return UNKNOWN
    if not cfg.enabled:
        return t("jobs.config.off")
    retention = (
        t("jobs.config.retain_on_cancel")
        if cfg.externalization_enabled and not cfg.delete_on_cancellation
        else t("jobs.config.retain_on_failure")
        if cfg.externalization_enabled
        else t("jobs.config.not_retained")
    )
    return t(
        "jobs.config.line",
        interval=ms(cfg.interval),
        timeout=ms(cfg.timeout),
        mode=cfg.mode or UNKNOWN,
        min_pause=ms(cfg.min_pause),
        concurrent=cfg.max_concurrent if cfg.max_concurrent is not None else UNKNOWN,
        unaligned=t("jobs.on") if cfg.unaligned else t("jobs.off"),
        retention=retention,
        storage=cfg.checkpoint_storage or UNKNOWN,
        backend=cfg.state_backend or UNKNOWN,
    )


def render_report(report: CheckpointReport, *, color: bool) -> str:
    job, stats, cfg, now = report.job, report.stats, report.config, report.now_ms

    def label(key: str) -> str:
        text = t(key)
        return paint(text + " " * max(1, 10 - cell_width(text)), BOLD, color)

    lines = [
        f"{label('jobs.label.job')}{short_id(job.jid)}  {job.name}  {state_text(job.state, color)}  "
        + t(
            "jobs.since",
            start=format_timestamp(job.start_time),
            duration=ms(
                job.duration
                if job.duration and job.duration > 0
                else (now - job.start_time if job.start_time else None)
            ),
        ),
    ]
    if getattr(job, "is_terminal", False):
        lines.append(
            paint(t("jobs.ended_note", state=job.state, end=format_timestamp(job.end_time)), YELLOW, color)
        )
    lines.append(f"{label('jobs.label.config')}{config_line(cfg)}")
    if stats is None:
        lines.append(t("jobs.no_stats"))
        return "\n".join(lines + _alarm_lines(report, color))
    c = stats.counts
    lines.append(
        f"{label('jobs.label.counts')}"
        + t(
            "jobs.counts",
            completed=paint(str(c.completed), GREEN if c.completed else "", color),
            failed=paint(str(c.failed), RED if c.failed else "", color),
            in_progress=c.in_progress,
            restored=c.restored,
        )
    )
    latest = stats.latest_completed
    if latest is not None:
        lines.append(
            f"{label('jobs.label.latest')}"
            + t(
                "jobs.latest",
                id=latest.id,
                time=clock(latest.latest_ack_timestamp),
                ago=ago(latest.latest_ack_timestamp, now),
                duration=ms(latest.end_to_end_duration),
                size=format_bytes(latest.checkpointed_size),
                full=format_bytes(latest.state_size),
            )
            + (" " + t("jobs.savepoint_mark") if latest.is_savepoint else "")
        )
        lines.append(" " * 10 + (external_path(latest) or paint(t("jobs.not_addressable"), DIM, color)))
    else:
        lines.append(f"{label('jobs.label.latest')}{t('jobs.latest_none')}")
    if stats.latest_savepoint is not None and external_path(stats.latest_savepoint):
        sp = stats.latest_savepoint
        lines.append(
            f"{label('jobs.label.savepoint')}"
            + t(
                "jobs.savepoint_line",
                id=sp.id,
                time=format_timestamp(sp.latest_ack_timestamp or sp.trigger_timestamp),
                path=external_path(sp),
            )
        )
    failed = stats.latest_failed
    if failed is not None:
        reason = (failed.failure_message or UNKNOWN).strip().splitlines()[0]
        lines.append(
            f"{label('jobs.label.failure')}"
            + paint(
                t(
                    "jobs.failure_line",
                    id=failed.id,
                    time=format_timestamp(failed.failure_timestamp or failed.trigger_timestamp),
                    reason=reason,
                ),
                RED,
                color,
            )
        )
    restored = stats.latest_restored
    if restored is not None:
        lines.append(
            f"{label('jobs.label.restored')}"
            + t(
                "jobs.restored_line",
                id=restored.id,
                time=format_timestamp(restored.restore_timestamp),
                kind=t("jobs.kind.savepoint") if restored.is_savepoint else t("jobs.kind.checkpoint"),
                path=restored.external_path or UNKNOWN,
            )
        )
    dur, size = stats.summary.get("end_to_end_duration"), stats.summary.get("checkpointed_size")
    if dur is not None and c.completed:
        lines.append(
            f"{label('jobs.label.stats')}"
            + t(
                "jobs.stats_line",
                dmin=ms(dur.min),
                davg=ms(dur.avg),
                dmax=ms(dur.max),
                smin=format_bytes(size.min if size else None),
                savg=format_bytes(size.avg if size else None),
                smax=format_bytes(size.max if size else None),
            )
        )
    recent = _recent(report)
    if recent:
        lines.append("")
        lines.extend(_history_table(recent, cfg, color))
        chart = list(reversed(recent))  # oldest on the left, as time flows
        durations = [c.end_to_end_duration if c.status == "COMPLETED" else None for c in chart]
        sizes = [c.checkpointed_size if c.status == "COMPLETED" else None for c in chart]
        if any(d is not None for d in durations):
            lines.append("")
            lines.append(_chart_line(t("jobs.chart.duration"), durations, ms, color))
            lines.append(_chart_line(t("jobs.chart.size"), sizes, format_bytes, color))
    return "\n".join(lines + _alarm_lines(report, color))


def _chart_line(name: str, values: list[Any], fmt: Any, color: bool) -> str:
    known = [v for v in values if v is not None]
    spark = paint(sparkline(values), GREEN, color)
    bounds = f"{fmt(min(known))} … {fmt(max(known))}" if known else UNKNOWN
    return f"{name}{' ' * max(1, 10 - cell_width(name))}{spark}  {paint(bounds, DIM, color)}"


def _history_table(recent: list[Any], cfg: Any, color: bool) -> list[str]:
    headers = [
        t("jobs.col.cp_id"),
        t("jobs.col.status"),
        t("jobs.col.type"),
        t("jobs.col.triggered"),
        t("jobs.col.duration"),
        t("jobs.col.size"),
        t("jobs.col.acked"),
    ]
    timeout = getattr(cfg, "timeout", None) or 0
    rows = []
    for c in recent:
        status = c.status
        style = {"COMPLETED": GREEN, "FAILED": RED, "IN_PROGRESS": YELLOW}.get(status, "")
        duration = ms(c.end_to_end_duration)
        if timeout and c.end_to_end_duration and c.end_to_end_duration >= TIMEOUT_SHARE * timeout:
            duration = paint(duration, BOLD_YELLOW, color)
        kind = t("jobs.kind.savepoint") if c.is_savepoint else t("jobs.kind.checkpoint")
        rows.append(
            [
                str(c.id),
                paint(status, style, color),
                kind,
                clock(c.trigger_timestamp),
                duration,
                format_bytes(c.checkpointed_size),
                f"{c.num_acknowledged_subtasks if c.num_acknowledged_subtasks is not None else '?'}"
                f"/{c.num_subtasks if c.num_subtasks is not None else '?'}",
            ]
        )
    return format_table(headers, rows, right=(0, 4, 5, 6), color=color)


def _alarm_lines(report: CheckpointReport, color: bool) -> list[str]:
    if not report.alarms:
        return []
    out = [""]
    for alarm in report.alarms:
        prefix = {"error": "✗", "warning": "!", "info": "·"}.get(alarm.level, "·")
        out.append(paint(f"{prefix} {alarm.text}", _level_style(alarm.level), color))
    return out


# --------------------------------------------------------------------------------------------- JSON


def _cp_json(c: Any) -> dict[str, Any] | None:
    if c is None:
        return None
    return {
        "id": c.id,
        "status": c.status,
        "is_savepoint": c.is_savepoint,
        "trigger_timestamp": c.trigger_timestamp,
        "latest_ack_timestamp": c.latest_ack_timestamp,
        "end_to_end_duration_ms": c.end_to_end_duration,
        "checkpointed_size": c.checkpointed_size,
        "state_size": c.state_size,
        "num_subtasks": c.num_subtasks,
        "num_acknowledged_subtasks": c.num_acknowledged_subtasks,
        "external_path": external_path(c),
        "failure_message": c.failure_message,
    }


def report_to_json(report: CheckpointReport) -> dict[str, Any]:
    """The same report for programs (`--format json`): raw numbers (ms, bytes), nothing localised but alarms."""
    job, stats, cfg = report.job, report.stats, report.config
    out: dict[str, Any] = {
        "job": {
            "id": job.jid,
            "name": job.name,
            "state": job.state,
            "start_time": job.start_time,
            "end_time": job.end_time,
        },
        "config": None,
        "counts": None,
        "alarms": [{"level": a.level, "code": a.code, "text": a.text} for a in report.alarms],
    }
    if cfg is not None:
        out["config"] = {
            "enabled": cfg.enabled,
            "interval_ms": cfg.interval if cfg.enabled else None,
            "timeout_ms": cfg.timeout,
            "mode": cfg.mode,
            "min_pause_ms": cfg.min_pause,
            "max_concurrent": cfg.max_concurrent,
            "unaligned": cfg.unaligned,
            "externalized": cfg.externalization_enabled,
            "delete_on_cancellation": cfg.delete_on_cancellation,
            "checkpoint_storage": cfg.checkpoint_storage,
            "state_backend": cfg.state_backend,
        }
    if stats is not None:
        c = stats.counts
        out["counts"] = {
            "completed": c.completed,
            "failed": c.failed,
            "in_progress": c.in_progress,
            "restored": c.restored,
            "total": c.total,
        }
        out["latest_completed"] = _cp_json(stats.latest_completed)
        out["latest_failed"] = _cp_json(stats.latest_failed)
        out["latest_savepoint"] = _cp_json(stats.latest_savepoint)
        r = stats.latest_restored
        out["latest_restored"] = (
            None
            if r is None
            else {
                "id": r.id,
                "restore_timestamp": r.restore_timestamp,
                "is_savepoint": r.is_savepoint,
                "external_path": r.external_path,
            }
        )
        out["history"] = [_cp_json(h) for h in _recent(report)]
        out["summary"] = {
            k: {"min": v.min, "avg": v.avg, "max": v.max}
            for k, v in stats.summary.items()
            if k in ("end_to_end_duration", "checkpointed_size", "state_size")
        }
    return out


# --------------------------------------------------------------------------------------------- \checkpoint JOB ID


def render_checkpoint_details(job: Any, cp: Any, *, color: bool) -> str:
    kind = t("jobs.kind.savepoint") if cp.is_savepoint else t("jobs.kind.checkpoint")
    style = {"COMPLETED": GREEN, "FAILED": RED, "IN_PROGRESS": YELLOW}.get(cp.status, "")
    lines = [
        paint(t("jobs.detail.head", kind=kind, id=cp.id, job=short_id(job.jid), name=job.name), BOLD, color)
        + "  "
        + paint(cp.status, style, color),
        t(
            "jobs.detail.times",
            triggered=format_timestamp(cp.trigger_timestamp, millis=True),
            acked=format_timestamp(cp.latest_ack_timestamp, millis=True),
            duration=ms(cp.end_to_end_duration),
        ),
        t(
            "jobs.detail.sizes",
            size=format_bytes(cp.checkpointed_size),
            full=format_bytes(cp.state_size),
            acked=cp.num_acknowledged_subtasks if cp.num_acknowledged_subtasks is not None else "?",
            total=cp.num_subtasks if cp.num_subtasks is not None else "?",
        ),
    ]
    path = external_path(cp)
    lines.append(t("jobs.detail.path", path=path or t("jobs.not_addressable")))
    if cp.discarded:
        lines.append(paint(t("jobs.detail.discarded"), YELLOW, color))
    if cp.failure_message:
        lines.append(
            paint(t("jobs.detail.failure", reason=cp.failure_message.strip().splitlines()[0]), RED, color)
        )
    if cp.tasks:
        headers = [
            t("jobs.col.operator"),
            t("jobs.col.status"),
            t("jobs.col.acked"),
            t("jobs.col.duration"),
            t("jobs.col.size"),
            t("jobs.col.full_size"),
            t("jobs.col.alignment"),
            t("jobs.col.last_ack"),
        ]
        rows = []
        for task in cp.tasks:
            acked_ok = (
                task.num_acknowledged_subtasks is not None
                and task.num_subtasks is not None
                and task.num_acknowledged_subtasks >= task.num_subtasks
            )
            acked = (
                f"{task.num_acknowledged_subtasks if task.num_acknowledged_subtasks is not None else '?'}"
                f"/{task.num_subtasks if task.num_subtasks is not None else '?'}"
            )
            alignment = getattr(task, "alignment_buffered", None)
            rows.append(
                [
                    _cut(task.vertex_name or task.vertex_id, 60),
                    task.status,
                    acked if acked_ok else paint(acked, YELLOW, color),
                    ms(task.end_to_end_duration),
                    format_bytes(task.checkpointed_size),
                    format_bytes(task.state_size),
                    format_bytes(alignment) if alignment is not None else UNKNOWN,
                    clock(task.latest_ack_timestamp),
                ]
            )
        lines.append("")
        lines.extend(format_table(headers, rows, right=(2, 3, 4, 5, 6), color=color))
    return "\n".join(lines)


def checkpoint_details_json(job: Any, cp: Any) -> dict[str, Any]:
    out = _cp_json(cp) or {}
    out["job"] = {"id": job.jid, "name": job.name}
    out["discarded"] = cp.discarded
    out["tasks"] = [
        {
            "vertex_id": k.vertex_id,
            "name": k.vertex_name,
            "status": k.status,
            "num_subtasks": k.num_subtasks,
            "num_acknowledged_subtasks": k.num_acknowledged_subtasks,
            "end_to_end_duration_ms": k.end_to_end_duration,
            "checkpointed_size": k.checkpointed_size,
            "state_size": k.state_size,
            "latest_ack_timestamp": k.latest_ack_timestamp,
            "alignment_buffered": getattr(k, "alignment_buffered", None),
        }
        for k in cp.tasks
    ]
    return out


# --------------------------------------------------------------------------------------------- \slots


@dataclass(frozen=True)
class SlotRow:
    database: str  # host:port/db the slot lives in
    slot_name: str
    plugin: str | None
    active: bool
    retained_bytes: int | None
    wal_status: str | None
    used_by: tuple[str, ...]  # session tables that read from this slot


def render_slots(rows: Sequence[SlotRow], *, color: bool) -> str:
    if not rows:
        return t("jobs.slots.none")
    headers = [
        t("jobs.col.slot"),
        t("jobs.col.database"),
        t("jobs.col.active"),
        t("jobs.col.plugin"),
        t("jobs.col.wal_held"),
        t("jobs.col.wal_status"),
        t("jobs.col.used_by"),
    ]
    body = []
    for r in rows:
        active = paint(t("jobs.yes"), GREEN, color) if r.active else paint(t("jobs.no"), BOLD_RED, color)
        body.append(
            [
                r.slot_name,
                r.database,
                active,
                r.plugin or UNKNOWN,
                format_bytes(r.retained_bytes),
                r.wal_status or UNKNOWN,
                ", ".join(r.used_by) or UNKNOWN,
            ]
        )
    lines = format_table(headers, body, right=(4,), color=color)
    idle = [r for r in rows if not r.active]
    for r in idle:
        lines.append("")
        lines.append(
            paint(
                t("jobs.slots.risk", slot=r.slot_name, size=format_bytes(r.retained_bytes)),
                BOLD_YELLOW,
                color,
            )
        )
        lines.append("    " + drop_slot_sql(r.slot_name))
    return "\n".join(lines)


def drop_slot_sql(slot: str) -> str:
    return "SELECT pg_drop_replication_slot('" + slot.replace("'", "''") + "');"
