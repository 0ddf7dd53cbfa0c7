"""JSON lines output: one object per row, keyed by column name, for jq and friends.

A changelog row carries its change kind as `"op"` first; an insert-only row is just its columns. NULL is
`null`, and nested values stay nested (they already are JSON). Duplicate column names (`SELECT a, a`) and a
column called `op` in a changelog get a numeric suffix, because a JSON object cannot hold a key twice and
silently losing a column would be worse than renaming it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import TextIO

from cdcshell.render.cells import ColumnLike


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
        keys = self._keys
        encode = self._encode
        if self._changelog:
            keys = ["op", *keys]
            lines = [encode(dict(zip(keys, (kind, *fields), strict=False))) for kind, fields in rows]
        else:
            lines = [encode(dict(zip(keys, fields, strict=False))) for _, fields in rows]
        self.row_count += len(lines)
        if lines:
            lines.append("")
            self._out.write("\n".join(lines))

    def finish(self, *, status: str | None = None, elapsed: float | None = None) -> None:
        self._out.flush()
