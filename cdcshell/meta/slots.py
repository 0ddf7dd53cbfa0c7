"""`\\slots`: the PostgreSQL replication slots behind the session's postgres-cdc tables, and the WAL they hold.

A slot outlives the Flink job that created it. While no job reads it, PostgreSQL keeps every WAL segment since
the slot's restart point, and the disk fills up — the most common way a CDC experiment takes a database down.
The shell only connects when asked (this command), with the credentials the session's CREATE TABLE already
holds, and reads nothing but `pg_replication_slots`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cdcshell.i18n import t
from cdcshell.meta.context import CommandContext
from cdcshell.meta.jobs import print_json, usage_error, wants_json
from cdcshell.meta.registry import meta_command
from cdcshell.pg import PgTarget

SLOTS_USAGE = "\\slots [DSN]"
DEFAULT_PORT = "5432"
CONNECT_TIMEOUT = 5
SLOTS_SQL = (
    "SELECT slot_name, plugin, database, active, "
    "pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::bigint AS retained_bytes, wal_status "
    "FROM pg_replication_slots WHERE slot_type = 'logical' ORDER BY slot_name"
)


@dataclass
class Target:
    """One PostgreSQL database some session tables read from, with the slots they name."""

    host: str
    port: str
    database: str
    user: str
    password: str = field(repr=False, default="")
    tables: dict[str, str] = field(default_factory=dict)  # table → slot name

    @property
    def label(self) -> str:
        return f"{self.host}:{self.port}/{self.database}"

    def pg(self) -> PgTarget:
        port = int(self.port) if self.port.isdigit() else int(DEFAULT_PORT)
        return PgTarget(self.host, port, self.database, self.user, self.password)

    def dsn(self) -> str:
        return self.pg().dsn()


def cdc_tables(statements: list[str]) -> list[tuple[str, dict[str, str]]]:
    """(table name, WITH options) of every `'connector' = 'postgres-cdc'` table among the statements."""
    from cdcshell.sql.facts import TableDef, parse_statement

    found = []
    for text in statements:
        table = parse_statement(text)
        if not isinstance(table, TableDef):
            continue
        options = {key.lower(): option.value for key, option in table.options.items()}
        if options.get("connector", "").lower() == "postgres-cdc":
            found.append((table.name, options))
    return found


def targets_from(statements: list[str]) -> list[Target]:
    targets: dict[tuple[str, str, str, str], Target] = {}
    for table, opts in cdc_tables(statements):
        host = opts.get("hostname", "")
        if not host:
            continue
        key = (host, opts.get("port", DEFAULT_PORT), opts.get("database-name", ""), opts.get("username", ""))
        target = targets.setdefault(key, Target(*key, password=opts.get("password", "")))
        target.tables[table] = opts.get("slot.name", "")
    return list(targets.values())


def target_from_dsn(dsn: str) -> Target:
    from urllib.parse import unquote, urlsplit

    parts = urlsplit(dsn)
    if parts.scheme not in ("postgresql", "postgres") or not parts.hostname:
        raise usage_error(t("jobs.slots.bad_dsn", dsn=_masked(dsn)))
    return Target(
        parts.hostname,
        str(parts.port or DEFAULT_PORT),
        unquote(parts.path.lstrip("/")),
        unquote(parts.username or ""),
        unquote(parts.password or ""),
    )


def _masked(dsn: str) -> str:
    from cdcshell.redact import redact_url

    return redact_url(dsn)


def read_slots(target: Target) -> list[tuple[Any, ...]]:
    from cdcshell.pg import connect

    with connect(target.pg(), timeout=CONNECT_TIMEOUT) as conn:
        return list(conn.execute(SLOTS_SQL).fetchall())


@meta_command("slots", usage=SLOTS_USAGE, help_key="jobs.help.slots", topic="checkpoints")
def slots_command(ctx: CommandContext, args: str) -> int:
    from cdcshell.pg import ReplicationSlot, error_line
    from cdcshell.render.slots import render_slots

    words = args.split()
    if len(words) > 1:
        raise usage_error(t("shell.meta_usage", usage=SLOTS_USAGE))
    if words:
        targets = [target_from_dsn(words[0])]
    else:
        targets = targets_from(list(ctx.state_journal.replay_statements()))
        if not targets:
            ctx.error(t("jobs.slots.no_tables"), hint=t("jobs.slots.no_tables_hint"))
            return 1
    try:
        import psycopg  # noqa: F401 - only to know whether the driver is there
    except ImportError:
        ctx.error(t("jobs.slots.no_driver"), hint=t("jobs.slots.no_driver_hint", sql=SLOTS_SQL))
        return 1
    rows: list[ReplicationSlot] = []
    failed = 0
    for target in targets:
        if (
            ctx.interactive
            and ctx.confirm is not None
            and not ctx.confirm(t("jobs.slots.confirm", target=target.label, user=target.user))
        ):
            continue
        try:
            found = read_slots(target)
        except Exception as exc:  # psycopg's errors: one line, the password never in it
            ctx.error(t("jobs.slots.connect_failed", target=target.label, reason=_masked(error_line(exc))))
            failed += 1
            continue
        for name, plugin, database, active, retained, wal_status in found:
            used_by = tuple(sorted(tbl for tbl, slot in target.tables.items() if slot == name))
            rows.append(
                ReplicationSlot(
                    f"{target.host}:{target.port}/{database}",
                    str(name),
                    plugin,
                    bool(active),
                    int(retained) if retained is not None else None,
                    wal_status,
                    used_by,
                )
            )
        missing = [tbl for tbl, slot in target.tables.items() if slot and slot not in {r[0] for r in found}]
        for tbl in missing:
            ctx.info(t("jobs.slots.not_created", table=tbl, slot=target.tables[tbl]))
    if wants_json(ctx):
        print_json(ctx, [r.as_dict() for r in rows])
    else:
        ctx.print(render_slots(rows, color=ctx.color(ctx.out)))
    return 1 if failed and not rows else 0
