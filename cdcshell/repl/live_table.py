"""The live result view: a streaming query shown as a table that updates in place, like the SQL Client's
`table` result mode, instead of a changelog that scrolls away.

It is a `ResultWriter`, so the executor feeds it exactly as it feeds the changelog writer, page by page on its
own thread; a full-screen prompt_toolkit application draws the `MaterializedResult` on a second thread, at
most `refresh` times a second however fast rows arrive (drawing is what costs, not folding). Leaving (`q`,
Ctrl-C, Esc) calls `on_leave`, which the REPL points at its Ctrl-C path, so the statement is cancelled on the
gateway the same way. When the result ends by itself the view stays, frozen at the last state, until left.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Sequence
from typing import TextIO

from prompt_toolkit.application import Application
from prompt_toolkit.formatted_text import StyleAndTextTuples
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.layout import HSplit, Layout, Window
from prompt_toolkit.layout.controls import FormattedTextControl
from prompt_toolkit.output import Output

from cdcshell.i18n import t
from cdcshell.render.cells import NULL_TEXT, ColumnLike, cell_width, display_converter, fit, is_numeric, pad
from cdcshell.render.materialized import MaterializedResult

REFRESH_STEPS = (0.1, 0.25, 0.5, 1.0, 2.0, 5.0)  # seconds between redraws, `+`/`-` move along them
_MAX_CELL = 40  # a cell wider than this is cut with `…`; the view scrolls rows, not columns


class LiveTableWriter:
    """Folds a changelog into a table and shows it live until the user leaves."""

    def __init__(
        self,
        *,
        on_leave: Callable[[], None],
        refresh: float = 0.5,
        output: Output | None = None,
        input: object | None = None,
        clock: Callable[[], float] = time.monotonic,
        after: TextIO | None = None,
    ) -> None:
        self.row_count = 0
        self._after = after  # where one summary line goes once the full-screen view is gone (scrollback)
        self._on_leave = on_leave
        self._refresh_index = min(range(len(REFRESH_STEPS)), key=lambda i: abs(REFRESH_STEPS[i] - refresh))
        self._output = output
        self._input = input
        self._clock = clock
        self._lock = threading.Lock()
        self._model = MaterializedResult()
        self._names: list[str] = []
        self._convert: list[Callable[[object], str]] = []
        self._right: list[bool] = []
        self._top = 0
        self._ended: str | None = None  # the closing status once the result ended
        self._left = threading.Event()
        self._app: Application[None] | None = None
        self._thread: threading.Thread | None = None
        self._started_at = clock()
        self._dirty = threading.Event()

    # ------------------------------------------------------------------------------ ResultWriter protocol

    def start(self, columns: Sequence[ColumnLike], *, changelog: bool) -> None:
        self._names = [str(c.name) for c in columns]
        self._convert = [display_converter(str(c.type)) for c in columns]
        self._right = [is_numeric(str(c.type)) for c in columns]
        self._app = self._build_app()
        self._thread = threading.Thread(target=self._run_app, name="cdcshell-live-table", daemon=True)
        self._thread.start()

    def rows(self, rows: Iterable[tuple[str, list]]) -> None:
        with self._lock:
            before = self._model.changes
            self._model.apply(rows)
            self.row_count += self._model.changes - before
        self._dirty.set()

    def finish(self, *, status: str | None = None, elapsed: float | None = None) -> None:
        """A cancelled result closes the view; one that ended by itself stays on screen until left."""
        with self._lock:
            self._ended = status or t("repl.live.ended")
        self._dirty.set()
        if status is not None or self._left.is_set():
            self._close()
        elif self._thread is not None:
            self._thread.join()
        if self._after is not None:
            with self._lock:
                rows, changes, ended = self._model.row_count, self._model.changes, self._ended
            self._after.write(
                t("repl.live.left", status=(ended or "").rstrip(".。"), rows=rows, changes=changes) + "\n"
            )
            self._after.flush()

    # --------------------------------------------------------------------------------------------- view

    def _run_app(self) -> None:
        assert self._app is not None
        try:
            self._app.run(handle_sigint=False, pre_run=self._start_refresher)
        finally:
            self._left.set()

    def _start_refresher(self) -> None:
        assert self._app is not None
        self._app.create_background_task(self._refresher())

    async def _refresher(self) -> None:
        import asyncio

        while True:
            await asyncio.sleep(REFRESH_STEPS[self._refresh_index])
            if self._dirty.is_set():
                self._dirty.clear()
                assert self._app is not None
                self._app.invalidate()

    def _close(self) -> None:
        app = self._app
        if app is not None and app.is_running and app.loop is not None:
            app.loop.call_soon_threadsafe(lambda: app.exit() if app.is_running else None)
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _leave(self, event: KeyPressEvent) -> None:
        if not self._left.is_set():
            self._left.set()
            with self._lock:
                ended = self._ended is not None
            if not ended:
                self._on_leave()  # cancels the statement on the gateway, like Ctrl-C at the prompt
        event.app.exit()

    def _body_height(self) -> int:
        app = self._app
        rows = app.output.get_size().rows if app is not None else 24
        return max(1, rows - 3)  # header, rule, status line

    def _scroll(self, delta: int | None, *, to_end: bool = False) -> None:
        with self._lock:
            last = max(0, self._model.row_count - self._body_height())
            if to_end:
                self._top = last
            elif delta is not None:
                self._top = max(0, min(last, self._top + delta))
        self._dirty.set()
        if self._app is not None:
            self._app.invalidate()

    def _bindings(self) -> KeyBindings:
        kb = KeyBindings()
        for key in ("q", "c-c", "escape"):
            kb.add(key, eager=True)(self._leave)
        kb.add("up")(lambda e: self._scroll(-1))
        kb.add("k")(lambda e: self._scroll(-1))
        kb.add("down")(lambda e: self._scroll(1))
        kb.add("j")(lambda e: self._scroll(1))
        kb.add("pageup")(lambda e: self._scroll(-self._body_height()))
        kb.add("pagedown")(lambda e: self._scroll(self._body_height()))
        kb.add("space")(lambda e: self._scroll(self._body_height()))
        kb.add("home")(lambda e: self._scroll(-(10**9)))
        kb.add("g")(lambda e: self._scroll(-(10**9)))
        kb.add("end")(lambda e: self._scroll(None, to_end=True))
        kb.add("G")(lambda e: self._scroll(None, to_end=True))

        @kb.add("+")
        def _faster(event: KeyPressEvent) -> None:
            self._refresh_index = max(0, self._refresh_index - 1)
            event.app.invalidate()

        @kb.add("-")
        def _slower(event: KeyPressEvent) -> None:
            self._refresh_index = min(len(REFRESH_STEPS) - 1, self._refresh_index + 1)
            event.app.invalidate()

        return kb

    def _build_app(self) -> Application[None]:
        table = FormattedTextControl(self._table_text, focusable=True, show_cursor=False)
        status = FormattedTextControl(self._status_text)
        layout = Layout(HSplit([Window(table, wrap_lines=False), Window(status, height=1, style="reverse")]))
        kwargs: dict[str, object] = {}
        if self._output is not None:
            kwargs["output"] = self._output
        if self._input is not None:
            kwargs["input"] = self._input
        return Application(layout=layout, key_bindings=self._bindings(), full_screen=True, **kwargs)  # type: ignore[arg-type]

    def _cells(self, row: list[object]) -> list[str]:
        return [
            NULL_TEXT if v is None else convert(v) for convert, v in zip(self._convert, row, strict=False)
        ]

    def _table_text(self) -> StyleAndTextTuples:
        height = self._body_height()
        with self._lock:
            visible = [self._cells(r) for r in self._model.rows(self._top, height)]
        widths = [min(_MAX_CELL, cell_width(n)) for n in self._names]
        for cells in visible:
            for i, text in enumerate(cells):
                widths[i] = min(_MAX_CELL, max(widths[i], cell_width(text)))
        header = " │ ".join(pad(fit(n, w), w, right=False) for n, w in zip(self._names, widths, strict=True))
        lines: StyleAndTextTuples = [
            ("bold", header + "\n"),
            ("", "─┼─".join("─" * w for w in widths) + "\n"),
        ]
        for cells in visible:
            text = " │ ".join(
                pad(fit(c, w), w, right=right)
                for c, w, right in zip(cells, widths, self._right, strict=False)
            )
            lines.append(("", text + "\n"))
        return lines

    def _status_text(self) -> StyleAndTextTuples:
        with self._lock:
            rows, changes, ended, top = self._model.row_count, self._model.changes, self._ended, self._top
        elapsed = max(1e-9, self._clock() - self._started_at)
        first = min(rows, top + 1)
        last = min(rows, top + self._body_height())
        text = t(
            "repl.live.status",
            first=first,
            last=last,
            rows=rows,
            changes=changes,
            rate=f"{changes / elapsed:,.0f}",
            refresh=REFRESH_STEPS[self._refresh_index],
        )
        if ended is not None:
            text = f"{ended} · {text}"
        return [("", f" {text} ")]
