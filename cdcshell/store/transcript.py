"""`--record FILE`: the session as a Markdown hand-out — each statement in a code block, followed by what it printed.

An instructor records a workshop run and hands the file out, so it must read well on its own (statements as SQL,
results and messages as monospaced text, no terminal colour codes) and must never leak a password that was typed
or echoed: every line is masked again here, whatever the caller already did. It is written line by line and
flushed as it goes, so a crash or a killed terminal keeps everything recorded up to that moment, and the file is
created 0600 because it holds statement text.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import threading
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import TextIO

from cdcshell.i18n import t

# CSI sequences (colours, cursor moves), OSC sequences (titles, hyperlinks) and the two-byte escapes.
_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]")
# A line that would close a fence of `fence_len` backticks or tildes (only the fence characters and blanks).
_FENCE_LIKE = re.compile(r"^ {0,3}(`{3,}|~{3,})\s*$")
_ECHO_PREFIX = "Flink SQL> "
OUTPUT_FENCE = "````"


def strip_ansi(text: str) -> str:
    """Terminal escapes removed, and of a line redrawn with `\\r` only what was drawn last (a progress line)."""
    text = _ANSI.sub("", text)
    if "\r" not in text:
        return text
    lines = []
    for line in text.split("\n"):
        parts = [p for p in line.split("\r") if p] or [""]
        lines.append(parts[-1])
    return "\n".join(lines)


def _mask(text: str) -> str:
    from cdcshell.redact import redact_stored

    return redact_stored(text)


def _fence_for(text: str) -> str:
    """A backtick fence longer than any run of backticks in `text`, so the block cannot be closed early."""
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


class MarkdownTranscript:
    """Records statements and their output as Markdown; see the module docstring for why it works this way.

    `statement(text)` before each statement, `output(text, stream)` for everything written to `"out"` or
    `"err"`, `close()` at exit. A path that cannot be written is reported once on stderr and the recorder then
    does nothing: a failed recording must not stop the workshop.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        clock: Callable[[], datetime] = _utc_now,
        warn: TextIO | None = None,
    ) -> None:
        self.path = Path(path).expanduser()
        self._clock = clock
        self._lock = threading.RLock()
        self._file: TextIO | None = None
        self._block: str | None = None  # the stream whose output block is open ("out" / "err"), or None
        self._partial = ""  # output not yet ended by a newline: masked only once the line is whole
        self._blank_lines = 0  # blank lines held back, written only if more text follows in the same block
        self._echo_pending = False  # the next output may be the shell's echo of the statement just recorded
        self._statements = 0
        self._block_open = False  # a fence has been written for the current block
        self._suspended = 0
        try:
            from cdcshell.paths import O_NOFOLLOW, private_dir

            private_dir(self.path.parent)
            fd = os.open(
                self.path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | O_NOFOLLOW, 0o600
            )  # no planted link
            os.fchmod(fd, 0o600)  # an existing file keeps its old mode through O_CREAT
            self._file = os.fdopen(fd, "w", encoding="utf-8", newline="\n")
        except OSError as exc:
            print(
                t("teach.transcript.cannot_open", path=str(self.path), error=exc.strerror or str(exc)),
                file=warn or sys.stderr,
            )
            self._file = None
            return
        when = self._clock().strftime("%Y-%m-%d %H:%M UTC")
        self._write(f"# {t('teach.transcript.title')}\n\n_{t('teach.transcript.recorded', when=when)}_\n")

    @property
    def active(self) -> bool:
        return self._file is not None

    # ------------------------------------------------------------------ recording
    def statement(self, text: str) -> None:
        """A statement about to run, as a code block of its own (SQL gets its `;` back)."""
        with self._lock:
            if self._file is None:
                return
            self._end_block()
            body = _mask(strip_ansi(text)).strip("\n")
            is_meta = body.lstrip().startswith("\\")
            if not is_meta and not body.rstrip().endswith(";"):
                body = body.rstrip() + ";"
            fence = _fence_for(body)
            self._statements += 1
            self._write(f"\n{fence}{'text' if is_meta else 'sql'}\n{body}\n{fence}\n")
            self._echo_pending = True

    def output(self, text: str, stream: str = "out") -> None:
        """Text the shell printed; whole lines are masked and written at once, a partial line waits for its end."""
        with self._lock:
            if self._file is None or not text or self._suspended:
                return
            clean = strip_ansi(text)
            if self._echo_pending:
                self._echo_pending = False
                if self._partial == "" and clean.startswith(_ECHO_PREFIX):
                    return  # the statement is already in its own block
            if self._block != stream:
                self._end_block()
                self._block = stream
            data = self._partial + clean
            *lines, self._partial = data.split("\n")
            for line in lines:
                self._line(line)
            self._flush()

    @contextlib.contextmanager
    def suspended(self) -> Iterator[None]:
        """Output written meanwhile is not recorded: for text that is recorded differently, as a `note`."""
        with self._lock:
            self._suspended += 1
        try:
            yield
        finally:
            with self._lock:
                self._suspended -= 1

    def note(self, markdown: str) -> None:
        """Prose between the blocks (a tutorial's step title), written as it is apart from masking."""
        with self._lock:
            if self._file is None:
                return
            self._end_block()
            self._echo_pending = False
            self._write("\n" + _mask(strip_ansi(markdown)).strip("\n") + "\n")

    def close(self) -> None:
        with self._lock:
            if self._file is None:
                return
            self._end_block()
            when = self._clock().strftime("%Y-%m-%d %H:%M UTC")
            self._write(f"\n---\n_{t('teach.transcript.ended', when=when, count=self._statements)}_\n")
            self._file.close()
            self._file = None

    def __enter__(self) -> MarkdownTranscript:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ internals
    def _line(self, line: str) -> None:
        line = _mask(line.rstrip())
        if not line:
            if self._block_open:
                self._blank_lines += 1
            return
        if not self._block_open:
            self._write(f"\n{OUTPUT_FENCE}text\n")
            self._block_open = True
        if _FENCE_LIKE.match(line):
            line = "    " + line  # would otherwise close the block early
        self._write("\n" * self._blank_lines + line + "\n")
        self._blank_lines = 0

    def _end_block(self) -> None:
        if self._partial:
            partial, self._partial = self._partial, ""
            self._line(partial)
        if self._block_open:
            self._write(OUTPUT_FENCE + "\n")
        self._block_open = False
        self._blank_lines = 0
        self._block = None
        self._flush()

    def _write(self, text: str) -> None:
        if self._file is None:
            return
        try:
            self._file.write(text)
        except OSError as exc:  # disk full, file system gone: tell once, keep the shell running
            print(
                t("teach.transcript.write_failed", path=str(self.path), error=exc.strerror or str(exc)),
                file=sys.stderr,
            )
            with contextlib.suppress(OSError):
                self._file.close()
            self._file = None

    def _flush(self) -> None:
        if self._file is not None:
            try:
                self._file.flush()
            except OSError:
                self._file = None
