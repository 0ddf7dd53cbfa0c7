"""What a statement is, from its first keywords, without parsing it.

The REPL, batch mode, resumable scripts and lint need to know "does this submit a job?", "does this change the
session?" for every statement, including half-typed and invalid ones, so the first tokens of the one tokenizer
(`cdcshell.sql.tokens`) are read instead of parsing: it never fails, and it only reads as far as it needs to.
What a statement says (the key a SET sets, a table's options) is read by `cdcshell.sql.facts`.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from typing import Literal, NamedTuple

from cdcshell.sql.tokens import Token, read_name, scan, tokenize, unquote

__all__ = [
    "Kind",
    "SqlToken",
    "classify",
    "is_temporary",
    "iter_tokens",
    "leading_terms",
    "leading_words",
    "session_state_changing",
    "submits_job",
    "temporary_form",
    "unquote",
]


class Kind(enum.Enum):
    SET = enum.auto()
    RESET = enum.auto()
    INSERT = enum.auto()  # INSERT INTO/OVERWRITE, EXECUTE INSERT
    SELECT = enum.auto()  # SELECT, WITH ... SELECT, VALUES, (SELECT ...), EXECUTE SELECT
    STATEMENT_SET = enum.auto()  # BEGIN STATEMENT SET ... END, EXECUTE STATEMENT SET BEGIN ... END
    CREATE_TABLE = enum.auto()
    CREATE_TABLE_AS = enum.auto()  # CREATE [OR REPLACE] TABLE ... AS SELECT, REPLACE TABLE ... AS: runs a job
    CREATE_VIEW = enum.auto()
    CREATE_FUNCTION = enum.auto()
    CREATE_CATALOG = enum.auto()
    CREATE_DATABASE = enum.auto()
    CREATE_OTHER = enum.auto()  # CREATE MODEL, ... and half-typed CREATE
    DROP = enum.auto()
    ALTER = enum.auto()
    USE_CATALOG = enum.auto()
    USE_MODULES = enum.auto()
    USE = enum.auto()  # USE <database>
    SHOW = enum.auto()
    DESCRIBE = enum.auto()  # DESCRIBE, DESC
    EXPLAIN = enum.auto()
    ADD_JAR = enum.auto()
    REMOVE_JAR = enum.auto()
    LOAD_MODULE = enum.auto()
    UNLOAD_MODULE = enum.auto()
    COMPILE_PLAN = enum.auto()
    EXECUTE_PLAN = enum.auto()  # runs the job of a compiled plan
    DELETE = enum.auto()  # batch DELETE/UPDATE run a job on connectors that support them
    UPDATE = enum.auto()
    TRUNCATE = enum.auto()
    ANALYZE = enum.auto()  # ANALYZE TABLE runs a batch job to compute statistics
    CALL = enum.auto()  # CALL <procedure>
    STOP_JOB = enum.auto()  # STOP JOB '<id>' [WITH SAVEPOINT] [WITH DRAIN]
    BEGIN = enum.auto()  # a lone BEGIN (not a statement set)
    END = enum.auto()
    META = enum.auto()  # a shell meta-command: \jobs, \checkpoints ...
    OTHER = enum.auto()  # empty, unknown or not (yet) recognisable


# --- tokens ------------------------------------------------------------------------------------------------


class SqlToken(NamedTuple):
    """A coarse view of a `cdcshell.sql.tokens.Token` (word, quoted text or any other symbol), kept for the
    masking code that reads statements this way."""

    kind: Literal["word", "quoted", "symbol"]
    text: str  # as written, quotes included
    start: int
    end: int


_COARSE: dict[str, Literal["word", "quoted", "symbol"]] = {
    "word": "word",
    "number": "word",
    "string": "quoted",
    "ident": "quoted",
    "punct": "symbol",
}


def iter_tokens(text: str, start: int = 0) -> Iterator[SqlToken]:
    """The significant tokens of `text` in the coarse view (comments, hints and whitespace skipped), lazily."""
    for tok in scan(text, start):
        coarse = _COARSE.get(tok.kind)
        if coarse is not None:
            yield SqlToken(coarse, tok.text, tok.start, tok.end)


def iter_comments(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every comment and optimizer hint in `text`, strings respected (secrets hide in hints)."""
    for tok in scan(text):
        if tok.kind in ("comment", "hint"):
            yield tok.start, tok.end


def _words(text: str) -> Iterator[Token]:
    """The significant tokens of `text`, lazily: classifying reads only the first few of a long statement."""
    return (tok for tok in scan(text) if tok.kind not in ("ws", "comment", "hint"))


def leading_words(text: str, count: int = 4) -> list[str]:
    """The first `count` words, upper-cased, skipping comments and leading '(' — stops at any other symbol or
    quoted text, because keywords that decide a statement's kind never come after one."""
    words: list[str] = []
    for tok in _words(text):
        if tok.kind in ("word", "number") and not tok.text.startswith("\\"):
            words.append(tok.text.upper())
            if len(words) >= count:
                break
        elif tok.kind == "punct" and tok.text == "(" and not words:
            continue
        else:
            break
    return words


def leading_terms(text: str, count: int) -> list[str]:
    """The first `count` terms of a statement, lower-cased, for telling whether an edited statement is still
    "the same one" (the tutorial's steps): words and meta-command names, qualified names as one term (`db.t`),
    quoted strings and identifiers by their content; punctuation, comments and hints are passed over."""
    tokens = [tok for tok in tokenize(text) if tok.kind != "hint"]
    terms: list[str] = []
    i = 0
    while i < len(tokens) and len(terms) < count:
        tok = tokens[i]
        if tok.kind in ("word", "ident"):
            parts, i = read_name(tokens, i)
            terms.append(".".join(parts).lower())
            continue
        if tok.kind in ("string", "number"):
            terms.append(tok.value.lower())
        i += 1
    return terms


# --- classify ------------------------------------------------------------------------------------------------

_SIMPLE = {
    "SET": Kind.SET,
    "RESET": Kind.RESET,
    "INSERT": Kind.INSERT,
    "SELECT": Kind.SELECT,
    "WITH": Kind.SELECT,
    "VALUES": Kind.SELECT,
    "TABLE": Kind.SELECT,  # TABLE t is a query
    "DROP": Kind.DROP,
    "ALTER": Kind.ALTER,
    "SHOW": Kind.SHOW,
    "DESCRIBE": Kind.DESCRIBE,
    "DESC": Kind.DESCRIBE,
    "EXPLAIN": Kind.EXPLAIN,
    "DELETE": Kind.DELETE,
    "UPDATE": Kind.UPDATE,
    "TRUNCATE": Kind.TRUNCATE,
    "ANALYZE": Kind.ANALYZE,
    "CALL": Kind.CALL,
    "END": Kind.END,
}
_CREATE_OBJECT = {
    "TABLE": Kind.CREATE_TABLE,
    "VIEW": Kind.CREATE_VIEW,
    "FUNCTION": Kind.CREATE_FUNCTION,
    "CATALOG": Kind.CREATE_CATALOG,
    "DATABASE": Kind.CREATE_DATABASE,
    "SCHEMA": Kind.CREATE_DATABASE,
}
_CREATE_MODIFIERS = {"OR", "REPLACE", "TEMPORARY", "SYSTEM"}


def _is_table_as(text: str) -> bool:
    """Whether a CREATE/REPLACE TABLE statement has a top-level `AS` (CTAS/RTAS), i.e. runs a query.

    `AS` inside parentheses belongs to computed columns or option values, so only depth 0 counts."""
    depth = 0
    seen_table = False
    for tok in _words(text):
        if tok.kind == "punct":
            if tok.text == "(":
                depth += 1
            elif tok.text == ")":
                depth = max(depth - 1, 0)
        elif tok.kind == "word" and depth == 0:
            word = tok.text.upper()
            if word == "TABLE":
                seen_table = True
            elif word == "AS" and seen_table:
                return True
    return False


def classify(text: str) -> Kind:
    """The kind of one statement (as returned by the splitter), judged from its first keywords."""
    stripped = text.lstrip()
    if stripped.startswith("\\"):
        return Kind.META
    first = next(_words(text), None)
    if first is not None and first.text.startswith("\\"):
        return Kind.META  # a meta-command after a leading comment
    words = leading_words(text, 6)
    if not words:
        return Kind.OTHER
    head = words[0]
    if head == "EXECUTE":
        rest = words[1:]
        if rest[:2] == ["STATEMENT", "SET"]:
            return Kind.STATEMENT_SET
        if rest[:1] == ["PLAN"]:
            return Kind.EXECUTE_PLAN
        if rest[:1] == ["INSERT"]:
            return Kind.INSERT
        if rest[:1] in (["SELECT"], ["WITH"], ["VALUES"]):
            return Kind.SELECT
        return Kind.OTHER
    if head == "BEGIN":
        return Kind.STATEMENT_SET if words[1:3] == ["STATEMENT", "SET"] else Kind.BEGIN
    if head == "CREATE":
        rest = [w for w in words[1:] if w not in _CREATE_MODIFIERS]
        kind = _CREATE_OBJECT.get(rest[0], Kind.CREATE_OTHER) if rest else Kind.CREATE_OTHER
        if kind is Kind.CREATE_TABLE and _is_table_as(text):
            return Kind.CREATE_TABLE_AS
        return kind
    if head == "REPLACE" and words[1:2] == ["TABLE"]:
        return Kind.CREATE_TABLE_AS
    if head == "USE":
        if words[1:2] == ["CATALOG"]:
            return Kind.USE_CATALOG
        if words[1:2] == ["MODULES"]:
            return Kind.USE_MODULES
        return Kind.USE
    if head == "ADD" and words[1:2] == ["JAR"]:
        return Kind.ADD_JAR
    if head == "REMOVE" and words[1:2] == ["JAR"]:
        return Kind.REMOVE_JAR
    if head == "LOAD" and words[1:2] == ["MODULE"]:
        return Kind.LOAD_MODULE
    if head == "UNLOAD" and words[1:2] == ["MODULE"]:
        return Kind.UNLOAD_MODULE
    if head == "COMPILE" and words[1:2] in (["PLAN"], ["AND"]):
        return Kind.COMPILE_PLAN
    if head == "STOP" and words[1:2] == ["JOB"]:
        return Kind.STOP_JOB
    return _SIMPLE.get(head, Kind.OTHER)


# --- properties of kinds -------------------------------------------------------------------------------------


def is_temporary(text: str) -> bool:
    """CREATE [OR REPLACE] TEMPORARY [SYSTEM] TABLE/VIEW/FUNCTION: objects that live only in this session."""
    words = leading_words(text, 6)
    if words[:1] != ["CREATE"]:
        return False
    for word in words[1:]:
        if word == "TEMPORARY":
            return True
        if word not in _CREATE_MODIFIERS:
            return False
    return False


def temporary_form(text: str) -> str:
    """`CREATE [OR REPLACE] TABLE|VIEW|FUNCTION` as its TEMPORARY form (after any leading comment); any other
    statement, a TEMPORARY one included, as it is."""
    words: list[Token] = []
    for tok in _words(text):
        if tok.kind != "word" or len(words) == 4:
            break
        words.append(tok)
    upper = [w.upper for w in words]
    if upper[:1] != ["CREATE"]:
        return text
    i = 3 if upper[1:3] == ["OR", "REPLACE"] else 1
    if i < len(words) and upper[i] in ("TABLE", "VIEW", "FUNCTION"):
        at = words[i].start
        return text[:at] + "TEMPORARY " + text[at:]
    return text


_JOB_KINDS = frozenset(
    {
        Kind.INSERT,
        Kind.STATEMENT_SET,
        Kind.SELECT,
        Kind.CREATE_TABLE_AS,
        Kind.EXECUTE_PLAN,
        Kind.DELETE,
        Kind.UPDATE,
        Kind.ANALYZE,
    }
)
_SESSION_KINDS = frozenset(
    {
        Kind.SET,
        Kind.RESET,
        Kind.USE,
        Kind.USE_CATALOG,
        Kind.USE_MODULES,
        Kind.ADD_JAR,
        Kind.REMOVE_JAR,
        Kind.LOAD_MODULE,
        Kind.UNLOAD_MODULE,
        Kind.CREATE_CATALOG,
    }
)


def submits_job(kind: Kind) -> bool:
    """Whether executing a statement of this kind starts a Flink job (which then needs watching/cancelling)."""
    return kind in _JOB_KINDS


def session_state_changing(kind: Kind, text: str) -> bool:
    """Whether the statement changes state that lives only in the gateway session and is lost with it, so the
    shell must journal it to re-create the session: SET/RESET, USE [CATALOG|MODULES], ADD/REMOVE JAR,
    [UN]LOAD MODULE, CREATE/DROP CATALOG, CREATE/DROP TEMPORARY objects.

    Permanent objects created in the in-memory `default_catalog` are session state too, but whether a CREATE
    lands there depends on the current catalog, which only the caller knows.
    """
    if kind in _SESSION_KINDS:
        return True
    if kind in (
        Kind.CREATE_TABLE,
        Kind.CREATE_TABLE_AS,
        Kind.CREATE_VIEW,
        Kind.CREATE_FUNCTION,
        Kind.CREATE_OTHER,
    ):
        return is_temporary(text)
    if kind is Kind.DROP:
        words = leading_words(text, 3)
        return words[1:2] in (["TEMPORARY"], ["CATALOG"])
    if kind is Kind.ALTER:
        return leading_words(text, 2)[1:2] == ["CATALOG"]
    return False
