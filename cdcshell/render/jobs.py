"""`\\jobs`: one line per job with its checkpoint one-liner, and the statements this shell knows started them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from cdcshell.cluster.models import CheckpointConfig, CheckpointStats, JobSummary
from cdcshell.humanize import UNKNOWN, format_bytes, format_millis, format_timestamp
from cdcshell.i18n import t
from cdcshell.render.ansi import DIM, paint
from cdcshell.render.columns import format_table
from cdcshell.render.job_text import ago, cut, short_id, state_text


@dataclass(frozen=True)
class JobRow:
    job: JobSummary
    summary: str  # checkpoint one-liner, "" for jobs that ended
    statement: str | None  # the statement that started it, when this shell (or its journal) knows
    mine: bool  # started in this shell session

    def as_dict(self) -> dict[str, Any]:
        j = self.job
        return {
            "id": j.jid,
            "name": j.name,
            "state": j.state,
            "start_time": j.start_time,
            "end_time": j.end_time,
            "duration_ms": j.duration,
            "checkpoints": self.summary or None,
            "statement": self.statement,
            "this_session": self.mine,
        }


def checkpoint_summary(stats: CheckpointStats | None, config: CheckpointConfig | None, now_ms: int) -> str:
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
            duration=format_millis(latest.end_to_end_duration),
            size=format_bytes(latest.checkpointed_size),
        )
    if stats.latest_restored is not None:
        text += " " + t("jobs.summary.restored", id=stats.latest_restored.id)
    return text


def running_for(job: JobSummary, now_ms: int) -> int | None:
    """How long the job has run (or ran): the JobManager's duration, else the time since it started."""
    if job.duration is not None and job.duration >= 0:
        return job.duration
    return now_ms - job.start_time if job.start_time else None


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
    body = [
        [
            "*" if r.mine else ("+" if r.statement else ""),
            short_id(r.job.jid),
            cut(r.job.name, 48),
            state_text(r.job.state, color),
            format_timestamp(r.job.start_time),
            format_millis(running_for(r.job, now_ms)),
            r.summary,
        ]
        for r in rows
    ]
    lines = format_table(headers, body, color=color)
    statements = [(r, r.statement) for r in rows if r.statement]
    if statements:
        lines.append("")
        for r, statement in statements:
            first = " ".join(statement.split())
            lines.append(f"{'*' if r.mine else '+'} {short_id(r.job.jid)}  {cut(first, 100)}")
        lines.append(paint(t("jobs.legend"), DIM, color))
    return "\n".join(lines)
