"""Where the shell's text goes and how it looks: results on stdout, messages on stderr, colour when the stream
is a terminal, every line also handed to a `--record` transcript, and secrets masked before anything is shown.

Everything that prints for the engine or for a `\\` command goes through one `Console`, so that the REPL's
stdout proxy, batch mode's pipes and a transcript all see the same text.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import TYPE_CHECKING, Any, TextIO, cast

from cdcshell.i18n import t
from cdcshell.options import Options

if TYPE_CHECKING:
    from cdcshell.sql.splitter import Statement
    from cdcshell.store.transcript import MarkdownTranscript

_log = logging.getLogger("cdcshell.shell")  # the log file masks every line (cdcshell.logging_setup)
_log.addHandler(logging.NullHandler())

MACHINE_FORMATS = ("csv", "tsv", "json")


class Console:
    """stdout/stderr of one shell, with its transcript. `out`/`err` are looked up on each use: the REPL swaps
    sys.stdout for a proxy that keeps output above the prompt."""

    def __init__(
        self,
        options: Options,
        *,
        out: TextIO | None = None,
        err: TextIO | None = None,
        recorder: MarkdownTranscript | None = None,
    ) -> None:
        self.options = options
        self._out = out
        self._err = err
        self.recorder = recorder  # a transcript (`--record FILE`): sees statements and everything printed
        self._results: TextIO | None = None  # `\\o FILE`

    @property
    def out(self) -> TextIO:
        stream = self._out or sys.stdout
        return cast(TextIO, _Tee(stream, self.recorder, "out")) if self.recorder is not None else stream

    @property
    def err(self) -> TextIO:
        stream = self._err or sys.stderr
        return cast(TextIO, _Tee(stream, self.recorder, "err")) if self.recorder is not None else stream

    @property
    def results(self) -> TextIO:
        """Where statements' results go: stdout, or the file `\\o FILE` named (messages stay on the terminal)."""
        return self._results if self._results is not None else self.out

    def redirect_results(self, stream: TextIO | None) -> None:
        """`\\o FILE` / `\\o`: results to `stream` (closed when replaced), or back to stdout with None."""
        previous, self._results = self._results, stream
        if previous is not None:
            previous.close()

    def print(self, text: str = "", *, err: bool = False) -> None:
        stream = self.err if err else self.out
        stream.write(text + "\n")
        stream.flush()

    def error(self, message: str, *, location: str | None = None, hint: str | None = None) -> None:
        """Compiler style when there is a place to point at (`file:line:col: error: …`), so editors can jump."""
        from cdcshell.redact import redact_stored
        from cdcshell.render.ansi import BOLD_RED, paint
        from cdcshell.render.messages import render_error

        message = redact_stored(message)  # a server error may quote the statement, password and all
        _log.warning("%s%s", f"{location}: " if location else "", message)
        color = self.color(self.err)
        if location:
            text = t("batch.failed_at", location=location, message=message)
            head, sep, rest = text.partition(message)
            text = paint(head, BOLD_RED, color) + sep + rest
            if hint:
                text += "\n  " + hint
        else:
            text = render_error(message, hint=hint, color=color)
        self.print(text, err=True)

    def warn(self, message: str) -> None:
        from cdcshell.redact import redact_stored
        from cdcshell.render.messages import render_warning

        message = redact_stored(message)  # e.g. a replayed statement's failure, quoting the statement
        _log.warning("%s", message)
        self.print(render_warning(message, color=self.color(self.err)), err=True)

    def info(self, message: str) -> None:
        from cdcshell.render.messages import render_info

        _log.info("%s", message)
        self.print(render_info(message, color=self.color(self.err)), err=True)

    def color(self, stream: TextIO) -> bool:
        from cdcshell.render.output import choose_format

        return choose_format(self.options.format, stream, os.environ)[1]

    def result_format(self, stream: TextIO) -> str:
        from cdcshell.render.output import choose_format

        return choose_format(self.options.format, stream, os.environ)[0]

    def machine_output(self) -> bool:
        """csv/tsv/json keep stdout for data alone: status lines ("OK", the job id) go to stderr then."""
        return self.result_format(self.out) in MACHINE_FORMATS

    def echo(self, text: str) -> None:
        """A script's statement shown as if typed at the prompt (masked), before its result."""
        from cdcshell.redact import redact

        stream = self.err if self.machine_output() else self.out
        shown = redact(text)
        lines = shown.splitlines() or [""]
        prompt = "Flink SQL> "
        body = "\n".join([prompt + lines[0], *("         > " + ln for ln in lines[1:])])
        if not text.lstrip().startswith("\\"):
            body += ";"
        stream.write(body + "\n")
        stream.flush()

    def close(self) -> None:
        self.redirect_results(None)
        if self.recorder is not None:
            self.recorder.close()


def location(
    stmt: Statement | None, source: str | None, line: int | None = None, column: int | None = None
) -> str | None:
    """`source:line:col` of a statement (or of a position inside it), for messages editors can jump to."""
    if stmt is None:
        return None
    if line is not None:
        ln, col = stmt.source_position(line, column or 1)
    else:
        ln, col = stmt.line, stmt.column
    return f"{source or '<stdin>'}:{ln}:{col}"


def internal_error_text(exc: BaseException) -> str:
    """One line for an error nobody expected (a bug), instead of a traceback; masked, since the message may
    quote a statement and its password. `--debug` shows the traceback instead."""
    from cdcshell.redact import redact

    text = " ".join(redact(f"{type(exc).__name__}: {exc}").split())
    if len(text) > 300:
        text = text[:297] + "..."
    return t("cli.internal_error", error=text)


def describe(exc: BaseException) -> str:
    """An exception's message, or its type when it has none."""
    text = str(exc).strip()
    return text or type(exc).__name__


class _Tee:
    """A text stream that also hands what is written to the transcript recorder (masked there)."""

    def __init__(self, stream: TextIO, recorder: MarkdownTranscript, name: str) -> None:
        self._stream = stream
        self._recorder = recorder
        self._name = name

    def write(self, text: str) -> int:
        self._recorder.output(text, self._name)
        return self._stream.write(text)

    def flush(self) -> None:
        self._stream.flush()

    def isatty(self) -> bool:
        return bool(getattr(self._stream, "isatty", lambda: False)())

    def fileno(self) -> int:
        return self._stream.fileno()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)
