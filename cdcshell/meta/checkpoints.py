"""`\\checkpoints` (one job's checkpointing, once or live) and `\\checkpoint` (one checkpoint per operator).

The watch loop costs one or two REST calls and one repaint per refresh and otherwise sleeps on the shell's
cancel event, so leaving it open on a laptop costs next to nothing; it repaints in place with cursor moves
rather than clearing the screen, so the scrollback above it survives.
"""

from __future__ import annotations

import shlex
import shutil
from typing import TYPE_CHECKING

from cdcshell.i18n import t
from cdcshell.meta.context import CommandContext
from cdcshell.meta.jobs import (
    cluster_command,
    now_ms,
    print_json,
    resolve_job,
    usage_error,
    wants_json,
)
from cdcshell.meta.registry import meta_command

if TYPE_CHECKING:
    from cdcshell.cluster.health import CheckpointReport
    from cdcshell.cluster.models import Checkpoint, CheckpointConfig, CheckpointStats, JobSummary

CHECKPOINTS_USAGE = "\\checkpoints [JOB] [--watch [SECONDS]] [--last N]"
CHECKPOINT_USAGE = "\\checkpoint [JOB] ID"
DEFAULT_WATCH = 2.0
MIN_WATCH = 0.5
DEFAULT_LAST = 10


def parse_checkpoints_args(args: str) -> tuple[str | None, float | None, int]:
    """→ (job reference, watch seconds or None, history rows). A usage error for anything else."""
    try:
        words = shlex.split(args)
    except ValueError as exc:
        raise usage_error(t("jobs.bad_quotes", error=str(exc), usage=CHECKPOINTS_USAGE)) from None
    job: str | None = None
    watch: float | None = None
    last = DEFAULT_LAST
    i = 0
    while i < len(words):
        word = words[i]
        if word == "--watch":
            watch = DEFAULT_WATCH
            if i + 1 < len(words) and _is_number(words[i + 1]):
                watch = float(words[i + 1])
                i += 1
            if watch < MIN_WATCH:
                raise usage_error(t("jobs.watch_too_fast", seconds=f"{MIN_WATCH:g}"))
        elif word.startswith("--watch="):
            value = word.partition("=")[2]
            if not _is_number(value):
                raise usage_error(t("shell.meta_usage", usage=CHECKPOINTS_USAGE))
            watch = max(MIN_WATCH, float(value))
        elif word == "--last":
            if i + 1 >= len(words) or not words[i + 1].isdigit() or int(words[i + 1]) < 1:
                raise usage_error(t("shell.meta_usage", usage=CHECKPOINTS_USAGE))
            last = int(words[i + 1])
            i += 1
        elif word.startswith("-"):
            raise usage_error(t("jobs.unknown_option", option=word, usage=CHECKPOINTS_USAGE))
        elif job is None:
            job = word
        else:
            raise usage_error(t("shell.meta_usage", usage=CHECKPOINTS_USAGE))
        i += 1
    return job, watch, last


def _is_number(text: str) -> bool:
    try:
        return float(text) >= 0
    except ValueError:
        return False


def build_report(
    ctx: CommandContext, job: JobSummary, last: int, config: CheckpointConfig | None = None
) -> CheckpointReport:
    """Fetch what `\\checkpoints` shows. A job that ended may have no statistics left: then stats is None."""
    from cdcshell.cluster.errors import ClusterError, ClusterUnreachable
    from cdcshell.cluster.health import CheckpointReport

    cluster = ctx.cluster
    stats: CheckpointStats | None = None
    try:
        stats = cluster.checkpoints(job.jid)
        if config is None:
            config = cluster.checkpoint_config(job.jid)
    except ClusterUnreachable:
        raise
    except ClusterError:
        if not job.is_terminal:
            raise
    return CheckpointReport(job=job, stats=stats, config=config, now_ms=now_ms(), last=last)


@meta_command(
    "checkpoints",
    usage=CHECKPOINTS_USAGE,
    help_key="jobs.help.checkpoints",
    topic="checkpoints",
    aliases=("cps",),
)
@cluster_command
def checkpoints_command(ctx: CommandContext, args: str) -> int:
    from cdcshell.render.checkpoint_report import render_report

    ref, watch, last = parse_checkpoints_args(args)
    job = resolve_job(ctx, ref)
    if watch is not None and not ctx.interactive:
        ctx.warn(t("jobs.watch_needs_prompt"))
        watch = None
    if watch is not None:
        return _watch(ctx, job, watch, last)
    report = build_report(ctx, job, last)
    if wants_json(ctx):
        print_json(ctx, report.to_json())
    else:
        ctx.print(render_report(report, color=ctx.color(ctx.out)))
    if job.is_terminal:
        _ended_hint(ctx, job)
    return 0


def _ended_hint(ctx: CommandContext, job: JobSummary) -> None:
    from cdcshell.meta.resume import recovery_point

    path, _ = recovery_point(ctx, job.jid)
    if path:
        ctx.info(t("jobs.ended_hint", job=job.jid[:8], state=job.state, path=path))
    else:
        ctx.info(t("jobs.ended_no_recovery", job=job.jid[:8], state=job.state))


def screen_rows(text: str, columns: int) -> int:
    """How many terminal rows `text` takes: a line wider than the terminal wraps onto the next rows."""
    from cdcshell.render.cells import cell_width
    from cdcshell.render.columns import plain_text

    columns = max(1, columns)
    return sum(max(1, -(-cell_width(plain_text(line)) // columns)) for line in text.split("\n"))


def _watch(ctx: CommandContext, job: JobSummary, seconds: float, last: int) -> int:
    """Repaint the report every `seconds` until Ctrl-C (or the job ends); errors show in the frame, then retry."""
    from cdcshell.cluster.errors import ClusterError
    from cdcshell.humanize import format_timestamp
    from cdcshell.render.ansi import DIM, RED, paint
    from cdcshell.render.checkpoint_report import render_report

    out = ctx.out
    color = ctx.color(out)
    cancel = ctx.cancel_event
    cancel.clear()
    shown = 0
    config = None
    try:
        while True:
            problem = None
            try:
                job = ctx.cluster.job(job.jid).summary()
                report = build_report(ctx, job, last, config)
                config = report.config
                body = render_report(report, color=color)
            except ClusterError as exc:
                body = paint(str(exc), RED, color)
                problem = exc
            head = paint(
                t("jobs.watch_head", seconds=f"{seconds:g}", time=format_timestamp(now_ms())), DIM, color
            )
            frame = head + "\n" + body
            size = shutil.get_terminal_size((100, 40))
            height = screen_rows(frame, size.columns)
            rows = size.lines
            if shown and shown < rows:
                out.write(f"\x1b[{shown}F\x1b[J")  # back to the frame's first line, erase to the end
            elif shown:
                out.write("\x1b[H\x1b[2J")  # the last frame scrolled off: repaint from the top
            out.write(frame + "\n")
            out.flush()
            shown = height
            if problem is None and job.is_terminal:
                _ended_hint(ctx, job)
                return 0
            if cancel.wait(seconds):
                return 0
    except KeyboardInterrupt:
        out.write("\n")
        out.flush()
        return 0


def belongs_to(job: JobSummary, cp: Checkpoint, stats: CheckpointStats) -> bool:
    """Whether a details answer really is this job's checkpoint.

    Flink 1.20's JobManager answers `checkpoints/details/N` for a checkpoint no longer in the job's history from
    a cache keyed by checkpoint id alone, shared by all jobs — so job B's checkpoint 3 can come back for job A.
    An answer outside the job's history is trusted only if it was triggered while the job ran and its path (when
    it has one) is under the job's id.
    """
    if any(h.id == cp.id and h.trigger_timestamp == cp.trigger_timestamp for h in stats.history):
        return True
    if job.start_time and cp.trigger_timestamp and cp.trigger_timestamp < job.start_time:
        return False
    path = cp.external_path
    return not (path and "<" not in path and job.jid not in path)


@meta_command("checkpoint", usage=CHECKPOINT_USAGE, help_key="jobs.help.checkpoint", topic="checkpoints")
@cluster_command
def checkpoint_command(ctx: CommandContext, args: str) -> int:
    from cdcshell.render.checkpoint_detail import render_checkpoint_details

    try:
        words = shlex.split(args)
    except ValueError as exc:
        raise usage_error(t("jobs.bad_quotes", error=str(exc), usage=CHECKPOINT_USAGE)) from None
    if len(words) == 1 and words[0].isdigit():
        ref, cid = None, words[0]
    elif len(words) == 2 and words[1].isdigit():
        ref, cid = words[0], words[1]
    else:
        raise usage_error(t("shell.meta_usage", usage=CHECKPOINT_USAGE))
    job = resolve_job(ctx, ref)
    from cdcshell.cluster.errors import CheckpointNotFound

    try:
        cp = ctx.cluster.checkpoint_details(job.jid, int(cid))
        if not belongs_to(job, cp, ctx.cluster.checkpoints(job.jid)):
            raise CheckpointNotFound(job.jid, int(cid))
    except CheckpointNotFound as exc:
        ctx.error(str(exc), hint=t("jobs.hint.checkpoint_ids", job=job.jid[:8]))
        return 1
    if wants_json(ctx):
        print_json(ctx, cp.details_dict(job))
    else:
        ctx.print(render_checkpoint_details(job, cp, color=ctx.color(ctx.out)))
    return 0
