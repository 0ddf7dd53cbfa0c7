"""Syntax highlighting for Flink SQL: the REPL buffer as it is typed, and `pygmentize -l flinksql`.

The buffer is re-lexed on every keystroke and is usually incomplete, so the rules are built for that: an
unterminated string or comment simply runs to the end as one token (the rest of the buffer is not garbled),
and keywords are recognised by a set lookup on each word rather than a huge regex alternation. The keyword set
comes from the Flink version's completion catalog when it is available, so highlighting matches what that
Flink's parser reserves.

Registered as a Pygments plugin (`pygments.lexers` entry point `flinksql`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any, ClassVar

from pygments.lexer import RegexLexer, bygroups, default
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

__all__ = ["FALLBACK_KEYWORDS", "TYPE_NAMES", "FlinkSqlLexer", "default_keywords"]

# Used when the catalog of the Flink version is not available: standard SQL plus Flink's DDL/DML words.
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

_default_keywords: frozenset[str] | None = None


def default_keywords() -> frozenset[str]:
    """The keywords of the primary Flink version from its catalog, or `FALLBACK_KEYWORDS` when the catalog
    cannot be loaded (not generated yet, damaged): highlighting must never stop the shell from starting."""
    global _default_keywords
    if _default_keywords is None:
        words: Iterable[str] = ()
        try:
            from cdcshell.catalog.loader import load_keywords  # type: ignore[import-not-found,unused-ignore]

            words = load_keywords("1.20")
        except Exception:  # any failure falls back: see the docstring
            words = ()
        _default_keywords = frozenset(w.upper() for w in words) or FALLBACK_KEYWORDS
    return _default_keywords


def _word(lexer: FlinkSqlLexer, match: re.Match[str]) -> Iterator[tuple[int, _TokenType, str]]:
    word = match.group()
    up = word.upper()
    if up in TYPE_NAMES:
        token = Keyword.Type
    elif up in lexer.keywords:
        token = Keyword
    elif match.string.startswith("(", match.end()):
        token = Name.Function
    else:
        token = Name
    yield match.start(), token, word


# Unterminated quoted text runs to the end of the input; the unrolled-loop form cannot backtrack.
_SQ = r"'[^']*(?:''[^']*)*'?"
_DQ = r'"[^"]*(?:""[^"]*)*"?'
_BQ = r"`[^`]*(?:``[^`]*)*`?"
_BLOCK_COMMENT = r"/\*[\s\S]*?(?:\*/|\Z)"
_WORD = r"[^\W\d][\w$]*"
_DOTTED_KEY = r"[^\W\d][\w$]*(?:[.\-][\w$]+)*"

_SPACE_AND_COMMENTS: list[Any] = [
    (r"\n", Whitespace),
    (r"[^\S\n]+", Whitespace),
    (r"--[^\n]*", Comment.Single),
    (_BLOCK_COMMENT, Comment.Multiline),
]


class FlinkSqlLexer(RegexLexer):
    """Flink SQL plus the shell's backslash meta-commands.

    Options: `keywords` — the words to highlight as keywords (default: the Flink 1.20 catalog's keywords,
    or a built-in list).
    """

    name = "Flink SQL"
    aliases: ClassVar[list[str]] = ["flinksql", "flink-sql"]
    filenames: ClassVar[list[str]] = ["*.flinksql"]
    mimetypes: ClassVar[list[str]] = ["text/x-flinksql"]
    url = "https://nightlies.apache.org/flink/flink-docs-stable/docs/dev/table/sql/overview/"
    flags = re.MULTILINE

    tokens: ClassVar[dict[str, list[Any]]] = {
        "root": [
            # a meta-command: a backslash word at the start of a line, its arguments up to the end of the line
            (r"^([^\S\n]*)(\\[^\s;]*)([^\n]*)", bygroups(Whitespace, Keyword.Pseudo, Text)),
            *_SPACE_AND_COMMENTS,
            (r"(?i:SET)\b", Keyword, "setkey"),
            (r"(?i:RESET)\b", Keyword, "resetkey"),
            (_SQ + r"(?=\s*=)", Name.Attribute),  # 'connector' = ... in WITH (...) options
            (_SQ, String.Single),
            (_DQ, String.Double),
            (_BQ, Name.Quoted),
            (r"(?:\d+\.\d*|\.\d+)(?:[eE][+-]?\d+)?|\d+[eE][+-]?\d+", Number.Float),
            (r"\d+", Number.Integer),
            (_WORD, _word),
            (r"<>|!=|>=|<=|\|\||[+\-*/%=<>!|&^~]", Operator),
            (r"[(),;.\[\]{}:?]", Punctuation),
            (r".", Text),
        ],
        # the key of SET key = value: quoted, or the legacy unquoted dotted form
        "setkey": [
            (r"[^\S\n]+|\n", Whitespace),
            (r"--[^\n]*", Comment.Single),
            (_BLOCK_COMMENT, Comment.Multiline),
            (_SQ, Name.Variable, "#pop"),
            (_DQ, Name.Variable, "#pop"),
            (_BQ, Name.Variable, "#pop"),
            (_DOTTED_KEY + r"(?=\s*=)", Name.Variable, "#pop"),
            default("#pop"),
        ],
        "resetkey": [
            (r"[^\S\n]+|\n", Whitespace),
            (r"--[^\n]*", Comment.Single),
            (_BLOCK_COMMENT, Comment.Multiline),
            (_SQ, Name.Variable, "#pop"),
            (_DQ, Name.Variable, "#pop"),
            (_BQ, Name.Variable, "#pop"),
            (_DOTTED_KEY, Name.Variable, "#pop"),
            default("#pop"),
        ],
    }

    def __init__(self, **options: Any) -> None:
        # Keep leading blank lines: line numbers of highlighted scripts must match the file's.
        options.setdefault("stripnl", False)
        super().__init__(**options)
        given = options.get("keywords")
        # The default set is looked up on the first word, not here: the REPL builds the lexer while drawing
        # the first (empty) prompt, which must not wait for a catalog file.
        self._keywords: frozenset[str] | None = (
            None if given is None else frozenset(str(k).upper() for k in get_list_opt(options, "keywords", []))
        )

    @property
    def keywords(self) -> frozenset[str]:
        if self._keywords is None:
            self._keywords = default_keywords()
        return self._keywords

    @keywords.setter
    def keywords(self, words: frozenset[str]) -> None:
        self._keywords = frozenset(words)

    def analyse_text(text: str) -> float:  # type: ignore[misc]  # pygments makes it a static method
        """Claim Flink-specific scripts when pygments guesses a lexer."""
        if re.search(r"(?i)\b(?:STATEMENT\s+SET|WATERMARK\s+FOR|'connector'\s*=)", text):
            return 0.3
        return 0.0
