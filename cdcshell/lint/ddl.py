"""What the rules need to know about a statement, read from its text without rewriting it.

- `SET`/`RESET`: the key and value, with their offsets (quoted or the legacy unquoted form).
- `CREATE [TEMPORARY] TABLE [IF NOT EXISTS] cat.db.tbl (...) WITH (...) [LIKE src]`: columns, primary key, the
  options with the offset of each key (so a finding points at the option to change), and the `LIKE` source.
- Statements that submit a job (`INSERT`, `EXECUTE INSERT`, statement sets, `SELECT`, `CREATE TABLE ... AS`):
  the sink tables, and the source tables with their `/*+ OPTIONS(...) */` hints.

A hand-written token scan rather than sqlglot: the toolbar re-reads the statement under the cursor on every
keystroke and has a budget of a few milliseconds, and no general SQL parser knows Flink's DDL, hints,
`FOR SYSTEM_TIME AS OF` or window table functions. The scan is forgiving by design: a half-typed statement
yields what can be read and never an exception.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from cdcshell.lint.tokens import (
    Token,
    is_name_token,
    matching_paren,
    read_name,
    split_top_level,
    tokenize,
)


@dataclass(frozen=True)
class OptionValue:
    key: str
    value: str
    key_offset: int  # offset in the statement text of the key (its opening quote)
    value_offset: int


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


@dataclass(frozen=True)
class TableRef:
    parts: tuple[str, ...]
    offset: int
    hints: dict[str, OptionValue] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return ".".join(self.parts)


JobKind = Literal["insert", "statement_set", "select", "ctas"]


@dataclass(frozen=True)
class JobDef:
    kind: JobKind
    sinks: tuple[TableRef, ...] = ()
    sources: tuple[TableRef, ...] = ()


@dataclass(frozen=True)
class SetStmt:
    key: str | None  # None for a bare `SET` (list the configuration)
    value: str | None
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


Parsed = SetStmt | ResetStmt | TableDef | JobDef | DropTable | AlterTableOptions


# --- SET / RESET ---------------------------------------------------------------------------------------------

_SET = re.compile(r"\s*SET\b", re.IGNORECASE)
_RESET = re.compile(r"\s*RESET\b", re.IGNORECASE)
_QUOTED = re.compile(r"'((?:[^']|'')*)'")


def _strip_comments(text: str) -> str:
    """Blank out comments (keeping offsets) so SET parsing can use plain regexes."""
    out = list(text)
    for tok_match in re.finditer(r"'(?:[^']|'')*'?|--[^\n]*|/\*.*?(?:\*/|\Z)", text, re.DOTALL):
        s = tok_match.group()
        if s.startswith("'"):
            continue
        for k in range(tok_match.start(), tok_match.end()):
            if out[k] != "\n":
                out[k] = " "
    return "".join(out)


def _read_value(text: str, pos: int) -> tuple[str, int]:
    """The (unquoted) value starting at or after `pos`, and the offset where it starts."""
    while pos < len(text) and text[pos].isspace():
        pos += 1
    m = _QUOTED.match(text, pos)
    if m:
        return m.group(1).replace("''", "'"), pos
    return text[pos:].strip(), pos


def parse_set(text: str) -> SetStmt | None:
    m = _SET.match(text)
    if not m:
        return None
    clean = _strip_comments(text)
    pos = m.end()
    rest = clean[pos:]
    if not rest.strip():
        return SetStmt(None, None)
    lead = len(rest) - len(rest.lstrip())
    kpos = pos + lead
    km = _QUOTED.match(clean, kpos)
    if km:
        key = km.group(1).replace("''", "'")
        after = km.end()
        eq = clean.find("=", after)
        if eq < 0 or clean[after:eq].strip():
            return SetStmt(key, None, kpos, len(text))
    else:
        eq = clean.find("=", kpos)
        if eq < 0:
            return SetStmt(clean[kpos:].strip(), None, kpos, len(text))
        key = clean[kpos:eq].strip()
    value, vpos = _read_value(text, eq + 1)
    return SetStmt(key.strip(), value, kpos, vpos)


def parse_reset(text: str) -> ResetStmt | None:
    m = _RESET.match(text)
    if not m:
        return None
    clean = _strip_comments(text)
    rest = clean[m.end() :]
    if not rest.strip():
        return ResetStmt(None)
    kpos = m.end() + len(rest) - len(rest.lstrip())
    km = _QUOTED.match(clean, kpos)
    key = km.group(1).replace("''", "'") if km else clean[kpos:].strip()
    return ResetStmt(key.strip(), kpos)


# --- options, hints ------------------------------------------------------------------------------------------


def parse_options(tokens: list[Token]) -> dict[str, OptionValue]:
    """`'k' = 'v', ...` (the inside of WITH (...), OPTIONS(...) or ALTER TABLE ... SET (...))."""
    options: dict[str, OptionValue] = {}
    for part in split_top_level(tokens):
        if len(part) >= 3 and part[1].text == "=" and part[0].kind in ("string", "word", "ident"):
            val_tok = part[2]
            value = val_tok.value if val_tok.kind == "string" else " ".join(t.text for t in part[2:])
            options[part[0].value] = OptionValue(part[0].value, value, part[0].start, val_tok.start)
        elif part and part[0].kind == "string":
            options[part[0].value] = OptionValue(part[0].value, "", part[0].start, part[0].start)
    return options


def parse_hint_options(hint: Token) -> dict[str, OptionValue]:
    """The options of a `/*+ OPTIONS('k'='v') */` hint, with offsets relative to the statement."""
    body = hint.text[3:]
    if body.endswith("*/"):
        body = body[:-2]
    toks = tokenize(body)
    for i, tok in enumerate(toks):
        if tok.is_word("OPTIONS") and i + 1 < len(toks) and toks[i + 1].text == "(":
            end = matching_paren(toks, i + 1)
            opts = parse_options(toks[i + 2 : end])
            shift = hint.start + 3
            return {
                k: OptionValue(v.key, v.value, v.key_offset + shift, v.value_offset + shift)
                for k, v in opts.items()
            }
    return {}


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

_NOT_ALIAS = frozenset(
    [
        "WHERE",
        "GROUP",
        "JOIN",
        "LEFT",
        "RIGHT",
        "INNER",
        "FULL",
        "CROSS",
        "ON",
        "UNION",
        "ORDER",
        "LIMIT",
        "HAVING",
        "WINDOW",
        "FOR",
        "EXCEPT",
        "INTERSECT",
        "MINUS",
        "NATURAL",
        "USING",
        "LATERAL",
        "OUTER",
        "SELECT",
        "FROM",
        "MATCH_RECOGNIZE",
        "OFFSET",
        "FETCH",
    ]
)


def _cte_names(tokens: list[Token], i: int) -> set[str]:
    """Names defined by `WITH name AS (...), ...` starting at tokens[i] (which is WITH)."""
    names: set[str] = set()
    i += 1
    n = len(tokens)
    while i < n and is_name_token(tokens[i]):
        names.add(tokens[i].value)
        j = i + 1
        if j < n and tokens[j].text == "(":  # column list
            j = matching_paren(tokens, j) + 1
        if j < n and tokens[j].is_word("AS") and j + 1 < n and tokens[j + 1].text == "(":
            j = matching_paren(tokens, j + 1) + 1
        else:
            break
        if j < n and tokens[j].text == ",":
            i = j + 1
            continue
        break
    return names


def _read_ref(tokens: list[Token], i: int) -> tuple[TableRef | None, int]:
    n = len(tokens)
    if i >= n or not is_name_token(tokens[i]) or tokens[i].upper in ("SELECT", "LATERAL", "UNNEST", "TABLE"):
        return None, i + 1
    start = tokens[i].start
    parts, j = read_name(tokens, i)
    if j < n and tokens[j].text == "(":  # a table function call, not a table
        return None, j
    hints: dict[str, OptionValue] = {}
    while j < n and tokens[j].kind == "hint":
        hints.update(parse_hint_options(tokens[j]))
        j += 1
    return TableRef(tuple(parts), start, hints), j


def source_refs(tokens: list[Token], exclude: set[str] | None = None) -> list[TableRef]:
    """Tables read by a query: names after FROM, JOIN, a FROM-list comma, and `TABLE name` in window TVFs."""
    excluded = set(exclude or ())
    refs: list[TableRef] = []
    n = len(tokens)
    i = 0
    while i < n:
        tok = tokens[i]
        if tok.is_word("WITH") and i + 1 < n and is_name_token(tokens[i + 1]):
            excluded |= _cte_names(tokens, i)
        starts_ref = tok.is_word("FROM", "JOIN") or (
            tok.is_word("TABLE")
            and i + 1 < n
            and is_name_token(tokens[i + 1])
            and tokens[i + 1].upper != "TABLE"
        )
        if not starts_ref:
            i += 1
            continue
        i += 1
        while True:
            ref, i = _read_ref(tokens, i)
            if ref is None:
                break
            if ref.parts and ref.parts[-1] not in excluded:
                refs.append(ref)
            # optional alias, then a comma continues a FROM list
            if i < n and tokens[i].is_word("AS"):
                i += 1
            if i < n and is_name_token(tokens[i]) and tokens[i].upper not in _NOT_ALIAS:
                i += 1
                if i < n and tokens[i].text == "(":  # alias column list
                    i = matching_paren(tokens, i) + 1
            if i < n and tokens[i].text == "," and tok.is_word("FROM"):
                i += 1
                continue
            break
    return refs


def _parse_insert(tokens: list[Token], i: int) -> tuple[TableRef | None, list[TableRef]]:
    """tokens[i] is INSERT."""
    n = len(tokens)
    i += 1
    if i < n and tokens[i].is_word("INTO", "OVERWRITE"):
        i += 1
    sink, j = _read_ref(tokens, i)
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
        sources: list[TableRef] = []
        for part in split_top_level(tokens, ";"):
            for k, tok in enumerate(part):
                if tok.is_word("INSERT"):
                    sink, srcs = _parse_insert(part, k)
                    if sink:
                        sinks.append(sink)
                    sources.extend(srcs)
                    break
        return JobDef("statement_set", tuple(sinks), tuple(sources))
    if first.is_word("SELECT", "WITH", "TABLE", "VALUES") or (
        first.text == "(" and n > 1 and tokens[1].is_word("SELECT")
    ):
        return JobDef("select", (), tuple(source_refs(tokens)))
    return None


def parse_statement(text: str) -> Parsed | None:
    """What the rules know about one statement, or None for statements they do not look at."""
    head = text.lstrip()[:10].upper()
    if head.startswith("SET"):
        return parse_set(text)
    if head.startswith("RESET"):
        return parse_reset(text)
    tokens = tokenize(text)
    if not tokens:
        return None
    first = tokens[0]
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
