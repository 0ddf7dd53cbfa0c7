"""`\\checkpoints JOB`: one job's checkpoint picture — configuration, counts, the latest checkpoint, savepoint,
failure and restore, the recent history as a table and a sparkline, and the alarms of its health judgement.

A view only: the judgement is :mod:`cdcshell.cluster.health`, the JSON is ``CheckpointReport.to_json()``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from cdcshell.cluster.health import Alarm, CheckpointReport, first_line, is_near_timeout
from cdcshell.cluster.models import Checkpoint, CheckpointConfig, CheckpointStats
from cdcshell.humanize import UNKNOWN, format_bytes, format_millis, format_timestamp
from cdcshell.i18n import t
from cdcshell.render.ansi import BOLD, BOLD_RED, BOLD_YELLOW, DIM, GREEN, RED, YELLOW, paint
from cdcshell.render.cells import cell_width
from cdcshell.render.columns import format_table
from cdcshell.render.job_text import acked_text, ago, clock, kind_text, short_id, state_text, status_text

SPARK = "▁▂▃▄▅▆▇█"
LABEL_WIDTH = 10
_ALARM_MARKS = {"error": "✗", "warning": "!", "info": "·"}
_ALARM_STYLES = {"error": BOLD_RED, "warning": BOLD_YELLOW}


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


def config_line(cfg: CheckpointConfig | None) -> str:
    if cfg is None:
        return UNKNOWN
    if not cfg.enabled:
        return t("jobs.config.off")
    if not cfg.externalization_enabled:
        retention = t("jobs.config.not_retained")
    elif cfg.delete_on_cancellation:
        retention = t("jobs.config.retain_on_failure")
    else:
        retention = t("jobs.config.retain_on_cancel")
    return t(
        "jobs.config.line",
        interval=format_millis(cfg.interval),
        timeout=format_millis(cfg.timeout),
        mode=cfg.mode or UNKNOWN,
        min_pause=format_millis(cfg.min_pause),
        concurrent=cfg.max_concurrent if cfg.max_concurrent is not None else UNKNOWN,
        unaligned=t("jobs.on") if cfg.unaligned else t("jobs.off"),
        retention=retention,
        storage=cfg.checkpoint_storage or UNKNOWN,
        backend=cfg.state_backend or UNKNOWN,
    )


def render_report(report: CheckpointReport, *, color: bool) -> str:
    job, stats, now = report.job, report.stats, report.now_ms

    def label(key: str) -> str:
        text = t(key)
        return paint(text + " " * max(1, LABEL_WIDTH - cell_width(text)), BOLD, color)

    ran = (
        job.duration
        if job.duration and job.duration > 0
        else (now - job.start_time if job.start_time else None)
    )
    lines = [
        f"{label('jobs.label.job')}{short_id(job.jid)}  {job.name}  {state_text(job.state, color)}  "
        + t("jobs.since", start=format_timestamp(job.start_time), duration=format_millis(ran)),
    ]
    if job.is_terminal:
        lines.append(
            paint(t("jobs.ended_note", state=job.state, end=format_timestamp(job.end_time)), YELLOW, color)
        )
    lines.append(f"{label('jobs.label.config')}{config_line(report.config)}")
    if stats is None:
        lines.append(t("jobs.no_stats"))
    else:
        lines.extend(_stats_lines(stats, label, now, color))
        lines.extend(_history_lines(report, color))
    return "\n".join(lines + _alarm_lines(report.alarms, color))


def _stats_lines(stats: CheckpointStats, label: Callable[[str], str], now: int, color: bool) -> list[str]:
    c = stats.counts
    lines = [
        label("jobs.label.counts")
        + t(
            "jobs.counts",
            completed=paint(str(c.completed), GREEN if c.completed else "", color),
            failed=paint(str(c.failed), RED if c.failed else "", color),
            in_progress=c.in_progress,
            restored=c.restored,
        )
    ]
    latest = stats.latest_completed
    if latest is not None:
        lines.append(
            label("jobs.label.latest")
            + t(
                "jobs.latest",
                id=latest.id,
                time=clock(latest.latest_ack_timestamp),
                ago=ago(latest.latest_ack_timestamp, now),
                duration=format_millis(latest.end_to_end_duration),
                size=format_bytes(latest.checkpointed_size),
                full=format_bytes(latest.state_size),
            )
            + (" " + t("jobs.savepoint_mark") if latest.is_savepoint else "")
        )
        lines.append(
            " " * LABEL_WIDTH + (latest.addressable_path or paint(t("jobs.not_addressable"), DIM, color))
        )
    else:
        lines.append(f"{label('jobs.label.latest')}{t('jobs.latest_none')}")
    sp = stats.latest_savepoint
    if sp is not None and sp.addressable_path:
        time = format_timestamp(sp.latest_ack_timestamp or sp.trigger_timestamp)
        lines.append(
            label("jobs.label.savepoint")
            + t("jobs.savepoint_line", id=sp.id, time=time, path=sp.addressable_path)
        )
    failed = stats.latest_failed
    if failed is not None:
        time = format_timestamp(failed.failure_timestamp or failed.trigger_timestamp)
        reason = first_line(failed.failure_message) or UNKNOWN
        lines.append(
            label("jobs.label.failure")
            + paint(t("jobs.failure_line", id=failed.id, time=time, reason=reason), RED, color)
        )
    restored = stats.latest_restored
    if restored is not None:
        lines.append(
            label("jobs.label.restored")
            + t(
                "jobs.restored_line",
                id=restored.id,
                time=format_timestamp(restored.restore_timestamp),
                kind=kind_text(restored.is_savepoint),
                path=restored.external_path or UNKNOWN,
            )
        )
    dur, size = stats.summary.get("end_to_end_duration"), stats.summary.get("checkpointed_size")
    if dur is not None and c.completed:
        lines.append(
            label("jobs.label.stats")
            + t(
                "jobs.stats_line",
                dmin=format_millis(dur.min),
                davg=format_millis(dur.avg),
                dmax=format_millis(dur.max),
                smin=format_bytes(size.min if size else None),
                savg=format_bytes(size.avg if size else None),
                smax=format_bytes(size.max if size else None),
            )
        )
    return lines


def _history_lines(report: CheckpointReport, color: bool) -> list[str]:
    recent = report.recent
    if not recent:
        return []
    lines = ["", *_history_table(recent, report.config, color)]
    chart = list(reversed(recent))  # oldest on the left, as time flows
    durations = [c.end_to_end_duration if c.status == "COMPLETED" else None for c in chart]
    sizes = [c.checkpointed_size if c.status == "COMPLETED" else None for c in chart]
    if any(d is not None for d in durations):
        lines.append("")
        lines.append(_chart_line(t("jobs.chart.duration"), durations, format_millis, color))
        lines.append(_chart_line(t("jobs.chart.size"), sizes, format_bytes, color))
    return lines


def _chart_line(name: str, values: Sequence[int | None], fmt: Callable[[int], str], color: bool) -> str:
    known = [v for v in values if v is not None]
    spark = paint(sparkline(values), GREEN, color)
    bounds = f"{fmt(min(known))} … {fmt(max(known))}" if known else UNKNOWN
    return f"{name}{' ' * max(1, LABEL_WIDTH - cell_width(name))}{spark}  {paint(bounds, DIM, color)}"


def _history_table(recent: list[Checkpoint], cfg: CheckpointConfig | None, color: bool) -> list[str]:
    headers = [
        t("jobs.col.cp_id"),
        t("jobs.col.status"),
        t("jobs.col.type"),
        t("jobs.col.triggered"),
        t("jobs.col.duration"),
        t("jobs.col.size"),
        t("jobs.col.acked"),
    ]
    rows = []
    for c in recent:
        duration = format_millis(c.end_to_end_duration)
        if is_near_timeout(c.end_to_end_duration, cfg):
            duration = paint(duration, BOLD_YELLOW, color)
        rows.append(
            [
                str(c.id),
                status_text(c.status, color),
                kind_text(c.is_savepoint),
                clock(c.trigger_timestamp),
                duration,
                format_bytes(c.checkpointed_size),
                acked_text(c.num_acknowledged_subtasks, c.num_subtasks),
            ]
        )
    return format_table(headers, rows, right=(0, 4, 5, 6), color=color)


def _alarm_lines(alarms: Sequence[Alarm], color: bool) -> list[str]:
    if not alarms:
        return []
    return [
        "",
        *(
            paint(f"{_ALARM_MARKS.get(a.level, '·')} {a.text}", _ALARM_STYLES.get(a.level, DIM), color)
            for a in alarms
        ),
    ]
