"""What the check before submit may find out beyond the statements it was fed, as `cdcshell lint` does: the
planner's own answer (`EXPLAIN CHANGELOG_MODE` in this shell's live gateway session), the job journal of this
gateway (which job a savepoint was taken from; which jobs still hold mysql-cdc server ids) and the JobManager
(which of those jobs still run).

Everything here is lazy: building the `Probes` costs nothing, and each source is asked only when a rule needs
it for the statement being submitted (an INSERT into an append-only sink, a recovery path, a mysql-cdc source
with a server-id). The per-keystroke toolbar never gets these probes (`IncrementalLinter.check(probes=...)` is
only called here), so typing never reaches the gateway. The REPL does not connect to the users' databases
(`allowed` stays False): that stays `cdcshell lint --connect`'s, asked for explicitly — so the binlog checks
(MY003), the only readers of `last_checkpoint_age`, do not run here and the age is not fetched.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cdcshell.engine.connection import GatewayLink
    from cdcshell.engine.services import Services
    from cdcshell.lint.planner import PlannerAnswer
    from cdcshell.lint.probes import Probes, SavepointOrigin


def submit_probes(services: Services, link: GatewayLink) -> Probes:
    """The probes for one check before submit (a new cache each time: the session and the cluster change)."""
    from cdcshell.lint.probes import Probes
    from cdcshell.lint.running_jobs import from_journal, live_job_ids

    def planner(statement: str) -> PlannerAnswer | None:
        connection = link.connection
        if not link.connected or connection is None:
            return None
        from cdcshell.lint.planner import explain_changelog

        return explain_changelog(connection.client, connection.session, statement)

    def savepoint_origin(path: str) -> SavepointOrigin | None:
        return _savepoint_origin(services, path)

    return Probes(
        allowed=False,
        planner=planner,
        savepoint_origin=savepoint_origin,
        running_jobs=from_journal(link.state.url, lambda: live_job_ids(lambda: services.cluster.jobs())),
    )


def _savepoint_origin(services: Services, path: str) -> SavepointOrigin | None:
    """The journaled job `path` was taken from: its recorded recovery path, or a path that is the job's own
    (`<dir>/<job id>/chk-N`, `savepoint-<id prefix>-…`). The statement is left out (None): the executor already
    warns when the query differs (`recovery.run.drift_for_path`); QRY003 adds what it does not say, a change of
    Flink version."""
    from cdcshell.lint.probes import SavepointOrigin

    try:
        record = services.job_journal.origin_of(path)
    except OSError:
        return None
    return SavepointOrigin(None, record.flink_version) if record is not None else None
