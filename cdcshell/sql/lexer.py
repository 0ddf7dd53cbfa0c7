"""Syntax highlighting for Flink SQL: the REPL buffer as it is typed, and `pygmentize -l flinksql`.

The buffer is re-lexed on every keystroke and is usually incomplete, so the rules are built for that: an
unterminated string or comment simply runs to the end as one token (the rest of the buffer is not garbled),
and keywords are recognised by a set lookup on each word rather than a huge regex alternation. The tokens are
those of the one SQL tokenizer (`cdcshell.sql.tokens`): one linear pass, no lookahead that re-scans text.

This class knows a built-in keyword list only: which words a Flink version's parser reserves is catalog
knowledge, a layer above `sql/`. `cdcshell.highlight.FlinkSqlLexer` adds the catalog's keywords; that is the
lexer the REPL uses and the one registered as a Pygments plugin (`pygments.lexers` entry point `flinksql`).
"""

from __future__ import annotations

import re
from collections.abc import Generator, Iterator
from typing import Any, ClassVar

from pygments.lexer import Lexer
from pygments.token import (
    Comment,
    Keyword,
    Name,
    Number,
    Operator,
    Punctuation,
    String,
    Text,
    Whitespace,
    _TokenType,
)
from pygments.util import get_list_opt

from cdcshell.sql.tokens import scan

__all__ = ["FALLBACK_KEYWORDS", "TYPE_NAMES", "FlinkSqlLexer"]

# The built-in keywords (standard SQL plus Flink's DDL/DML words): what is highlighted when no catalog is at
# hand (`cdcshell.highlight` supplies the Flink version's own list).
FALLBACK_KEYWORDS: frozenset[str] = frozenset(
    """
    ADD ALL ALTER ANALYZE AND ANY ARRAY AS ASC AT BEGIN BETWEEN BOTH BY CALL CASCADE CASE CAST CATALOG CATALOGS
    COLUMN COLUMNS COMMENT COMPILE COMPUTE CONSTRAINT CREATE CROSS CUBE CUMULATE CURRENT DATABASE DATABASES
    DEFAULT DELETE DESC DESCRIBE DESCRIPTOR DISTINCT DISTRIBUTED DISTRIBUTION DRAIN DROP ELSE END ENFORCED ESCAPE
    EXCEPT EXCLUDING EXECUTE EXISTS EXPLAIN EXTENDED FALSE FETCH FILTER FIRST FOR FOREIGN FROM FULL FUNCTION
    FUNCTIONS GENERATED GROUP GROUPING HAVING HOP IF IGNORE ILIKE IN INCLUDING INNER INSERT INTERSECT INTERVAL
    INTO IS JAR JARS JOB JOBS JOIN KEY LAST LATERAL LEADING LEFT LIKE LIMIT LOAD MATCH_RECOGNIZE MEASURES
    METADATA MINUS MODEL MODELS MODULE MODULES NATURAL NOT NULL NULLS OF OFFSET ON ONLY OPTIONS OR ORDER OUTER
    OVER OVERWRITE OVERWRITING PARTITION PARTITIONED PARTITIONS PATTERN PLAN PRIMARY RANGE RECURSIVE REMOVE
    RENAME REPLACE RESET RESTRICT RIGHT ROLLUP ROW ROWS SAVEPOINT SCHEMA SELECT SESSION SET SETS SHOW SOME
    STATEMENT STOP SYSTEM SYSTEM_TIME TABLE TABLES TABLESAMPLE TEMPORARY THEN TO TRAILING TRUE TRUNCATE TUMBLE
    UNION UNKNOWN UNLOAD UNNEST UPDATE USE USING VALUES VIEW VIEWS VIRTUAL WATERMARK WATERMARKS WHEN WHERE
    WINDOW WITH WITHIN WITHOUT
    """.split()  # noqa: SIM905 - a word list reads better than hundreds of quoted strings
)

# Data types get their own token (Keyword.Type), whatever the keyword set.
TYPE_NAMES: frozenset[str] = frozenset(
    """
    ARRAY BIGINT BINARY BOOLEAN BYTES CHAR CHARACTER DATE DEC DECIMAL DOUBLE FLOAT INT INTEGER INTERVAL
    LOCAL_TIME LOCAL_TIMESTAMP LTZ MAP MULTISET NUMERIC PRECISION RAW REAL ROW SMALLINT STRING TIME TIMESTAMP
    TIMESTAMP_LTZ TINYINT VARBINARY VARCHAR VARIANT ZONE
    """.split()  # noqa: SIM905 - a word list reads better than hundreds of quoted strings
)

_OPERATOR = re.compile(r"<>|!=|>=|<=|\|\||[+\-*/%=<>!|&^~]")
_PUNCTUATION = frozenset("(),;.[]{}:?")
_BEFORE_EQUALS = re.compile(r"\s*=")  # matched separately, never as a lookahead: no re-scan of long spaces
_DOTTED_KEY = re.compile(r"[^\W\d][\w$]*(?:[.\-][\w$]+)*")
_META_LINE = re.compile(r"(\\[^\s;]*)([^\n]*)")


def _at_line_start(text: str, pos: int) -> bool:
    """Only spaces or tabs between the start of the line and `pos`."""
    line_start = text.rfind("\n", 0, pos) + 1
    return not text[line_start:pos].strip()


class FlinkSqlLexer(Lexer):
    """Flink SQL plus the shell's backslash meta-commands.

    The tokens come from the one SQL tokenizer (`cdcshell.sql.tokens`), so what is highlighted as a comment, a
    hint, a string or a quoted identifier is exactly what the splitter, the completion and lint read as one; this
    class only gives the tokens their colours. One regex pass over the text, no re-scanning: the cost per
    keystroke is linear in the buffer, whatever it contains.

    Options: `keywords` — the words to highlight as keywords (default: `default_keywords()`, the built-in list
    here, the Flink catalog's list in `cdcshell.highlight.FlinkSqlLexer`).
    """

    name = "Flink SQL"
    aliases: ClassVar[list[str]] = ["flinksql", "flink-sql"]
    filenames: ClassVar[list[str]] = ["*.flinksql"]
    mimetypes: ClassVar[list[str]] = ["text/x-flinksql"]
    url = "https://nightlies.apache.org/flink/flink-docs-stable/docs/dev/table/sql/overview/"

    def get_tokens_unprocessed(self, text: str) -> Iterator[tuple[int, _TokenType, str]]:
        pos, n = 0, len(text)
        while pos < n:
            pos = yield from self._tokens_from(text, pos)

    def _tokens_from(self, text: str, pos: int) -> Generator[tuple[int, _TokenType, str], None, int]:
        """Tokens from `pos` until the end, or until a meta-command line or a SET/RESET key was read by hand
        (then the offset where scanning goes on is returned)."""
        key_after: str | None = None  # "SET" or "RESET": the next significant token may be the key
        skip_to = pos  # the second character of a two-character operator
        for tok in scan(text, pos):
            kind, value, start = tok.kind, tok.text, tok.start
            if start < skip_to:
                continue
            if kind == "ws":
                yield start, Whitespace, value
                continue
            if kind == "comment":
                yield start, (Comment.Multiline if value.startswith("/*") else Comment.Single), value
                continue
            if key_after is not None:
                key_state, key_after = key_after, None
                if kind in ("string", "ident"):
                    yield start, Name.Variable, value
                    continue
                if kind == "word" and not value.startswith("\\"):
                    m = _DOTTED_KEY.match(text, start)
                    if m and (key_state == "RESET" or _BEFORE_EQUALS.match(text, m.end())):
                        yield start, Name.Variable, m.group()
                        return m.end()
            if kind == "word":
                if value[0] == "\\":
                    if _at_line_start(text, start):
                        m = _META_LINE.match(text, start)
                        assert m is not None  # a backslash is there
                        yield start, Keyword.Pseudo, m.group(1)
                        if m.group(2):
                            yield m.start(2), Text, m.group(2)
                        return m.end()
                    yield start, Text, "\\"
                    if len(value) == 1:
                        continue
                    start, value = start + 1, value[1:]
                up = value.upper()
                if up in ("SET", "RESET"):
                    key_after = up
                    yield start, Keyword, value
                elif up in TYPE_NAMES:
                    yield start, Keyword.Type, value
                elif up in self.keywords:
                    yield start, Keyword, value
                elif text.startswith("(", tok.end):
                    yield start, Name.Function, value
                else:
                    yield start, Name, value
            elif kind == "string":
                yield start, (Name.Attribute if _BEFORE_EQUALS.match(text, tok.end) else String.Single), value
            elif kind == "ident":
                yield start, (Name.Quoted if value[0] == "`" else String.Double), value
            elif kind == "number":
                is_float = "." in value or "e" in value or "E" in value
                yield start, (Number.Float if is_float else Number.Integer), value
            elif kind == "hint":
                yield start, Comment.Special, value
            elif value in _PUNCTUATION:
                yield start, Punctuation, value
            else:
                m = _OPERATOR.match(text, start)
                if m:
                    skip_to = m.end()
                    yield start, Operator, m.group()
                else:
                    yield start, Text, value
        return len(text)

    def __init__(self, **options: Any) -> None:
        # Keep leading blank lines: line numbers of highlighted scripts must match the file's.
        options.setdefault("stripnl", False)
        super().__init__(**options)
        given = options.get("keywords")
        # The default set is looked up on the first word, not here: the REPL builds the lexer while drawing
        # the first (empty) prompt, which must not wait for a catalog file.
        self._keywords: frozenset[str] | None = (
            None
            if given is None
            else frozenset(str(k).upper() for k in get_list_opt(options, "keywords", []))
        )

    @property
    def keywords(self) -> frozenset[str]:
        if self._keywords is None:
            self._keywords = self.default_keywords()
        return self._keywords

    @keywords.setter
    def keywords(self, words: frozenset[str]) -> None:
        self._keywords = frozenset(words)

    def default_keywords(self) -> frozenset[str]:
        """The keywords when none were given; a subclass with better knowledge overrides it."""
        return FALLBACK_KEYWORDS

    @staticmethod
    def analyse_text(text: str) -> float:
        """Claim Flink-specific scripts when pygments guesses a lexer."""
        if re.search(r"(?i)\b(?:STATEMENT\s+SET|WATERMARK\s+FOR|'connector'\s*=)", text):
            return 0.3
        return 0.0
