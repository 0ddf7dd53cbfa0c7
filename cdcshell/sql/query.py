"""Query-level facts of a Flink SQL statement, read with sqlglot: the source and sink tables of an INSERT, the
kind of each join (regular, interval, temporal, lookup), non-windowed aggregations and window functions.

Only `cdcshell lint` and the pre-submit check use it; the per-keystroke paths keep their fast scanner (importing
sqlglot costs tens of milliseconds). sqlglot's compiled tokenizer (`sqlglotrs`, the `sqlglot[rs]` extra) is used
when installed and the pure-Python one otherwise; both give the same facts.

When connected, the planner has the last word: `changelog_modes()` reads the answer of
`EXPLAIN CHANGELOG_MODE <statement>` from the gateway, which says what each operator really emits.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    import sqlglot.expressions as exp

JoinKind = Literal["regular", "interval", "temporal", "lookup"]

# `TABLE t` as a table-function argument (TUMBLE/HOP/CUMULATE/SESSION): Flink syntax no sqlglot dialect has.
_TABLE_ARG = re.compile(r"(?i)(?<=[(,])\s*TABLE\s+(?=[`\w])")
_WINDOW_FUNCS = frozenset({"TUMBLE", "HOP", "CUMULATE", "SESSION"})


@functools.lru_cache(maxsize=1)
def flink_dialect() -> type:
    """A Flink-flavoured dialect: Spark's reads Flink SQL best (backticks, `/*+ OPTIONS(...) */` hints, `FOR
    SYSTEM_TIME AS OF`, INTERVAL literals); table-function arguments are normalised before parsing."""
    # Built once: a sqlglot Dialect subclass compiles its tokenizer tries when the class is made (~5 ms), which
    # made a 1,000-job script spend most of its lint time creating dialects.
    from sqlglot.dialects.spark import Spark

    class Flink(Spark):
        pass

    return Flink


@dataclass(frozen=True)
class Join:
    kind: JoinKind
    table: str


@dataclass
class QueryFacts:
    sinks: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    joins: list[Join] = field(default_factory=list)
    aggregates: bool = False  # a GROUP BY (or DISTINCT aggregate) outside any window: state without bound
    windows: list[str] = field(default_factory=list)

    @property
    def regular_joins(self) -> list[Join]:
        return [j for j in self.joins if j.kind == "regular"]


def parse(sql: str) -> exp.Expression | None:
    """The statement as a sqlglot tree, or None when sqlglot cannot read it (the lint then says nothing)."""
    import sqlglot
    import sqlglot.expressions as expressions
    from sqlglot.errors import ParseError, TokenError

    text = _TABLE_ARG.sub(" ", sql.strip().rstrip(";"))
    try:
        tree = sqlglot.parse_one(text, read=flink_dialect())
    except (ParseError, TokenError, ValueError):
        return None
    return tree if isinstance(tree, expressions.Expression) else None


def _name(table: exp.Table) -> str:
    return ".".join(p for p in (table.catalog, table.db, table.name) if p)


_STATEFUL_WORDS = frozenset({"JOIN", "GROUP", "DISTINCT"})


def may_keep_state(sql: str) -> bool:
    """Whether the statement has a word that can make a join or an aggregate (JOIN, GROUP BY, DISTINCT): the
    fast tokenizer answers "no" for most INSERTs of a long script, which then need no sqlglot parse."""
    from cdcshell.sql.kinds import iter_tokens

    return any(tok.kind == "word" and tok.text.upper() in _STATEFUL_WORDS for tok in iter_tokens(sql))


def query_facts(sql: str) -> QueryFacts | None:
    import sqlglot.expressions as exp

    tree = parse(sql)
    if tree is None:
        return None
    facts = QueryFacts()
    body: exp.Expression = tree
    if isinstance(tree, exp.Insert):
        target = tree.this
        if isinstance(target, exp.Schema):
            target = target.this
        if isinstance(target, exp.Table):
            facts.sinks.append(_name(target))
        body = tree.expression
    ctes = {cte.alias_or_name for cte in body.find_all(exp.CTE)}
    for table in body.find_all(exp.Table):
        name = _name(table)
        if name and name not in ctes and name not in facts.sources:
            facts.sources.append(name)
    for func in body.find_all(exp.Anonymous):
        if str(func.name).upper() in _WINDOW_FUNCS:
            facts.windows.append(str(func.name).upper())
            first = func.expressions[0] if func.expressions else None
            if isinstance(first, exp.Column) and first.name not in facts.sources:
                facts.sources.append(first.name)  # TABLE(TUMBLE(TABLE orders, ...)) reads `orders`
    for join in body.find_all(exp.Join):
        facts.joins.append(Join(_join_kind(join), _join_table(join)))
    for select in body.find_all(exp.Select):
        group = select.args.get("group")
        if group is None:
            continue
        keys = {k.sql().lower() for k in group.expressions}
        if not ({"window_start", "window_end"} & {k.split(".")[-1] for k in keys}):
            facts.aggregates = True
    return facts


def _join_table(join: exp.Join) -> str:
    import sqlglot.expressions as exp

    table = join.this
    return _name(table) if isinstance(table, exp.Table) else table.alias_or_name


def _join_kind(join: exp.Join) -> JoinKind:
    """Temporal/lookup: `FOR SYSTEM_TIME AS OF` (a lookup when the time is processing time); interval: the ON
    clause bounds one side's time attribute by the other's (BETWEEN or two comparisons with an INTERVAL)."""
    import sqlglot.expressions as exp

    table = join.this
    version = table.args.get("version") if isinstance(table, exp.Table) else None
    if version is not None:
        when = version.args.get("expression")
        text = when.sql().lower() if when is not None else ""
        return "lookup" if "proc" in text or "proctime" in text else "temporal"
    on = join.args.get("on")
    if on is not None and on.find(exp.Interval) is not None:
        return "interval"
    return "regular"


_MODE = re.compile(r"(\w+)\(.*?changelogMode=\[([A-Z,]+)\]")


def changelog_modes(explain_text: str) -> list[tuple[str, frozenset[str]]]:
    """(operator, modes) of each line of an `EXPLAIN CHANGELOG_MODE` plan, as the planner printed them: modes
    are I (insert), UB (update before), UA (update after), D (delete)."""
    out: list[tuple[str, frozenset[str]]] = []
    for line in explain_text.splitlines():
        m = _MODE.search(line)
        if m:
            out.append((m.group(1), frozenset(m.group(2).split(","))))
    return out


def sink_receives_updates(explain_text: str) -> bool | None:
    """Whether the planner says the sink gets updates or deletes (None: no sink line in the plan)."""
    for operator, modes in changelog_modes(explain_text):
        if operator == "Sink":
            return bool(modes - {"I"})
    return None
