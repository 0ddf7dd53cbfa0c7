"""Where is the cursor, in SQL terms: a SET key, a value, an option inside `WITH (...)`, a table name, a column?

The completer asks this on every keystroke, on a buffer that is usually incomplete (an open quote, a clause not
closed yet), so this is a tolerant token scan rather than a parser. Only the statement under the cursor is
tokenized; finding it is one regex pass over the text before it that skips quoted text and comments, so a
1,000-line buffer costs well under a millisecond. A `;` always ends a statement here, also inside
`BEGIN STATEMENT SET; ...; END;`: what matters for completion is the innermost statement.

Size (~470 lines), on purpose: `tokenize` and `analyze` are the states of one scan over the text before the
cursor; split across modules, each part would re-scan or hand its state around on every keystroke.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from cdcshell.sql.tables import TableRef, source_refs
from cdcshell.sql.tokens import Token, scan, skippable_pattern

__all__ = ["ContextKind", "CursorContext", "TableRef", "Token", "analyze", "statement_bounds", "tokenize"]


class ContextKind(str, Enum):
    NONE = "none"  # inside a comment, or nowhere anything fits
    STATEMENT_START = "statement_start"  # first word of a statement: statement keywords and meta-commands
    META_COMMAND = "meta_command"  # a word starting with a backslash
    FOLLOW_KEYWORD = (
        "follow_keyword"  # the word after a statement keyword (SHOW -> TABLES, CREATE -> TABLE...)
    )
    SET_KEY = "set_key"  # SET '|   RESET '|
    SET_VALUE = "set_value"  # SET 'key' = |
    WITH_KEY = "with_key"  # WITH ( ... '|
    WITH_VALUE = "with_value"  # WITH ( 'key' = |
    CONNECTOR = "connector"  # WITH ( 'connector' = |
    FORMAT = "format"  # WITH ( 'format' = |
    CATALOG = "catalog"  # USE CATALOG |
    DATABASE = "database"  # USE |, SHOW TABLES FROM |
    TABLE = "table"  # FROM | JOIN | INTO | TABLE | DESCRIBE |
    COLUMN = "column"  # alias.|, SELECT list, WHERE/ON/GROUP BY/ORDER BY expressions
    KEYWORD = "keyword"  # anywhere else: keywords and functions


@dataclass(frozen=True)
class CursorContext:
    kind: ContextKind
    prefix: str = ""  # what is typed of the item being completed (without an opening quote)
    start: int = 0  # buffer offset where the text to replace begins (after an opening quote when `quoted`)
    quoted: bool = False  # the opening quote is typed: insert the bare text
    key: str | None = None  # SET_VALUE / WITH_VALUE: the option whose value is typed
    connector: str | None = None  # WITH_*: the 'connector' of that clause, wherever in the clause it is
    formats: dict[str, str] = field(default_factory=dict)  # WITH_*: {'' | 'key.' | 'value.': format}
    present_keys: tuple[str, ...] = ()  # WITH_KEY: keys the clause already has
    qualifier: tuple[str, ...] = ()  # TABLE/DATABASE/COLUMN: the dotted parts before the prefix
    tables: tuple[TableRef, ...] = ()  # COLUMN/KEYWORD: tables the statement reads
    keyword: str = (
        ""  # FOLLOW_KEYWORD: the statement keyword(s) typed so far, e.g. "SHOW" or "CREATE TEMPORARY"
    )
    statement: str = ""  # the statement under the cursor, up to the cursor

    @property
    def replace_length(self) -> int:
        return len(self.prefix)


# ---------------------------------------------------------------------------------------------------------------
# Scanning

# One pass over the text before the cursor finds the statement start: quoted text, comments and hints are
# skipped whole by the tokenizer's own rules (so a `;` in any of them never ends a statement), `;` is caught.
_SKIP = re.compile(f"{skippable_pattern().pattern}|;")


_resume: tuple[str, int] = ("", 0)  # (text before a known statement start, that start): typing edits the end


def statement_bounds(text: str, cursor: int) -> tuple[int, int]:
    """Start and end offsets of the statement the cursor is in (`;` excluded).

    The scan resumes from the statement start found on the previous call when the text before it is
    unchanged (a `;` outside quotes and comments leaves the scanner in a neutral state), so typing at the end
    of a long script scans only the current statement.
    """
    global _resume
    known_text, known_start = _resume
    begin = 0
    if 0 < known_start <= cursor and text.startswith(known_text):
        begin = known_start
    start = begin
    for m in _SKIP.finditer(text, begin):
        if m.group() == ";":
            if m.end() <= cursor:
                start = m.end()
            else:
                _remember(text, start)
                return start, m.start()
    _remember(text, start)
    return start, len(text)


def _remember(text: str, start: int) -> None:
    global _resume
    if start > 0 and start != _resume[1]:
        _resume = (text[:start], start)


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Every token of `text[start:end]`, whitespace and comments included (the cursor may sit in any of them)."""
    return list(scan(text, start, end))


# ---------------------------------------------------------------------------------------------------------------
# Analysis

# statement keyword -> the words that may follow it (the completer offers them right after)
FOLLOWERS: dict[str, tuple[str, ...]] = {
    "SHOW": (
        "TABLES",
        "VIEWS",
        "DATABASES",
        "CATALOGS",
        "FUNCTIONS",
        "USER FUNCTIONS",
        "MODULES",
        "FULL MODULES",
        "JOBS",
        "JARS",
        "COLUMNS FROM",
        "CREATE TABLE",
        "CREATE VIEW",
        "CREATE CATALOG",
        "CURRENT CATALOG",
        "CURRENT DATABASE",
        "PARTITIONS",
        "PROCEDURES",
    ),
    "CREATE": (
        "TABLE",
        "TEMPORARY TABLE",
        "TEMPORARY VIEW",
        "VIEW",
        "FUNCTION",
        "TEMPORARY FUNCTION",
        "TEMPORARY SYSTEM FUNCTION",
        "CATALOG",
        "DATABASE",
        "TABLE IF NOT EXISTS",
        "OR REPLACE TABLE",
    ),
    "CREATE TEMPORARY": ("TABLE", "VIEW", "FUNCTION", "SYSTEM FUNCTION"),
    "DROP": (
        "TABLE",
        "TABLE IF EXISTS",
        "TEMPORARY TABLE",
        "VIEW",
        "TEMPORARY VIEW",
        "FUNCTION",
        "TEMPORARY FUNCTION",
        "CATALOG",
        "DATABASE",
    ),
    "ALTER": ("TABLE", "VIEW", "FUNCTION", "DATABASE", "CATALOG"),
    "INSERT": ("INTO", "OVERWRITE"),
    "BEGIN": ("STATEMENT SET",),
    "EXECUTE": ("STATEMENT SET", "INSERT INTO", "PLAN"),
    "EXPLAIN": (
        "PLAN FOR",
        "ESTIMATED_COST",
        "CHANGELOG_MODE",
        "JSON_EXECUTION_PLAN",
        "PLAN_ADVICE",
        "SELECT",
        "INSERT INTO",
    ),
    "USE": ("CATALOG", "MODULES"),
    "LOAD": ("MODULE",),
    "UNLOAD": ("MODULE",),
    "STOP": ("JOB",),
    "ADD": ("JAR",),
    "REMOVE": ("JAR",),
    "DESCRIBE": ("EXTENDED",),
}

# Words that start statements; the completer offers the ones the version's parser knows.
STATEMENT_KEYWORDS: tuple[str, ...] = (
    "SELECT",
    "INSERT",
    "CREATE",
    "DROP",
    "ALTER",
    "SET",
    "RESET",
    "SHOW",
    "DESCRIBE",
    "DESC",
    "EXPLAIN",
    "USE",
    "BEGIN",
    "END",
    "EXECUTE",
    "LOAD",
    "UNLOAD",
    "ADD",
    "REMOVE",
    "STOP",
    "WITH",
    "VALUES",
    "TRUNCATE",
    "ANALYZE",
    "CALL",
    "UPDATE",
    "DELETE",
)

_TABLE_AFTER = {"FROM", "JOIN", "INTO", "TABLE", "UPDATE", "LIKE", "OVERWRITE", "VIEW"}
_CLAUSE_WORDS = {
    "SELECT",
    "FROM",
    "WHERE",
    "GROUP",
    "HAVING",
    "ORDER",
    "BY",
    "ON",
    "JOIN",
    "WINDOW",
    "LIMIT",
    "UNION",
    "SET",
    "VALUES",
    "INTO",
    "PARTITION",
    "QUALIFY",
}
_COLUMN_CLAUSES = {"SELECT", "WHERE", "ON", "BY", "HAVING", "QUALIFY"}
_FORMAT_KEYS = {"format": "", "key.format": "key.", "value.format": "value."}


def _significant(tokens: list[Token]) -> list[Token]:
    return [t for t in tokens if t.kind not in ("ws", "comment", "hint")]


def analyze(text: str, cursor: int | None = None) -> CursorContext:
    """The completion context at `cursor` (default: end of `text`)."""
    cur_pos = len(text) if cursor is None else max(0, min(cursor, len(text)))
    stmt_start, stmt_end = statement_bounds(text, cur_pos)
    tokens = tokenize(text, stmt_start, max(stmt_end, cur_pos))

    # the token the cursor is in (or right at the end of)
    current: Token | None = None
    for tok in tokens:
        if tok.start < cur_pos <= tok.end:
            current = tok
            break
        if tok.start >= cur_pos:
            break
    statement_text = text[stmt_start:cur_pos]
    if current is not None and current.kind in ("comment", "hint"):
        closed_block = (
            current.text.startswith("/*") and current.text.endswith("*/") and len(current.text) >= 4
        )
        if not (closed_block and cur_pos == current.end):
            return CursorContext(ContextKind.NONE, statement=statement_text)
        current = None
    if current is not None and current.kind in ("ws", "punct", "number"):
        current = None
    if (
        current is not None
        and current.kind in ("string", "ident")
        and current.closed
        and cur_pos == current.end
    ):
        current = None  # right after a closing quote: the next item, not this one

    before = _significant([t for t in tokens if t.end <= (current.start if current else cur_pos)])
    prefix = ""
    start = cur_pos
    quoted = False
    if current is not None:
        if current.kind in ("string", "ident"):
            prefix = text[current.start + 1 : cur_pos]
            start = current.start + 1
            quoted = True
        else:
            prefix = text[current.start : cur_pos]
            start = current.start

    def ctx(kind: ContextKind, **kw: Any) -> CursorContext:
        return CursorContext(kind, prefix=prefix, start=start, quoted=quoted, statement=statement_text, **kw)

    if not before:
        if prefix.startswith("\\"):
            return ctx(ContextKind.META_COMMAND)
        if quoted:
            return ctx(ContextKind.NONE)
        return ctx(ContextKind.STATEMENT_START)
    if before[0].text.startswith("\\"):
        return ctx(ContextKind.NONE)  # arguments of meta-commands are the meta-command's business

    first = before[0].upper if before[0].kind == "word" else ""

    # SET 'key' = 'value' / RESET 'key' (`UPDATE t SET` starts with UPDATE: never confused with this)
    if first in ("SET", "RESET"):
        if len(before) == 1:
            return ctx(ContextKind.SET_KEY)
        bare = _bare_key_start(text, before[1:], current, cur_pos)
        if bare is not None:
            # an unquoted dotted key being typed: SET execution.checkpointing.int
            return CursorContext(
                ContextKind.SET_KEY, prefix=text[bare:cur_pos], start=bare, statement=statement_text
            )
        if (
            first == "SET"
            and len(before) == 3
            and before[2].text == "="
            and before[1].kind in ("string", "ident", "word")
        ):
            return ctx(ContextKind.SET_VALUE, key=before[1].value)
        return ctx(ContextKind.NONE)

    # inside WITH ( ... )
    in_with = _with_clause(tokens, before)
    if in_with is not None:
        return ctx(in_with[0], **in_with[1])
    if quoted and current is not None and current.kind == "string":
        return ctx(ContextKind.NONE)  # some other string literal

    # qualified names: a.b.|
    qualifier: list[str] = []
    i = len(before)
    while i >= 2 and before[i - 1].text == "." and before[i - 2].kind in ("word", "ident"):
        qualifier.insert(0, before[i - 2].value)
        i -= 2
    head = before[:i]
    prev = head[-1].upper if head and head[-1].kind == "word" else (head[-1].text if head else "")

    # statement keyword followers: SHOW |, CREATE |, CREATE TEMPORARY |; USE | and DESCRIBE | name things
    if not qualifier and head and len(head) <= 2 and all(t.kind == "word" for t in head):
        joined = " ".join(t.upper for t in head)
        if joined == "USE":
            return ctx(ContextKind.DATABASE, keyword=joined)
        if joined in ("DESCRIBE", "DESC"):
            return ctx(ContextKind.TABLE, keyword=joined)
        if joined in FOLLOWERS:
            return ctx(ContextKind.FOLLOW_KEYWORD, keyword=joined)

    tables = tuple(source_refs(_significant(tokens), ctes=True))

    if head and head[-1].kind == "word":
        if prev == "CATALOG" and len(head) >= 2 and head[-2].upper in ("USE", "DROP", "ALTER", "CATALOG"):
            return ctx(ContextKind.CATALOG, qualifier=tuple(qualifier))
        if prev == "CATALOG" and len(head) == 2:
            return ctx(ContextKind.CATALOG, qualifier=tuple(qualifier))
        if prev == "USE" or (prev == "DATABASE" and first in ("DROP", "ALTER", "USE")):
            return ctx(ContextKind.DATABASE, qualifier=tuple(qualifier))
        if prev in ("FROM", "IN") and len(head) >= 2 and head[-2].upper in ("TABLES", "VIEWS", "FUNCTIONS"):
            return ctx(ContextKind.DATABASE, qualifier=tuple(qualifier))
        if prev in _TABLE_AFTER or (
            prev in ("DESCRIBE", "DESC", "EXTENDED") and first in ("DESCRIBE", "DESC")
        ):
            return ctx(ContextKind.TABLE, qualifier=tuple(qualifier), tables=tables)
        if prev == "FROM" or (prev == "COLUMNS" and first == "SHOW"):
            return ctx(ContextKind.TABLE, qualifier=tuple(qualifier), tables=tables)
    if head and head[-1].text == "," and _clause_of(head) in ("FROM",):
        return ctx(ContextKind.TABLE, qualifier=tuple(qualifier), tables=tables)

    if qualifier:
        # alias.| or table.| inside a query: columns of that table (a table qualifier wins over db.table)
        for ref in tables:
            if ref.alias and len(qualifier) == 1 and ref.alias.lower() == qualifier[0].lower():
                return ctx(ContextKind.COLUMN, qualifier=tuple(qualifier), tables=(ref,))
        for ref in tables:
            if tuple(q.lower() for q in qualifier) == tuple(n.lower() for n in ref.parts[-len(qualifier) :]):
                return ctx(ContextKind.COLUMN, qualifier=tuple(qualifier), tables=(ref,))
        return ctx(ContextKind.TABLE, qualifier=tuple(qualifier), tables=tables)

    clause = _clause_of(head)
    if clause in _COLUMN_CLAUSES and tables:
        return ctx(ContextKind.COLUMN, tables=tables)
    if clause == "SELECT":
        return ctx(ContextKind.COLUMN, tables=tables)
    return ctx(ContextKind.KEYWORD, tables=tables)


def _bare_key_start(text: str, rest: list[Token], current: Token | None, cursor: int) -> int | None:
    """Where an unquoted key like `a.b-c.d` starts, when everything after SET up to the cursor is one."""
    if not rest or rest[0].kind != "word":
        return None
    end = rest[0].start
    for tok in rest:
        if tok.start != end or not (tok.kind in ("word", "number") or tok.text in (".", "-")):
            return None
        end = tok.end
    if (current.start if current is not None else cursor) != end:
        return None
    return rest[0].start


def _with_clause(tokens: list[Token], before: list[Token]) -> tuple[ContextKind, dict[str, object]] | None:
    """The context kind (and its details) when the cursor is directly inside `WITH ( ... )`, else None."""
    stack: list[int] = []  # indexes in `before` of open parens
    for idx, tok in enumerate(before):
        if tok.text == "(":
            stack.append(idx)
        elif tok.text == ")" and stack:
            stack.pop()
    if not stack:
        return None
    open_idx = stack[-1]
    if open_idx == 0 or before[open_idx - 1].upper != "WITH":
        return None
    # the whole clause, also after the cursor, tells the connector and the keys already there
    open_tok = before[open_idx]
    clause: list[Token] = []
    depth = 0
    for tok in _significant(tokens):
        if tok.start <= open_tok.start:
            continue
        if tok.text == "(":
            depth += 1
        elif tok.text == ")":
            if depth == 0:
                break
            depth -= 1
        clause.append(tok)
    pairs: dict[str, str] = {}
    keys: list[str] = []
    for j in range(len(clause) - 2):
        k, eq, v = clause[j], clause[j + 1], clause[j + 2]
        if k.kind == "string" and k.closed and eq.text == "=" and (j == 0 or clause[j - 1].text == ","):
            keys.append(k.value)
            if v.kind == "string" and v.closed:
                pairs[k.value] = v.value
    details: dict[str, object] = {
        "connector": pairs.get("connector"),
        "formats": {p: pairs[f] for f, p in _FORMAT_KEYS.items() if f in pairs},
    }
    head_words = {t.upper for t in before[:open_idx] if t.kind == "word"}
    if "CATALOG" in head_words and "TABLE" not in head_words:
        details["keyword"] = "CATALOG"  # CREATE CATALOG c WITH ('type' = ...): not a connector
    inside = before[open_idx + 1 :]
    last = inside[-1] if inside else None
    if last is None or last.text in ("(", ","):
        return ContextKind.WITH_KEY, {**details, "present_keys": tuple(keys)}
    if last.text == "=" and len(inside) >= 2 and inside[-2].kind == "string":
        key = inside[-2].value
        if key == "connector":
            kind = ContextKind.CONNECTOR
        elif key in _FORMAT_KEYS:
            kind = ContextKind.FORMAT
        else:
            kind = ContextKind.WITH_VALUE
        return kind, {**details, "key": key}
    return ContextKind.NONE, details


def _clause_of(head: list[Token]) -> str:
    """The innermost clause keyword (SELECT, FROM, WHERE...) the cursor is in, at its parenthesis depth."""
    depth = 0
    for tok in reversed(head):
        if tok.text == ")":
            depth += 1
        elif tok.text == "(":
            if depth == 0:
                return "("  # directly inside parentheses: a function call or a sub-list
            depth -= 1
        elif depth == 0 and tok.kind == "word" and tok.upper in _CLAUSE_WORDS:
            return tok.upper
    return ""
