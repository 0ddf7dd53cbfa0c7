"""Linting a long script stays linear: the slot rules (PG002, PG003) look tables and jobs up in indexes that
follow the engine's table map and job log, instead of rescanning every earlier statement. These tests pin that
the indexes give the same answers as a scan where tables are dropped, replaced and altered, and that a long
script is checked with a number of slot-key computations proportional to its length."""

from __future__ import annotations

import pytest

from cdcshell.lint.rules import postgres
from tests.unit.test_lint_helpers import CHECKPOINTED, only

TABLE = (
    "CREATE TABLE {name} (id INT, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'postgres-cdc', "
    "'hostname' = 'db', 'database-name' = 'shop', 'slot.name' = '{slot}');\n"
)
SINK = "CREATE TABLE sink (id INT) WITH ('connector' = 'blackhole');\n"


def test_a_dropped_table_no_longer_shares_its_slot() -> None:
    script = TABLE.format(name="a", slot="s") + "DROP TABLE a;\n" + TABLE.format(name="b", slot="s")
    assert not only(script, "PG002")


def test_a_replaced_or_altered_table_is_judged_by_its_new_slot() -> None:
    replaced = TABLE.format(name="a", slot="s") + TABLE.format(name="a", slot="t") + TABLE.format(name="b", slot="s")
    assert not only(replaced, "PG002")
    altered = TABLE.format(name="a", slot="s") + "ALTER TABLE a SET ('slot.name' = 't');\n" + TABLE.format(
        name="b", slot="t")
    found = only(altered, "PG002")
    assert [f.line for f in found] == [3]


def test_with_several_sharers_the_first_defined_is_named() -> None:
    script = "".join(TABLE.format(name=n, slot="s") for n in ("first", "second", "third"))
    found = only(script, "PG002")
    assert [f.line for f in found] == [2, 3]
    assert all("first" in f.message for f in found)


def test_pg003_names_the_earliest_job_on_the_slot() -> None:
    script = (CHECKPOINTED + SINK + TABLE.format(name="a", slot="s") + TABLE.format(name="b", slot="x")
              + "INSERT INTO sink SELECT id FROM b;\n" + "INSERT INTO sink SELECT id FROM a;\n"
              + "INSERT INTO sink SELECT id FROM a;\n")
    found = only(script, "PG003")
    first_job_on_a = script[: script.index("INSERT INTO sink SELECT id FROM a")].count("\n") + 1
    assert len(found) == 1 and f"line {first_job_on_a}" in found[0].message


@pytest.mark.parametrize("blocks", [50])
def test_slot_keys_computed_in_proportion_to_the_script(blocks: int, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = {"n": 0}
    real = postgres._slot_key

    def counting(*args: object) -> object:
        calls["n"] += 1
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(postgres, "_slot_key", counting)

    def script(n: int) -> str:
        return CHECKPOINTED + SINK + "".join(
            TABLE.format(name=f"t{i}", slot=f"s{i}") + f"INSERT INTO sink SELECT id FROM t{i};\n" for i in range(n))

    only(script(blocks), "PG002")
    small = calls["n"]
    calls["n"] = 0
    only(script(4 * blocks), "PG002")
    assert calls["n"] <= 5 * small  # a scan of every earlier table would be ~16x
