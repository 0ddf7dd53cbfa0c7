"""Fixed column widths for output that is printed before the whole result is known.

A stream cannot re-align earlier lines, so its widths are decided once: from the column's name, the widest
value its type allows (when that is small), and the first page of values — each capped, so that one long
value on the first page does not make every later line enormous.
"""

from __future__ import annotations

from collections.abc import Sequence

from cdcshell.render.cells import NULL_TEXT, cell_width, type_width

DEFAULT_CAP = 40
MIN_WIDTH = 4  # room for NULL and for "x…"


def column_widths(
    names: Sequence[str],
    types: Sequence[str],
    sample: Sequence[Sequence[str]],
    *,
    cap: int = DEFAULT_CAP,
    type_hints: bool = True,
) -> list[int]:
    """Widths for each column from names, types and sample rows of already-converted cell texts.

    `type_hints=False` sizes by the sample alone: right for output that never cuts values, where reserving
    twenty columns for every BIGINT would only spread the text out.
    """
    widths: list[int] = []
    for i, (name, type_text) in enumerate(zip(names, types, strict=False)):
        width = max(cell_width(name), len(NULL_TEXT))
        hint = type_width(type_text) if type_hints else None
        if hint is not None:
            width = max(width, min(hint, cap))
        observed = 0
        for row in sample:
            if i >= len(row):  # a row shorter than the columns (a malformed page) sizes nothing
                continue
            w = cell_width(row[i])
            if w > observed:
                observed = w
                if observed >= cap:
                    break
        widths.append(max(width, min(observed, cap)))
    return widths


def shrink_to(widths: list[int], available: int, *, minimum: int = MIN_WIDTH) -> list[int]:
    """Narrow the widest columns, one step at a time, until their sum fits `available` (or all are minimal)."""
    widths = list(widths)
    excess = sum(widths) - available
    while excess > 0:
        widest = max(range(len(widths)), key=widths.__getitem__, default=None)
        if widest is None or widths[widest] <= minimum:
            break
        widths[widest] -= 1
        excess -= 1
    return widths
