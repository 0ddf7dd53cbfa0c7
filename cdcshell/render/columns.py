"""The one formatter of aligned text columns for reports (jobs, checkpoints, slots): a whole table at once.

Widths are display widths, so CJK names stay aligned and ANSI colour codes take no room; numeric columns are
right-aligned; lines carry no trailing spaces. Plain ANSI rather than rich on purpose: `\\checkpoints --watch`
repaints every second and must not pay for rich's start-up. (Query results, which stream, have their own
hand-tuned writers in `plain.py` / `tableau.py`, as measured in `bench/`.)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from cdcshell.render.ansi import BOLD, paint
from cdcshell.render.cells import cell_width

_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def plain_text(text: str) -> str:
    """Text without ANSI escapes, for measuring."""
    return _ANSI.sub("", text) if "\x1b" in text else text


def visible_width(text: str) -> int:
    """Terminal columns `text` takes on screen (colour codes take none)."""
    return cell_width(plain_text(text))


def format_table(
    headers: Sequence[str], rows: Iterable[Sequence[str]], *, right: Iterable[int] = (), color: bool = False
) -> list[str]:
    """The header (bold when `color`) and one line per row; columns in `right` are right-aligned."""
    body = [list(r) for r in rows]
    right_cols = set(right)
    widths = [cell_width(h) for h in headers]
    for row in body:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], visible_width(cell))

    def line(cells: Sequence[str]) -> str:
        parts = []
        for i, cell in enumerate(cells):
            room = " " * (widths[i] - visible_width(cell))
            parts.append(room + cell if i in right_cols else cell + room)
        return "  ".join(parts).rstrip()

    return [paint(line(headers), BOLD, color), *(line(r) for r in body)]
