"""Where the cursor is, in SQL terms, on incomplete buffers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cdcshell.sql.context import ContextKind, analyze, statement_bounds
from cdcshell.sql.tables import TableRef

K = ContextKind


@pytest.mark.parametrize(
    ("text", "kind", "prefix"),
    [
        ("", K.STATEMENT_START, ""),
        ("sel", K.STATEMENT_START, "sel"),
        ("\\jo", K.META_COMMAND, "\\jo"),
        ("SHOW ", K.FOLLOW_KEYWORD, ""),
        ("CREATE TEMPORARY ", K.FOLLOW_KEYWORD, ""),
        ("SET ", K.SET_KEY, ""),
        ("SET 'exe", K.SET_KEY, "exe"),
        ("set exe", K.SET_KEY, "exe"),
        ("RESET 'pipe", K.SET_KEY, "pipe"),
        ("SELECT * FROM ", K.TABLE, ""),
        ("select * from ord", K.TABLE, "ord"),
        ("INSERT INTO ", K.TABLE, ""),
        ("DESCRIBE ", K.TABLE, ""),
        ("DROP TABLE ", K.TABLE, ""),
        ("USE ", K.DATABASE, ""),
        ("USE CATALOG ", K.CATALOG, ""),
        ("SHOW TABLES FROM ", K.DATABASE, ""),
        ("select x -- a comment", K.NONE, ""),
        ("select 'a string", K.NONE, "a string"),
        ("SELECT co", K.COLUMN, "co"),
        ("SELECT a FROM t WHERE b = co", K.COLUMN, "co"),
        ("SELECT a FROM t LIMIT 1 UNI", K.KEYWORD, "UNI"),
    ],
)
def test_kind_and_prefix(text: str, kind: ContextKind, prefix: str) -> None:
    ctx = analyze(text)
    assert (ctx.kind, ctx.prefix) == (kind, prefix)


def test_set_key_quote_state_and_start() -> None:
    ctx = analyze("SET 'exe")
    assert ctx.quoted and ctx.start == 5
    ctx = analyze("SET exe")
    assert not ctx.quoted and ctx.start == 4


def test_set_value_knows_its_key() -> None:
    ctx = analyze("SET 'execution.checkpointing.interval' = ")
    assert ctx.kind is K.SET_VALUE and ctx.key == "execution.checkpointing.interval" and not ctx.quoted
    ctx = analyze("SET 'state.backend.type' = 'rock")
    assert ctx.kind is K.SET_VALUE and ctx.key == "state.backend.type" and ctx.prefix == "rock" and ctx.quoted


def test_after_a_closed_set_key_nothing_is_offered_as_a_key() -> None:
    assert analyze("SET 'a.b'").kind is K.NONE
    assert analyze("SET 'a.b' ").kind is K.NONE


def test_with_clause_key_value_and_connector() -> None:
    base = "CREATE TABLE t (id INT, PRIMARY KEY (id) NOT ENFORCED) WITH ("
    ctx = analyze(base + "'connector' = 'postgres-cdc', '")
    assert ctx.kind is K.WITH_KEY and ctx.connector == "postgres-cdc" and ctx.quoted
    assert ctx.present_keys == ("connector",)
    assert analyze(base + "'connector' = '").kind is K.CONNECTOR
    assert analyze(base + "'format' = '").kind is K.FORMAT
    ctx = analyze(base + "'connector' = 'kafka', 'scan.startup.mode' = '")
    assert ctx.kind is K.WITH_VALUE and ctx.key == "scan.startup.mode" and ctx.connector == "kafka"


def test_connector_named_after_the_cursor_counts() -> None:
    text = "CREATE TABLE t (a INT) WITH ('', 'connector' = 'mysql-cdc', 'value.format' = 'json')"
    ctx = analyze(text, text.index("''") + 1)
    assert ctx.kind is K.WITH_KEY and ctx.connector == "mysql-cdc" and ctx.formats == {"value.": "json"}


def test_parentheses_of_the_schema_are_not_the_with_clause() -> None:
    assert analyze("CREATE TABLE t (").kind is not K.WITH_KEY
    assert analyze("CREATE TABLE t (a INT) WITH ('connector' = 'x') ").kind is not K.WITH_KEY


def test_alias_dot_gives_columns_of_that_table() -> None:
    text = "SELECT o. FROM orders AS o JOIN db1.users u ON o.id = u.id"
    ctx = analyze(text, text.index("o.") + 2)
    assert (
        ctx.kind is K.COLUMN and ctx.qualifier == ("o",) and ctx.tables == (TableRef(("orders",), alias="o"),)
    )
    ctx = analyze("SELECT * FROM orders o JOIN db1.users u ON o.id = u.")
    assert ctx.tables == (TableRef(("db1", "users"), alias="u"),)


def test_select_list_knows_the_tables_of_the_query() -> None:
    text = "SELECT  FROM orders o, `my cat`.db.items"
    ctx = analyze(text, len("SELECT "))
    assert ctx.kind is K.COLUMN
    assert ctx.tables == (TableRef(("orders",), alias="o"), TableRef(("my cat", "db", "items")))


def test_qualified_table_name() -> None:
    ctx = analyze("SELECT * FROM cat.db.")
    assert ctx.kind is K.TABLE and ctx.qualifier == ("cat", "db")
    ctx = analyze("INSERT INTO mydb.ta")
    assert ctx.kind is K.TABLE and ctx.qualifier == ("mydb",) and ctx.prefix == "ta"


def test_only_the_statement_under_the_cursor_counts() -> None:
    text = "SET 'a' = 'b';\nSELECT * FROM t;\nSET 'exe"
    ctx = analyze(text)
    assert ctx.kind is K.SET_KEY and ctx.prefix == "exe"
    ctx = analyze(text, text.index("FROM t") + 5)
    assert ctx.kind is K.TABLE


def test_semicolons_in_strings_and_comments_do_not_split() -> None:
    text = "SELECT ';' -- ;\n/* ; */ FROM "
    assert statement_bounds(text, len(text)) == (0, len(text))
    assert analyze(text).kind is K.TABLE


def test_statement_set_body_is_completed_statement_by_statement() -> None:
    text = "BEGIN STATEMENT SET;\nINSERT INTO "
    assert analyze(text).kind is K.TABLE


def test_meta_command_arguments_are_left_alone() -> None:
    assert analyze("\\jobs ").kind is K.NONE


def test_only_the_current_statement_is_tokenized(monkeypatch: pytest.MonkeyPatch) -> None:
    """A 1,000-line buffer costs one regex pass to find the statement; tokens only for that statement."""
    from cdcshell.sql import context

    lines = [f"INSERT INTO t{i} SELECT a, 'x;y' FROM s{i}; -- note ;" for i in range(1000)]
    text = "\n".join(lines) + "\nSET 'exe"
    seen: list[tuple[int, int | None]] = []
    real = context.tokenize

    def spy(t: str, start: int = 0, end: int | None = None) -> list[context.Token]:
        seen.append((start, end))
        return real(t, start, end)

    monkeypatch.setattr(context, "tokenize", spy)
    ctx = context.analyze(text)
    assert ctx.kind is K.SET_KEY and ctx.prefix == "exe"
    assert seen == [(text.rindex("; -- note") + 1, len(text))]


@given(
    st.text(alphabet=st.sampled_from(list("SETWITH( )'`\";,.=-/*\n abc\\")), max_size=60),
    st.integers(min_value=0, max_value=80),
)
def test_any_text_and_cursor_gives_a_context(text: str, cursor: int) -> None:
    ctx = analyze(text, cursor)
    pos = min(cursor, len(text))
    assert 0 <= ctx.start <= pos
    assert text[ctx.start : ctx.start + len(ctx.prefix)] == ctx.prefix
