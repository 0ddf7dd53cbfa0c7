"""Rows of an unbounded result, printed as they arrive, in the manner of Flink's tableau mode.

    +----+-------+-----+
    | op | name  | cnt |
    +----+-------+-----+
    | +I | Bob   |   1 |
    | -U | Bob   |   1 |

Widths are fixed once, from the column names, types and the first page, and narrowed to the terminal; a
longer value is cut with `…` so that every row stays one line and the columns never drift. In a terminal
the change kind is coloured. Nothing is kept after a page is printed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, TextIO

from cdcshell.render.ansi import BOLD, DIM, KIND_COLORS, paint
from cdcshell.render.cells import (
    NULL_TEXT,
    ColumnLike,
    cell_width,
    column_display,
    fast_column_converter,
    fit,
)
from cdcshell.render.columnar import format_page, full_rows, page_columns, page_text_is_plain
from cdcshell.render.summary import summary_line
from cdcshell.render.widths import column_widths, shrink_to


class TableauWriter:
    def __init__(self, out: TextIO, *, color: bool = False, max_width: int | None = None) -> None:
        self._out = out
        self._color = color
        self._max_width = max_width
        self.row_count = 0
        self._names: list[str] = []
        self._types: list[str] = []
        self._converters: list[Callable[[Any], str]] = []
        self._right: list[bool] = []
        self._widths: list[int] | None = None
        self._border = ""
        self._template = ""
        self._line_length = 0
        self._convert: list[tuple[int, Callable[[Any], str]]] = []
        self._changelog = True

    def start(self, columns: Sequence[ColumnLike], *, changelog: bool = True) -> None:
        self._changelog = changelog
        self._names, self._types, self._converters, self._right, self._convert = column_display(columns)

    def _begin(self, sample: list[list[str]]) -> None:
        widths = column_widths(self._names, self._types, sample)
        if self._max_width:
            # "| " + cells joined by " | " + " |", plus the op column when there is one.
            overhead = 4 + 3 * (len(widths) - 1) + (5 if self._changelog else 0)
            widths = shrink_to(widths, self._max_width - overhead)
        self._widths = widths
        self._template = (
            "| "
            + " | ".join(
                f"{{:{'>' if right else '<'}{w}}}" for w, right in zip(widths, self._right, strict=False)
            )
            + " |"
        )
        self._line_length = sum(widths) + 3 * len(widths) + 1
        all_widths = [2, *widths] if self._changelog else widths
        self._border = "+" + "+".join("-" * (w + 2) for w in all_widths) + "+"
        names = [fit(n, w) for n, w in zip(self._names, widths, strict=False)]
        header = self._cells_line(names, header=True)
        if self._changelog:
            header = "| " + paint("op", BOLD, self._color) + " " + header
        border = paint(self._border, DIM, self._color)
        self._out.write(f"{border}\n{header}\n{border}\n")

    def _cells_line(self, texts: Sequence[str], *, header: bool = False) -> str:
        parts: list[str] = []
        color = self._color
        for text, width, right in zip(texts, self._widths or (), self._right, strict=False):
            w = len(text) if text.isascii() else cell_width(text)
            if w > width:
                text = fit(text, width)
                w = cell_width(text)
            padding = " " * (width - w)
            if color:
                if header:
                    text = paint(text, BOLD, True)
                elif text == NULL_TEXT:
                    text = paint(text, DIM, True)
            parts.append(padding + text if right else text + padding)
        return "| " + " | ".join(parts) + " |"

    def rows(self, rows: Iterable[tuple[str, list]]) -> None:
        page = rows if isinstance(rows, list) else list(rows)
        if not page:
            return
        page = full_rows(page, len(self._converters))
        if self._widths is None:
            converters = self._converters
            self._begin([[c(v) for c, v in zip(converters, fields, strict=False)] for _, fields in page])
        self.row_count += len(page)
        lines = None if self._color else self._page_lines(page)
        if lines is None:
            lines = [self._row_line(kind, fields) for kind, fields in page]
        lines.append("")
        self._out.write("\n".join(lines))
        self._out.flush()

    def _row_line(self, kind: str, fields: list) -> str:
        """One row by the per-row path: the reference the column-wise `_page_lines` must agree with."""
        if self._changelog:
            return "| " + paint(kind, KIND_COLORS.get(kind, ""), self._color) + " " + self._body_line(fields)
        return self._body_line(fields)

    def _page_lines(self, page: list[tuple[str, list]]) -> list[str] | None:
        """Without colour: the page's lines formatted column-wise (see `render.columnar`). A line of the
        expected length that is printable ASCII is right as it is (see `_body_line`); any other line is redone
        by the per-row path. None when the page cannot be formatted as a whole."""
        template, length = self._template, self._line_length
        if self._changelog:
            template, length = "| {} " + template, length + 5
        lines = format_page(
            page,
            page_columns(page, len(self._converters)),
            template,
            self._convert,
            fast_column_converter,
            NULL_TEXT,
            with_kinds=self._changelog,
        )
        if lines is None:
            return None
        if sum(map(len, lines)) == length * len(lines) and page_text_is_plain(lines):
            return lines  # the template pads but never cuts: no line is shorter, so none is longer
        return [
            line
            if len(line) == length and line.isascii() and line.isprintable()
            else self._row_line(kind, fields)
            for line, (kind, fields) in zip(lines, page, strict=True)
        ]

    def _body_line(self, fields: list) -> str:
        """The cells of one row, formatted straight from the values when the result can be trusted.

        The template pads but never cuts, so a line of exactly the expected length that is printable ASCII
        had no value too wide, no control character and no double-width character: it is right as it is.
        Anything else (and, in colour, a row with NULLs to dim) takes the measuring, escaping path.
        """
        values: list | None
        values = fields  # a list until the NULL check below (narrowed: an annotated first assignment is not)
        if self._convert:
            values = list(values)
            for i, conv in self._convert:
                values[i] = conv(values[i])
        if None in values:
            values = None if self._color else [NULL_TEXT if v is None else v for v in values]
        if values is not None:
            try:
                text = self._template.format(*values)
            except (TypeError, ValueError):  # a value of an unexpected kind for its column's type
                text = ""
            if len(text) == self._line_length and text.isascii() and text.isprintable():
                return text
        converters = self._converters
        return self._cells_line([c(v) for c, v in zip(converters, fields, strict=False)])

    def finish(self, *, status: str | None = None, elapsed: float | None = None) -> None:
        if self._widths is not None:
            self._out.write(paint(self._border, DIM, self._color) + "\n")
        self._out.write(summary_line(self.row_count, status=status, elapsed=elapsed) + "\n")
        self._out.flush()
