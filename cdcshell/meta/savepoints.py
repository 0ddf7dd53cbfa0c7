"""`\\savepoint` and `\\stop`: the way out of a job without losing a row — trigger, wait with a bound, note the
path in the job journal (so that `\\resume`, in `meta/resume.py`, finds it after the JobManager forgot the job).
"""

from __future__ import annotations

import time
from typing import Any

from cdcshell.i18n import t
from cdcshell.meta.context import CommandContext
from cdcshell.meta.jobs import cluster_command, looks_like_path, resolve_job, split_args, usage_error
from cdcshell.meta.registry import meta_command

SAVEPOINT_USAGE = "\\savepoint [JOB] [DIR]"
STOP_USAGE = "\\stop JOB [--savepoint [DIR]] [--drain]"
SAVEPOINT_TIMEOUT = 600.0
STOPPED_WAIT = 60.0


def _progress(ctx: CommandContext, what: str) -> Any:
    """A callback for `wait_savepoint`: an updating line at the prompt, silence in a script."""
    if not ctx.interactive:
        return None

    def show(elapsed: float) -> None:
        ctx.err.write("\r" + t("jobs.waiting", what=what, seconds=f"{elapsed:.0f}") + "\x1b[K")
        ctx.err.flush()

    return show


def _end_progress(ctx: CommandContext) -> None:
    if ctx.interactive:
        ctx.err.write("\r\x1b[K")
        ctx.err.flush()


def _wait(ctx: CommandContext, jid: str, trigger: str, what: str) -> str | None:
    """Wait for a savepoint/stop operation; the path, or None after telling the user why not."""
    try:
        status = ctx.cluster.wait_savepoint(jid, trigger, SAVEPOINT_TIMEOUT, _progress(ctx, what))
    finally:
        _end_progress(ctx)
    if not status.succeeded:
        ctx.error(t("jobs.savepoint_failed", job=jid[:8], reason=status.failure or "?"))
        return None
    return str(status.location)


def _note(ctx: CommandContext, jid: str, path: str) -> None:
    try:
        ctx.job_journal.note_recovery_path(jid, path)
    except OSError as exc:
        ctx.warn(str(exc))


# --------------------------------------------------------------------------------------------- \savepoint


@meta_command("savepoint", usage=SAVEPOINT_USAGE, help_key="jobs.help.savepoint", topic="checkpoints")
@cluster_command
def savepoint_command(ctx: CommandContext, args: str) -> int:
    words = split_args(args, SAVEPOINT_USAGE)
    if len(words) > 2 or any(w.startswith("--") for w in words):
        raise usage_error(t("shell.meta_usage", usage=SAVEPOINT_USAGE))
    ref = words[0] if words and not looks_like_path(words[0]) else None
    rest = words[1:] if ref is not None else words
    if len(rest) > 1:
        raise usage_error(t("shell.meta_usage", usage=SAVEPOINT_USAGE))
    target = rest[0] if rest else None
    job = resolve_job(ctx, ref)
    path = _savepoint(
        ctx,
        job,
        lambda: ctx.cluster.trigger_savepoint(job.jid, target),
        "jobs.savepoint_triggered",
        "jobs.what.savepoint",
    )
    if path is None:
        return 1
    ctx.print(path)
    ctx.info(t("jobs.savepoint_done", job=job.jid[:8]))
    return 0


def _savepoint(ctx: CommandContext, job: Any, trigger: Any, started_key: str, what_key: str) -> str | None:
    """Trigger (a savepoint, or a stop with one), follow it to its end, journal the path; None when it failed
    (the reason is already shown)."""
    from cdcshell.cluster.errors import SavepointDirectoryMissing

    try:
        request = trigger()
    except SavepointDirectoryMissing as exc:
        ctx.error(str(exc), hint=t("jobs.hint.savepoint_dir"))
        return None
    ctx.info(t(started_key, job=job.jid[:8], name=job.name))
    path = _wait(ctx, job.jid, request, t(what_key))
    if path is not None:
        _note(ctx, job.jid, path)
    return path


# --------------------------------------------------------------------------------------------- \stop


def parse_stop_args(args: str) -> tuple[str, bool, str | None, bool]:
    """→ (job, with savepoint, savepoint directory, drain)."""
    words = split_args(args, STOP_USAGE)
    job: str | None = None
    savepoint = drain = False
    directory: str | None = None
    i = 0
    while i < len(words):
        word = words[i]
        if word == "--savepoint":
            savepoint = True
            if i + 1 < len(words) and not words[i + 1].startswith("--") and looks_like_path(words[i + 1]):
                directory = words[i + 1]
                i += 1
        elif word == "--drain":
            drain = True
        elif word.startswith("--"):
            raise usage_error(t("jobs.unknown_option", option=word, usage=STOP_USAGE))
        elif job is None:
            job = word
        else:
            raise usage_error(t("shell.meta_usage", usage=STOP_USAGE))
        i += 1
    if job is None:
        raise usage_error(t("shell.meta_usage", usage=STOP_USAGE))
    if drain and not savepoint:
        raise usage_error(t("jobs.drain_needs_savepoint"))
    return job, savepoint, directory, drain


@meta_command("stop", usage=STOP_USAGE, help_key="jobs.help.stop", topic="checkpoints")
@cluster_command
def stop_command(ctx: CommandContext, args: str) -> int:
    ref, savepoint, directory, drain = parse_stop_args(args)
    job = resolve_job(ctx, ref)
    cluster = ctx.cluster
    if not savepoint:
        if (
            ctx.interactive
            and ctx.confirm is not None
            and not ctx.confirm(t("jobs.cancel_confirm", job=job.jid[:8], name=job.name))
        ):
            ctx.print(t("jobs.not_canceled"), err=True)
            return 1
        cluster.cancel(job.jid)
        state = _wait_terminal(ctx, job.jid)
        ctx.info(t("jobs.canceled", job=job.jid[:8], state=state))
        return 0
    path = _savepoint(
        ctx, job, lambda: cluster.stop(job.jid, directory, drain=drain), "jobs.stopping", "jobs.what.stop"
    )
    if path is None:
        return 1
    state = _wait_terminal(ctx, job.jid)
    ctx.print(path)
    ctx.info(t("jobs.stopped", job=job.jid[:8], state=state, path=path))
    return 0


def _wait_terminal(ctx: CommandContext, jid: str) -> str:
    """The job's state once it ended (a stop's savepoint completes slightly before the job does)."""
    deadline = time.monotonic() + STOPPED_WAIT
    state = "?"
    while time.monotonic() < deadline:
        details = ctx.cluster.job(jid)
        state = details.state
        if details.is_terminal:
            break
        time.sleep(0.2)
    return state
