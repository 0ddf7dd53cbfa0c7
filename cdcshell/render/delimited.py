"""CSV (RFC 4180 quoting, via the csv module) and TSV output: data for spreadsheets and scripts.

NULL is an empty field, booleans are `true`/`false`, nested values are JSON text. A changelog gets an `op`
column first; an insert-only result does not, so that its CSV is just the table. TSV has no quoting, so a
tab, newline, carriage return or backslash inside a value is written as `\\t`, `\\n`, `\\r`, `\\\\` (the
convention of PostgreSQL's and MySQL's text formats), which keeps one row on one line.

Lines end with `\\n`, as psql's `--csv` writes them: with RFC 4180's CRLF, `cut`, `awk` and `sort` would carry a
`\\r` in the last field. `crlf=True` (`--csv-crlf`, config `csv_crlf = true`) writes CRLF for tools that want it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TextIO

from cdcshell.render.cells import PASS_THROUGH_ROOTS, ColumnLike, machine_text, type_root

_TSV_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _tsv_text(value: Any) -> str:
    text = machine_text(value)
    if text.__class__ is str:
        return text.translate(_TSV_ESCAPES)
    return str(text)


class _LfLines:
    """What the csv writer writes to: it hands over exactly one row per call, ending in its CRLF."""

    __slots__ = ("_write",)

    def __init__(self, out: TextIO) -> None:
        self._write = out.write

    def write(self, line: str) -> int:
        return self._write(line[:-2] + "\n")


class DelimitedWriter:
    """Writes rows as they arrive; holds nothing but the current page."""

    def __init__(self, out: TextIO, *, tabs: bool = False, crlf: bool = False) -> None:
        self._out = out
        self._tabs = tabs
        self.row_count = 0
        self._changelog = False
        # (position in the output row, converter) for the columns that need one; empty means pass-through.
        self._conversions: list[tuple[int, Callable[[Any], Any]]] = []
        if tabs:
            self._writer = csv.writer(
                out,
                delimiter="\t",
                quoting=csv.QUOTE_NONE,
                escapechar=None,
                quotechar=None,
                lineterminator="\n",
            )
        else:
            # RFC 4180 quoting (comma, double quotes). The csv module quotes a value only for the characters of
            # its line terminator, so with `\n` a lone `\r` in a value would go out unquoted and split the row
            # for every reader. A page is therefore written at C speed into `_page` with `\n` line ends and
            # checked for `\r` (one scan); only a page holding one is written again exactly: with CRLF, which
            # quotes it, each row's final CRLF then turned into `\n` (`_LfLines`).
            self._exact = csv.writer(out if crlf else _LfLines(out), lineterminator="\r\n")
            page = None if crlf else io.StringIO()
            self._page: io.StringIO | None = page
            self._writer = self._exact if page is None else csv.writer(page, lineterminator="\n")

    def start(self, columns: Sequence[ColumnLike], *, changelog: bool) -> None:
        self._changelog = changelog
        offset = 1 if changelog else 0
        header = [str(c.name) for c in columns]
        if changelog:
            header.insert(0, "op")
        self._conversions = []
        for i, column in enumerate(columns):
            root = type_root(column.type)
            if root not in PASS_THROUGH_ROOTS:
                self._conversions.append((i + offset, machine_text))
        self._tab_count = len(header) - 1
        if self._tabs:
            header = [_tsv_text(h) for h in header]
            self._writer.writerow(header)
        else:
            self._exact.writerow(header)

    def rows(self, rows: Iterable[tuple[str, list]]) -> None:
        page = rows if isinstance(rows, list) else list(rows)
        self.row_count += len(page)
        if self._tabs:
            self._tsv_rows(page)
            return
        if self._page is None:
            self._csv_rows(self._writer, page)
            return
        self._csv_rows(self._writer, page)
        text = self._page.getvalue()
        self._page.seek(0)
        self._page.truncate()
        if "\r" in text:
            self._csv_rows(self._exact, page)
        else:
            self._out.write(text)

    def _csv_rows(self, writer: Any, page: list[tuple[str, list]]) -> None:
        conversions = self._conversions
        if not conversions:
            if self._changelog:
                writer.writerows([kind, *fields] for kind, fields in page)
            else:
                writer.writerows(fields for _, fields in page)
            return
        changelog = self._changelog
        write = writer.writerow
        for kind, fields in page:
            row = [kind, *fields] if changelog else list(fields)
            for i, conv in conversions:
                row[i] = conv(row[i])
            write(row)

    def _tsv_rows(self, page: list[tuple[str, list]]) -> None:
        """Each row joined as it comes, checked once per line at C speed; only a line whose values hold a
        tab, newline, carriage return or backslash is rebuilt value by value with escapes."""
        conversions = self._conversions
        changelog = self._changelog
        tabs = self._tab_count
        lines: list[str] = []
        for kind, fields in page:
            row = [kind, *fields] if changelog else fields
            if conversions:
                row = list(row)
                for i, conv in conversions:
                    row[i] = conv(row[i])
            if None in row:
                row = ["" if v is None else v for v in row]
            line = "\t".join(map(str, row))
            if line.count("\t") != tabs or "\n" in line or "\r" in line or "\\" in line:
                line = "\t".join(_tsv_text(v) for v in row)
            lines.append(line)
        lines.append("")
        self._out.write("\n".join(lines))

    def finish(self, *, status: str | None = None, elapsed: float | None = None) -> None:
        # Nothing but data may go into a CSV; callers print the summary elsewhere (see summary_line).
        self._out.flush()
