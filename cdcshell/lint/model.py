"""The values the lint engine hands around: findings, rule units, and the result of linting a script.

Kept free of any import of the rules or the catalog so that the REPL can type-check against these classes
without paying for the rules' modules at start-up.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]
# What a rule looks at, which is also when the engine calls it:
#   "set"   — a SET or RESET statement (key-level findings),
#   "table" — a CREATE TABLE (the table's own options),
#   "job"   — a statement that submits a job (INSERT, statement set, streaming SELECT, CTAS), judged with the
#             configuration in force at that point.
Scope = Literal["set", "table", "job"]

SEVERITY_ORDER = {"error": 0, "warning": 1}


@dataclass(frozen=True)
class Finding:
    """One thing that will go wrong, where, and the statement that fixes it.

    `line`/`column` are 1-based positions in the linted source; `statement_index` is the index of the statement
    in the script (as `cdcshell.sql.splitter.split` returns them) so the REPL can map a finding to the buffer.
    `fix` is a statement the user can run or paste, or "" when the fix is not a single statement.
    """

    rule: str
    severity: Severity
    line: int
    column: int
    message: str
    fix: str
    statement_index: int

    def to_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "line": self.line,
            "column": self.column,
            "message": self.message,
            "fix": self.fix,
        }


@dataclass(frozen=True)
class StatementRef:
    """A statement of the linted script, as the JSON output and `--dry-run` show it."""

    index: int
    line: int
    column: int
    text: str
    start: int = 0

    def to_dict(self) -> dict[str, object]:
        return {"line": self.line, "column": self.column, "text": self.text}


@dataclass
class LintResult:
    statements: list[StatementRef] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    def to_dict(self) -> dict[str, object]:
        return {
            "statements": [s.to_dict() for s in self.statements],
            "findings": [f.to_dict() for f in self.findings],
        }


# A rule's check, as the rule unit stores it. Its argument is a `lint.context.RuleContext`, which refers back to
# the rule, so it is not named here (the two modules would import each other); `lint.registry.CheckFn` is the
# precise type every check is registered with.
CheckFn = Callable[..., Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    """One rule unit. Its texts (title, rationale, fix) live beside the rule family in
    `cdcshell/lint/rules/<family>_texts.py` under `lint.<code>.*`, both languages side by side; the example is
    SQL and needs no translation.

    `severity` is the usual severity; a check may report a finding with another one when the issue says so
    (e.g. CK001 is an error for postgres-cdc and a warning for a plain Kafka source).
    """

    code: str
    name: str
    severity: Severity
    scope: Scope
    check: CheckFn
    example_bad: str
    example_good: str
    versions: str = "1.20, 2.x"
    needs_connection: bool = False
    query_level: bool = False  # reads the query with sqlglot: not run on the per-keystroke path

    @property
    def family(self) -> str:
        return "".join(ch for ch in self.code if ch.isalpha())
