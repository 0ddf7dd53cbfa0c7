"""A bounded result as a rich table, drawn once the last row has arrived.

A table can only be aligned after all its rows are known, so rows are buffered — but only up to
`buffer_limit`: a result that turns out larger is not a "small bounded result" any more, and rather than let
memory grow with it the writer says so and continues as a tableau stream (`TableauWriter`), starting with
the rows it already holds. rich is imported only when a table is actually drawn.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, TextIO

from cdcshell.render.cells import NULL_TEXT, ColumnLike, display_converter, escape_controls, is_numeric
from cdcshell.render.summary import summary_line

if TYPE_CHECKING:
    from cdcshell.render.tableau import TableauWriter

DEFAULT_BUFFER_LIMIT = 10_000


class TableWriter:
    def __init__(
        self,
        out: TextIO,
        *,
        color: bool = False,
        max_width: int | None = None,
        buffer_limit: int = DEFAULT_BUFFER_LIMIT,
    ) -> None:
        self._out = out
        self._color = color
        self._max_width = max_width
        self._limit = buffer_limit
        self.row_count = 0
        self._columns: Sequence[ColumnLike] = ()
        self._changelog = False
        self._buffer: list[tuple[str, list[Any]]] = []
        self._stream: TableauWriter | None = None  # taking over once the buffer limit is passed

    def start(self, columns: Sequence[ColumnLike], *, changelog: bool) -> None:
        self._columns = list(columns)
        self._changelog = changelog
        self._converters = [display_converter(str(c.type)) for c in self._columns]

    def rows(self, rows: Iterable[tuple[str, list]]) -> None:
        if self._stream is not None:
            self._stream.rows(rows)
            self.row_count = self._stream.row_count
            return
        remaining = iter(rows)
        for row in remaining:
            self._buffer.append(row)
            if len(self._buffer) > self._limit:
                stream = self._switch_to_stream()
                stream.rows(remaining)  # the rest of this page: the iterator continues where it stopped
                self.row_count = stream.row_count
                return
        self.row_count = len(self._buffer)

    def _switch_to_stream(self) -> TableauWriter:
        from cdcshell.i18n import t
        from cdcshell.render.tableau import TableauWriter

        self._out.write(t("render.table_too_large", limit=self._limit) + "\n")
        stream = TableauWriter(self._out, color=self._color, max_width=self._max_width)
        stream.start(self._columns, changelog=self._changelog)
        buffered, self._buffer = self._buffer, []
        stream.rows(buffered)
        self._stream = stream
        return stream

    def finish(self, *, status: str | None = None, elapsed: float | None = None) -> None:
        if self._stream is not None:
            self._stream.finish(status=status, elapsed=elapsed)
            return
        if self._buffer:
            self._draw()
        self._out.write(summary_line(self.row_count, status=status, elapsed=elapsed) + "\n")
        self._out.flush()

    def _draw(self) -> None:
        from rich import box
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text

        console = Console(
            file=self._out,
            force_terminal=self._color,
            no_color=not self._color,
            color_system="auto" if self._color else None,
            width=self._max_width,
            highlight=False,
            markup=False,
            emoji=False,
            soft_wrap=False,
        )
        table = Table(
            box=box.SQUARE if self._color else box.ASCII2,
            header_style="bold" if self._color else "",
            show_edge=True,
            pad_edge=True,
        )
        kind_styles = {"+I": "green", "+U": "cyan", "-U": "yellow", "-D": "red"}
        if self._changelog:
            table.add_column("op", no_wrap=True)
        for column in self._columns:
            table.add_column(
                Text(escape_controls(str(column.name))),
                justify="right" if is_numeric(str(column.type)) else "left",
                overflow="ellipsis",
                no_wrap=True,
            )
        null_style = "dim" if self._color else ""
        converters = self._converters
        for kind, fields in self._buffer:
            texts = [c(v) for c, v in zip(converters, fields, strict=False)]
            cells = [Text(v, style=null_style if v == NULL_TEXT else "") for v in texts]
            if self._changelog:
                cells.insert(0, Text(kind, style=kind_styles.get(kind, "") if self._color else ""))
            table.add_row(*cells)
        console.print(table)
        self._buffer = []
