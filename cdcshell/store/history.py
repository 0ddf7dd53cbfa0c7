"""The statement history file: private, masked, durable, and never the reason the shell fails to start.

The file keeps prompt_toolkit's `FileHistory` format (a `# timestamp` line, then each line of the statement
prefixed with `+`), so an existing history can be read by either. What differs is what matters for a shell
whose statements carry database passwords:

* the file is created readable by its owner only (0600), and tightened if it was not;
* secrets are masked before the text touches the disk (the in-memory copy of this session keeps the real
  text, so that recalling a statement with Up still runs it);
* every statement is appended, flushed and fsynced on its own, so a crash or a killed terminal loses nothing;
* loading is tolerant: undecodable or torn entries are skipped, the file itself is never truncated;
* the size cap applies when loading (only the newest `max_entries` are kept in memory); when the file holds
  far more than that, it is compacted by writing a new file next to it and renaming it over the old one,
  under an exclusive lock that concurrent shells' appends also take, so no statement is lost to a race.
"""

from __future__ import annotations

import datetime
from collections import deque
from collections.abc import Callable, Iterable
from pathlib import Path

from prompt_toolkit.history import History

from cdcshell.paths import data_dir, private_file
from cdcshell.redact import redact_stored
from cdcshell.store.files import CAN_LOCK, Locked, append_private, replace_private

DEFAULT_MAX_ENTRIES = 10_000


def default_history_path() -> Path:
    return data_dir() / "history"


def encode_entry(text: str, when: datetime.datetime | None = None) -> bytes:
    stamp = (when or datetime.datetime.now()).isoformat(sep=" ")
    lines = [f"\n# {stamp}\n"]
    lines.extend(f"+{line}\n" for line in text.split("\n"))
    return "".join(lines).encode("utf-8")


def parse_entries(data: bytes) -> tuple[list[str], int]:
    """The entries of a history file, oldest first, and how many could not be read.

    An entry whose bytes are not UTF-8 is skipped whole rather than shown with replacement characters (a
    mangled statement that runs would be worse than a missing one). A last entry without its final newline
    was torn by a crash mid-write and is skipped too.
    """
    chunks, bad = _parse(data)
    return [text for _, text in chunks], bad


def _parse(data: bytes) -> tuple[list[tuple[bytes, str]], int]:
    """Entries as (their `#` comment line, text) — the comment kept so that compaction preserves dates."""
    entries: list[tuple[bytes, str]] = []
    bad = 0
    current: list[bytes] = []
    comment = b""
    broken = False

    def close() -> None:
        nonlocal bad, broken
        if current:
            if broken:
                bad += 1
            else:
                entries.append((comment, "\n".join(line.decode("utf-8") for line in current)))
        current.clear()
        broken = False

    raw_lines = data.split(b"\n")
    torn = not data.endswith(b"\n")
    for n, raw in enumerate(raw_lines):
        last = n == len(raw_lines) - 1
        if last and raw == b"":
            break
        if raw.startswith(b"+"):
            body = raw[1:]
            if body.endswith(b"\r"):
                body = body[:-1]
            try:
                body.decode("utf-8")
            except UnicodeDecodeError:
                broken = True
            if last and torn:
                broken = True
            current.append(body)
        else:
            close()
            if raw.startswith(b"#"):
                comment = raw
    close()
    return entries, bad


def _encode_chunk(comment: bytes, text: str) -> bytes:
    body = "".join(f"+{line}\n" for line in text.split("\n")).encode("utf-8")
    return b"\n" + (comment or b"#") + b"\n" + body


class MaskedFileHistory(History):
    """prompt_toolkit history backed by a private, masked, append-only file (see the module docstring).

    `on_error` is called with the OSError when the file cannot be read or written (full disk, lost
    permissions): the statement is still kept in memory and the shell goes on, but the caller can tell the
    user once. `bad_entries` counts entries skipped while loading.
    """

    def __init__(
        self,
        path: Path | str | None = None,
        *,
        max_entries: int = DEFAULT_MAX_ENTRIES,
        on_error: Callable[[OSError], None] | None = None,
        mask: Callable[[str], str] | None = None,
    ) -> None:
        super().__init__()
        self.path = Path(path) if path is not None else default_history_path()
        self.max_entries = max(1, max_entries)
        self.on_error = on_error
        self._mask = mask or redact_stored
        self.bad_entries = 0
        self.last_error: OSError | None = None

    def _failed(self, exc: OSError) -> None:
        self.last_error = exc
        if self.on_error is not None:
            self.on_error(exc)

    def load_history_strings(self) -> Iterable[str]:
        try:
            private_file(self.path)
            data = self.path.read_bytes()
        except OSError as exc:
            self._failed(exc)
            return []
        entries, self.bad_entries = parse_entries(data)
        if len(entries) > 2 * self.max_entries and self.bad_entries == 0:
            # Only a clean file is compacted: one with unreadable entries is left as the user's to inspect.
            self._compact()
        newest = deque(entries, maxlen=self.max_entries)
        return reversed(newest)

    def store_string(self, string: str) -> None:
        try:
            payload = encode_entry(self._mask(string))
            self._append(payload)
        except OSError as exc:
            self._failed(exc)

    def _append(self, payload: bytes) -> None:
        append_private(self.path, payload)

    def _compact(self) -> None:
        """Keep the newest `max_entries` entries, replacing the file atomically under the append lock."""
        if not CAN_LOCK:
            return
        try:
            with Locked(self.path) as locked:
                entries, bad = _parse(locked.read())
                if bad or len(entries) <= self.max_entries:
                    return
                keep = entries[-self.max_entries :]
                replace_private(self.path, b"".join(_encode_chunk(comment, text) for comment, text in keep))
        except OSError as exc:
            self._failed(exc)
