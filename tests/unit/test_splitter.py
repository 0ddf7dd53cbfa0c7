"""The statement splitter: boundaries, positions, statement sets, meta-commands, errors."""

from __future__ import annotations

import pytest

from cdcshell.i18n import set_language
from cdcshell.sql.splitter import (
    Chunk,
    SplitError,
    Statement,
    is_complete,
    split,
    split_chunks,
    statement_set_parts,
)


def texts(source: str, **kw: bool) -> list[str]:
    return [s.text for s in split(source, **kw)]


# --- boundaries ------------------------------------------------------------------------------------------------


def test_simple_statements_without_semicolon_and_whitespace() -> None:
    assert texts("SELECT 1;\n  SELECT 2 ;\n") == ["SELECT 1", "SELECT 2"]


@pytest.mark.parametrize(
    "source, expected",
    [
        ("SELECT 'a;b';", ["SELECT 'a;b'"]),
        ("SELECT 'it''s; ok';", ["SELECT 'it''s; ok'"]),
        ('SELECT "x;y" FROM t;', ['SELECT "x;y" FROM t']),
        ('SELECT "a""; b";', ['SELECT "a""; b"']),
        ("SELECT `a;b` FROM t;", ["SELECT `a;b` FROM t"]),
        ("SELECT `a``;b` FROM t;", ["SELECT `a``;b` FROM t"]),
        ("SELECT 1 -- not; here\n, 2;", ["SELECT 1 -- not; here\n, 2"]),
        ("SELECT 1 /* no; split */ + 2;", ["SELECT 1 /* no; split */ + 2"]),
        ("SELECT 1 /* /* not nested; */ + 2;", ["SELECT 1 /* /* not nested; */ + 2"]),
        ("SELECT 5 - 3 / 1;", ["SELECT 5 - 3 / 1"]),
        ("SELECT 'a' || 'b''' ; SELECT 2", ["SELECT 'a' || 'b'''", "SELECT 2"]),
    ],
)
def test_semicolons_inside_quotes_and_comments_do_not_split(source: str, expected: list[str]) -> None:
    assert texts(source) == expected


def test_comments_around_a_statement_are_not_part_of_its_text() -> None:
    src = "-- lead\n/* block */ SELECT 1 /* trailing */ -- end\n;"
    [stmt] = split(src)
    assert stmt.text == "SELECT 1"
    assert src[stmt.start : stmt.end] == "SELECT 1"


def test_comment_only_and_empty_statements_are_skipped() -> None:
    assert split("") == []
    assert split("   \n\t") == []
    assert split("-- just a comment\n/* and another */") == []
    assert texts(";;; SELECT 1;; ;") == ["SELECT 1"]


def test_trailing_statement_without_semicolon_is_unterminated() -> None:
    stmts = split("SELECT 1; SELECT 2 -- no semicolon\n")
    assert [(s.text, s.terminated) for s in stmts] == [("SELECT 1", True), ("SELECT 2", False)]


def test_crlf_line_endings() -> None:
    src = "SELECT 1;\r\nSELECT\r\n  2;\r\n"
    stmts = split(src)
    assert [s.text for s in stmts] == ["SELECT 1", "SELECT\r\n  2"]
    assert (stmts[1].line, stmts[1].column) == (2, 1)


def test_line_comment_at_end_of_input_without_newline() -> None:
    assert texts("SELECT 1; -- bye") == ["SELECT 1"]


# --- statement sets ------------------------------------------------------------------------------------------


def test_begin_statement_set_is_one_statement() -> None:
    src = "BEGIN STATEMENT SET;\nINSERT INTO a SELECT 1;\nINSERT INTO b SELECT 2;\nEND;\nSELECT 3;"
    stmts = split(src)
    assert [s.text for s in stmts] == [
        "BEGIN STATEMENT SET;\nINSERT INTO a SELECT 1;\nINSERT INTO b SELECT 2;\nEND",
        "SELECT 3",
    ]
    assert all(s.terminated for s in stmts)


def test_execute_statement_set_is_one_statement() -> None:
    src = "execute Statement  SET begin insert into a select 1; INSERT INTO b SELECT 2; end; SELECT 3"
    assert texts(src) == [
        "execute Statement  SET begin insert into a select 1; INSERT INTO b SELECT 2; end",
        "SELECT 3",
    ]


def test_statement_set_keywords_with_comments_and_newlines_between() -> None:
    src = "BEGIN -- c\n /* x */ STATEMENT\n\tSET ; INSERT INTO a SELECT 1; END /* done */ ;"
    assert texts(src) == ["BEGIN -- c\n /* x */ STATEMENT\n\tSET ; INSERT INTO a SELECT 1; END"]


def test_case_end_inside_a_statement_set_does_not_end_it() -> None:
    src = (
        "BEGIN STATEMENT SET;\n"
        "INSERT INTO a SELECT CASE WHEN x THEN 1 ELSE 0 END;\n"
        "INSERT INTO b SELECT 'END;';\n"
        "END;"
    )
    [stmt] = split(src)
    assert stmt.text == src[:-1]


def test_empty_execute_statement_set() -> None:
    assert texts("EXECUTE STATEMENT SET BEGIN END; SELECT 1;") == [
        "EXECUTE STATEMENT SET BEGIN END",
        "SELECT 1",
    ]


def test_unfinished_statement_set_runs_to_end_of_input() -> None:
    [stmt] = split("BEGIN STATEMENT SET; INSERT INTO a SELECT 1;")
    assert stmt.text == "BEGIN STATEMENT SET; INSERT INTO a SELECT 1;"
    assert not stmt.terminated


def test_other_begin_and_set_statements_are_ordinary() -> None:
    assert texts("BEGIN; SET 'a' = 'b'; STATEMENT SET; END;") == [
        "BEGIN",
        "SET 'a' = 'b'",
        "STATEMENT SET",
        "END",
    ]


def test_words_only_count_as_a_whole() -> None:
    assert texts("BEGINX STATEMENT SET; SELECT 1;") == ["BEGINX STATEMENT SET", "SELECT 1"]


# --- meta-commands -------------------------------------------------------------------------------------------


def test_meta_commands_end_at_end_of_line() -> None:
    src = "\\checkpoints\nSELECT 1;\n  \\jobs running ;  \r\nSELECT\n2;\n\\quit"
    stmts = split(src)
    assert [s.text for s in stmts] == ["\\checkpoints", "SELECT 1", "\\jobs running", "SELECT\n2", "\\quit"]
    assert all(s.terminated for s in stmts)
    assert stmts[0].is_meta and not stmts[1].is_meta
    assert (stmts[2].line, stmts[2].column) == (3, 3)


def test_meta_command_may_contain_semicolons_and_quotes() -> None:
    assert texts("\\set x 'a;b\nSELECT 1;") == ["\\set x 'a;b", "SELECT 1"]


def test_backslash_inside_a_statement_is_not_a_meta_command() -> None:
    assert texts("SELECT 1\n\\jobs\n;") == ["SELECT 1\n\\jobs"]


def test_meta_command_after_comment_at_statement_start() -> None:
    assert texts("/* first */ \\jobs\n-- c\nSELECT 1;") == ["\\jobs", "SELECT 1"]


# --- positions -----------------------------------------------------------------------------------------------


def test_start_end_line_column() -> None:
    src = "SELECT 1;\n\n   SELECT\n  2;"
    a, b = split(src)
    assert (a.start, a.end, a.line, a.column) == (0, 8, 1, 1)
    assert (b.start, b.end, b.line, b.column) == (14, 24, 3, 4)
    assert src[b.start : b.end] == b.text


def test_columns_count_characters_not_bytes() -> None:
    src = "SELECT '中文';  SELECT 'é😀'; SELECT 3;"
    stmts = split(src)
    assert [(s.line, s.column) for s in stmts] == [(1, 1), (1, 15), (1, 28)]


def test_position_of_offsets_in_text() -> None:
    src = "-- head\n  SELECT a,\r\n    b FROM t;"
    [stmt] = split(src)
    assert (stmt.line, stmt.column) == (2, 3)
    assert stmt.position_of(0) == (2, 3)
    assert stmt.position_of(stmt.text.index("a")) == (2, 10)
    assert stmt.position_of(stmt.text.index("b")) == (3, 5)
    assert stmt.position_of(-5) == (2, 3)  # clamped


def test_source_position_maps_gateway_positions() -> None:
    src = "SELECT 1;\n   SELECT x\n   FROM nowhere;"
    stmt = split(src)[1]
    # gateway says: line 1, column 8 ('x'); line 2, column 9 ('nowhere')
    assert stmt.source_position(1, 8) == (2, 11)
    assert src.splitlines()[1][11 - 1] == "x"
    assert stmt.source_position(2, 9) == (3, 9)
    assert src.splitlines()[2][9 - 1 :].startswith("nowhere")
    assert stmt.source_position(0, 0) == (2, 4)  # clamped to the statement's start


def test_source_position_counts_like_the_gateway() -> None:
    # positions as reported by the Flink 1.20.3 gateway for these statements (UTF-16 columns, \r and \r\n
    # ending lines, a tab being one column)
    [stmt] = split("-- c\n  SELECT '😀' x y;")
    assert stmt.source_position(1, 15) == (2, 16)  # 'y': code-point column 14 of the statement, +2 indent
    [stmt] = split("SELECT 1,\r 2 x y")
    assert stmt.source_position(2, 6) == (1, 16)  # a lone CR is a line break for the gateway, not for us
    [stmt] = split("SELECT 1,\r\n 2 x y")
    assert stmt.source_position(2, 6) == (2, 6)
    [stmt] = split("SELECT\t1 x y")
    assert stmt.source_position(1, 12) == (1, 12)
    [stmt] = split("SELECT 1")
    assert stmt.source_position(1, 12) == (1, 12)  # past the end: kept as an overshoot
    assert stmt.source_position(9, 3) == (1, 3)  # no such line: the last line


def test_statement_set_parts_for_the_begin_form() -> None:
    src = "SELECT 0;\nBEGIN STATEMENT SET;\n  INSERT INTO a SELECT 1; -- first\n  INSERT INTO b SELECT ';';\nEND;"
    stmt = split(src)[1]
    parts = statement_set_parts(stmt)
    assert [p.text for p in parts] == [
        "BEGIN STATEMENT SET",
        "INSERT INTO a SELECT 1",
        "INSERT INTO b SELECT ';'",
        "END",
    ]
    assert [(p.line, p.column) for p in parts] == [(2, 1), (3, 3), (4, 3), (5, 1)]
    assert all(src[p.start : p.end] == p.text for p in parts)
    assert all(p.terminated for p in parts)


def test_statement_set_parts_of_other_statements() -> None:
    for src in ["EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT 1; END", "SELECT 1", "\\jobs"]:
        [stmt] = split(src)
        assert statement_set_parts(stmt) == [stmt]


def test_statement_set_parts_of_unfinished_set() -> None:
    [stmt] = split("BEGIN STATEMENT SET; INSERT INTO a SELECT 1;")
    parts = statement_set_parts(stmt)
    assert [p.text for p in parts] == ["BEGIN STATEMENT SET", "INSERT INTO a SELECT 1"]


def test_statement_is_frozen() -> None:
    stmt = Statement("SELECT 1", 0, 8, 1, 1, True)
    with pytest.raises(AttributeError):
        stmt.text = "x"  # type: ignore[misc]


# --- errors --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "source, what, line, column, hint",
    [
        ("SELECT 1;\n  SELECT 'abc;\nmore", "single_quote", 2, 10, "'"),
        ('SELECT "abc', "double_quote", 1, 8, '"'),
        ("SELECT 1;\r\nSELECT `a", "backtick", 2, 8, "`"),
        ("SELECT 1; /* never\n closed; ", "block_comment", 1, 11, "*/"),
        ("SELECT '中文', 'x", "single_quote", 1, 14, "'"),
    ],
)
def test_split_error_names_what_and_where(source: str, what: str, line: int, column: int, hint: str) -> None:
    set_language("en")
    with pytest.raises(SplitError) as info:
        split(source)
    err = info.value
    assert (err.what, err.line, err.column) == (what, line, column)
    assert isinstance(err, ValueError)
    msg = str(err)
    assert "\n" not in msg
    assert f"line {line}, column {column}" in msg
    assert "unterminated" in msg and hint in err.message


def test_split_error_message_in_chinese() -> None:
    try:
        set_language("zh")
        with pytest.raises(SplitError) as info:
            split("SELECT 'x")
        assert "第 1 行" in str(info.value) and "未结束" in str(info.value)
    finally:
        set_language("en")


def test_non_strict_returns_unterminated_statement() -> None:
    [a, b] = split("SELECT 1; SELECT 'abc; def  ", strict=False)
    assert a.text == "SELECT 1" and a.terminated
    assert b.text == "SELECT 'abc; def  " and not b.terminated


def test_non_strict_unterminated_comment_is_not_text() -> None:
    [a] = split("SELECT 1 /* still typing; ", strict=False)
    assert (a.text, a.terminated) == ("SELECT 1", False)
    assert split("/* only a comment", strict=False) == []


# --- chunks --------------------------------------------------------------------------------------------------


def test_chunks_cover_source_and_carry_statements() -> None:
    src = "-- c\nSELECT 1 ; \n\\jobs;\n SELECT 'x"
    chunks = split_chunks(src)
    assert "".join(src[c.start : c.end] for c in chunks) == src
    assert [(src[c.start : c.end], c.statement is not None) for c in chunks] == [
        ("-- c\n", False),
        ("SELECT 1 ;", True),
        (" \n", False),
        ("\\jobs;", True),
        ("\n ", False),
        ("SELECT 'x", True),
    ]
    assert chunks[-1].statement is not None and not chunks[-1].statement.terminated
    assert isinstance(chunks[0], Chunk)


def test_chunks_of_empty_source() -> None:
    assert split_chunks("") == []


# --- is_complete ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "buffer, expected",
    [
        ("", True),
        ("   \n", True),
        ("SELECT 1;", True),
        ("SELECT 1;  -- trailing comment", True),
        ("SELECT 1; /* trailing */\n", True),
        (";", True),
        ("SELECT 1", False),
        ("SELECT 1; SELECT 2", False),
        ("SELECT 'a;", False),
        ('SELECT "a;', False),
        ("SELECT `a;", False),
        ("SELECT 1 /* ; */", False),
        ("SELECT 1; /* open", False),
        ("SELECT 1 -- ;", False),
        ("-- only a comment", False),
        ("\\jobs", True),
        ("  \\checkpoints 42\n", True),
        ("\\jobs\nSELECT 1", False),
        ("SELECT 1;\n\\jobs", True),
        ("BEGIN STATEMENT SET;", False),
        ("BEGIN STATEMENT SET; INSERT INTO a SELECT 1;", False),
        ("BEGIN STATEMENT SET; INSERT INTO a SELECT 1; END", False),
        ("BEGIN STATEMENT SET; INSERT INTO a SELECT 1; END;", True),
        ("EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT 1;", False),
        ("EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT 1; END;", True),
    ],
)
def test_is_complete(buffer: str, expected: bool) -> None:
    assert is_complete(buffer) is expected


# --- size ----------------------------------------------------------------------------------------------------


def test_one_megabyte_statement_splits_intact() -> None:
    values = ",\n".join(f"/* row; {i} */ ({i}, 'v;{i}', \"q;\", `c;`)" for i in range(25_000))
    big = "INSERT INTO t VALUES\n" + values
    assert len(big) > 1_000_000
    src = big + ";\nSELECT 1;"
    stmts = split(src)
    assert len(stmts) == 2
    assert stmts[0].text == big
    assert stmts[1].text == "SELECT 1"
    assert stmts[1].line == big.count("\n") + 2


def test_one_megabyte_of_plain_words_splits_intact() -> None:
    big = "SELECT " + " + ".join(f"col{i}" for i in range(120_000)) + " FROM t"
    assert len(big) > 1_000_000
    assert texts(big + ";" + big) == [big, big]


def test_optimizer_hint_at_the_end_stays_in_the_statement() -> None:
    from cdcshell.sql.splitter import split

    (stmt,) = split("SELECT * FROM t /*+ OPTIONS('a'='b') */ -- tail\n;")
    assert stmt.text == "SELECT * FROM t /*+ OPTIONS('a'='b') */"
    (lead,) = split("/*+ not a hint at the start */ SELECT 1;")
    assert lead.text == "SELECT 1"


# --- EXPLAIN of a statement set stays one statement (issue 12) -------------------------------------------------

_EXPLAIN_SET_HEADS = [
    "EXPLAIN STATEMENT SET BEGIN",
    "explain statement set begin",
    "EXPLAIN PLAN FOR STATEMENT SET BEGIN",
    "EXPLAIN CHANGELOG_MODE, ESTIMATED_COST STATEMENT SET BEGIN",
    "EXPLAIN JSON_EXECUTION_PLAN STATEMENT SET BEGIN",
    "EXPLAIN ESTIMATED_COST , CHANGELOG_MODE,JSON_EXECUTION_PLAN STATEMENT SET BEGIN",
    "EXPLAIN STATEMENT SET\nBEGIN",
    "EXPLAIN PLAN FOR STATEMENT SET\n  BEGIN\n",
    "EXPLAIN -- why\n STATEMENT /* c */ SET\nBEGIN",
    "EXPLAIN EXECUTE STATEMENT SET BEGIN",
]


@pytest.mark.parametrize("head", _EXPLAIN_SET_HEADS)
def test_explain_statement_set_is_one_statement(head: str) -> None:
    block = f"{head} INSERT INTO a SELECT 1; INSERT INTO b SELECT 'x;y'; END"
    stmts = split(f"{block};\nSELECT 2;")
    assert [s.text for s in stmts] == [block, "SELECT 2"]
    assert statement_set_parts(stmts[0]) == [stmts[0]]  # sent whole, never part by part
    assert not is_complete(f"{head} INSERT INTO a SELECT 1;")
    assert is_complete(f"{block};")


@pytest.mark.parametrize(
    "src",
    [
        "EXPLAIN SELECT 1; SELECT 2;",
        "EXPLAIN PLAN FOR SELECT 1; SELECT 2;",
        "EXPLAIN CHANGELOG_MODE SELECT 1; SELECT 2;",
        "EXPLAIN INSERT INTO a SELECT 1; SELECT 2;",
    ],
)
def test_explain_of_other_statements_still_ends_at_semicolon(src: str) -> None:
    assert len(split(src)) == 2


def test_double_slash_is_a_line_comment_as_in_flink() -> None:
    """Flink's lexer (Calcite's `SINGLE_LINE_COMMENT: ("//"|"--")`) reads `//` as a line comment."""
    assert texts("SELECT 1 // a comment; not a statement\n;SELECT 2;") == [
        "SELECT 1",
        "SELECT 2",
    ]
    assert texts("SELECT 'http://x;y' ;") == ["SELECT 'http://x;y'"]


def test_url_in_a_legacy_unquoted_set_value_is_no_comment() -> None:
    """`SET k = hdfs://nn/x` (Flink reads the legacy form with a regex): `://` must not hide the `;`."""
    assert texts("SET fs.default-scheme = hdfs://nn:8020/;\nSELECT 1;") == [
        "SET fs.default-scheme = hdfs://nn:8020/",
        "SELECT 1",
    ]
