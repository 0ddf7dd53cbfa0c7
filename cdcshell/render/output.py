"""Choosing how a result is written, and the one interface every result writer offers.

The shell never knows how many rows a query will produce, so every writer is fed page by page through
`start` → `rows` (repeatedly) → `finish`, and none of them may hold more than a bounded number of rows.
Only this module is imported on the way to running a statement; each writer's module (and rich, for the
table) loads when that format is first used.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol, TextIO

from cdcshell.render.cells import ColumnLike
from cdcshell.render.summary import summary_line as summary_line  # re-exported: part of this module's API

Format = Literal["table", "plain", "csv", "json", "tsv", "live"]
FORMATS: tuple[str, ...] = ("table", "plain", "csv", "json", "tsv", "live")
# Formats meant for people: they get a footer line and may be coloured. The others are data for programs,
# so nothing but rows may ever be written into them.
HUMAN_FORMATS = frozenset({"table", "plain", "live"})
# `live` is the REPL's live result view for streaming queries (`cdcshell.repl.live_table`); only a front end
# that can draw it offers it (`ResultRequest`), everywhere else it is a table for finite results and the
# changelog for streaming ones. The SQL Client's own switch for the same choice, in its session config:
RESULT_MODE_KEY = "sql-client.execution.result-mode"


class ResultWriter(Protocol):
    """Receives one result, page by page. `row_count` counts the rows received so far.

    A writer may keep references to the row lists it was given (a table buffers up to its limit), so callers
    must not mutate a page after passing it.
    """

    @property
    def row_count(self) -> int: ...

    def start(self, columns: Sequence[ColumnLike], *, changelog: bool) -> None: ...

    def rows(self, rows: Iterable[tuple[str, list]]) -> None: ...

    def finish(self, *, status: str | None = None, elapsed: float | None = None) -> None: ...


@dataclass(frozen=True)
class ResultRequest:
    """What the engine knows when a result's first page arrives, for a front end that may draw it itself.

    A front end (the REPL) hands the engine a `ResultViewFactory`; it returns a writer (the live table, a pager
    around a table) or None for the ordinary `make_writer` choice. The engine never imports a front end.
    """

    fmt: str  # from `choose_format`: the user's format for this stream
    out: TextIO
    color: bool
    streaming: bool  # a changelog without an end (a streaming SELECT)
    query: bool  # a query's rows, not a statement's status table
    session_config: Mapping[str, str]

    @property
    def wants_live(self) -> bool:
        """`\\format live`, or the SQL Client's `sql-client.execution.result-mode` = `table` on a terminal table
        (`tableau` and `changelog` keep the changelog view)."""
        if not (self.streaming and self.query):
            return False
        if self.fmt == "live":
            return True
        mode = self.session_config.get(RESULT_MODE_KEY, "").strip().lower()
        return self.fmt == "table" and mode == "table"


ResultViewFactory = Callable[[ResultRequest], "ResultWriter | None"]


class UnknownFormatError(ValueError):
    """A format name the user typed that is not one of FORMATS; its text is ready to show."""


def is_terminal(out: TextIO) -> bool:
    isatty = getattr(out, "isatty", None)
    try:
        return bool(isatty and isatty())
    except (ValueError, OSError):  # closed or detached stream
        return False


def choose_format(requested: str | None, out: TextIO, env: Mapping[str, str]) -> tuple[str, bool]:
    """The format and whether to colour, from what the user asked for and where the output goes.

    A terminal gets a table in colour; anything else (a pipe, a file) gets plain text with no ANSI codes at
    all, so that scripts see exactly the data. `NO_COLOR` (any non-empty value, per no-color.org) keeps the
    table but drops colour. A dumb terminal (`TERM=dumb`, e.g. an editor's shell buffer) cannot be trusted
    with box drawing or escapes, so it gets plain text. Machine formats (csv, tsv, json) are never coloured.
    Raises UnknownFormatError for a requested format that does not exist.
    """
    terminal = is_terminal(out)
    dumb = env.get("TERM", "").strip().lower() == "dumb"
    no_color = bool(env.get("NO_COLOR", ""))
    if requested is None:
        fmt = "table" if terminal and not dumb else "plain"
    else:
        fmt = requested.strip().lower()
        if fmt not in FORMATS:
            from cdcshell.i18n import t

            raise UnknownFormatError(t("render.unknown_format", format=requested, formats=", ".join(FORMATS)))
        if fmt == "live" and (not terminal or dumb):  # the live view needs a screen: pipes and files get text
            fmt = "plain"
    color = terminal and not dumb and not no_color and fmt in HUMAN_FORMATS
    return fmt, color


def make_writer(
    fmt: Format | str,
    out: TextIO,
    *,
    color: bool,
    max_width: int | None = None,
    streaming: bool = False,
    crlf: bool = False,
) -> ResultWriter:
    """A writer for `fmt` on `out`.

    `streaming=True` is for results without an end (an unbounded SELECT): a table then becomes Flink-style
    tableau lines printed as rows arrive. plain, csv, tsv and json always stream. `max_width` is the width
    of the terminal, used by table and tableau output to keep one row on one line; when None and `out` is a
    terminal, the terminal's current width is used. `crlf` ends CSV lines with CRLF (RFC 4180) instead of the
    `\\n` that Unix tools expect (psql's `--csv` writes `\\n` too). `live` without a front end to draw it is a
    table (a changelog when streaming).
    """
    if fmt in ("table", "live"):
        if max_width is None and is_terminal(out):
            import shutil

            max_width = shutil.get_terminal_size().columns
        if streaming:
            from cdcshell.render.tableau import TableauWriter

            return TableauWriter(out, color=color, max_width=max_width)
        from cdcshell.render.table import TableWriter

        return TableWriter(out, color=color, max_width=max_width)
    if fmt == "plain":
        from cdcshell.render.plain import PlainWriter

        return PlainWriter(out, color=color)
    if fmt in ("csv", "tsv"):
        from cdcshell.render.delimited import DelimitedWriter

        return DelimitedWriter(out, tabs=fmt == "tsv", crlf=crlf)
    if fmt == "json":
        from cdcshell.render.jsonlines import JsonLinesWriter

        return JsonLinesWriter(out)
    from cdcshell.i18n import t

    raise UnknownFormatError(t("render.unknown_format", format=fmt, formats=", ".join(FORMATS)))
