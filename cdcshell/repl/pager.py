"""A pager for finite results taller than the screen, as psql and pgcli have: `$PAGER`, by default `less -SRXF`
(`-S` long lines are cut, not wrapped; `-R` colours pass; `-X` the screen is not cleared on exit; `-F` a result
that fits one screen is just printed).

Output is held only until it is taller than the screen; then the pager starts and everything goes to it as it
comes, so memory stays bounded by one screen. A result that fits is written to the terminal as if no pager
existed. Leaving the pager early (`q`) drops the rest of the output, not the statement's other effects.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from collections.abc import Iterable, Sequence
from typing import TextIO

from cdcshell.render.cells import ColumnLike
from cdcshell.render.output import ResultWriter

DEFAULT_PAGER = "less -SRXF"


def pager_command(environ: dict[str, str] | None = None) -> list[str] | None:
    """`$PAGER` (or `less -SRXF`) split into argv; None when it cannot be run (then results are printed)."""
    env = os.environ if environ is None else environ
    try:
        argv = shlex.split(env.get("PAGER") or DEFAULT_PAGER)
    except ValueError:
        return None
    if not argv or shutil.which(argv[0]) is None:
        return None
    return argv


class PagerStream:
    """A text stream that becomes a pager's stdin once more than `height` lines were written to it."""

    def __init__(self, out: TextIO, argv: Sequence[str], height: int) -> None:
        self._out = out
        self._argv = list(argv)
        self._height = max(1, height)
        self._held: list[str] = []
        self._lines = 0
        self._proc: subprocess.Popen[str] | None = None
        self._gone = False  # the user left the pager: the rest is dropped

    def isatty(self) -> bool:
        return True  # what is written ends up on the terminal, one way or the other

    def write(self, text: str) -> int:
        if self._gone:
            return len(text)
        if self._proc is None:
            self._held.append(text)
            self._lines += text.count("\n")
            if self._lines >= self._height:
                self._start()
            return len(text)
        self._send(text)
        return len(text)

    def flush(self) -> None:
        if self._proc is not None and self._proc.stdin is not None and not self._gone:
            try:
                self._proc.stdin.flush()
            except (BrokenPipeError, OSError):
                self._gone = True

    def _start(self) -> None:
        self._out.flush()
        env = dict(os.environ)
        env.setdefault("LESSCHARSET", "utf-8")
        try:
            self._proc = subprocess.Popen(
                self._argv, stdin=subprocess.PIPE, text=True, encoding="utf-8", errors="replace", env=env
            )
        except OSError:
            self._height = 1 << 62  # the pager would not start: print instead
            return
        held, self._held = "".join(self._held), []
        self._send(held)

    def _send(self, text: str) -> None:
        assert self._proc is not None and self._proc.stdin is not None
        try:
            self._proc.stdin.write(text)
        except (BrokenPipeError, OSError):
            self._gone = True

    def close(self) -> None:
        """Print what was held (it fitted), or wait until the user leaves the pager; Ctrl-C does not orphan it."""
        if self._proc is None:
            self._out.write("".join(self._held))
            self._held = []
            self._out.flush()
            return
        proc, self._proc = self._proc, None
        try:
            if proc.stdin is not None:
                proc.stdin.close()
        except (BrokenPipeError, OSError):
            pass
        while True:
            try:
                proc.wait()
                return
            except KeyboardInterrupt:  # the pager gets the same Ctrl-C and decides for itself
                continue


class PagedWriter:
    """A result writer drawing into a `PagerStream`, which it closes when the result ends."""

    def __init__(self, inner: ResultWriter, stream: PagerStream) -> None:
        self._inner = inner
        self._stream = stream

    @property
    def row_count(self) -> int:
        return self._inner.row_count

    def start(self, columns: Sequence[ColumnLike], *, changelog: bool) -> None:
        self._inner.start(columns, changelog=changelog)

    def rows(self, rows: Iterable[tuple[str, list]]) -> None:
        self._inner.rows(rows)

    def finish(self, *, status: str | None = None, elapsed: float | None = None) -> None:
        try:
            self._inner.finish(status=status, elapsed=elapsed)
        finally:
            self._stream.close()
