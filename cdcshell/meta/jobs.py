"""`\\jobs`, and what every job command shares: finding the job a user means and explaining cluster errors.

A user names a job the way they remember it — a full id, the first characters of one, the pipeline name, or
nothing at all when only one job runs — and a JobManager that cannot be reached must read as a hint about
`--jobmanager`, not as a connection traceback.
"""

from __future__ import annotations

import functools
import json
import shlex
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from cdcshell.i18n import t
from cdcshell.meta.context import CommandContext, UsageError
from cdcshell.meta.registry import meta_command

if TYPE_CHECKING:
    from cdcshell.cluster.models import JobSummary

DEFAULT_LIMIT = 20
LIVE_STATES = frozenset(
    {"RUNNING", "RESTARTING", "CREATED", "INITIALIZING", "RECONCILING", "FAILING", "CANCELLING"}
)

Handler = Callable[[CommandContext, str], "int | None"]


def usage_error(message: str) -> Exception:
    return UsageError(message)


def looks_like_path(text: str) -> bool:
    """A savepoint or checkpoint path rather than a job reference (ids and names have no slash)."""
    return "/" in text or "\\" in text


def split_args(args: str, usage: str) -> list[str]:
    """A command's arguments split as a shell would (quotes group words); a UsageError for unbalanced quotes."""
    try:
        return shlex.split(args)
    except ValueError as exc:
        raise usage_error(t("jobs.bad_quotes", error=str(exc), usage=usage)) from None


def now_ms() -> int:
    return int(time.time() * 1000)


def wants_json(ctx: CommandContext) -> bool:
    return bool(ctx.result_format(ctx.out) == "json")


def print_json(ctx: CommandContext, value: Any) -> None:
    ctx.print(json.dumps(value, ensure_ascii=False))


def cluster_command(fn: Handler) -> Handler:
    """Turn the cluster client's errors into one clear message with a hint on what to do next."""

    @functools.wraps(fn)
    def wrapper(ctx: CommandContext, args: str) -> int | None:
        from cdcshell.cluster.errors import AmbiguousJob, ClusterError, ClusterUnreachable, JobNotFound

        # In a script, the shell tells where the command is (file:line:col), so the error can point at it.
        where = getattr(ctx, "meta_location", None)
        try:
            return fn(ctx, args)
        except ClusterUnreachable as exc:
            ctx.error(str(exc), location=where, hint=t("jobs.hint.unreachable"))
        except JobNotFound as exc:  # its message already points at \\jobs
            ctx.error(str(exc), location=where)
        except AmbiguousJob as exc:
            ctx.error(str(exc), location=where, hint=t("jobs.hint.ambiguous"))
        except ClusterError as exc:
            ctx.error(str(exc), location=where)
        return 1

    return wrapper


def resolve_job(ctx: CommandContext, ref: str | None) -> JobSummary:
    """The JobSummary `ref` names; with no ref, the one live job (a usage error when there are none or several)."""
    from cdcshell.cluster.errors import AmbiguousJob

    cluster = ctx.cluster
    if ref:
        try:
            return cluster.resolve_job(ref)
        except AmbiguousJob as exc:
            # A pipeline stopped and resubmitted leaves several ended jobs of one name: the newest is meant.
            candidates = [c for c in exc.candidates if c.state and c.state not in LIVE_STATES]
            if not candidates or len(candidates) != len(exc.candidates):
                raise
            newest = max(candidates, key=lambda c: c.start_time or 0)
            ctx.info(t("jobs.newest_of_name", name=ref, count=len(candidates), job=newest.jid[:8]))
            return newest
    live = [j for j in cluster.jobs() if j.state in LIVE_STATES]
    if len(live) == 1:
        return live[0]
    if not live:
        raise usage_error(t("jobs.no_live_job"))
    names = ", ".join(f"{j.jid[:8]} {j.name!r}" for j in live[:5])
    raise usage_error(t("jobs.several_live", count=len(live), jobs=names))


def session_statements(ctx: CommandContext) -> dict[str, tuple[str, bool]]:
    """job id → (statement, started in this shell session), from the journal (masked) and memory (clear)."""
    known: dict[str, tuple[str, bool]] = {}
    try:
        entries = ctx.job_journal.entries()
    except OSError:
        entries = []
    session = ctx.state.session
    for e in entries:
        known[e.job_id] = (e.statement, bool(session) and e.session == session)
    return known


FAILING_STATES = frozenset({"RESTARTING", "FAILING"})


def last_exceptions(ctx: CommandContext, jobs: list[Any]) -> dict[str, str]:
    """job id → the root cause of the last failure, masked, for the jobs that are restarting or failing now."""
    from cdcshell.cluster.errors import ClusterError
    from cdcshell.redact import redact

    out: dict[str, str] = {}
    for job in jobs:
        if job.state not in FAILING_STATES:
            continue
        try:
            entries = ctx.cluster.job_exceptions(job.jid)
        except (ClusterError, AttributeError):
            continue
        if entries:
            out[job.jid] = redact(entries[0].cause)
    return out


@meta_command("jobs", usage="\\jobs [--all]", help_key="jobs.help.jobs", topic="checkpoints")
@cluster_command
def jobs_command(ctx: CommandContext, args: str) -> int:
    from cdcshell.render.jobs import JobRow, checkpoint_summary, render_jobs

    words = args.split()
    if any(w != "--all" for w in words):
        raise usage_error(t("shell.meta_usage", usage="\\jobs [--all]"))
    show_all = "--all" in words
    cluster = ctx.cluster
    jobs = cluster.jobs()
    total = len(jobs)
    statements = session_statements(ctx)
    if not show_all:
        live = [j for j in jobs if j.state in LIVE_STATES]
        rest = [j for j in jobs if j.state not in LIVE_STATES]
        jobs = live + rest[: max(0, DEFAULT_LIMIT - len(live))]
    now = now_ms()
    rows = []
    for job in jobs:
        summary = ""
        stats = config = None
        if job.state in LIVE_STATES:
            from cdcshell.cluster.errors import ClusterError

            try:
                stats = cluster.checkpoints(job.jid)
                config = cluster.checkpoint_config(job.jid)
                summary = checkpoint_summary(stats, config, now)
            except ClusterError:
                summary = "-"  # the job ended between the two calls; the state column says so
        statement, mine = statements.get(job.jid, (None, False))
        rows.append(JobRow(job, summary, statement, mine))
    failing = last_exceptions(ctx, [r.job for r in rows])
    if wants_json(ctx):
        print_json(ctx, [{**r.as_dict(), "last_exception": failing.get(r.job.jid)} for r in rows])
        return 0
    ctx.print(render_jobs(rows, now, color=ctx.color(ctx.out)))
    for job in (r.job for r in rows):
        if job.jid in failing:
            ctx.warn(t("jobs.last_exception", job=job.jid[:8], state=job.state, cause=failing[job.jid]))
    hidden = total - len(rows)
    if hidden > 0:
        ctx.print(t("jobs.more_hidden", count=hidden), err=True)
    return 0
