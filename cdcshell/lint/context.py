"""What a rule sees when it checks one statement: the statement, the configuration in force before it, the
tables defined so far, the job it submits, the catalog of the Flink version, and (when allowed) probes.

The helpers here are the shared vocabulary of the rules ("is checkpointing on?", "which key does this version
call the checkpoint directory?") so that every rule answers those questions the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cdcshell.i18n import t
from cdcshell.lint.config import EffectiveConfig, Entry
from cdcshell.lint.model import Finding, Rule, Severity
from cdcshell.lint.values import parse_duration
from cdcshell.sql.facts import JobDef, Parsed, TableDef, TableRef
from cdcshell.sql.secrets import MASK, is_secret_key, mask_secrets

if TYPE_CHECKING:
    from cdcshell.catalog.model import Catalog
    from cdcshell.lint.probes import Probes
    from cdcshell.sql.splitter import Statement

# Connector semantics the issue names; which keys exist comes from the catalog, but which connectors are change
# data capture sources (whose read position only survives in checkpoints) is knowledge about the connectors.
CDC_CONNECTORS = frozenset(
    {
        "mysql-cdc",
        "postgres-cdc",
        "mongodb-cdc",
        "oracle-cdc",
        "sqlserver-cdc",
        "db2-cdc",
        "tidb-cdc",
        "oceanbase-cdc",
        "vitess-cdc",
    }
)
KAFKA_CONNECTORS = frozenset({"kafka", "upsert-kafka"})

# Defaults of connector options the rules depend on, as the connectors' docs state them. Used only when the
# catalog does not carry the connector (an older catalog or an unknown connector version).
CONNECTOR_DEFAULTS: dict[tuple[str, str], str] = {
    ("mysql-cdc", "scan.incremental.snapshot.enabled"): "true",
    ("postgres-cdc", "scan.incremental.snapshot.enabled"): "false",
    ("mongodb-cdc", "scan.incremental.snapshot.enabled"): "false",
    ("mongodb-cdc", "heartbeat.interval.ms"): "0",
}


# The older names of the few keys the rules themselves read, used only when the catalog does not know the key
# (no catalog for this version): the rules must still see `SET 'state.checkpoints.dir'` as a checkpoint
# directory. Which keys are deprecated, renamed or removed for the CFG rules comes from the catalog alone.
RULE_KEY_ALIASES: dict[str, tuple[str, ...]] = {
    "execution.checkpointing.dir": ("state.checkpoints.dir",),
    "execution.checkpointing.storage": ("state.checkpoint-storage",),
    "execution.checkpointing.incremental": ("state.backend.incremental",),
    "execution.checkpointing.savepoint-dir": ("state.savepoints.dir",),
    "execution.state-recovery.path": ("execution.savepoint.path",),
    "state.backend.type": ("state.backend",),
}


@dataclass
class JobSource:
    """A table a job reads, resolved against the tables defined so far (None when defined elsewhere)."""

    ref: TableRef
    table: TableDef | None

    @property
    def connector(self) -> str | None:
        return self.table.connector if self.table else None

    def option(self, key: str) -> str | None:
        """The option in force for this read: a `/*+ OPTIONS */` hint wins over the table's WITH clause."""
        hint = self.ref.hints.get(key)
        if hint is not None:
            return hint.value
        return self.table.option(key) if self.table else None


@dataclass
class JobRecord:
    statement_index: int
    line: int
    sources: list[JobSource]


class TableMap(dict[str, TableDef]):
    """The tables defined so far, by every name that reaches them, with a log of how the map changed.

    Why: a rule that compares the table under check with every other table (PG002: two readers on one
    replication slot) would rescan all tables for every statement, which makes linting a script quadratic in
    its length (an 80k-statement file took hours). With the log, such a rule keeps an index in `indexes` and
    brings it up to date from the changes since its last look.
    """

    def __init__(self, *args: object, **kwargs: TableDef) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.log: list[tuple[TableDef | None, TableDef | None]] = [(None, t) for t in self.values()]
        self.indexes: dict[str, object] = {}

    def __setitem__(self, key: str, value: TableDef) -> None:
        self.log.append((self.get(key), value))
        super().__setitem__(key, value)

    def __delitem__(self, key: str) -> None:
        self.log.append((self[key], None))
        super().__delitem__(key)

    def pop(self, key: str, *default: TableDef | None) -> TableDef | None:  # type: ignore[override]
        if key in self:
            self.log.append((self[key], None))
        return super().pop(key, *default)

    def copy(self) -> TableMap:  # type: ignore[override]
        return TableMap(self)


class JobLog(list[JobRecord]):
    """The jobs submitted so far (append-only), with room for the indexes of rules that look them up by key
    instead of scanning every earlier job for every statement (see `TableMap`)."""

    def __init__(self, *args: object) -> None:
        super().__init__(*args)  # type: ignore[arg-type]
        self.indexes: dict[str, object] = {}


@dataclass
class RuleContext:
    rule: Rule
    statement: Statement
    statement_index: int
    parsed: Parsed | None
    config: EffectiveConfig
    catalog: Catalog
    version: tuple[int, int]
    tables: dict[str, TableDef]
    job: JobDef | None = None
    table_def: TableDef | None = None  # for CREATE TABLE: the table as defined (LIKE resolved)
    earlier_jobs: list[JobRecord] = field(default_factory=list)
    probes: Probes | None = None
    lang: str | None = None

    # --- findings ------------------------------------------------------------------------------------------

    def finding(
        self,
        offset: int,
        variant: str = "message",
        *,
        fix: str = "",
        severity: Severity | None = None,
        **params: object,
    ) -> Finding:
        """A finding of the current rule at `offset` in the statement; its message is `lint.<code>.<variant>`."""
        line, column = self.statement.position_of(offset)
        if any(
            isinstance(params.get(k), str) and is_secret_key(str(params[k]))
            for k in ("key", "new", "suggestion")
        ):
            for name in ("value", "winner"):
                if name in params:
                    params[name] = MASK
        fix = mask_secrets(fix) if fix else fix
        return Finding(
            rule=self.rule.code,
            severity=severity or self.rule.severity,
            line=line,
            column=column,
            message=t(f"lint.{self.rule.code}.{variant}", self.lang, **params),
            fix=fix,
            statement_index=self.statement_index,
        )

    # --- configuration -------------------------------------------------------------------------------------

    def get(self, key: str) -> Entry | None:
        """The value Flink will use for the option `key`, following the catalog's aliases."""
        entry = self.config.resolve(key, self.catalog)
        if entry is None and self.catalog.lookup(key) is None:
            for alias in RULE_KEY_ALIASES.get(key, ()):
                entry = self.config.raw(alias)
                if entry is not None:
                    break
        return entry

    def key_name(self, preferred: str, *older: str) -> str:
        """The name this version uses for an option: `preferred` when the catalog knows it, else the first of
        `older` it knows, else `preferred` (an empty catalog knows nothing, and the newest name is the best
        guess)."""
        if not self.catalog.options or preferred in self.catalog.options:
            return preferred
        for key in older:
            if key in self.catalog.options:
                return key
        for key in older:
            new = self.catalog.deprecated.get(key)
            if new:
                return new
        return preferred

    def duration(self, key: str) -> float | None:
        entry = self.get(key)
        return parse_duration(entry.value) if entry else None

    def default_duration(self, key: str) -> float | None:
        info = self.catalog.lookup(key)
        if info is None or info.default is None:
            return None
        return parse_duration(info.default.replace(" ", ""))

    def checkpoint_interval(self) -> float | None:
        """Seconds between checkpoints; None or 0 when checkpointing is off."""
        return self.duration("execution.checkpointing.interval")

    def checkpointing_on(self) -> bool:
        interval = self.checkpoint_interval()
        return interval is not None and interval > 0

    def streaming(self) -> bool:
        entry = self.get("execution.runtime-mode")
        return entry is None or entry.value.strip().lower() != "batch"

    def parallelism(self) -> int:
        entry = self.get("parallelism.default")
        try:
            return max(int(entry.value.strip()), 1) if entry else 1
        except ValueError:
            return 1

    # --- tables --------------------------------------------------------------------------------------------

    def lookup_table(self, parts: tuple[str, ...]) -> TableDef | None:
        return lookup_table(self.tables, parts)

    def job_sources(self) -> list[JobSource]:
        if self.job is None:
            return []
        return [JobSource(ref, self.lookup_table(ref.parts)) for ref in self.job.sources]

    def job_sinks(self) -> list[JobSource]:
        if self.job is None:
            return []
        return [JobSource(ref, self.lookup_table(ref.parts)) for ref in self.job.sinks]


def connector_option(
    table: TableDef | None, key: str, catalog: Catalog, source: JobSource | None = None
) -> str | None:
    """An option of a connector table as the connector will see it: the hint, the WITH clause, or the
    connector's default (from the catalog when it has the connector)."""
    value = source.option(key) if source is not None else table.option(key) if table else None
    if value is not None or table is None:
        return value
    connector = table.connector or ""
    info = catalog.connectors.get(connector)
    if info is not None and key in info.options and info.options[key].default is not None:
        return info.options[key].default
    return CONNECTOR_DEFAULTS.get((connector, key))


def table_keys(parts: tuple[str, ...]) -> list[str]:
    """The names a table can be found under: as written, and by its last part."""
    keys = [".".join(parts)]
    if len(parts) > 1:
        keys.append(parts[-1])
    return keys


def lookup_table(tables: dict[str, TableDef], parts: tuple[str, ...]) -> TableDef | None:
    for key in table_keys(parts):
        table = tables.get(key)
        if table is not None:
            return table
    return None
