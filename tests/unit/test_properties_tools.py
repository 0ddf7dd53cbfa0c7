"""No exception on arbitrary text: the tools that see every keystroke and every script (highlighting,
completion, context analysis, the risk checks, the session-state journal) must answer something for any input.

Random concatenations of SQL-ish pieces reach the corner cases (a quote next to a comment, WITH clauses cut
anywhere, hints, meta-commands) far more often than uniform random text does, so both are drawn. Example counts
are modest and deadlines off: the machine is shared, and timing must never fail a unit test.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cdcshell.completion.engine import complete_text
from cdcshell.lint.engine import IncrementalLinter, lint_script, lint_statement_at
from cdcshell.lint.model import SEVERITY_ORDER, Finding
from cdcshell.redact import redact as mask_text
from cdcshell.sql.context import analyze, statement_bounds, tokenize
from cdcshell.sql.kinds import classify
from cdcshell.sql.lexer import FlinkSqlLexer
from cdcshell.store.state_journal import StateJournal

_PIECES = [
    "'", '"', "`", "''", ";", "--", "/*", "*/", "/*+", "(", ")", ",", ".", "=", " ", "\n", "\t", "\r\n", "\\",
    "SELECT", "FROM", "WHERE", "GROUP BY", "JOIN", "ON", "INSERT INTO", "CREATE TABLE", "CREATE TEMPORARY VIEW",
    "CREATE CATALOG", "DROP TABLE", "ALTER TABLE", "USE", "USE CATALOG", "SET", "RESET", "ADD JAR", "WITH",
    "AS", "OPTIONS", "BEGIN STATEMENT SET", "END", "EXECUTE", "EXPLAIN", "SHOW", "DESCRIBE", "LIKE",
    "'connector'", "'mysql-cdc'", "'postgres-cdc'", "'password'", "'scan.startup.mode'", "'initial'",
    "'execution.checkpointing.interval'", "'10 s'", "'table.exec.state.ttl'", "'pipeline.name'",
    "PRIMARY KEY", "NOT ENFORCED", "WATERMARK FOR", "INTERVAL '5' SECOND", "TUMBLE(", "DESCRIPTOR(",
    "t", "db.t", "`cat`.`db`.`t`", "id", "BIGINT", "STRING", "1", "-1", "1e9", "x", "中文", "😀", "\x00",
    "\\jobs", "\\checkpoints", "\\?",
]  # fmt: skip

sql_like = st.lists(st.sampled_from(_PIECES) | st.text(max_size=3), max_size=30).map(" ".join)
any_text = sql_like | st.text(max_size=200)
_settings = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_fewer = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def text_and_cursor(draw: st.DrawFn) -> tuple[str, int]:
    text = draw(any_text)
    return text, draw(st.integers(min_value=0, max_value=len(text)))


_LEXER = FlinkSqlLexer()


@_settings
@given(any_text)
def test_lexer_with_default_keywords_covers_the_text(source: str) -> None:
    tokens = list(_LEXER.get_tokens_unprocessed(source))
    assert "".join(value for _, _, value in tokens) == source


@_settings
@given(text_and_cursor())
def test_context_analysis_never_fails(case: tuple[str, int]) -> None:
    text, cursor = case
    ctx = analyze(text, cursor)
    assert ctx is not None
    start, end = statement_bounds(text, cursor)
    assert 0 <= start <= end <= len(text)
    tokenize(text)


@_settings
@given(text_and_cursor())
def test_completion_never_fails(case: tuple[str, int]) -> None:
    text, cursor = case
    items = complete_text(text, cursor, "1.20")
    for item in items:  # each completion replaces a span that ends at the cursor and lies inside the text
        assert item.text
        assert item.start_position <= 0 and cursor + item.start_position >= 0


@_fewer
@given(any_text)
def test_lint_script_tolerant_never_fails(source: str) -> None:
    result = lint_script(source, flink_version="1.20", strict=False)
    assert result is not None


@_fewer
@given(text_and_cursor())
def test_lint_statement_at_never_fails(case: tuple[str, int]) -> None:
    text, cursor = case
    _check_findings(lint_statement_at(text, cursor, flink_version="1.20"), text)


@_fewer
@given(st.lists(any_text, max_size=6))
def test_incremental_linter_never_fails(statements: list[str]) -> None:
    linter = IncrementalLinter(flink_version="1.20", cluster_config={}, session_config={})
    for text in statements:
        _check_findings(linter.check(text), text)
        linter.feed(text)


_RULE = re.compile(r"^[A-Z]+\d{3}$")


def _check_findings(findings: list[Finding], text: str) -> None:
    """What every finding must be, whatever the input: a known rule code and severity, a position inside the
    linted text, and a message to show."""
    lines = text.split("\n")
    for f in findings:
        assert _RULE.match(f.rule), f
        assert f.severity in SEVERITY_ORDER, f
        assert 1 <= f.line <= len(lines), f
        assert 1 <= f.column <= len(lines[f.line - 1]) + 1, f
        assert f.message.strip(), f


@_settings
@given(st.lists(any_text, max_size=8))
def test_state_journal_records_and_replays_anything(statements: list[str]) -> None:
    journal = StateJournal()
    for text in statements:
        classify(text)
        journal.record(text)
    replay = journal.replay_statements()
    assert all(isinstance(s, str) for s in replay)


@_settings
@given(any_text)
def test_masking_never_fails_and_is_stable(text: str) -> None:
    once = mask_text(text)
    assert mask_text(once) == once
