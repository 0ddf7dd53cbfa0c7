"""The splitter, the highlighter and the completion context read SQL text the same way (issue 15).

They all take their lexical rules from `cdcshell.sql.tokens`; this pins that they agree on a corpus with every
kind of thing that hides a `;` or a keyword: `--` and `//` line comments, block comments, optimizer hints,
strings and quoted identifiers holding `;`, `--` or `/*`.
"""

from __future__ import annotations

import pytest
from pygments.token import Comment

from cdcshell.sql.context import ContextKind, analyze, statement_bounds
from cdcshell.sql.lexer import FlinkSqlLexer
from cdcshell.sql.splitter import split
from cdcshell.sql.tokens import scan, tokenize

CORPUS = [
    "SELECT 1; SELECT 2;",
    "SELECT 'a;b' AS x; SELECT 2;",
    'SELECT `c;d`, "e;f" FROM t; SELECT 2;',
    "SELECT 1 -- a comment; with a semicolon\n; SELECT 2;",
    "SELECT 1 // a Flink line comment; with a semicolon\n; SELECT 2;",
    "SELECT /* block; comment */ 1; SELECT 2;",
    "SELECT /*+ hint; inside */ 1 FROM t; SELECT 2;",
    "INSERT INTO s SELECT * FROM t /*+ OPTIONS('scan.startup.mode'='latest;offset') */; SELECT 2;",
    "SET 'k' = 'it''s; fine'; SET `a``b;` = 'v';",
    "SELECT '--not a comment', '//nor this', '/*nor this*/' FROM t; SELECT 2;",
    'SELECT `--`, "//" FROM t // tail\n; -- done\nSELECT 3',
    "CREATE TABLE t (a INT) WITH ('connector' = 'datagen', 'x' = 'y;z'); INSERT INTO u SELECT a FROM t;",
    "SELECT 1 /* open block; SELECT 2",
    "SELECT 'open string; SELECT 2",
]


def _lexer_comments(text: str) -> list[tuple[int, str]]:
    lexer = FlinkSqlLexer(keywords=["select", "from", "insert", "into", "set", "create", "table", "with"])
    return [(pos, value) for pos, tok, value in lexer.get_tokens_unprocessed(text) if tok in Comment]


def _tokenizer_comments(text: str) -> list[tuple[int, str]]:
    return [(tok.start, tok.text) for tok in scan(text) if tok.kind in ("comment", "hint")]


@pytest.mark.parametrize("text", CORPUS)
def test_lexer_sees_the_comments_and_hints_the_tokenizer_sees(text: str) -> None:
    assert _lexer_comments(text) == _tokenizer_comments(text)


@pytest.mark.parametrize("text", CORPUS)
def test_context_statement_bounds_agree_with_the_splitter(text: str) -> None:
    for stmt in split(text, strict=False):
        for cursor in (stmt.start + 1, stmt.end):
            start, end = statement_bounds(text, cursor)
            assert start <= stmt.start and stmt.end <= end, (stmt.text, text[start:end])
            # what the context sees beyond the splitter's statement is only whitespace and comments
            assert not tokenize(text, start, stmt.start)
            assert all(tok.kind == "hint" for tok in tokenize(text, stmt.end, end))


@pytest.mark.parametrize("text", CORPUS)
def test_splitter_keeps_hints_and_sheds_comments_at_the_edges(text: str) -> None:
    statements = split(text, strict=False)
    for tok in scan(text):
        inside = [s for s in statements if s.start <= tok.start < s.end]
        if tok.kind == "hint":
            assert inside, f"hint {tok.text!r} dropped by the splitter"
        if tok.kind in ("string", "ident", "word"):
            assert inside, f"{tok.text!r} outside every statement"


@pytest.mark.parametrize("text", CORPUS)
def test_cursor_in_a_comment_or_hint_completes_nothing(text: str) -> None:
    for tok in scan(text):
        if tok.kind in ("comment", "hint") and len(tok.text) > 4:
            ctx = analyze(text, tok.start + 3)
            assert ctx.kind is ContextKind.NONE, (tok.text, ctx.kind)


def test_one_tokenizer_reads_flink_lexical_rules() -> None:
    text = "SELECT a -- x\n, b // y\n/*+ OPTIONS('k'='v') */ /* z */ 'it''s' `q``x` \"d\" 1.5e3 $v \\jobs"
    kinds = [(tok.kind, tok.text) for tok in scan(text) if tok.kind != "ws"]
    assert kinds == [
        ("word", "SELECT"),
        ("word", "a"),
        ("comment", "-- x"),
        ("punct", ","),
        ("word", "b"),
        ("comment", "// y"),
        ("hint", "/*+ OPTIONS('k'='v') */"),
        ("comment", "/* z */"),
        ("string", "'it''s'"),
        ("ident", "`q``x`"),
        ("ident", '"d"'),
        ("number", "1.5e3"),
        ("word", "$v"),
        ("word", "\\jobs"),
    ]
    assert "".join(tok.text for tok in scan(text)) == text
    toks = tokenize(text)
    assert [t.value for t in toks if t.kind in ("string", "ident")] == ["it's", "q`x", "d"]
    assert tokenize("'open")[0].closed is False and tokenize("'a'''")[0].closed is True


def test_a_double_slash_glued_to_a_word_is_part_of_it_not_a_comment() -> None:
    """`SET k = a//b; SELECT 1;` read with `//b…` as a comment would swallow the SELECT."""
    from cdcshell.sql.splitter import split

    assert [s.text for s in split("SET k = a//b; SELECT 1;")] == ["SET k = a//b", "SELECT 1"]
    assert [s.text for s in split("SET k = hdfs://nn/x; SELECT 2;")] == ["SET k = hdfs://nn/x", "SELECT 2"]
    assert [s.text for s in split("SELECT 1; // a comment; not a statement\nSELECT 3;")] == [
        "SELECT 1",
        "SELECT 3",
    ]


def test_quoted_pairs_read_with_offsets_in_options_sets_and_hints_not_in_comments() -> None:
    """The reading `\\resume` uses to find secret options (it was a regex of its own in recovery/plan.py)."""
    from cdcshell.sql.tables import quoted_pairs

    text = (
        "-- 'password' = 'in a comment'\n"
        "CREATE TABLE t (a INT) WITH ('connector' = 'x', 'password'='it''s', 'empty' = '') "
        "/*+ OPTIONS('token' = 'h') */"
    )
    pairs = quoted_pairs(text)
    assert [(p.key, p.value) for p in pairs] == [
        ("connector", "x"),
        ("password", "it's"),
        ("empty", ""),
        ("token", "h"),
    ]
    for p in pairs:  # the offsets cover the value's raw text between its quotes
        assert text[p.value_start - 1] == "'" and text[p.value_end] == "'"
        assert text[p.value_start : p.value_end].replace("''", "'") == p.value
    assert [p.key for p in quoted_pairs("SET 'k' = 'v'; SET 'open' = 'never closed")] == ["k"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("-- src\nCREATE TABLE t (a INT)", "-- src\nCREATE TEMPORARY TABLE t (a INT)"),
        ("create or replace view v as select 1", "create or replace TEMPORARY view v as select 1"),
        ("CREATE /* c */ FUNCTION f AS 'x'", "CREATE /* c */ TEMPORARY FUNCTION f AS 'x'"),
        ("CREATE TEMPORARY TABLE t (a INT)", "CREATE TEMPORARY TABLE t (a INT)"),
        ("CREATE CATALOG c WITH ()", "CREATE CATALOG c WITH ()"),
        ("CREATE TABLES_X t", "CREATE TABLES_X t"),
        ("INSERT INTO t SELECT 1", "INSERT INTO t SELECT 1"),
    ],
)
def test_temporary_form(text: str, expected: str) -> None:
    from cdcshell.sql.kinds import temporary_form

    assert temporary_form(text) == expected


def test_leading_terms_read_names_and_quoted_text_past_comments() -> None:
    from cdcshell.sql.kinds import leading_terms

    assert leading_terms("-- c\nCREATE TABLE `Cat`.db.T (a INT)", 3) == ["create", "table", "cat.db.t"]
    assert leading_terms("SET 'execution.checkpointing.interval'='3s'", 3) == [
        "set",
        "execution.checkpointing.interval",
        "3s",
    ]
    assert leading_terms("\\stop 1a2b3c4d --savepoint", 1) == ["\\stop"]
    assert leading_terms("  ", 3) == []
