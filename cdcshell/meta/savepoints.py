"""`\\savepoint`, `\\stop` and `\\resume`: the way out of a job and the way back in, without losing a row.

`\\resume` is the half people get wrong by hand: the recovery key differs between Flink 1.20 and 2.x, the path
must be a checkpoint that still exists, the statement must be exactly the one that built the state, and the
key must be RESET after the resumed job is submitted — otherwise the next, unrelated INSERT of the session
tries to restore from the same savepoint too.
"""

from __future__ import annotations

import contextlib
import re
import shlex
import time
import weakref
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from cdcshell.i18n import t
from cdcshell.meta.context import CommandContext
from cdcshell.meta.jobs import cluster_command, resolve_job, usage_error
from cdcshell.meta.registry import meta_command
from cdcshell.redact import MASK

SAVEPOINT_USAGE = "\\savepoint [JOB] [DIR]"
STOP_USAGE = "\\stop JOB [--savepoint [DIR]] [--drain]"
RESUME_USAGE = "\\resume JOB|PATH"
SAVEPOINT_TIMEOUT = 600.0
STOPPED_WAIT = 60.0
# Statement kinds that submit a job: after one of them the recovery path has been used and must go.
JOB_KINDS = frozenset({"INSERT", "STATEMENT_SET", "CREATE_TABLE_AS", "EXECUTE_PLAN"})
_MASKED_OPTION = re.compile(r"""['"]([^'"]+)['"]\s*=\s*['"]?\*{6}""")

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


def _split(args: str, usage: str) -> list[str]:
    try:
        return shlex.split(args)
    except ValueError as exc:
        raise usage_error(t("jobs.bad_quotes", error=str(exc), usage=usage)) from None


# --------------------------------------------------------------------------------------------- \savepoint


@meta_command("savepoint", usage=SAVEPOINT_USAGE, help_key="jobs.help.savepoint", topic="checkpoints")
@cluster_command
def savepoint_command(ctx: CommandContext, args: str) -> int:
    words = _split(args, SAVEPOINT_USAGE)
    if len(words) > 2 or any(w.startswith("--") for w in words):
        raise usage_error(t("shell.meta_usage", usage=SAVEPOINT_USAGE))
    ref = words[0] if words and not _looks_like_path(words[0]) else None
    rest = words[1:] if ref is not None else words
    if len(rest) > 1:
        raise usage_error(t("shell.meta_usage", usage=SAVEPOINT_USAGE))
    target = rest[0] if rest else None
    job = resolve_job(ctx, ref)
    path = _savepoint(ctx, job, lambda: ctx.cluster.trigger_savepoint(job.jid, target),
                      "jobs.savepoint_triggered", "jobs.what.savepoint")
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
    words = _split(args, STOP_USAGE)
    job: str | None = None
    savepoint = drain = False
    directory: str | None = None
    i = 0
    while i < len(words):
        word = words[i]
        if word == "--savepoint":
            savepoint = True
            if i + 1 < len(words) and not words[i + 1].startswith("--") and _looks_like_path(words[i + 1]):
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
        if ctx.interactive and ctx.confirm is not None and not ctx.confirm(
                t("jobs.cancel_confirm", job=job.jid[:8], name=job.name)):
            ctx.print(t("jobs.not_canceled"), err=True)
            return 1
        cluster.cancel(job.jid)
        state = _wait_terminal(ctx, job.jid)
        ctx.info(t("jobs.canceled", job=job.jid[:8], state=state))
        return 0
    path = _savepoint(ctx, job, lambda: cluster.stop(job.jid, directory, drain=drain),
                      "jobs.stopping", "jobs.what.stop")
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


# --------------------------------------------------------------------------------------------- \resume


def _looks_like_path(text: str) -> bool:
    return "/" in text or "\\" in text


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


def own_path(jid: str, path: str) -> bool:
    return jid in path or f"savepoint-{jid[:6]}-" in path


def _journal_record(ctx: CommandContext, ref: str) -> Any:
    from cdcshell.store.job_journal import AmbiguousJobRef

    try:
        return ctx.job_journal.find(ref)
    except (OSError, AmbiguousJobRef):
        return None


def _statement_for(ctx: CommandContext, jid: str) -> tuple[str | None, list[str]]:
    """The statement that started the job, in clear → (text or None, names of masked options if any)."""
    clear = getattr(ctx, "submitted_statements", None)
    if isinstance(clear, dict) and clear.get(jid):
        return str(clear[jid]), []
    record = _journal_record(ctx, jid)
    if record is None or not record.statement:
        return None, []
    if MASK in record.statement:
        return None, sorted(set(_MASKED_OPTION.findall(record.statement))) or ["?"]
    return record.statement, []


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


def carried_settings(cfg: Any, job_name: str, session_config: dict[str, str], *, checkpoint_dir: str | None = None,
                     cluster_config: dict[str, str] | None = None) -> dict[str, str]:
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
                "DELETE_ON_CANCELLATION" if cfg.delete_on_cancellation else "RETAIN_ON_CANCELLATION")
        # without it the resumed job's checkpoints live in the JobManager's memory: it could not be resumed again
        configured = [v for k in CHECKPOINT_DIR_KEYS if (v := (cluster_config or {}).get(k))]
        if (checkpoint_dir and not any(k in session_config for k in CHECKPOINT_DIR_KEYS)
                and not any(_same_dir(checkpoint_dir, v) for v in configured)):
            wanted["execution.checkpointing.dir"] = checkpoint_dir
    return {k: v for k, v in wanted.items() if k not in session_config}


def _carry_over(ctx: CommandContext, jid: str, name: str) -> list[str]:
    """SET what `carried_settings` finds (shown, as if typed); the keys set, to RESET after the submission."""
    from cdcshell.cluster.errors import ClusterError

    cfg = stats = cluster_config = None
    with contextlib.suppress(ClusterError):
        cfg = ctx.cluster.checkpoint_config(jid)
    with contextlib.suppress(ClusterError):
        stats = ctx.cluster.checkpoints(jid)
    with contextlib.suppress(ClusterError, AttributeError):
        cluster_config = ctx.cluster.jobmanager_config()
    keys = []
    wanted = carried_settings(cfg, name, ctx.state.session_config, checkpoint_dir=checkpoint_dir_of(jid, stats),
                              cluster_config=cluster_config)
    for key, value in wanted.items():
        if _set(ctx, key, value):
            keys.append(key)
    if keys:
        ctx.info(t("jobs.resume.carried", job=jid[:8], keys=", ".join(keys)))
    return keys


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

    words = _split(args, RESUME_USAGE)
    if len(words) != 1:
        raise usage_error(t("shell.meta_usage", usage=RESUME_USAGE))
    arg = words[0]
    key = recovery_key(ctx.flink_version)
    if _looks_like_path(arg):
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
        ctx.error(t("jobs.resume.still_running", job=jid[:8], state=state),
                    hint=t("jobs.resume.stop_first", job=jid[:8]))
        return 1
    path, kind = recovery_point(ctx, jid)
    if path is None:
        ctx.error(t("jobs.resume.nothing", job=jid[:8], name=name), hint=t("jobs.resume.nothing_hint"))
        return 1
    ctx.info(t("jobs.resume.found", kind=t(f"jobs.kind.{kind}"), path=path, job=jid[:8]))
    statement, masked = _statement_for(ctx, jid)
    if not _set(ctx, key, path):
        return 1
    keys = [key, *_carry_over(ctx, jid, name)]
    if statement is None:
        arm_reset(ctx, keys)
        if masked:
            ctx.error(t("jobs.resume.masked", job=jid[:8], options=", ".join(masked)),
                        hint=t("jobs.resume.retype", key=key))
            return 1
        ctx.warn(t("jobs.resume.no_statement", job=jid[:8], key=key))
        return 0
    ctx.print(t("jobs.resume.statement", job=jid[:8]), err=True)
    ctx.print(statement, err=True)
    if ctx.interactive and ctx.confirm is not None and not ctx.confirm(t("jobs.resume.confirm")):
        arm_reset(ctx, keys)
        ctx.info(t("jobs.resume.declined", key=key))
        return 0
    outcome = ctx.run_text(statement, echo=True)
    if not outcome.ok:
        arm_reset(ctx, keys)
        ctx.info(t("jobs.resume.kept", key=key))
        return 1
    reset_keys(ctx, keys)
    if outcome.job_id:
        ctx.info(t("jobs.resume.resumed", job=outcome.job_id, old=jid[:8], path=path))
    return 0
