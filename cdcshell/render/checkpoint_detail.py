"""`\\checkpoint JOB ID`: one checkpoint's times, sizes and path, and every operator's share of it.

The JSON form is ``Checkpoint.details_dict(job)``.
"""

from __future__ import annotations

from cdcshell.cluster.health import first_line
from cdcshell.cluster.models import Checkpoint, JobSummary, TaskCheckpoint
from cdcshell.humanize import UNKNOWN, format_bytes, format_millis, format_timestamp
from cdcshell.i18n import t
from cdcshell.render.ansi import BOLD, RED, YELLOW, paint
from cdcshell.render.columns import format_table
from cdcshell.render.job_text import acked_text, clock, cut, kind_text, short_id, status_text


def render_checkpoint_details(job: JobSummary, cp: Checkpoint, *, color: bool) -> str:
    head = t(
        "jobs.detail.head", kind=kind_text(cp.is_savepoint), id=cp.id, job=short_id(job.jid), name=job.name
    )
    lines = [
        paint(head, BOLD, color) + "  " + status_text(cp.status, color),
        t(
            "jobs.detail.times",
            triggered=format_timestamp(cp.trigger_timestamp, millis=True),
            acked=format_timestamp(cp.latest_ack_timestamp, millis=True),
            duration=format_millis(cp.end_to_end_duration),
        ),
        t(
            "jobs.detail.sizes",
            size=format_bytes(cp.checkpointed_size),
            full=format_bytes(cp.state_size),
            acked=cp.num_acknowledged_subtasks if cp.num_acknowledged_subtasks is not None else "?",
            total=cp.num_subtasks if cp.num_subtasks is not None else "?",
        ),
        t("jobs.detail.path", path=cp.addressable_path or t("jobs.not_addressable")),
    ]
    if cp.discarded:
        lines.append(paint(t("jobs.detail.discarded"), YELLOW, color))
    reason = first_line(cp.failure_message)
    if reason:
        lines.append(paint(t("jobs.detail.failure", reason=reason), RED, color))
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
        rows = [_task_row(task, color) for task in cp.tasks]
        lines.append("")
        lines.extend(format_table(headers, rows, right=(2, 3, 4, 5, 6), color=color))
    return "\n".join(lines)


def _task_row(task: TaskCheckpoint, color: bool) -> list[str]:
    acked = acked_text(task.num_acknowledged_subtasks, task.num_subtasks)
    complete = (
        task.num_acknowledged_subtasks is not None
        and task.num_subtasks is not None
        and task.num_acknowledged_subtasks >= task.num_subtasks
    )
    return [
        cut(task.vertex_name or task.vertex_id, 60),
        task.status,
        acked if complete else paint(acked, YELLOW, color),
        format_millis(task.end_to_end_duration),
        format_bytes(task.checkpointed_size),
        format_bytes(task.state_size),
        format_bytes(task.alignment_buffered) if task.alignment_buffered is not None else UNKNOWN,
        clock(task.latest_ack_timestamp),
    ]
