"""CON: the WITH options of a connector table, checked against the options the connector's jar declares (from
the catalog): an option the connector does not have fails the job at planning time, and so does a value that
does not parse for the option's type. This is also where a heartbeat key of the wrong connector is caught:
mysql-cdc has `heartbeat.interval` (a duration), postgres-cdc `heartbeat.interval.ms` (a duration despite its
name), mongodb-cdc `heartbeat.interval.ms` (milliseconds, an integer)."""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterable, Mapping

from cdcshell.catalog.model import ConnectorInfo, OptionInfo
from cdcshell.lint.context import RuleContext
from cdcshell.lint.model import Finding
from cdcshell.lint.registry import rule
from cdcshell.lint.values import check_value
from cdcshell.sql.facts import TableDef

# Option prefixes passed through to the client library rather than declared by the connector.
_PASS_THROUGH = {
    "mysql-cdc": ("debezium.", "jdbc.properties."),
    "postgres-cdc": ("debezium.",),
    "mongodb-cdc": ("debezium.",),
    "kafka": ("properties.",),
    "upsert-kafka": ("properties.",),
}
_FORMAT_KEYS = ("format", "key.format", "value.format")
# Options Flink itself consumes for every connector before the factory validates the rest
# (FactoryUtil.TableFactoryHelper: PROPERTY_VERSION, and the watermarkOptionSet of a scan source).
COMMON_OPTIONS = frozenset(
    {
        "property-version",
        "scan.watermark.emit.strategy",
        "scan.watermark.alignment.group",
        "scan.watermark.alignment.max-drift",
        "scan.watermark.alignment.update-interval",
        "scan.watermark.idle-timeout",
    }
)


@functools.lru_cache(maxsize=64)
def _templates(keys: frozenset[str]) -> tuple[tuple[re.Pattern[str], str], ...]:
    """Options declared with a `#` placeholder (datagen's `fields.#.kind`): `#` stands for one name segment."""
    return tuple(
        (re.compile("^" + re.escape(k).replace("\\#", "[^.]+") + "$"), k) for k in sorted(keys) if "#" in k
    )


def lookup_option(options: Mapping[str, OptionInfo], key: str) -> OptionInfo | None:
    """The declared option for `key`, exactly or through a `#` template."""
    found = options.get(key)
    if found is not None:
        return found
    for pattern, template in _templates(frozenset(options)):
        if pattern.match(key):
            return options[template]
    return None


def alter_set(table: TableDef, key: str, value: str) -> str:
    v = value.replace("'", "''")
    return f"ALTER TABLE {quoted_name(table)} SET ('{key}' = '{v}');"


def alter_reset(table: TableDef, key: str) -> str:
    return f"ALTER TABLE {quoted_name(table)} RESET ('{key}');"


def quoted_name(table: TableDef) -> str:
    return ".".join(
        p if p.replace("_", "").isalnum() and not p[:1].isdigit() else f"`{p}`" for p in table.parts
    )


def _skippable(table: TableDef, key: str) -> bool:
    connector = table.connector or ""
    if key == "connector" or key in COMMON_OPTIONS or key.startswith(_PASS_THROUGH.get(connector, ())):
        return True
    for fk in _FORMAT_KEYS:
        fmt = table.option(fk)
        if fmt:
            prefix = fk[: -len("format")]  # "", "key.", "value."
            if key.startswith(f"{prefix}{fmt.strip()}."):
                return True
    return False


def _table_and_connector(ctx: RuleContext) -> tuple[TableDef, ConnectorInfo] | None:
    """The table being created and what the catalog knows of its connector; None when either is unknown."""
    table = ctx.table_def
    if table is None or table.connector is None:
        return None
    info = ctx.catalog.connectors.get(table.connector)
    return None if info is None else (table, info)


@rule(
    "CON001",
    "unknown-connector-option",
    severity="error",
    scope="table",
    bad="""
CREATE TABLE orders (id INT) WITH ('connector' = 'mysql-cdc', 'heartbeat.interval.ms' = '30000');
""",
    good="""
CREATE TABLE orders (id INT) WITH ('connector' = 'mysql-cdc', 'heartbeat.interval' = '30s');
""",
)
def unknown_option(ctx: RuleContext) -> Iterable[Finding]:
    found = _table_and_connector(ctx)
    if found is None:
        return
    table, info = found
    known = set(info.options)
    for key, opt in table.options.items():
        if lookup_option(info.options, key) is not None or _skippable(table, key):
            continue
        match = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.7)
        if match:
            yield ctx.finding(
                opt.key_offset,
                "message.suggest",
                fix=alter_reset(table, key) + " " + alter_set(table, match[0], opt.value),
                key=key,
                connector=table.connector,
                suggestion=match[0],
            )
        else:
            yield ctx.finding(opt.key_offset, fix=alter_reset(table, key), key=key, connector=table.connector)


@rule(
    "CON002",
    "bad-connector-option-value",
    severity="error",
    scope="table",
    bad="""
CREATE TABLE products (_id STRING) WITH ('connector' = 'mongodb-cdc', 'heartbeat.interval.ms' = '30s');
""",
    good="""
CREATE TABLE products (_id STRING) WITH ('connector' = 'mongodb-cdc', 'heartbeat.interval.ms' = '30000');
""",
)
def bad_option_value(ctx: RuleContext) -> Iterable[Finding]:
    found = _table_and_connector(ctx)
    if found is None:
        return
    table, info = found
    for key, opt in table.options.items():
        option = lookup_option(info.options, key)
        if option is None:
            continue
        formats = check_value(option.type, opt.value, option.enum_values)
        if formats is None:
            continue
        fix = (
            alter_set(
                table, key, option.default.replace(" ", "") if option.type == "Duration" else option.default
            )
            if option.default
            else ""
        )
        yield ctx.finding(
            opt.value_offset,
            fix=fix,
            key=key,
            value=opt.value,
            connector=table.connector,
            type=option.type,
            formats=formats,
        )
