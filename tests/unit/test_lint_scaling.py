"""Issue 17: `cdcshell lint` is linear in the number of pipelines (the slot rules used to compare every table
and job with every earlier one), and the indexes behind that stay correct as tables change."""

from __future__ import annotations

import time

from cdcshell.lint import engine
from cdcshell.lint.indexes import IndexedJobs, TableSet
from cdcshell.lint.rules import postgres


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
