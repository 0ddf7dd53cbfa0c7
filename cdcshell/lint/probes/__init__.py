"""Checks that look at the databases a job will read: only when the user allows the shell to connect
(`cdcshell lint --connect`, or a `Probes(allowed=True)` from the REPL), with short timeouts, and each database
asked once per lint (results are cached by connection and table).

The drivers (psycopg, pymongo, pymysql) are optional dependencies, imported only when a probe runs; a missing driver is
reported as a probe failure with the `pip install` line, never as a traceback.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cdcshell.lint.planner import PlannerAnswer
    from cdcshell.lint.probes.kafka import BrokerConfig
    from cdcshell.lint.probes.mongodb import OplogWindow
    from cdcshell.lint.probes.mysql import MysqlFacts
    from cdcshell.lint.probes.postgres import PostgresFacts
    from cdcshell.sql.facts import TableDef


@dataclass
class ProbeFailure:
    """Why a probe could not answer (no driver, connection refused, timeout, permission)."""

    target: str
    reason: str


def first_line(e: BaseException) -> str:
    """An exception as a probe failure's reason: its first line, or its class when it says nothing."""
    text = str(e).strip()
    return text.splitlines()[0] if text else type(e).__name__


@dataclass(frozen=True)
class SavepointOrigin:
    """What the job journal knows about the job a savepoint or retained checkpoint was taken from.

    `statement` is None when the caller compares the statements itself (the REPL warns about a changed query
    before it submits, `cdcshell.recovery.run.drift_for_path`): QRY003 then only judges the Flink version."""

    statement: str | None
    flink_version: str | None


@dataclass(frozen=True)
class ServerIdClaim:
    """A server-id range a mysql-cdc source of another job holds on one MySQL server (host lower-cased)."""

    host: str
    port: str
    first: int
    last: int
    table: str


@dataclass(frozen=True)
class RunningJob:
    """A job this machine submitted to the same gateway (job journal), with the server ids its mysql-cdc sources
    hold. `running` is True when the JobManager lists it as not finished, None when the JobManager could not be
    asked (`unknown_reason` says why); jobs it reports finished, or no longer knows, are not listed at all."""

    job_id: str
    name: str | None
    server_ids: tuple[ServerIdClaim, ...]
    running: bool | None = True
    unknown_reason: str = ""


@dataclass
class Probes:
    """What the lint may find out beyond the script, and how.

    `allowed` permits connecting to databases. `oplog_window` (seconds) is a declared MongoDB oplog window, used
    instead of asking the server (it needs no connection). `max_downtime` is how long a job may be down before
    it is restarted; with the checkpoint interval it is the history a source must still have on resume.
    `mongo_client` and `postgres_connect` replace the drivers' connect functions (tests pass a mongomock
    client factory); the code that reads the answers is the same.
    """

    allowed: bool = False
    timeout: float = 3.0
    oplog_window: float | None = None
    max_downtime: float = 3600.0
    large_table_rows: int = 1_000_000
    # seconds since the job's latest completed checkpoint, when the caller knows it (journal + REST): the binlog
    # or oplog must still hold that position when the job resumes
    last_checkpoint_age: float | None = None
    # the same, found from the recovery path the job resumes from (`cdcshell lint --connect --gateway URL`: the
    # journal names the job, the JobManager its latest checkpoint): seconds since that state was taken
    recovery_age: Callable[[str], float | None] | None = None
    # the planner's answer to EXPLAIN CHANGELOG_MODE for a statement (the check before submit passes one bound to
    # the shell's gateway session). Like the journal lookups below, it is used whenever given, `allowed` or not:
    # `allowed` is about connecting to the users' databases; whoever passes these has already chosen to ask.
    planner: Callable[[str], PlannerAnswer | None] | None = None
    # what the job journal knows about the job a savepoint / retained checkpoint path was taken from
    savepoint_origin: Callable[[str], SavepointOrigin | None] | None = None
    # the jobs this machine submitted to the same gateway that still run (journal + JobManager), asked once per
    # lint and only when a rule needs them (MY001: server-id ranges across jobs); see `other_jobs()`
    running_jobs: Callable[[], Sequence[RunningJob]] | None = None
    mongo_client: Callable[[str, float], Any] | None = None
    postgres_connect: Callable[[dict[str, Any], float], Any] | None = None
    mysql_connect: Callable[[dict[str, Any], float], Any] | None = None
    _cache: dict[tuple[str, ...], Any] = field(default_factory=dict, repr=False)

    def clear(self) -> None:
        """Forget what the databases answered (the REPL calls it after the user changed something there)."""
        self._cache.clear()

    def _cached(self, key: tuple[str, ...], compute: Callable[[], Any]) -> Any:
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]

    def other_jobs(self) -> Sequence[RunningJob]:
        """The running jobs of the journal (`running_jobs`), asked at most once; empty when no one said how,
        or when asking failed (the callable reports an unreachable JobManager in the jobs it returns)."""
        if self.running_jobs is None:
            return ()
        try:
            jobs: Sequence[RunningJob] = self._cached(("jobs",), self.running_jobs)
        except Exception:  # advice only: a broken journal or client must not break the lint
            self._cache[("jobs",)] = ()
            return ()
        return jobs

    def resume_age(self, recovery_path: str | None) -> float | None:
        """How old the state a job resumes from is: `last_checkpoint_age` when the caller knows it, else what
        `recovery_age` finds for `recovery_path` (asked once per path; None when unknown)."""
        if self.last_checkpoint_age is not None:
            return self.last_checkpoint_age
        if self.recovery_age is None or not recovery_path or not recovery_path.strip():
            return None
        lookup = self.recovery_age
        path = recovery_path.strip()
        try:
            age: float | None = self._cached(("age", path), lambda: lookup(path))
        except Exception:  # advice only
            self._cache[("age", path)] = None
            return None
        return age

    def postgres(self, table: TableDef) -> PostgresFacts | ProbeFailure | None:
        if not self.allowed:
            return None
        from cdcshell.lint.probes import postgres

        params = postgres.connection_params(table)
        key = (
            "pg",
            *(str(params.get(k, "")) for k in ("host", "port", "dbname", "user")),
            *postgres.table_filter(table),
        )
        return self._cached(key, lambda: postgres.probe(table, self.timeout, self.postgres_connect))

    def postgres_table_rows(self, table: TableDef) -> int | None:
        from cdcshell.lint.probes.postgres import PostgresFacts

        facts = self.postgres(table)
        if not isinstance(facts, PostgresFacts) or not facts.tables:
            return None
        return sum(max(t.rows_estimate, 0) for t in facts.tables)

    def mysql(self, table: TableDef) -> MysqlFacts | ProbeFailure | None:
        """The binlog settings and files of the server behind a mysql-cdc table (see `probes.mysql`)."""
        if not self.allowed:
            return None
        from cdcshell.lint.probes import mysql

        params = mysql.connection_params(table)
        key = ("mysql", *(str(params.get(k, "")) for k in ("host", "port", "user")))
        return self._cached(key, lambda: mysql.probe_params(params, self.timeout, self.mysql_connect))

    def kafka_broker(
        self, table: TableDef, names: tuple[str, ...] = ("transaction.max.timeout.ms",)
    ) -> BrokerConfig | ProbeFailure | None:
        """Broker configs (by default the transaction timeout ceiling) behind a kafka table (`probes.kafka`)."""
        if not self.allowed:
            return None
        from cdcshell.lint.probes import kafka

        servers = kafka.bootstrap_servers(table)
        return self._cached(
            ("kafka", *servers, *names), lambda: kafka.broker_config(servers, names, self.timeout)
        )

    def mongodb_oplog_window(self, table: TableDef) -> OplogWindow | ProbeFailure | None:
        if not self.allowed:
            return None
        from cdcshell.lint.probes import mongodb

        uri = mongodb.connection_uri(table)
        return self._cached(("mongo", uri), lambda: mongodb.probe(uri, self.timeout, self.mongo_client))
