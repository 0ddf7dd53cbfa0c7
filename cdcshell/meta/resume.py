"""`\\resume JOB|NAME|PATH`: the way back into a stopped job, without losing a row.

It is the half people get wrong by hand: the recovery key differs between Flink 1.20 and 2.x, the path must be
a checkpoint that still exists, the statement must be exactly the one that built the state, and the key must be
RESET after the resumed job is submitted — otherwise the next, unrelated INSERT of the session tries to restore
from the same savepoint too. The plan, its secrets and the run that undoes itself are `cdcshell/recovery/`'s;
this module finds the recovery point and the settings to carry, and drives the plan.
"""

from __future__ import annotations

import contextlib
import weakref
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from cdcshell.i18n import t
from cdcshell.meta.context import CommandContext
from cdcshell.meta.jobs import cluster_command, looks_like_path, resolve_job, split_args, usage_error
from cdcshell.meta.registry import meta_command
from cdcshell.store.job_journal import own_path

RESUME_USAGE = "\\resume JOB|NAME|PATH"
# Statement kinds that submit a job: after one of them the recovery path has been used and must go.
JOB_KINDS = frozenset({"INSERT", "STATEMENT_SET", "CREATE_TABLE_AS", "EXECUTE_PLAN"})

_reset_listeners: weakref.WeakKeyDictionary[Any, Any] = weakref.WeakKeyDictionary()


def recovery_key(flink_version: str | None) -> str:
    """The recovery-path key that is current for this Flink version, as the version's own catalog says.

    The catalogs are generated from the real jars: 1.20 already treats `execution.savepoint.path` as a
    deprecated alias of `execution.state-recovery.path`, so using the new key on 1.20 and 2.x alike keeps the
    shell's own risk checks quiet. Without a catalog, the key is chosen by major version.
    """
    new_key = "execution.state-recovery.path"
    try:
        from cdcshell.catalog import load_catalog

        if new_key in load_catalog(flink_version).options:
            return new_key
    except Exception:  # no catalog for this version: fall back to what each major version documents
        pass
    try:
        major = int(str(flink_version or "1").split(".")[0])
    except ValueError:
        major = 1
    return new_key if major >= 2 else "execution.savepoint.path"


def _quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _is_gone(path: str, cluster_url: str) -> bool:
    """A `file:` checkpoint of a JobManager on this machine whose directory is no longer there."""
    host = urlsplit(cluster_url).hostname or ""
    parts = urlsplit(path)
    if parts.scheme not in ("file", "") or host not in ("127.0.0.1", "localhost", "::1"):
        return False
    return not Path(unquote(parts.path)).exists()


def recovery_point(ctx: CommandContext, jid: str) -> tuple[str | None, str]:
    """The newest retained checkpoint or savepoint of a job → (path or None, "savepoint"|"checkpoint")."""
    from cdcshell.cluster.errors import ClusterError

    try:
        stats = ctx.cluster.checkpoints(jid)
    except ClusterError:
        stats = None
    candidates = []
    if stats is not None:
        for cp in [stats.latest_savepoint, stats.latest_completed, *stats.history]:
            if cp is None or cp.status != "COMPLETED" or cp.discarded:
                continue
            path = cp.addressable_path
            if path and not _is_gone(path, ctx.cluster.base_url):
                candidates.append((cp.id, path, "savepoint" if cp.is_savepoint else "checkpoint"))
    if candidates:
        _, path, kind = max(candidates)
        return path, kind
    # The JobManager forgot the job (it restarted): what `\\stop`/`\\savepoint` noted in the journal. The journal's
    # path may also be the one the job was itself restored *from* — that belongs to an older job and would lose
    # everything since, so only a path that names this job counts (`savepoint-<id[:6]>-…`, `…/<id>/chk-N`).
    record = _journal_record(ctx, jid)
    path = record.recovery_path if record is not None else None
    if path and own_path(jid, path) and not _is_gone(path, ctx.cluster.base_url):
        return path, "checkpoint" if "/chk-" in path else "savepoint"
    return None, ""


def _journal_record(ctx: CommandContext, ref: str) -> Any:
    from cdcshell.store.job_journal import AmbiguousJobRef

    try:
        return ctx.job_journal.find(ref)
    except (OSError, AmbiguousJobRef):
        return None


def _set(ctx: CommandContext, key: str, value: str) -> bool:
    outcome = ctx.run_text(f"SET {_quote(key)} = {_quote(value)}", echo=True)
    return bool(outcome.ok)


CHECKPOINT_DIR_KEYS = ("execution.checkpointing.dir", "state.checkpoints.dir")


def checkpoint_dir_of(jid: str, stats: Any) -> str | None:
    """Where the job wrote its checkpoints, read off a checkpoint's path (`<dir>/<job id>/chk-N`)."""

    for cp in [getattr(stats, "latest_completed", None), *(getattr(stats, "history", None) or [])]:
        path = cp.addressable_path if cp is not None else None
        marker = f"/{jid}/chk-"
        if path and marker in path:
            return path[: path.index(marker)]
    return None


def _same_dir(a: str, b: str) -> bool:
    def norm(p: str) -> tuple[str, str]:
        parts = urlsplit(p)
        return (parts.scheme or "file", parts.netloc + parts.path.rstrip("/"))

    return norm(a) == norm(b)


def carried_settings(
    cfg: Any,
    job_name: str,
    session_config: dict[str, str],
    *,
    checkpoint_dir: str | None = None,
    cluster_config: dict[str, str] | None = None,
) -> dict[str, str]:
    """The settings of the original job that a resumed one must share and the session does not set itself.

    A job resumed from a new shell would otherwise run without checkpointing (nothing in the journaled INSERT
    says "every 2 s"), and a CDC job without checkpoints never advances its slot. The name is carried so that
    the resumed job is found by the same name.
    """
    wanted: dict[str, str] = {}
    if job_name and not job_name.startswith("insert-into_"):
        wanted["pipeline.name"] = job_name
    if cfg is not None and cfg.enabled:
        wanted["execution.checkpointing.interval"] = f"{cfg.interval}ms"
        if cfg.mode in ("EXACTLY_ONCE", "AT_LEAST_ONCE"):
            wanted["execution.checkpointing.mode"] = cfg.mode
        if cfg.timeout:
            wanted["execution.checkpointing.timeout"] = f"{cfg.timeout}ms"
        if cfg.externalization_enabled:
            wanted["execution.checkpointing.externalized-checkpoint-retention"] = (
                "DELETE_ON_CANCELLATION" if cfg.delete_on_cancellation else "RETAIN_ON_CANCELLATION"
            )
        # without it the resumed job's checkpoints live in the JobManager's memory: it could not be resumed again
        configured = [v for k in CHECKPOINT_DIR_KEYS if (v := (cluster_config or {}).get(k))]
        if (
            checkpoint_dir
            and not any(k in session_config for k in CHECKPOINT_DIR_KEYS)
            and not any(_same_dir(checkpoint_dir, v) for v in configured)
        ):
            wanted["execution.checkpointing.dir"] = checkpoint_dir
    return {k: v for k, v in wanted.items() if k not in session_config}


def reset_keys(ctx: CommandContext, keys: list[str]) -> None:
    """RESET what `\\resume` set, once the resumed job is submitted: later jobs of the session start fresh."""
    _reset_listeners.pop(ctx, None)
    # a new list, not an edit in place: this may run inside the shell's loop over its listeners
    ctx.listeners = [fn for fn in ctx.listeners if not getattr(fn, "_cdcshell_recovery_reset", False)]
    done = []
    for key in keys:
        if key in ctx.state.session_config:
            ctx.run_text(f"RESET {_quote(key)}", echo=True)
            done.append(key)
    if done:
        ctx.info(t("jobs.resume.reset", key=", ".join(done)))


def arm_reset(ctx: CommandContext, keys: list[str]) -> None:
    """Reset the recovery path (and what came with it) after the next job the user submits, so that only that
    job restores from it."""
    previous = _reset_listeners.get(ctx)
    if previous is not None:
        keys = sorted(set(keys) | set(previous._cdcshell_keys))

    def listener(kind: str, statement: str) -> None:
        if kind in JOB_KINDS:
            reset_keys(ctx, keys)

    listener._cdcshell_recovery_reset = True  # type: ignore[attr-defined]
    listener._cdcshell_keys = keys  # type: ignore[attr-defined]
    _reset_listeners[ctx] = listener
    # a new list, so that a statement's listener loop that is running right now is not disturbed
    ctx.listeners = [fn for fn in ctx.listeners if fn is not previous] + [listener]


@meta_command("resume", usage=RESUME_USAGE, help_key="jobs.help.resume", topic="checkpoints")
@cluster_command
def resume_command(ctx: CommandContext, args: str) -> int:
    from cdcshell.cluster.errors import ClusterUnreachable, JobNotFound

    words = split_args(args, RESUME_USAGE)
    if len(words) != 1:
        raise usage_error(t("shell.meta_usage", usage=RESUME_USAGE))
    arg = words[0]
    key = recovery_key(ctx.flink_version)
    if looks_like_path(arg):
        if not _set(ctx, key, arg):
            return 1
        arm_reset(ctx, [key])
        ctx.info(t("jobs.resume.path_set", key=key, path=arg))
        return 0

    try:
        job = resolve_job(ctx, arg)
        jid, name, state = job.jid, job.name, job.state
    except JobNotFound:
        record = _journal_record(ctx, arg)  # the JobManager forgot it (restarted): the journal may not have
        if record is None:
            raise
        jid, name, state = record.job_id, record.job_name or "", "?"
    except ClusterUnreachable:
        raise
    if state not in ("?", "FINISHED", "CANCELED", "FAILED", "SUSPENDED"):
        ctx.error(
            t("jobs.resume.still_running", job=jid[:8], state=state),
            hint=t("jobs.resume.stop_first", job=jid[:8]),
        )
        return 1
    path, kind = recovery_point(ctx, jid)
    if path is None:
        ctx.error(t("jobs.resume.nothing", job=jid[:8], name=name), hint=t("jobs.resume.nothing_hint"))
        return 1
    ctx.info(t("jobs.resume.found", kind=t(f"jobs.kind.{kind}"), path=path, job=jid[:8]))
    return _resubmit(ctx, jid, name, key, path)


def _carried(ctx: CommandContext, jid: str, name: str) -> dict[str, str]:
    """`carried_settings` for a job, as the JobManager still knows it (nothing when it forgot the job)."""
    from cdcshell.cluster.errors import ClusterError

    cfg = stats = cluster_config = None
    with contextlib.suppress(ClusterError):
        cfg = ctx.cluster.checkpoint_config(jid)
    with contextlib.suppress(ClusterError):
        stats = ctx.cluster.checkpoints(jid)
    with contextlib.suppress(ClusterError, AttributeError):
        cluster_config = ctx.cluster.jobmanager_config()
    return carried_settings(
        cfg,
        name,
        ctx.state.session_config,
        checkpoint_dir=checkpoint_dir_of(jid, stats),
        cluster_config=cluster_config,
    )


def _resubmit(ctx: CommandContext, jid: str, name: str, key: str, path: str) -> int:
    """Plan, show, collect secrets, ask once, then run so that a declined or failed resume leaves the session as
    it was (cdcshell.recovery)."""
    from cdcshell.recovery.plan import plan_from_record
    from cdcshell.recovery.run import collect_secrets, needed_setup, run_plan, session_objects, show_plan

    record = _journal_record(ctx, jid)
    clear = ctx.submitted_statements.get(jid)
    if record is None and not clear:
        # Nothing says which statement started it: the next job the user submits restores from the path.
        if not _set(ctx, key, path):
            return 1
        arm_reset(ctx, [key])
        ctx.warn(t("jobs.resume.no_statement", job=jid[:8], key=key))
        return 0
    plan = plan_from_record(
        record if record is not None else _Stub(jid, name),
        recovery_key=key,
        recovery_path=path,
        statement=clear or None,
        carried=_carried(ctx, jid, name),
    )
    if not plan.job_name:
        plan.job_name = name
    plan.setup = needed_setup(plan, session_objects(ctx))
    show_plan(ctx, plan)
    values = collect_secrets(ctx, plan)
    if values is None:
        return 0 if ctx.interactive else 1
    if ctx.interactive and ctx.confirm is not None and not ctx.confirm(t("jobs.resume.confirm")):
        ctx.info(t("recovery.declined"))
        return 0
    outcome = run_plan(ctx, plan.fill(values))
    if not outcome.ok:
        ctx.info(t("recovery.failed_clean"))
        return 1
    if outcome.job_id:
        ctx.info(t("jobs.resume.resumed", job=outcome.job_id, old=jid[:8], path=path))
    return 0


class _Stub:
    """A journal record for a job this shell submitted but could not journal (the statement is in memory)."""

    def __init__(self, jid: str, name: str) -> None:
        self.job_id = jid
        self.job_name = name
