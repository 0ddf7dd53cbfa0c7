"""While a statement waits on its job: whether it does, following the job on the JobManager as it runs
(`cdcshell.watch`: failovers reported above the result), making sure it ends after Ctrl-C (`cancel_job`), and
giving up on a job that keeps restarting (`-f --max-restarts`). Following only informs: it never makes a
statement fail, giving up does.
"""

from __future__ import annotations

import contextlib
import logging
from typing import TYPE_CHECKING, NoReturn

from cdcshell.i18n import t

if TYPE_CHECKING:
    from cdcshell.cluster.follow import Failover
    from cdcshell.engine.connection import Connection
    from cdcshell.gateway.models import ResultPage
    from cdcshell.meta.context import CommandContext
    from cdcshell.sql.kinds import Kind
    from cdcshell.watch import StatementWatch

_log = logging.getLogger("cdcshell.shell")  # the log file masks every line (cdcshell.logging_setup)
_log.addHandler(logging.NullHandler())


class JobKeptFailing(Exception):
    """The job a statement waited on restarted more often than `--max-restarts` allows."""

    def __init__(self, failover: Failover) -> None:
        super().__init__(failover.cause)
        self.failover = failover


def waits_on_job(page: ResultPage, session_config: dict[str, str]) -> bool:
    """Whether this statement's result is read while its job runs: a query, or DML with `table.dml-sync`."""
    if page.is_query_result:
        return True
    return _dml_sync(session_config)


def _dml_sync(session_config: dict[str, str]) -> bool:
    """`table.dml-sync`: DML's operation runs as long as its job, instead of ending once the job is submitted."""
    return session_config.get("table.dml-sync", "false").strip().lower() == "true"


def hands_over_job(kind: Kind, session_config: dict[str, str]) -> bool:
    """Whether the gateway's operation for a statement of this kind ends once its job is submitted, naming the
    job: a query always; DML unless `table.dml-sync` keeps the operation running with the job (then the gateway's
    cancel interrupts Flink's wait, which cancels the job itself: `TableEnvironmentImpl.executeInternal`).
    ANALYZE TABLE runs to its end inside the operation. A Ctrl-C before the job is named waits for it only
    where it will come (`cdcshell.engine.cancel_job.job_being_started`)."""
    from cdcshell.sql.kinds import Kind, submits_job

    if kind is Kind.SELECT:
        return True
    if not submits_job(kind) or kind is Kind.ANALYZE:
        return False
    return not _dml_sync(session_config)


def watch_job(ctx: CommandContext, job_id: str, max_restarts: int | None) -> StatementWatch | None:
    """Follow the job on the JobManager while the statement waits (cdcshell.watch); None without a cluster."""
    from cdcshell.watch import StatementWatch

    try:
        return StatementWatch(ctx, job_id, max_restarts=max_restarts).start()
    except Exception as exc:  # following only informs: a statement must never fail because of it
        _log.debug("cannot follow %s: %s", job_id, exc)
        return None


def ensure_job_ends(ctx: CommandContext, job_id: str) -> None:
    """After Ctrl-C, the JobManager makes sure the job ends too (cdcshell.engine.cancel_job)."""
    from cdcshell.engine.cancel_job import ensure_job_ends as ensure

    try:
        ensure(ctx.cluster, job_id)
    except Exception as exc:  # no cluster client: the gateway's cancel is all there is
        _log.debug("cannot watch %s after Ctrl-C: %s", job_id, exc)


def give_up(
    ctx: CommandContext, connection: Connection, op: str, failover: Failover, writer: object
) -> NoReturn:
    """The job restarted more often than allowed: cancel it (gateway and JobManager) and fail the statement."""
    connection.cancel(op)
    with contextlib.suppress(Exception):
        ctx.cluster.cancel(failover.job_id)
    finish = getattr(writer, "finish", None)
    if finish is not None:
        with contextlib.suppress(Exception):
            finish(status=t("shell.canceled"))
    raise JobKeptFailing(failover)
