"""The shell's log file: what happened to the connection and to each statement, for the morning after a night
of batch scripts — never with a secret in it.

Every line goes through `mask_text` as it is formatted (option values whose key names a password, secret, token
or credential; passwords in URLs; `password=` pairs inside JDBC URLs), so a caller cannot leak one by logging a
statement or a server message as it is. The file is created 0600, including after rotation, because it holds
statement text. It lives in the state directory (`cdcshell.log`, rotated at 1 MB, two old files kept).

`--debug` lowers the level to DEBUG (HTTP requests and retries included) and copies the log to stderr.
Logging must never stop the shell: a log file that cannot be opened is skipped silently.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

from cdcshell.paths import private_file, state_dir

LOGGER_NAME = "cdcshell"
MAX_BYTES = 1_000_000
BACKUPS = 2
_FORMAT = "%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"

_handlers: list[logging.Handler] = []


def log_path() -> Path:
    return state_dir() / "log" / "cdcshell.log"


class MaskingFormatter(logging.Formatter):
    """Masks the whole formatted record, exception text included."""

    def format(self, record: logging.LogRecord) -> str:
        from cdcshell.redact import redact

        return redact(super().format(record))


class _DeferredRotatingFile(logging.Handler):
    """The rotating log file, opened with the first record instead of at start-up: `logging.handlers` (and the
    pickle, queue and struct modules it pulls in) stays off the way to the first prompt. Each incarnation of
    the file, rotated ones included, is created 0600 before it is opened. A file that cannot be opened drops
    the records (logging must never stop the shell)."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self._path = path
        self._inner: logging.Handler | None = None
        self._broken = False

    def emit(self, record: logging.LogRecord) -> None:
        if self._inner is None:
            if self._broken:
                return
            try:
                self._inner = _rotating_file(self._path)
            except OSError:
                self._broken = True
                return
            self._inner.setFormatter(self.formatter)
        self._inner.emit(record)

    def flush(self) -> None:
        if self._inner is not None:
            self._inner.flush()

    def close(self) -> None:
        if self._inner is not None:
            self._inner.close()
        super().close()


def _rotating_file(path: Path) -> logging.Handler:
    import logging.handlers

    class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
        """Also formats each record once: `RotatingFileHandler` formats it in `shouldRollover` to measure it
        and again in `emit` to write it, and our formatter masks the whole line each time (one `-f` statement,
        one masked line). Both calls happen inside one `emit`, under the handler's lock."""

        _formatted: tuple[logging.LogRecord, str] | None = None

        def _open(self) -> Any:
            private_file(Path(self.baseFilename))
            return super()._open()

        def format(self, record: logging.LogRecord) -> str:
            done = self._formatted
            if done is not None and done[0] is record:
                return done[1]
            text = super().format(record)
            self._formatted = (record, text)
            return text

        def emit(self, record: logging.LogRecord) -> None:
            try:
                super().emit(record)
            finally:
                self._formatted = None  # keep no record (nor its arguments) alive after it is written

    return PrivateRotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")


def setup_logging(*, debug: bool = False, path: Path | None = None) -> Path | None:
    """Send the `cdcshell` loggers to the log file (and to stderr with `debug`); returns the file, or None.

    Calling it again replaces the earlier handlers (tests run many shells in one process).
    """
    logger = logging.getLogger(LOGGER_NAME)
    for handler in _handlers:
        for name in (LOGGER_NAME, "httpx", "httpcore"):
            logging.getLogger(name).removeHandler(handler)
        handler.close()
    _handlers.clear()
    logger.setLevel(logging.DEBUG if debug else logging.INFO)
    logger.propagate = False
    formatter = MaskingFormatter(_FORMAT)
    target = path or log_path()
    try:
        private_file(target)
        file_handler: logging.Handler | None = _DeferredRotatingFile(target)
    except OSError:
        file_handler = None
    if file_handler is not None:
        file_handler.setFormatter(formatter)
        _handlers.append(file_handler)
    if debug:
        stderr = logging.StreamHandler(sys.stderr)
        stderr.setFormatter(formatter)
        _handlers.append(stderr)
    loggers = [logger]
    if debug:  # the HTTP stack's own request log: which URL, which status, how long
        for name in ("httpx", "httpcore"):
            extra = logging.getLogger(name)
            extra.setLevel(logging.DEBUG if name == "httpx" else logging.INFO)
            extra.propagate = False
            loggers.append(extra)
    for handler in _handlers:
        for target_logger in loggers:
            target_logger.addHandler(handler)
    return target if file_handler is not None else None


def shutdown_logging() -> None:
    """Close the handlers (tests; the interpreter does this at exit anyway)."""
    for handler in _handlers:
        for name in (LOGGER_NAME, "httpx", "httpcore"):
            logging.getLogger(name).removeHandler(handler)
        handler.close()
    _handlers.clear()
