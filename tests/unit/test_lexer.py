"""The Pygments lexer for Flink SQL."""

from __future__ import annotations

import sys

import pytest
from pygments.lexers import get_lexer_by_name, get_lexer_for_filename
from pygments.token import Comment, Keyword, Name, Number, Operator, Punctuation, String, Token

from cdcshell import highlight as highlight_module
from cdcshell.highlight import FlinkSqlLexer as CatalogLexer
from cdcshell.sql.lexer import FALLBACK_KEYWORDS, FlinkSqlLexer


def tokens(text: str, **options: object) -> list[tuple[object, str]]:
    lx = FlinkSqlLexer(**options)
    return [(tok, value) for _, tok, value in lx.get_tokens_unprocessed(text) if value.strip()]


def test_registered_with_pygments() -> None:
    """The plugin is the catalog-aware lexer, so `pygmentize -l flinksql` colours as the REPL does."""
    assert isinstance(get_lexer_by_name("flinksql"), CatalogLexer)
    assert isinstance(get_lexer_by_name("flink-sql"), CatalogLexer)
    assert isinstance(get_lexer_for_filename("pipeline.flinksql"), CatalogLexer)


def test_categories() -> None:
    text = (
        "SELECT `my col`, 'it''s', \"dq\", 42, 1.5e3, upper(name) FROM t -- tail\n"
        "WHERE a <> b /* block */ AND c || d;"
    )
    assert tokens(text, keywords=["select", "from", "where", "and"]) == [
        (Keyword, "SELECT"),
        (Name.Quoted, "`my col`"),
        (Punctuation, ","),
        (String.Single, "'it''s'"),
        (Punctuation, ","),
        (String.Double, '"dq"'),
        (Punctuation, ","),
        (Number.Integer, "42"),
        (Punctuation, ","),
        (Number.Float, "1.5e3"),
        (Punctuation, ","),
        (Name.Function, "upper"),
        (Punctuation, "("),
        (Name, "name"),
        (Punctuation, ")"),
        (Keyword, "FROM"),
        (Name, "t"),
        (Comment.Single, "-- tail"),
        (Keyword, "WHERE"),
        (Name, "a"),
        (Operator, "<>"),
        (Name, "b"),
        (Comment.Multiline, "/* block */"),
        (Keyword, "AND"),
        (Name, "c"),
        (Operator, "||"),
        (Name, "d"),
        (Punctuation, ";"),
    ]


def test_types_and_option_keys() -> None:
    toks = tokens(
        "CREATE TABLE t (id BIGINT) WITH ('connector' = 'kafka')", keywords=["create", "table", "with"]
    )
    assert (Keyword.Type, "BIGINT") in toks
    assert (Name.Attribute, "'connector'") in toks
    assert (String.Single, "'kafka'") in toks


@pytest.mark.parametrize(
    "text, key",
    [
        ("SET 'execution.checkpointing.interval' = '10s';", "'execution.checkpointing.interval'"),
        ("set state.backend.type = rocksdb;", "state.backend.type"),
        ("SET /* c */ `k` = 'v'", "`k`"),
        ("RESET 'pipeline.name';", "'pipeline.name'"),
        ("RESET table.exec.sink.not-null-enforcer", "table.exec.sink.not-null-enforcer"),
    ],
)
def test_set_and_reset_keys(text: str, key: str) -> None:
    toks = tokens(text)
    assert toks[0][0] is Keyword
    assert (Name.Variable, key) in toks


def test_set_without_key_does_not_swallow_the_rest() -> None:
    assert tokens("SET;\nSELECT 1", keywords=["set", "select"]) == [
        (Keyword, "SET"),
        (Punctuation, ";"),
        (Keyword, "SELECT"),
        (Number.Integer, "1"),
    ]


def test_meta_commands_at_line_start() -> None:
    toks = tokens("\\checkpoints 42\n  \\jobs\nSELECT a \\ b", keywords=["select"])
    assert toks[:3] == [(Keyword.Pseudo, "\\checkpoints"), (Token.Text, " 42"), (Keyword.Pseudo, "\\jobs")]
    assert (Keyword.Pseudo, "\\") not in toks  # a backslash inside a line is no command


@pytest.mark.parametrize(
    "text, last",
    [
        ("SELECT 'abc; SELECT 2\n more", (String.Single, "'abc; SELECT 2\n more")),
        ("SELECT 'it''s", (String.Single, "'it''s")),
        ("SELECT /* open; SELECT 2\n", (Comment.Multiline, "/* open; SELECT 2\n")),
        ('SELECT "open', (String.Double, '"open')),
        ("SELECT `open", (Name.Quoted, "`open")),
    ],
)
def test_unterminated_runs_to_end(text: str, last: tuple[object, str]) -> None:
    lx = FlinkSqlLexer(keywords=["select"])
    toks = list(lx.get_tokens_unprocessed(text))
    assert (toks[-1][1], toks[-1][2]) == last
    assert toks[0][1] is Keyword


def test_keywords_option_as_string() -> None:
    lx = get_lexer_by_name("flinksql", keywords="foo bar")
    assert lx.keywords == frozenset({"FOO", "BAR"})
    toks = [(t, v) for _, t, v in lx.get_tokens_unprocessed("foo select") if v.strip()]
    assert toks == [(Keyword, "foo"), (Name, "select")]


def test_default_keywords_fall_back_without_catalog(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(highlight_module, "_default_keywords", None)
    monkeypatch.setitem(sys.modules, "cdcshell.catalog.loader", None)  # import fails
    assert highlight_module.default_keywords() == FALLBACK_KEYWORDS
    assert CatalogLexer().keywords == FALLBACK_KEYWORDS


def test_default_keywords_include_the_basics() -> None:
    for lexer in (FlinkSqlLexer(), CatalogLexer()):
        assert {"SELECT", "INSERT", "CREATE", "TABLE", "WITH"} <= lexer.keywords


def test_sql_layer_lexer_knows_only_its_built_in_list_and_the_plugin_the_catalog() -> None:
    """`sql/` never reads the catalog: the catalog's words come in through `cdcshell.highlight`."""
    assert FlinkSqlLexer().keywords == FALLBACK_KEYWORDS
    assert "ABSENT" in CatalogLexer().keywords and "ABSENT" not in FALLBACK_KEYWORDS


def test_leading_newlines_are_kept() -> None:
    lx = FlinkSqlLexer(keywords=["select"])
    assert "".join(v for _, v in lx.get_tokens("\n\nSELECT 1\n")) == "\n\nSELECT 1\n"


def test_no_error_tokens_on_odd_characters() -> None:
    lx = FlinkSqlLexer(keywords=[])
    toks = list(lx.get_tokens_unprocessed("SELECT @x # $y ¿ \\ é 😀 ${var}"))
    assert all(t is not Token.Error for _, t, _ in toks)


@pytest.mark.parametrize(
    "text",
    [
        "SELECT '" + " " * 65536 + "'",  # closed: was re-scanned for an `=` after every space (6.5 s)
        "SELECT '" + " " * 65536,  # unterminated while typing
        "WITH ('k" + " " * 65536 + "' = 'v')",
        "SET a.b" + " " * 65536,
        "SELECT 'a'" + " " * 65536 + "x",
    ],
)
def test_long_whitespace_lexes_in_linear_time(text: str) -> None:
    """Issue 17: `_SQ(?=\\s*=)` made one keystroke quadratic in the whitespace inside a string."""
    import time

    lx = FlinkSqlLexer(keywords=["select", "with"])
    began = time.perf_counter()
    toks = list(lx.get_tokens_unprocessed(text))
    assert time.perf_counter() - began < 1.0  # linear: a few ms; generous for a loaded machine
    assert "".join(value for _, _, value in toks) == text


def test_hints_and_double_slash_comments() -> None:
    toks = tokens("SELECT /*+ OPTIONS('k'='v') */ a // note\nFROM t", keywords=["select", "from"])
    assert (Comment.Special, "/*+ OPTIONS('k'='v') */") in toks
    assert (Comment.Single, "// note") in toks
    assert (Keyword, "FROM") in toks
