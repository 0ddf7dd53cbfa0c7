"""The statement-facts reader: what a statement says, read from its text without rewriting it — the one reader
of SET/RESET, DDL and job statements for lint, the session journal, `\\slots` and tutorials.

- `SET`/`RESET`: the key and value, with their offsets (quoted or the legacy unquoted form).
- `CREATE [TEMPORARY] TABLE [IF NOT EXISTS] cat.db.tbl (...) WITH (...) [LIKE src]`: columns, primary key, the
  options with the offset of each key (so a finding points at the option to change), and the `LIKE` source.
- Statements that submit a job (`INSERT`, `EXECUTE INSERT`, statement sets, `SELECT`, `CREATE TABLE ... AS`):
  the sink tables, and the source tables with their `/*+ OPTIONS(...) */` hints.

A hand-written token scan rather than sqlglot: the toolbar re-reads the statement under the cursor on every
keystroke and has a budget of a few milliseconds, and no general SQL parser knows Flink's DDL, hints,
`FOR SYSTEM_TIME AS OF` or window table functions. The scan is forgiving by design: a half-typed statement
yields what can be read and never an exception.

Size (~440 lines), on purpose: the one reader of statement facts; its parts share the name, option-list
and column-list readers, and one module is what makes "a Flink syntax fix is made once" true.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from cdcshell.sql.tables import OptionValue, TableRef, parse_options, read_ref, source_refs
from cdcshell.sql.tokens import Token, is_name_token, matching_paren, read_name, split_top_level, tokenize

__all__ = [
    "AlterTableOptions",
    "DropTable",
    "JobDef",
    "ObjectRef",
    "OptionValue",
    "Parsed",
    "ResetStmt",
    "SetStmt",
    "TableDef",
    "TableRef",
    "ctas_job",
    "object_ref",
    "parse_job",
    "parse_reset",
    "parse_set",
    "parse_statement",
]


@dataclass(frozen=True)
class TableDef:
    parts: tuple[str, ...]  # the name as written, unquoted: ("cat", "db", "tbl") or ("tbl",)
    columns: tuple[str, ...] = ()
    primary_key: tuple[str, ...] = ()
    options: dict[str, OptionValue] = field(default_factory=dict)
    like: tuple[str, ...] | None = None
    temporary: bool = False
    name_offset: int = 0
    as_select: bool = False  # CREATE TABLE ... AS SELECT

    @property
    def name(self) -> str:
        return ".".join(self.parts)

    @property
    def connector(self) -> str | None:
        opt = self.options.get("connector")
        return opt.value.strip().lower() if opt else None

    def option(self, key: str) -> str | None:
        opt = self.options.get(key)
        return opt.value if opt else None

    def merged_with_base(self, base: TableDef) -> TableDef:
        """`CREATE TABLE t WITH (...) LIKE base`: base's columns, key and options, overridden by t's own."""
        options = dict(base.options)
        options.update(self.options)
        return TableDef(
            parts=self.parts,
            columns=self.columns or base.columns,
            primary_key=self.primary_key or base.primary_key,
            options=options,
            like=self.like,
            temporary=self.temporary,
            name_offset=self.name_offset,
            as_select=self.as_select,
        )


JobKind = Literal["insert", "statement_set", "select", "ctas"]


@dataclass(frozen=True)
class JobDef:
    kind: JobKind
    sinks: tuple[TableRef, ...] = ()
    sources: tuple[TableRef, ...] = ()


@dataclass(frozen=True)
class SetStmt:
    """`SET key = value`. Key and value are unquoted ('...', "...", `...`, doubled quotes resolved); a value
    written without quotes is taken as written (`10 s`), a key too (the legacy `SET a.b-c = x`)."""

    key: str | None  # None for a bare `SET` (list the configuration)
    value: str | None  # None for a bare `SET`, or a `SET key` that is not well formed (no `=` or no value)
    key_offset: int = 0
    value_offset: int = 0


@dataclass(frozen=True)
class ResetStmt:
    key: str | None  # None resets every key set in the session
    key_offset: int = 0


@dataclass(frozen=True)
class DropTable:
    parts: tuple[str, ...]


@dataclass(frozen=True)
class AlterTableOptions:
    parts: tuple[str, ...]
    set_options: dict[str, OptionValue] = field(default_factory=dict)
    reset_keys: tuple[str, ...] = ()


@dataclass(frozen=True)
class ObjectRef:
    """What a CREATE/DROP/ALTER statement is about, whatever the object: the session journal keys the objects
    that live only in the gateway session on this."""

    object_type: str  # TABLE, VIEW, FUNCTION, DATABASE (also for SCHEMA), CATALOG
    parts: tuple[str, ...]
    temporary: bool = False
    system: bool = False
    if_exists: bool = False  # IF EXISTS / IF NOT EXISTS
    or_replace: bool = False
    options: dict[str, OptionValue] = field(default_factory=dict)  # its WITH (...), for a CREATE

    def option(self, key: str) -> str | None:
        opt = self.options.get(key)
        return opt.value if opt else None


Parsed = SetStmt | ResetStmt | TableDef | JobDef | DropTable | AlterTableOptions


# --- SET / RESET ---------------------------------------------------------------------------------------------


def _key_of(text: str, tokens: list[Token]) -> str | None:
    """A key written as one quoted token, or as legacy unquoted text (`state.backend.type`, `a-b.c`)."""
    if not tokens:
        return None
    if len(tokens) == 1 and tokens[0].quoted:
        return tokens[0].value
    if any(tok.quoted for tok in tokens):
        return None
    return text[tokens[0].start : tokens[-1].end]


def _statement_tokens(text: str, keyword: str) -> list[Token] | None:
    """The significant tokens of `text` without trailing `;` when it starts with `keyword`; else None."""
    tokens = tokenize(text)
    if not tokens or not tokens[0].is_word(keyword):
        return None
    while tokens and tokens[-1].text == ";" and tokens[-1].kind == "punct":
        tokens.pop()
    return tokens


def parse_set(text: str) -> SetStmt | None:
    """What a `SET` statement sets, with the offsets of key and value; None when the text is not a SET or names
    no key (`SET = 'v'`). A bare `SET` is `SetStmt(None, None)`; a SET without `=` or value has `value=None`."""
    tokens = _statement_tokens(text, "SET")
    if tokens is None:
        return None
    rest = tokens[1:]
    if not rest:
        return SetStmt(None, None)
    eq = next((i for i, tok in enumerate(rest) if tok.kind == "punct" and tok.text == "="), None)
    key = _key_of(text, rest if eq is None else rest[:eq])
    if key is None:
        return None
    key_offset = rest[0].start
    value_tokens = [] if eq is None else rest[eq + 1 :]
    if not value_tokens:
        return SetStmt(key, None, key_offset, len(text))
    first = value_tokens[0]
    single_quoted = len(value_tokens) == 1 and first.quoted
    value = first.value if single_quoted else text[first.start : value_tokens[-1].end]
    return SetStmt(key, value, key_offset, first.start)


def parse_reset(text: str) -> ResetStmt | None:
    """The key of `RESET 'key'` (or legacy `RESET key`); `ResetStmt(None)` for a bare `RESET` (all keys); None
    when the text is not a RESET or is one that is not well formed."""
    tokens = _statement_tokens(text, "RESET")
    if tokens is None:
        return None
    if len(tokens) == 1:
        return ResetStmt(None)
    key = _key_of(text, tokens[1:])
    return None if key is None else ResetStmt(key, tokens[1].start)


# --- CREATE TABLE --------------------------------------------------------------------------------------------


def _parse_create_table(tokens: list[Token]) -> TableDef | None:
    i = 1
    n = len(tokens)
    temporary = False
    if i < n and tokens[i].is_word("OR") and i + 1 < n and tokens[i + 1].is_word("REPLACE"):
        i += 2
    if i < n and tokens[i].is_word("TEMPORARY"):
        temporary = True
        i += 1
    if not (i < n and tokens[i].is_word("TABLE")):
        return None
    i += 1
    if (
        i + 2 < n
        and tokens[i].is_word("IF")
        and tokens[i + 1].is_word("NOT")
        and tokens[i + 2].is_word("EXISTS")
    ):
        i += 3
    if i >= n or not is_name_token(tokens[i]):
        return None
    name_offset = tokens[i].start
    parts, i = read_name(tokens, i)
    columns: list[str] = []
    pk: list[str] = []
    if i < n and tokens[i].text == "(":
        end = matching_paren(tokens, i)
        _read_body(tokens[i + 1 : end], columns, pk)
        i = end + 1
    options: dict[str, OptionValue] = {}
    like: tuple[str, ...] | None = None
    as_select = False
    while i < n:
        tok = tokens[i]
        if tok.is_word("WITH") and i + 1 < n and tokens[i + 1].text == "(":
            end = matching_paren(tokens, i + 1)
            options.update(parse_options(tokens[i + 2 : end]))
            i = end + 1
            continue
        if tok.is_word("LIKE") and i + 1 < n and is_name_token(tokens[i + 1]):
            like_parts, i = read_name(tokens, i + 1)
            like = tuple(like_parts)
            continue
        if tok.is_word("AS"):
            as_select = True
            break
        if tok.text == "(":
            i = matching_paren(tokens, i) + 1
            continue
        i += 1
    return TableDef(
        parts=tuple(parts),
        columns=tuple(columns),
        primary_key=tuple(pk),
        options=options,
        like=like,
        temporary=temporary,
        name_offset=name_offset,
        as_select=as_select,
    )


def _read_body(tokens: list[Token], columns: list[str], pk: list[str]) -> None:
    for entry in split_top_level(tokens):
        first = entry[0]
        if first.is_word("CONSTRAINT") and len(entry) > 2:
            entry = entry[2:]
            first = entry[0]
        if first.is_word("PRIMARY") and len(entry) > 2 and entry[1].is_word("KEY") and entry[2].text == "(":
            end = matching_paren(entry, 2)
            pk.extend(t.value for t in entry[3:end] if is_name_token(t))
            continue
        if first.is_word("WATERMARK", "PERIOD"):
            continue
        if is_name_token(first):
            columns.append(first.value)
            for k in range(1, len(entry) - 1):
                if entry[k].is_word("PRIMARY") and entry[k + 1].is_word("KEY"):
                    pk.append(first.value)
                    break


# --- jobs ----------------------------------------------------------------------------------------------------


def _parse_insert(tokens: list[Token], i: int) -> tuple[TableRef | None, list[TableRef]]:
    """tokens[i] is INSERT."""
    n = len(tokens)
    i += 1
    if i < n and tokens[i].is_word("INTO", "OVERWRITE"):
        i += 1
    sink, j = read_ref(tokens, i)
    if sink is None:
        return None, []
    return sink, source_refs(tokens[j:])


def parse_job(tokens: list[Token]) -> JobDef | None:
    if not tokens:
        return None
    first = tokens[0]
    n = len(tokens)
    if first.is_word("EXECUTE") and n > 1 and tokens[1].is_word("INSERT"):
        sink, sources = _parse_insert(tokens, 1)
        return JobDef("insert", (sink,) if sink else (), tuple(sources))
    if first.is_word("INSERT"):
        sink, sources = _parse_insert(tokens, 0)
        return JobDef("insert", (sink,) if sink else (), tuple(sources))
    is_set = (
        first.is_word("BEGIN") and n > 2 and tokens[1].is_word("STATEMENT") and tokens[2].is_word("SET")
    ) or (first.is_word("EXECUTE") and n > 2 and tokens[1].is_word("STATEMENT") and tokens[2].is_word("SET"))
    if is_set:
        sinks: list[TableRef] = []
        read: list[TableRef] = []
        for part in split_top_level(tokens, ";"):
            for k, tok in enumerate(part):
                if tok.is_word("INSERT"):
                    sink, srcs = _parse_insert(part, k)
                    if sink:
                        sinks.append(sink)
                    read.extend(srcs)
                    break
        return JobDef("statement_set", tuple(sinks), tuple(read))
    if first.is_word("SELECT", "WITH", "TABLE", "VALUES") or (
        first.text == "(" and n > 1 and tokens[1].is_word("SELECT")
    ):
        return JobDef("select", (), tuple(source_refs(tokens)))
    return None


def parse_statement(text: str) -> Parsed | None:
    """What the rules know about one statement, or None for statements they do not look at."""
    tokens = tokenize(text)
    if not tokens:
        return None
    first = tokens[0]
    if first.is_word("SET"):
        return parse_set(text)
    if first.is_word("RESET"):
        return parse_reset(text)
    if first.is_word("CREATE"):
        table = _parse_create_table(tokens)
        return table
    if first.is_word("DROP"):
        k = 1
        if k < len(tokens) and tokens[k].is_word("TEMPORARY"):
            k += 1
        if k < len(tokens) and tokens[k].is_word("TABLE"):
            k += 1
            if k + 1 < len(tokens) and tokens[k].is_word("IF") and tokens[k + 1].is_word("EXISTS"):
                k += 2
            parts, _ = read_name(tokens, k)
            return DropTable(tuple(parts)) if parts else None
        return None
    if first.is_word("ALTER") and len(tokens) > 2 and tokens[1].is_word("TABLE"):
        parts, k = read_name(tokens, 2)
        if k + 1 < len(tokens) and tokens[k].is_word("SET", "RESET") and tokens[k + 1].text == "(":
            end = matching_paren(tokens, k + 1)
            inner = tokens[k + 2 : end]
            if tokens[k].is_word("SET"):
                return AlterTableOptions(tuple(parts), set_options=parse_options(inner))
            return AlterTableOptions(
                tuple(parts), reset_keys=tuple(t.value for t in inner if t.kind == "string")
            )
        return None
    return parse_job(tokens)


_OBJECT_WORDS = {
    "TABLE": "TABLE",
    "VIEW": "VIEW",
    "FUNCTION": "FUNCTION",
    "DATABASE": "DATABASE",
    "SCHEMA": "DATABASE",
    "CATALOG": "CATALOG",
}
_OBJECT_MODIFIERS = frozenset({"OR", "REPLACE", "TEMPORARY", "SYSTEM"})


def object_ref(text: str) -> ObjectRef | None:
    """The object a `CREATE|DROP|ALTER [OR REPLACE] [TEMPORARY] [SYSTEM] <type> [IF [NOT] EXISTS] name ...`
    statement is about; None for other statements (and for a half-typed one that names nothing yet)."""
    tokens = [t for t in tokenize(text) if not (t.kind == "punct" and t.text == ";")]
    if not tokens or not tokens[0].is_word("CREATE", "DROP", "ALTER"):
        return None
    i, n = 1, len(tokens)
    modifiers: set[str] = set()
    while i < n and tokens[i].upper in _OBJECT_MODIFIERS:
        modifiers.add(tokens[i].upper)
        i += 1
    object_type = _OBJECT_WORDS.get(tokens[i].upper) if i < n else None
    if object_type is None:
        return None
    i += 1
    words = [t.upper for t in tokens[i : i + 3]]
    if_exists = words[:2] == ["IF", "EXISTS"] or words[:3] == ["IF", "NOT", "EXISTS"]
    if if_exists:
        i += 2 if words[1] == "EXISTS" else 3
    parts, i = read_name(tokens, i)
    if not parts:
        return None
    options: dict[str, OptionValue] = {}
    while i < n:  # the first top-level WITH (...): a table's comes after its column list
        if tokens[i].is_word("WITH") and i + 1 < n and tokens[i + 1].text == "(":
            options = parse_options(tokens[i + 2 : matching_paren(tokens, i + 1)])
            break
        i = matching_paren(tokens, i) + 1 if tokens[i].text == "(" else i + 1
    return ObjectRef(
        object_type,
        tuple(parts),
        temporary="TEMPORARY" in modifiers,
        system="SYSTEM" in modifiers,
        if_exists=if_exists,
        or_replace="REPLACE" in modifiers,
        options=options,
    )


def ctas_job(text: str, table: TableDef) -> JobDef:
    """The job a `CREATE TABLE ... AS SELECT` submits: it writes the new table and reads the query's sources."""
    tokens = tokenize(text)
    for k, tok in enumerate(tokens):
        if (
            tok.is_word("AS")
            and k + 1 < len(tokens)
            and tokens[k + 1].is_word("SELECT", "WITH", "TABLE", "VALUES")
        ):
            return JobDef(
                "ctas", (TableRef(table.parts, table.name_offset),), tuple(source_refs(tokens[k + 1 :]))
            )
    return JobDef("ctas", (TableRef(table.parts, table.name_offset),), ())
