"""The statement-facts reader (`cdcshell.sql.facts`): one reader of SET/RESET, DDL and job statements."""

from __future__ import annotations

import pytest

from cdcshell.meta import slots as slots_mod
from cdcshell.sql.facts import (
    ObjectRef,
    ResetStmt,
    SetStmt,
    TableDef,
    object_ref,
    parse_reset,
    parse_set,
    parse_statement,
)


def test_set_offsets_point_at_key_and_value() -> None:
    text = "SET /* why */ 'a.b' = // note\n 'v'"
    s = parse_set(text)
    assert s == SetStmt("a.b", "v", text.index("'a.b'"), text.index("'v'"))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("SET", SetStmt(None, None)),
        ("SET 'k'", SetStmt("k", None, 4, 7)),
        ("SET = 'v'", None),
        ("SELECT 1", None),
        ("/* lead */ SET k = v", SetStmt("k", "v", 15, 19)),
    ],
)
def test_set_forms(text: str, expected: SetStmt | None) -> None:
    assert parse_set(text) == expected


def test_reset_forms() -> None:
    assert parse_reset("RESET;") == ResetStmt(None)
    assert parse_reset("RESET `a.b`") == ResetStmt("a.b", 6)
    assert parse_reset("RESET 'a' b") is None
    assert parse_reset("SET 'a' = 'b'") is None


def test_ddl_facts_read_past_double_slash_comments() -> None:
    text = (
        "CREATE TEMPORARY TABLE `cat`.db.`t;x` (\n"
        "  id INT, // the key\n"
        "  name STRING,\n"
        "  PRIMARY KEY (id) NOT ENFORCED\n"
        ") WITH ('connector' = 'postgres-cdc', -- 'hostname' = 'not this'\n 'hostname' = 'db')"
    )
    table = parse_statement(text)
    assert isinstance(table, TableDef)
    assert table.parts == ("cat", "db", "t;x") and table.temporary
    assert table.columns == ("id", "name") and table.primary_key == ("id",)
    assert table.connector == "postgres-cdc" and table.option("hostname") == "db"


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "CREATE TEMPORARY SYSTEM FUNCTION f AS 'x'",
            ObjectRef("FUNCTION", ("f",), temporary=True, system=True),
        ),
        ("DROP TABLE IF EXISTS `c`.d.t;", ObjectRef("TABLE", ("c", "d", "t"), if_exists=True)),
        ("CREATE OR REPLACE VIEW v AS SELECT 1", ObjectRef("VIEW", ("v",), or_replace=True)),
        ("CREATE SCHEMA IF NOT EXISTS s", ObjectRef("DATABASE", ("s",), if_exists=True)),
        ("ALTER TABLE", None),
        ("SELECT 1", None),
    ],
)
def test_object_refs(text: str, expected: ObjectRef | None) -> None:
    ref = object_ref(text)
    if expected is None:
        assert ref is None
    else:
        assert ref is not None and (
            ref.object_type,
            ref.parts,
            ref.temporary,
            ref.system,
            ref.if_exists,
            ref.or_replace,
        ) == (
            expected.object_type,
            expected.parts,
            expected.temporary,
            expected.system,
            expected.if_exists,
            expected.or_replace,
        )


def test_catalog_options_are_read() -> None:
    ref = object_ref("CREATE CATALOG mem WITH (\"type\" = 'GENERIC_IN_MEMORY')")
    assert ref is not None and ref.object_type == "CATALOG" and ref.option("type") == "GENERIC_IN_MEMORY"


def test_slots_reads_cdc_tables_with_the_facts_reader() -> None:
    ddl = (
        "CREATE TABLE IF NOT EXISTS `my cat`.db.orders /* src */ (id INT) WITH (\n"
        "  'connector' = 'postgres-cdc', // Flink line comment\n"
        "  'hostname' = 'pg', 'database-name' = 'shop', 'username' = 'u', 'slot.name' = 's1')"
    )
    [(name, options)] = slots_mod.cdc_tables(
        [ddl, "SELECT 1", "CREATE TABLE k (a INT) WITH ('connector'='kafka')"]
    )
    assert name == "my cat.db.orders"
    assert options["slot.name"] == "s1" and options["hostname"] == "pg"
