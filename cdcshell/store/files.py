"""Durable, private file writes shared by the history, the journals and script progress.

Two shapes of write cover everything `store/` keeps: appending one record (history entries, journal
lines) and replacing a whole small file (state journal, script progress, history compaction). Appends are
locked, written in full, and fsynced before returning; replacements go through a temporary file in the same
directory and an atomic rename, so a reader sees either the old file or the new one, never half of either.
Every file is created 0600 (via `cdcshell.paths.private_file`), because all of them may hold statement text.
"""

from __future__ import annotations

import os
from pathlib import Path

from cdcshell.paths import O_NOFOLLOW, private_dir, private_file

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: writes are still whole and fsynced, just not locked
    fcntl = None  # type: ignore[assignment]

CAN_LOCK = fcntl is not None


def write_all(fd: int, payload: bytes) -> None:
    view = memoryview(payload)
    while view:
        view = view[os.write(fd, view) :]


def append_private(path: Path, payload: bytes, *, durable: bool = True) -> None:
    """Append `payload` to `path` (created 0600), durably and without interleaving with other processes.

    The lock is also what makes atomic replacement safe: a writer that waited for it re-checks that its file
    descriptor still refers to the file at `path`, because a replacement may have renamed a new file over it
    in the meantime, and an append to the old, unlinked file would be lost.
    """
    private_file(path)
    while True:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | O_NOFOLLOW, 0o600)
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX)
                try:
                    current = os.stat(path)
                except FileNotFoundError:
                    continue
                mine = os.fstat(fd)
                if (current.st_ino, current.st_dev) != (mine.st_ino, mine.st_dev):
                    continue
            write_all(fd, payload)
            if durable:
                os.fsync(fd)
            return
        finally:
            os.close(fd)  # also releases the lock


def replace_private(path: Path, payload: bytes) -> None:
    """Replace the content of `path` atomically: temp file (0600) in the same directory, fsync, rename."""
    private_dir(path.parent)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | O_NOFOLLOW  # a new file, never a planted link
        try:
            fd = os.open(tmp, flags, 0o600)
        except FileExistsError:  # a stale temp file left by a crash of a process with our pid
            tmp.unlink()
            fd = os.open(tmp, flags, 0o600)
        try:
            os.fchmod(fd, 0o600)
            write_all(fd, payload)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


class Locked:
    """An exclusive lock on an existing file for read-modify-replace (history compaction)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd = -1

    def __enter__(self) -> Locked:
        self._fd = os.open(self.path, os.O_RDONLY)
        if fcntl is not None:
            fcntl.flock(self._fd, fcntl.LOCK_EX)
        return self

    def read(self) -> bytes:
        os.lseek(self._fd, 0, os.SEEK_SET)
        chunks = []
        while chunk := os.read(self._fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)

    def __exit__(self, *exc: object) -> None:
        os.close(self._fd)


def fsync_dir(directory: Path) -> None:
    """Make a rename durable: the directory entry must reach the disk too (best effort)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def read_bytes_tolerant(path: Path) -> bytes:
    """The file's bytes, or b"" when it does not exist yet."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return b""
