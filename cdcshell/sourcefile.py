"""The one way a SQL file (or standard input) is read, for `-f` scripts, `lint` and `complete -`.

Batch mode and lint used to read files differently: lint kept a UTF-8 byte-order mark (so the first `SET` was
misread) and accepted NUL bytes and invalid UTF-8 that batch refused. Reading is also where hostile input
starts: `-f /dev/zero` read without end, and a FIFO with no writer blocked without a word. Here every way a
source can be unusable becomes one line (what, where, how to fix) in a `SourceError`; callers exit 2 with it.
"""

from __future__ import annotations

import io
import os
import stat
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

from cdcshell.i18n import t

__all__ = ["MAX_SOURCE_BYTES", "SourceError", "SourceText", "decode_source", "read_source"]

# Far above any real script (a 10,000-table migration is ~10 MB), far below what would exhaust memory.
MAX_SOURCE_BYTES = int(os.environ.get("CDCSHELL_MAX_SCRIPT_BYTES", 64 * 1024 * 1024))
_CHUNK = 1 << 20


class SourceError(Exception):
    """The source cannot be used; `str(error)` is the one-line message to print."""


@dataclass(frozen=True)
class SourceText:
    path: str  # as the user named it; "-" for standard input
    display: str  # what error locations print
    text: str


def _read_capped(stream: BinaryIO, display: str, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = stream.read(_CHUNK)
        if not chunk:
            break
        if not chunks and chunk.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise SourceError(t("batch.not_utf8", path=display, line=1, column=1, byte=chunk[0]))
        if b"\x00" in chunk:  # anywhere: a NUL would reach the gateway inside a statement; stop reading now
            raise SourceError(t("batch.binary", path=display))
        size += len(chunk)
        if size > limit:
            raise SourceError(t("source.too_large", path=display, limit=limit // (1024 * 1024)))
        chunks.append(chunk)
    return b"".join(chunks)


def decode_source(data: bytes, display: str) -> str:
    """UTF-8 text of `data` with a byte-order mark removed; UTF-16, NUL bytes and invalid UTF-8 refused with
    the line and column of the first bad byte."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 (Windows editors): the fix is to re-save it
        raise SourceError(t("batch.not_utf8", path=display, line=1, column=1, byte=data[0]))
    if b"\x00" in data:
        raise SourceError(t("batch.binary", path=display))
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        raise SourceError(
            t("batch.not_utf8", path=display, line=line, column=column, byte=data[exc.start])
        ) from None


def read_source(
    path: str,
    *,
    limit: int | None = None,
    stdin: BinaryIO | None = None,
    notice: Callable[[str], None] | None = None,
) -> SourceText:
    """Read and decode `path` ("-" = standard input), at most `limit` bytes. A FIFO is announced through
    `notice` (stderr by default) before the read that may wait for its writer."""
    display = "<stdin>" if path == "-" else path
    cap = MAX_SOURCE_BYTES if limit is None else limit
    say = notice or (lambda text: print(text, file=sys.stderr, flush=True))
    try:
        if path == "-":
            stream = stdin or getattr(sys.stdin, "buffer", None)
            if stream is None:  # a text stream put in place of stdin (tests, embedding): already decoded
                stream = io.BytesIO(sys.stdin.read().encode("utf-8", "surrogatepass"))
            data = _read_capped(stream, display, cap)
        else:
            try:
                st = os.stat(path)
            except OSError:
                st = None
            if st is not None and stat.S_ISDIR(st.st_mode):
                raise SourceError(t("batch.cannot_read", path=display, reason=os.strerror(21)))
            if st is not None and stat.S_ISFIFO(st.st_mode):
                say(t("source.waiting_fifo", path=display))
            with open(path, "rb") as stream:
                data = _read_capped(stream, display, cap)
    except OSError as exc:
        raise SourceError(t("batch.cannot_read", path=display, reason=exc.strerror or str(exc))) from None
    return SourceText(path, display, decode_source(data, display))
