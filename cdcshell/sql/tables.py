"""Which tables a piece of SQL names: the one `TableRef`, option lists (`'k' = 'v', ...`) and the tables a query
reads, read from the tokens of `cdcshell.sql.tokens`.

Completion (on every keystroke), lint and the statement facts all read table references here. A token scan, not
a parser: no general SQL parser knows Flink's hints, `FOR SYSTEM_TIME AS OF` or window table functions, and the
text is usually half-typed. It never raises; what cannot be read is left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from cdcshell.sql.tokens import Token, is_name_token, matching_paren, read_name, split_top_level, tokenize

__all__ = [
    "OptionValue",
    "QuotedPair",
    "TableRef",
    "parse_hint_options",
    "parse_options",
    "quoted_pairs",
    "source_refs",
]


@dataclass(frozen=True)
class OptionValue:
    key: str
    value: str
    key_offset: int  # offset in the statement text of the key (its opening quote)
    value_offset: int


@dataclass(frozen=True)
class TableRef:
    """A table named in a statement: its name as written (unquoted parts), where it is, its alias and the
    options of its `/*+ OPTIONS(...) */` hint. Two references are equal when they name the same table with the
    same alias, wherever they are written."""

    parts: tuple[str, ...]  # ("t",) or ("cat", "db", "t")
    offset: int = field(default=0, compare=False)
    alias: str | None = None
    hints: dict[str, OptionValue] = field(default_factory=dict, compare=False, hash=False)

    @property
    def name(self) -> str:
        return ".".join(self.parts)


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


class QuotedPair(NamedTuple):
    """One `'key' = 'value'` of a statement, both quoted, read by `quoted_pairs`."""

    key: str  # unquoted
    value: str  # unquoted
    value_start: int  # offsets of the value's text between its quotes: what to replace to change the value
    value_end: int


def quoted_pairs(text: str) -> list[QuotedPair]:
    """Every `'key' = 'value'` of `text`, in order, wherever it stands: a quoted SET, `WITH (...)`, `ALTER ...
    SET (...)`, and inside `/*+ OPTIONS(...) */` hints (secrets hide there too). Comments are not read; a pair
    whose key is empty or whose value is not closed is no pair."""
    out: list[QuotedPair] = []
    _read_pairs(text, 0, len(text), out)
    return out


def _read_pairs(text: str, start: int, end: int, out: list[QuotedPair]) -> None:
    toks = tokenize(text, start, end)
    i, n = 0, len(toks)
    while i < n:
        tok = toks[i]
        if tok.kind == "hint":
            inner_end = tok.end - 2 if tok.text.endswith("*/") and len(tok.text) >= 5 else tok.end
            _read_pairs(text, tok.start + 3, inner_end, out)
        elif (
            tok.kind == "string"
            and i + 2 < n
            and toks[i + 1].text == "="
            and toks[i + 2].kind == "string"
            and tok.closed
            and toks[i + 2].closed
            and tok.value
        ):
            value = toks[i + 2]
            out.append(QuotedPair(tok.value, value.value, value.start + 1, value.end - 1))
            i += 3
            continue
        i += 1


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


# words that end a FROM item: its alias cannot be one of them
NOT_ALIAS = frozenset(
    """
    WHERE GROUP JOIN LEFT RIGHT INNER FULL CROSS ON UNION ORDER LIMIT HAVING WINDOW FOR EXCEPT INTERSECT MINUS
    NATURAL USING LATERAL OUTER SELECT FROM MATCH_RECOGNIZE OFFSET FETCH AS SET VALUES PARTITION QUALIFY
    TABLESAMPLE WITH
    """.split()  # noqa: SIM905 - a word list reads better than dozens of quoted strings
)
_NOT_A_TABLE = frozenset({"SELECT", "LATERAL", "UNNEST", "TABLE"})


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


def read_ref(tokens: list[Token], i: int) -> tuple[TableRef | None, int]:
    """The table named at tokens[i] (with the options of the hints right after it), and the index after it."""
    n = len(tokens)
    if i >= n or not is_name_token(tokens[i]) or tokens[i].upper in _NOT_A_TABLE:
        return None, i + 1
    start = tokens[i].start
    parts, j = read_name(tokens, i)
    if j < n and tokens[j].text == "(":  # a table function call, not a table
        return None, j
    hints: dict[str, OptionValue] = {}
    while j < n and tokens[j].kind == "hint":
        hints.update(parse_hint_options(tokens[j]))
        j += 1
    return TableRef(tuple(parts), start, None, hints), j


def source_refs(
    tokens: list[Token], exclude: set[str] | None = None, *, ctes: bool = False
) -> list[TableRef]:
    """Tables read by a query (significant tokens): names after FROM, JOIN, a FROM-list comma, and `TABLE name`
    in window table functions, with their aliases. Names of the query's own `WITH` clauses are left out unless
    `ctes` (completion wants them: their columns are offered like a table's)."""
    excluded = set(exclude or ())
    refs: list[TableRef] = []
    n = len(tokens)
    i = 0
    while i < n:
        tok = tokens[i]
        if tok.is_word("WITH") and i + 1 < n and is_name_token(tokens[i + 1]) and not ctes:
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
            ref, i = read_ref(tokens, i)
            if ref is None:
                break
            alias = None
            # optional alias, then a comma continues a FROM list
            if i < n and tokens[i].is_word("AS"):
                i += 1
            if i < n and is_name_token(tokens[i]) and tokens[i].upper not in NOT_ALIAS:
                alias = tokens[i].value
                i += 1
                if i < n and tokens[i].text == "(":  # alias column list
                    i = matching_paren(tokens, i) + 1
            if ref.parts and ref.parts[-1] not in excluded:
                refs.append(TableRef(ref.parts, ref.offset, alias, ref.hints))
            if i < n and tokens[i].text == "," and tok.is_word("FROM"):
                i += 1
                continue
            break
    return refs
