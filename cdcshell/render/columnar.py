"""A page of result rows turned column by column, so that per-value work runs as C loops over a column.

Why: a stream of a million rows spends its client-side time in per-row Python calls (one format call, one
NULL check, one converter per converted column, for every row). Turning the page around once with `zip` lets
the writers do each of those as one `map` over a column and one `map(template.format, *columns)` over the
page, and check the whole page's text with one `isascii()`/`isprintable()` scan; only the rare row that fails
the check (a control character, a wide character, a value of an unexpected kind) takes the per-row path.
The writers keep that per-row path as the reference: the columnar path must give the same text (tests compare).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

Row = tuple[str, list[Any]]


def page_columns(page: Sequence[Row], width: int) -> list[Sequence[Any]] | None:
    """The values of `page` column by column (`width` columns), or None when that cannot be done exactly:
    no columns, or a row shorter than `width` (the per-row path then handles what it can)."""
    if width <= 0 or not page:
        return None
    columns: list[Sequence[Any]] = list(zip(*[fields for _, fields in page], strict=False))
    if len(columns) < width:
        return None
    return columns[:width]


def full_rows(page: list[Row], width: int) -> list[Row]:
    """The page with any row shorter than `width` padded with NULLs (a malformed page must print, not crash
    the writers that index values by column); the page itself when every row is complete."""
    if all(len(fields) >= width for _, fields in page):
        return page
    return [
        (kind, fields if len(fields) >= width else [*fields, *[None] * (width - len(fields))])
        for kind, fields in page
    ]


def kinds(page: Sequence[Row]) -> list[str]:
    return [kind for kind, _ in page]


def without_nulls(column: Sequence[Any], null_text: str) -> Sequence[Any]:
    """The column with NULLs shown as `null_text`; the column itself when it has none (one C scan)."""
    if None in column:
        return [null_text if v is None else v for v in column]
    return column


def convert_column(
    column: Sequence[Any], convert: Callable[[Any], Any], fast: Callable[[Any], Any] | None = None
) -> list[Any]:
    """`convert` applied to every value of the column; `fast` first when given (a C-level conversion that is
    right for the common values and raises for the others, see `cells.fast_column_converter`)."""
    if fast is not None:
        try:
            return list(map(fast, column))
        except (AttributeError, TypeError):
            pass
    return list(map(convert, column))


def page_text_is_plain(lines: Sequence[str]) -> bool:
    """Whether every line is printable ASCII: one scan of the page instead of two calls per line."""
    text = "".join(lines)
    return text.isascii() and text.isprintable()


def format_page(
    page: Sequence[Row],
    columns: list[Sequence[Any]] | None,
    template: str,
    convert: Sequence[tuple[int, Callable[[Any], Any]]],
    fast: Callable[[Callable[[Any], Any]], Callable[[Any], Any] | None],
    null_text: str,
    *,
    with_kinds: bool,
) -> list[str] | None:
    """Each row of `page` through `template` (one `str.format` field per column, the change kind first when
    `with_kinds`), computed from the page's `columns` (`page_columns`): the `convert` columns converted
    (`fast(conv)` tried first, see `convert_column`), NULLs shown as `null_text`. None when the page cannot be
    done as a whole: no columns (a short row), or a value of an unexpected kind for its column's format. The
    caller checks the lines it gets."""
    if columns is None:
        return None
    for i, conv in convert:
        columns[i] = convert_column(columns[i], conv, fast(conv))
    columns = [without_nulls(column, null_text) for column in columns]
    if with_kinds:
        columns.insert(0, kinds(page))
    try:
        return list(map(template.format, *columns))
    except (TypeError, ValueError):
        return None
