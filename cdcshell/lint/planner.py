"""Ask the planner itself: `EXPLAIN CHANGELOG_MODE <statement>` through the SQL Gateway says what each operator
of the plan emits, and refuses a plan whose sink cannot take what it is fed. When the lint is connected, this
answer wins over what the query reader (cdcshell/sql/query.py) inferred from the text.

Observed on Flink 1.20.3 (fixtures in tests/unit/fixtures/explain/): a GROUP BY into a sink that accepts
updates plans as `GroupAggregate(..., changelogMode=[I,UA])` under the `Sink(...)` line; the same query into an
append-only sink fails the fetch with `TableException: Table sink '...' doesn't support consuming update
changes which is produced by node GroupAggregate(...)`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cdcshell.gateway.client import GatewayClient

_MODE = re.compile(r"^\s*(?:\+-\s*)?(\w+)\(.*changelogMode=\[([A-Z,]+)\]")
_REJECTED = re.compile(
    r"(Table sink '[^']+' doesn't support consuming (?:update|delete|update and delete) changes[^\n]*)"
)


@dataclass(frozen=True)
class PlannerAnswer:
    """`sink_input` is what the node feeding the sink emits (I, UB, UA, D), None when the plan had no sink;
    `rejected` is the planner's reason when it refused the plan because the sink cannot consume updates."""

    sink_input: frozenset[str] | None = None
    rejected: str | None = None

    @property
    def updates_into_sink(self) -> bool | None:
        if self.rejected is not None:
            return True
        return None if self.sink_input is None else bool(self.sink_input - {"I"})


def parse_plan(plan: str) -> PlannerAnswer:
    """The answer in an `EXPLAIN CHANGELOG_MODE` plan: the modes of the line right under the first `Sink(` line of
    the optimized physical plan (the sink's own line says NONE: it emits nothing)."""
    lines = plan.splitlines()
    for i, line in enumerate(lines):
        if line.lstrip().startswith("Sink(") and "changelogMode=" in line:
            for below in lines[i + 1 :]:
                m = _MODE.match(below)
                if m:
                    return PlannerAnswer(sink_input=frozenset(m.group(2).split(",")))
            break
    return PlannerAnswer()


def parse_rejection(trace: str) -> PlannerAnswer | None:
    """The planner's refusal in a failed EXPLAIN's server trace, or None when it failed for another reason."""
    m = _REJECTED.search(trace.replace("\\n", "\n"))
    return PlannerAnswer(rejected=m.group(1).strip()) if m else None


def explain_changelog(client: GatewayClient, session: str, statement: str) -> PlannerAnswer | None:
    """Run `EXPLAIN CHANGELOG_MODE <statement>` in `session` (where the statement's tables are defined). None when
    the planner could not answer for another reason (unknown table, gateway down): the caller then keeps what the
    query reader inferred."""
    from cdcshell.gateway.errors import GatewayError, ServerError

    text = statement.strip().rstrip(";")
    try:
        result = client.execute_and_collect(session, f"EXPLAIN CHANGELOG_MODE {text}")
    except ServerError as e:
        return parse_rejection(e.trace)
    except GatewayError:
        return None
    for _kind, row in result.rows:
        if row and isinstance(row[0], str):
            return parse_plan(row[0])
    return None
