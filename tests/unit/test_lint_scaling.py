"""Issue 17: `cdcshell lint` is linear in the number of pipelines (the slot rules used to compare every table
and job with every earlier one), and the indexes behind that stay correct as tables change."""

from __future__ import annotations

import time

import pytest

from cdcshell.lint import engine
from cdcshell.lint.indexes import IndexedJobs, TableSet
from cdcshell.lint.rules import postgres
from tests.unit.test_lint_helpers import CHECKPOINTED, only


def _script(n: int, *, shared_slot: bool = False) -> str:
    out = ["SET 'execution.checkpointing.interval' = '30s';\n"]
    for i in range(n):
        slot = "shared" if shared_slot else f"slot_{i}"
        out.append(
            f"CREATE TABLE src_{i} (id INT, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'postgres-cdc', "
            f"'hostname' = 'db', 'database-name' = 'shop', 'slot.name' = '{slot}');\n"
            f"INSERT INTO dst_{i} SELECT id FROM src_{i};\n"
        )
    return "".join(out)


def _slot_key_calls(n: int, monkeypatch) -> int:
    calls = 0
    real = postgres._slot_key

    def counting(*args, **kwargs):
        nonlocal calls
        calls += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(postgres, "_slot_key", counting)
    engine.lint_script(_script(n), flink_version="1.20")
    monkeypatch.setattr(postgres, "_slot_key", real)
    return calls


def test_slot_rules_do_linear_work(monkeypatch) -> None:
    small, large = _slot_key_calls(100, monkeypatch), _slot_key_calls(400, monkeypatch)
    assert large <= 4 * small + 50, (small, large)  # quadratic would be ~16x


def test_many_pipelines_lint_in_seconds() -> None:
    started = time.perf_counter()
    result = engine.lint_script(_script(2000), flink_version="1.20")
    assert time.perf_counter() - started < 60  # generous: a loaded 2-core machine; it used to be quadratic
    assert not [f for f in result.findings if f.rule in ("PG002", "PG003")]


def test_shared_slots_are_still_found() -> None:
    result = engine.lint_script(_script(3, shared_slot=True), flink_version="1.20")
    pg002 = [f for f in result.findings if f.rule == "PG002"]
    assert len(pg002) == 2  # the second and third table share the first one's slot


def test_table_set_index_follows_changes() -> None:
    tables: TableSet[str] = TableSet()

    def first(v: str) -> str:
        return v[0]

    tables["a"] = "x1"
    tables["db.a"] = "x1"  # one table under two names counts once
    assert tables.with_key(first, "x") == ["x1"]
    tables["b"] = "x2"
    assert tables.with_key(first, "x") == ["x1", "x2"]
    tables.pop("a")
    assert tables.with_key(first, "x") == ["x1", "x2"]  # still there as db.a
    del tables["db.a"]
    assert tables.with_key(first, "x") == ["x2"]
    copy = tables.copy()
    copy["c"] = "x3"
    assert tables.with_key(first, "x") == ["x2"] and copy.with_key(first, "x") == ["x2", "x3"]
    tables["b"] = "y1"  # replaced under the same name
    assert tables.with_key(first, "x") == [] and tables.with_key(first, "y") == ["y1"]


def test_indexed_jobs_first_position() -> None:
    jobs: IndexedJobs[str] = IndexedJobs(["ab"])

    def letters(v: str) -> list[str]:
        return list(v)

    assert jobs.first_with(letters) == {"a": 0, "b": 0}
    jobs.append("bc")
    assert jobs.first_with(letters) == {"a": 0, "b": 0, "c": 1}
    assert jobs.copy().first_with(letters) == {"a": 0, "b": 0, "c": 1}


# --- the indexes give the same answers as a scan where tables are dropped, replaced and altered ---------------

TABLE = (
    "CREATE TABLE {name} (id INT, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'postgres-cdc', "
    "'hostname' = 'db', 'database-name' = 'shop', 'slot.name' = '{slot}');\n"
)
SINK = "CREATE TABLE sink (id INT) WITH ('connector' = 'blackhole');\n"


def test_a_dropped_table_no_longer_shares_its_slot() -> None:
    script = TABLE.format(name="a", slot="s") + "DROP TABLE a;\n" + TABLE.format(name="b", slot="s")
    assert not only(script, "PG002")


def test_a_replaced_or_altered_table_is_judged_by_its_new_slot() -> None:
    replaced = (
        TABLE.format(name="a", slot="s") + TABLE.format(name="a", slot="t") + TABLE.format(name="b", slot="s")
    )
    assert not only(replaced, "PG002")
    altered = (
        TABLE.format(name="a", slot="s")
        + "ALTER TABLE a SET ('slot.name' = 't');\n"
        + TABLE.format(name="b", slot="t")
    )
    found = only(altered, "PG002")
    assert [f.line for f in found] == [3]


def test_with_several_sharers_the_first_defined_is_named() -> None:
    script = "".join(TABLE.format(name=n, slot="s") for n in ("first", "second", "third"))
    found = only(script, "PG002")
    assert [f.line for f in found] == [2, 3]
    assert all("first" in f.message for f in found)


def test_pg003_names_the_earliest_job_on_the_slot() -> None:
    script = (
        CHECKPOINTED
        + SINK
        + TABLE.format(name="a", slot="s")
        + TABLE.format(name="b", slot="x")
        + "INSERT INTO sink SELECT id FROM b;\n"
        + "INSERT INTO sink SELECT id FROM a;\n"
        + "INSERT INTO sink SELECT id FROM a;\n"
    )
    found = only(script, "PG003")
    first_job_on_a = script[: script.index("INSERT INTO sink SELECT id FROM a")].count("\n") + 1
    assert len(found) == 1 and f"line {first_job_on_a}" in found[0].message


def test_slot_keys_computed_in_proportion_to_the_script(monkeypatch: pytest.MonkeyPatch) -> None:
    block = (
        "CREATE TABLE t{i} (id INT, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'postgres-cdc', "
        "'hostname' = 'db', 'database-name' = 'shop', 'slot.name' = 's{i}');\n"
        "INSERT INTO sink SELECT id FROM t{i};\n"
    )
    _grows_linearly(monkeypatch, postgres, "_slot_key", "PG002", block, 50)


def _grows_linearly(
    monkeypatch: pytest.MonkeyPatch, module: object, name: str, code: str, block: str, n: int
) -> None:
    """`module.name` (a key function of rule `code`) is called in proportion to the script: 4x the blocks of
    `block` (formatted with `{i}`) cost at most 5x the calls; a comparison with every earlier item would be ~16x."""
    calls = {"n": 0}
    real = getattr(module, name)

    def counting(*args: object) -> object:
        calls["n"] += 1
        return real(*args)

    monkeypatch.setattr(module, name, counting)

    def script(count: int) -> str:
        return CHECKPOINTED + SINK + "".join(block.format(i=i) for i in range(count))

    only(script(n), code)
    small = calls["n"]
    calls["n"] = 0
    only(script(4 * n), code)
    assert calls["n"] <= 5 * small


# --- MY001 across the jobs of a script: an index of (server, id), the earliest overlapping job named --------------

MYSQL = (
    "CREATE TABLE {name} (id INT, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'mysql-cdc', "
    "'hostname' = 'db', 'server-id' = '{ids}');\n"
)


def test_my001_names_the_earliest_overlapping_job_also_for_a_wide_range() -> None:
    script = (
        CHECKPOINTED
        + SINK
        + MYSQL.format(name="a", ids="5400-5403")
        + MYSQL.format(name="b", ids="5402-5405")
        + MYSQL.format(name="c", ids="1-100000")
        + "INSERT INTO sink SELECT id FROM a;\n"
        + "INSERT INTO sink SELECT id FROM c;\n"
        + "INSERT INTO sink SELECT id FROM b;\n"
    )
    first_job = script[: script.index("INSERT INTO sink SELECT id FROM a")].count("\n") + 1
    found = [f for f in only(script, "MY001") if "job submitted" in f.message]
    assert len(found) == 2 and all(f"line {first_job}" in f.message for f in found), [
        f.message for f in found
    ]


def test_my001_work_is_proportional_to_the_script(monkeypatch: pytest.MonkeyPatch) -> None:
    from cdcshell.lint.rules import mysql

    block = (
        "CREATE TABLE t{i} (id INT, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'mysql-cdc', "
        "'hostname' = 'db', 'server-id' = '{i}000-{i}003');\n"
        "INSERT INTO sink SELECT id FROM t{i};\n"
    )
    _grows_linearly(monkeypatch, mysql, "_id_ranges", "MY001", block, 40)


def test_plain_inserts_need_no_sqlglot_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    """QRY001/QRY002 read joins and aggregates with sqlglot (~1 ms a statement); an INSERT without JOIN, GROUP BY
    or DISTINCT has none, so the fast tokenizer answers for it and a long script of plain pipelines parses nothing."""
    from cdcshell.sql import query

    parsed: list[str] = []
    real = query.parse
    monkeypatch.setattr(query, "parse", lambda sql: parsed.append(sql) or real(sql))
    block = (
        "CREATE TABLE t{i} (id INT, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'postgres-cdc', "
        "'hostname' = 'db', 'database-name' = 'shop', 'slot.name' = 's{i}');\n"
        "INSERT INTO sink SELECT id FROM t{i};\n"
    )
    only(CHECKPOINTED + SINK + "".join(block.format(i=i) for i in range(20)), "QRY001")
    assert parsed == []
    only(
        CHECKPOINTED + SINK + block.format(i=0) + "INSERT INTO sink SELECT id FROM t0 GROUP BY id;\n",
        "QRY001",
    )
    assert len(parsed) == 1
