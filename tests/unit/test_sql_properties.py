"""Properties of the SQL text tools that must hold for any input, not just the examples we thought of."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from pygments.token import Token

from cdcshell.redact import MASK, redact
from cdcshell.sql.lexer import FlinkSqlLexer
from cdcshell.sql.splitter import SplitError, is_complete, split, split_chunks, statement_set_parts

# Pieces that exercise every branch of the scanner; random concatenations of them hit the corner cases
# (quotes next to comments, keywords split by comments, lone '-' and '/', CRLF, meta-commands).
_PIECES = [
    "'", '"', "`", "''", ";", "--", "/*", "*/", "-", "/", "*", "\\", "\n", "\r\n", " ", "\t",
    "BEGIN", "STATEMENT", "SET", "END", "EXECUTE", "begin", "end", "SELECT", "INSERT INTO t", "1", "x",
    "中文", "😀", "é", "\\jobs", "CASE WHEN a THEN 1 END",
    "EXPLAIN", "PLAN", "FOR", "CHANGELOG_MODE", ",", "//", "/*+", "BEGIN\n",
]  # fmt: skip

# No deadlines: the machine is shared and timing must never fail a unit test.
_many = settings(max_examples=250, deadline=None)
_few = settings(deadline=None)

sql_like = st.lists(st.sampled_from(_PIECES) | st.text(max_size=3), max_size=40).map("".join)
any_text = sql_like | st.text()


@_many
@given(any_text)
def test_chunks_reassemble_the_source(source: str) -> None:
    chunks = split_chunks(source)
    assert "".join(source[c.start : c.end] for c in chunks) == source
    prev = 0
    for c in chunks:
        assert c.start == prev and c.end > c.start
        prev = c.end
        if c.statement is not None:
            assert c.statement.start == c.start
            assert c.statement.end <= c.end


@_many
@given(any_text)
def test_statement_text_is_the_source_slice(source: str) -> None:
    stmts = split(source, strict=False)
    prev_end = 0
    for s in stmts:
        assert s.text == source[s.start : s.end]
        assert s.text and not s.text[0].isspace()
        if s.terminated and not s.is_meta:
            assert not s.text[-1].isspace()
        assert s.start >= prev_end
        prev_end = s.end
        line = source.count("\n", 0, s.start) + 1
        column = s.start - (source.rfind("\n", 0, s.start) + 1) + 1
        assert (s.line, s.column) == (line, column)
        assert s.position_of(0) == (line, column)


@_many
@given(any_text)
def test_statement_set_parts_are_source_slices(source: str) -> None:
    for stmt in split(source, strict=False):
        for part in statement_set_parts(stmt):
            assert source[part.start : part.end] == part.text
            assert (part.line, part.column) == (
                source.count("\n", 0, part.start) + 1,
                part.start - (source.rfind("\n", 0, part.start) + 1) + 1,
            )


@_many
@given(any_text)
def test_split_never_raises_when_not_strict(source: str) -> None:
    split(source, strict=False)


@_many
@given(any_text)
def test_strict_split_raises_only_split_error_and_agrees_otherwise(source: str) -> None:
    try:
        strict = split(source)
    except SplitError as e:
        assert e.line >= 1 and e.column >= 1
        assert str(e)
    else:
        assert strict == split(source, strict=False)


@_many
@given(any_text)
def test_is_complete_never_raises(source: str) -> None:
    assert is_complete(source) in (True, False)


@_few
@given(st.lists(st.sampled_from(["SELECT 1", "SELECT 'a;b'", "SELECT `x;`", "SELECT /* ; */ 2"]), min_size=1))
def test_joined_statements_split_back(parts: list[str]) -> None:
    source = ";\n".join(parts) + ";"
    assert [s.text for s in split(source)] == parts
    assert is_complete(source)


@_few
@given(st.text())
def test_position_of_agrees_with_source(text: str) -> None:
    for s in split(text, strict=False):
        for k in range(0, len(s.text), max(1, len(s.text) // 5)):
            off = s.start + k
            expected = (text.count("\n", 0, off) + 1, off - (text.rfind("\n", 0, off) + 1) + 1)
            assert s.position_of(k) == expected


# --- lexer -----------------------------------------------------------------------------------------------------

_LEXER = FlinkSqlLexer(keywords=["SELECT", "SET", "RESET", "FROM", "BEGIN", "END"])


@_many
@given(any_text)
def test_lexer_tokens_round_trip(source: str) -> None:
    toks = list(_LEXER.get_tokens_unprocessed(source))
    assert "".join(v for _, _, v in toks) == source
    offset = 0
    for index, tok, value in toks:
        assert index == offset and value
        assert tok is not Token.Error
        offset += len(value)


# --- secrets ---------------------------------------------------------------------------------------------------


@_many
@given(any_text)
def test_masking_never_raises_and_is_stable(source: str) -> None:
    once = redact(source)
    assert isinstance(once, str)
    assert redact(once) == once


@_many
@given(any_text)
def test_text_without_secret_words_is_unchanged(source: str) -> None:
    low = source.lower()
    if not any(
        w in low
        for w in (
            "pass",
            "secret",
            "token",
            "credential",
            "key",
            "jaas",
            "pwd",
            "://",
            "sasl",
            "bearer",
            "user",
            "header",
            "jdbc:",
        )
    ):
        assert redact(source) == source


_SECRET_KEYS = st.sampled_from(
    ["password", "connection.password", "aws.secret.access.key", "fs.s3a.secret.key", "s3.access-key",
     "properties.ssl.keystore.password", "client.secret", "fs.azure.sas.token"]
)  # fmt: skip
_MARK = "ZQX"
# anything at all inside a quoted SQL string; a narrower alphabet where the syntax limits what can be written
_quoted_secret = st.text(min_size=1, max_size=30).map(lambda s: _MARK + s)
_bare_secret = (
    st.text(alphabet="abcXYZ0189_.-/+:@#$%!*", min_size=1, max_size=20)
    .filter(lambda s: "--" not in s and "/*" not in s)  # those would start a comment
    .map(lambda s: _MARK + s)
)
_url_secret = st.text(alphabet="abcXYZ0189-._~!$*+=:@%#", min_size=1, max_size=20).map(lambda s: _MARK + s)
_kv_secret = st.text(alphabet="abcXYZ0189_.-/+:@#$%!*~=?", min_size=1, max_size=20).map(lambda s: _MARK + s)


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


@_few
@given(_SECRET_KEYS, _quoted_secret, st.sampled_from(["'", "`", '"']))
def test_quoted_secret_options_are_masked(key: str, secret: str, key_quote: str) -> None:
    statements = [
        f"CREATE TABLE t (a INT) WITH ('connector' = 'mysql-cdc', {_sql_string(key)} = {_sql_string(secret)}, "
        "'hostname' = 'db')",
        f"SET {key_quote}{key}{key_quote} = {_sql_string(secret)};",
        f"CREATE CATALOG c WITH (\n  {_sql_string(key)}={_sql_string(secret)}\n)",
        "CREATE TABLE k (a INT) WITH ('properties.sasl.jaas.config' = "
        + _sql_string(f'PlainLoginModule required username="u" password="{secret}";')
        + ")",
    ]
    for sql in statements:
        masked = redact(sql)
        assert _MARK not in masked, (sql, masked)
        assert MASK in masked


@_few
@given(_SECRET_KEYS, _bare_secret)
def test_legacy_unquoted_secret_values_are_masked(key: str, secret: str) -> None:
    sql = f"SET {key} = {secret};"
    masked = redact(sql)
    assert _MARK not in masked
    assert masked == f"SET {key} = {MASK};"


@_few
@given(_url_secret, _kv_secret)
def test_urls_and_key_values_are_masked(url_secret: str, kv_secret: str) -> None:
    text = (
        f"'url' = 'postgres://flink:{url_secret}@db:5432/shop', "
        f"'jdbc' = 'jdbc:mysql://db/app?user=a&password={kv_secret}&ssl=true'"
    )
    masked = redact(text)
    assert _MARK not in masked, masked
    assert "postgres://flink:******@db:5432/shop" in masked
    assert "&ssl=true" in masked


# --- EXPLAIN / EXECUTE of a statement set: one statement whatever is inside (issue 12) -------------------------

_set_heads = st.sampled_from(
    [
        "EXECUTE STATEMENT SET BEGIN",
        "EXPLAIN STATEMENT SET BEGIN",
        "EXPLAIN PLAN FOR STATEMENT SET BEGIN",
        "EXPLAIN CHANGELOG_MODE, ESTIMATED_COST STATEMENT SET BEGIN",
        "EXPLAIN ESTIMATED_COST,JSON_EXECUTION_PLAN STATEMENT SET\nBEGIN",
        "explain plan for statement set\n begin",
        "EXPLAIN STATEMENT /* ; */ SET -- ;\nBEGIN",
    ]
)
_inner = st.sampled_from(
    [
        "INSERT INTO a SELECT 1",
        "INSERT INTO b SELECT 'x;y'",
        "INSERT INTO `c;` SELECT * FROM d -- ;\n",
        "INSERT INTO e /*+ OPTIONS('k'=';') */ SELECT 2",
        "INSERT INTO f SELECT CASE WHEN x THEN 1 END // ;\n",
    ]
)


@_many
@given(_set_heads, st.lists(_inner, max_size=4), st.sampled_from([" ", "\n", "\n\n  "]))
def test_statement_set_blocks_split_as_one_statement(head: str, inner: list[str], sep: str) -> None:
    block = head + sep + "".join(part + ";" + sep for part in inner) + "END"
    stmts = split(block + ";" + sep + "SELECT 9;")
    assert [s.text for s in stmts] == [block, "SELECT 9"]
    assert statement_set_parts(stmts[0]) == [stmts[0]]
    assert is_complete(block + ";")
    if inner:
        assert not is_complete(head + sep + inner[0] + ";")
