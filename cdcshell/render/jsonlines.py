"""JSON lines output: one object per row, keyed by column name, for jq and friends.

A changelog row carries its change kind as `"op"` first; an insert-only row is just its columns. NULL is
`null`, and nested values stay nested (they already are JSON). Duplicate column names (`SELECT a, a`) and a
column called `op` in a changelog get a numeric suffix, because a JSON object cannot hold a key twice and
silently losing a column would be worse than renaming it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Sequence
from json.encoder import encode_basestring
from typing import Any, TextIO

from cdcshell.render.cells import ColumnLike
from cdcshell.render.columnar import kinds, page_columns


def unique_keys(names: Sequence[str], *, reserved: Iterable[str] = ()) -> list[str]:
    taken = set(reserved)
    keys: list[str] = []
    for name in names:
        key = name
        n = 2
        while key in taken:
            key = f"{name}_{n}"
            n += 1
        taken.add(key)
        keys.append(key)
    return keys


def _brace_safe(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


def encoded_column(column: Sequence[Any], encode: Callable[[Any], str]) -> list[str]:
    """Each value of the column as JSON text, exactly as `encode` (a `json.JSONEncoder`'s) would write it.

    A column holds one type in practice, so the types present are looked up once (a C scan) and a column of
    strings or of numbers (finite) is encoded by the very functions `json` itself uses for them, mapped at C
    speed, NULLs filled in after. Anything else (booleans, nested values, NaN, mixed kinds) goes value by value
    through `encode`.
    """
    types = set(map(type, column))
    nulls = _NONE in types
    if nulls:
        types.discard(_NONE)
    values = _null_free(column, types) if nulls else column
    encoded: list[str] | None = None
    if types == _STR:
        encoded = list(map(encode_basestring, values))
    elif types <= _NUMBERS and (_FLOAT.isdisjoint(types) or all(map(math.isfinite, values))):
        # A DECIMAL column mixes both (1234.5 and 1234): for exact ints and floats, repr() is what json writes.
        encoded = list(map(repr, column))
    if encoded is None:
        return list(map(encode, column))
    if nulls:
        return ["null" if v is None else text for v, text in zip(column, encoded, strict=True)]
    return encoded


_NONE = type(None)
_STR = frozenset({str})
_FLOAT = frozenset({float})
_NUMBERS = frozenset({int, float})


def _null_free(column: Sequence[Any], types: set[type]) -> list[Any]:
    """The column with each NULL replaced by a harmless value of the column's type (its text is replaced by
    `null` afterwards), so that the C-level map over it does not stop at a NULL."""
    stand_in = "" if types == _STR else 0
    return [stand_in if v is None else v for v in column]


class JsonLinesWriter:
    def __init__(self, out: TextIO) -> None:
        self._out = out
        self.row_count = 0
        self._keys: list[str] = []
        self._changelog = False
        self._encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=str).encode

    def start(self, columns: Sequence[ColumnLike], *, changelog: bool) -> None:
        self._changelog = changelog
        self._keys = unique_keys([str(c.name) for c in columns], reserved=("op",) if changelog else ())

    def rows(self, rows: Iterable[tuple[str, list]]) -> None:
        page = rows if isinstance(rows, list) else list(rows)
        lines = self._page_lines(page)
        if lines is None:
            lines = self._row_lines(page)
        self.row_count += len(lines)
        if lines:
            lines.append("")
            self._out.write("\n".join(lines))

    def _page_lines(self, page: list[tuple[str, list]]) -> list[str] | None:
        """The page's lines built column by column: each column's values encoded by one C-level `map` when
        they are all of one simple JSON type (see `encoded_column`), then one template per line. Same text as
        `_row_lines` (the reference, which the tests compare against); None when a row is short."""
        columns = page_columns(page, len(self._keys))
        if columns is None:
            return None
        keys = ["op", *self._keys] if self._changelog else self._keys
        encoded = [encoded_column(column, self._encode) for column in columns]
        if self._changelog:
            encoded.insert(0, encoded_column(kinds(page), self._encode))
        template = "{{" + ",".join(_brace_safe(encode_basestring(k)) + ":{}" for k in keys) + "}}"
        return list(map(template.format, *encoded))

    def _row_lines(self, page: list[tuple[str, list]]) -> list[str]:
        keys = self._keys
        encode = self._encode
        if self._changelog:
            keys = ["op", *keys]
            return [encode(dict(zip(keys, (kind, *fields), strict=False))) for kind, fields in page]
        return [encode(dict(zip(keys, fields, strict=False))) for _, fields in page]

    def finish(self, *, status: str | None = None, elapsed: float | None = None) -> None:
        self._out.flush()
