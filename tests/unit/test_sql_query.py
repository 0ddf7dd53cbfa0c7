"""Query-level facts with the Flink-flavoured sqlglot dialect, with and without sqlglot's compiled tokenizer,
and the planner's `EXPLAIN CHANGELOG_MODE` answer (captured shape of Flink 1.20.3's plan text)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from cdcshell.sql.query import changelog_modes, query_facts, sink_receives_updates

CASES = {
    "temporal": "INSERT INTO s SELECT a.id, COUNT(*) FROM `orders` a JOIN c FOR SYSTEM_TIME AS OF a.pt AS d "
    "ON a.id = d.id GROUP BY a.id",
    "window": "INSERT INTO s SELECT window_start, COUNT(*) FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(ts), "
    "INTERVAL '1' MINUTES)) GROUP BY window_start, window_end",
    "hint": "INSERT INTO s SELECT * FROM o /*+ OPTIONS('a' = 'b') */ JOIN p ON o.id = p.id",
    "interval": "INSERT INTO s SELECT * FROM o JOIN p ON o.id = p.id AND o.ts BETWEEN p.ts - INTERVAL '1' HOUR AND p.ts",
}


def test_query_facts() -> None:
    t = query_facts(CASES["temporal"])
    assert t is not None and t.sinks == ["s"] and t.sources == ["orders", "c"]
    assert [j.kind for j in t.joins] == ["temporal"] and t.aggregates
    w = query_facts(CASES["window"])
    assert w is not None and w.windows == ["TUMBLE"] and not w.aggregates and w.sources == ["orders"]
    h = query_facts(CASES["hint"])
    assert h is not None and [j.kind for j in h.regular_joins] == ["regular"] and h.sources == ["o", "p"]
    i = query_facts(CASES["interval"])
    assert i is not None and [j.kind for j in i.joins] == ["interval"]
    assert query_facts("INSERT INTO (((") is None


@pytest.mark.parametrize("rs", ["0", "1"])
def test_same_facts_with_and_without_the_compiled_tokenizer(rs: str) -> None:
    code = (
        "import json; from cdcshell.sql.query import query_facts; from tests.unit.test_sql_query import CASES;"
        "print(json.dumps({k: repr(query_facts(v)) for k, v in CASES.items()}))"
    )
    env = dict(os.environ, SQLGLOTRS_TOKENIZER=rs)
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == {k: repr(query_facts(v)) for k, v in CASES.items()}


# The plan text's shape as Flink 1.20.3 prints it for `EXPLAIN CHANGELOG_MODE INSERT INTO ... GROUP BY ...`.
PLAN = """== Optimized Physical Plan ==
Sink(table=[default_catalog.default_database.sink], fields=[id, EXPR$1], changelogMode=[NONE])
+- GroupAggregate(groupBy=[id], select=[id, COUNT(*) AS EXPR$1], changelogMode=[I,UB,UA])
   +- Exchange(distribution=[hash[id]], changelogMode=[I])
      +- TableSourceScan(table=[[default_catalog, default_database, src]], fields=[id], changelogMode=[I])
"""


def test_changelog_modes_from_the_planner() -> None:
    modes = changelog_modes(PLAN)
    assert ("GroupAggregate", frozenset({"I", "UB", "UA"})) in modes
    assert ("TableSourceScan", frozenset({"I"})) in modes
    assert sink_receives_updates(PLAN.replace("changelogMode=[NONE]", "changelogMode=[I,UB,UA]")) is True
    assert sink_receives_updates("no plan") is None
