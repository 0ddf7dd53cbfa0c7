"""Plain text: aligned columns separated by two spaces, one row per line, no box drawing.

Meant for pipes, logs and `grep`: a row is always exactly one line (control characters are escaped), values
are never cut (a value wider than its column pushes the rest of that line right instead of losing data), and
there are no trailing spaces. Widths are fixed after the first page, so memory does not grow with rows.
A changelog gets the change kind as its first column, `op`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, TextIO

from cdcshell.render.ansi import BOLD, KIND_COLORS, paint
from cdcshell.render.cells import (
    NULL_TEXT,
    ColumnLike,
    cell_width,
    column_display,
    fast_column_converter,
)
from cdcshell.render.columnar import format_page, full_rows, page_columns, page_text_is_plain
from cdcshell.render.summary import summary_line
from cdcshell.render.widths import column_widths

SEPARATOR = "  "


class PlainWriter:
    def __init__(self, out: TextIO, *, color: bool = False) -> None:
        self._out = out
        self._color = color
        self.row_count = 0
        self._names: list[str] = []
        self._types: list[str] = []
        self._converters: list[Callable[[Any], str]] = []
        self._right: list[bool] = []
        self._widths: list[int] | None = None
        self._template = ""
        self._body_template = ""
        self._changelog = False

    def start(self, columns: Sequence[ColumnLike], *, changelog: bool) -> None:
        self._changelog = changelog
        self._names, self._types, self._converters, self._right, self._convert = column_display(columns)
        if changelog:
            self._names.insert(0, "op")
            self._types.insert(0, "CHAR(2)")
            self._converters.insert(0, str)
            self._right.insert(0, False)

    def _texts(self, rows: Iterable[tuple[str, list]]) -> list[list[str]]:
        converters = self._converters
        if self._changelog:
            body = converters[1:]
            return [[kind, *[c(v) for c, v in zip(body, fields, strict=False)]] for kind, fields in rows]
        return [[c(v) for c, v in zip(converters, fields, strict=False)] for _, fields in rows]

    def _line(self, cells: Sequence[str], widths: Sequence[int], right: Sequence[bool]) -> str:
        last = len(cells) - 1
        parts: list[str] = []
        for i, (text, width, is_right) in enumerate(zip(cells, widths, right, strict=False)):
            missing = width - (len(text) if text.isascii() else cell_width(text))
            if missing > 0 and (is_right or i < last):
                text = " " * missing + text if is_right else text + " " * missing
            parts.append(text)
        return SEPARATOR.join(parts)

    def _begin(self, sample: list[list[str]]) -> list[int]:
        widths = column_widths(self._names, self._types, sample, type_hints=False)
        if self._changelog:
            widths[0] = 2
        self._widths = widths
        self._template = _template(widths, self._right)
        self._body_template = _template(widths[1:], self._right[1:])
        header = self._line(self._names, widths, self._right)
        self._out.write(paint(header, BOLD, self._color) + "\n")
        return widths

    def rows(self, rows: Iterable[tuple[str, list]]) -> None:
        page = rows if isinstance(rows, list) else list(rows)
        if not page:
            return
        page = full_rows(page, len(self._converters) - (1 if self._changelog else 0))
        if self._widths is None:
            self._begin(self._texts(page))
        self.row_count += len(page)
        if self._changelog and self._color:
            lines = [self._colored_line(kind, fields) for kind, fields in page]
        else:
            lines = self._page_lines(page)
        lines.append("")
        self._out.write("\n".join(lines))

    def _page_lines(self, page: list[tuple[str, list]]) -> list[str]:
        """The page's lines, formatted column-wise (see `render.columnar`); a line that is not printable ASCII
        (or a page that cannot be formatted as a whole) is redone row by row by `_fast_line`."""
        offset = 1 if self._changelog else 0
        lines = format_page(
            page,
            page_columns(page, len(self._converters) - offset),
            self._template,
            self._convert,
            fast_column_converter,
            NULL_TEXT,
            with_kinds=bool(offset),
        )
        if lines is not None and page_text_is_plain(lines):
            return lines
        template = self._template

        def by_row(kind: str, fields: list) -> str:
            return (
                self._fast_line(template, [kind, *fields], 1)
                if offset
                else self._fast_line(template, fields, 0)
            )

        if lines is None:
            return [by_row(kind, fields) for kind, fields in page]
        return [
            line if line.isascii() and line.isprintable() else by_row(kind, fields)
            for line, (kind, fields) in zip(lines, page, strict=True)
        ]

    def _fast_line(self, template: str, values: list, offset: int) -> str:
        """One row, formatted straight from its values when that is safe, else cell by cell.

        Numbers and printable ASCII strings format correctly by themselves; only NULLs need replacing and the
        few non-pass-through columns (BOOLEAN, nested, unknown) converting. Whether the result is right is
        checked on the whole line at C speed: a non-ASCII or non-printable line (CJK, a tab in a value) is
        redone by the slow path that measures terminal columns and escapes control characters.
        """
        if self._convert:
            values = list(values)
            for i, conv in self._convert:
                values[i + offset] = conv(values[i + offset])
        if None in values:
            values = [NULL_TEXT if v is None else v for v in values]
        try:
            text = template.format(*values)
        except (TypeError, ValueError):  # a value of an unexpected kind for its column's type
            text = ""
        if text and text.isascii() and text.isprintable():
            return text
        widths, right = self._widths or [], self._right
        converters = self._converters[1:] if self._changelog else self._converters
        cells = [c(v) for c, v in zip(converters, values[offset:], strict=False)]
        if offset:
            return self._line([values[0], *cells], widths, right)
        if self._changelog:  # the body of a coloured changelog line, aligned without its kind
            return self._line(cells, widths[1:], right[1:])
        return self._line(cells, widths, right)

    def _colored_line(self, kind: str, fields: list) -> str:
        # The kind's escape codes take no room on screen, so the kind is painted after aligning the rest.
        text = self._fast_line(self._body_template, fields, 0)
        return paint(kind, KIND_COLORS.get(kind, ""), True) + SEPARATOR + text

    def finish(self, *, status: str | None = None, elapsed: float | None = None) -> None:
        self._out.write(summary_line(self.row_count, status=status, elapsed=elapsed) + "\n")
        self._out.flush()


def _template(widths: Sequence[int], right: Sequence[bool]) -> str:
    """A str.format template that pads each cell to its width; the last column, if left-aligned, is not padded."""
    last = len(widths) - 1
    specs = [
        f"{{:>{w}}}" if is_right else (f"{{:<{w}}}" if i < last else "{}")
        for i, (w, is_right) in enumerate(zip(widths, right, strict=False))
    ]
    return SEPARATOR.join(specs)
