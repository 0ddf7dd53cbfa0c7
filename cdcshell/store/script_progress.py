"""Progress of a script run, so that `cdcshell -f script.sql --resume` continues where the last run stopped.

A CDC deployment script is a sequence of statements with effects (catalogs, tables, INSERT jobs); when one
fails halfway, running the whole file again would re-submit the jobs that already run. The record says, per
statement index, the hash of the text that succeeded, and where the run failed. Resuming is only safe when
everything above the resume point is still what ran: if one of those statements changed, `resume_point`
raises ScriptChanged with its line instead of guessing.

Records live in `data_dir()/scripts/`, one JSON file per script, named by a hash of the script's absolute
path, and are replaced atomically on every update (so a crash leaves the previous, consistent record).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from cdcshell.paths import data_dir
from cdcshell.store.files import append_private, read_bytes_tolerant
from cdcshell.store.job_journal import normalize_statement


class StatementLike(Protocol):
    text: str
    line: int


class ScriptChanged(Exception):
    """A statement above the resume point differs from the one that ran; `line` is where (1-based)."""

    def __init__(self, script: Path, line: int, index: int) -> None:
        from cdcshell.i18n import t

        super().__init__(t("session.script.changed", path=str(script), line=line))
        self.script = script
        self.line = line
        self.index = index


def statement_hash(text: str) -> str:
    """Hash of a statement, insensitive to re-indentation and a trailing `;` (which do not change it)."""
    return hashlib.sha256(normalize_statement(text).encode("utf-8")).hexdigest()


def progress_path(script_path: Path) -> Path:
    key = hashlib.sha256(str(script_path).encode("utf-8")).hexdigest()[:24]
    return data_dir() / "scripts" / f"{script_path.name}.{key}.json"


class ScriptProgress:
    def __init__(self, script_path: Path, store: Path) -> None:
        self.script_path = script_path
        self.store = store
        self.ok: dict[int, str] = {}  # statement index -> hash of the text that succeeded
        self.failed: tuple[int, str] | None = None  # (index, hash) of the statement that failed last
        self.unreadable = False  # the record existed but could not be read: treated as no progress

    @classmethod
    def load(cls, script_path: Path | str) -> ScriptProgress:
        """The record for this script (empty when there is none, or when it is damaged: `unreadable`)."""
        path = Path(script_path).expanduser().resolve()
        progress = cls(path, progress_path(path))
        try:
            raw = read_bytes_tolerant(progress.store)
        except OSError:
            progress.unreadable = True
            return progress
        try:
            for line in raw.decode("utf-8").splitlines():
                if line.strip():
                    progress._take(json.loads(line))
        except (UnicodeDecodeError, ValueError, TypeError, KeyError, AttributeError):
            progress.ok, progress.failed = {}, None
            progress.unreadable = True
        return progress

    def _take(self, event: Any) -> None:
        """Replay one line of the record: a header naming the script, then one event per statement."""
        if "script" in event:
            if event["script"] != str(self.script_path):
                raise ValueError("record of another script")  # a hash collision of file names: ignore it
            return
        index, digest = int(event["index"]), str(event["hash"])
        if event["event"] == "ok":
            self.ok[index] = digest
            if self.failed and self.failed[0] == index:
                self.failed = None
        else:
            self.ok.pop(index, None)
            self.failed = (index, digest)

    def _append(self, event: str, index: int, digest: str, *, durable: bool) -> None:
        """One line per statement: the cost of a step no longer grows with the script (a rewrite of the whole
        record per statement made a 1,000-statement script quadratic). A statement that submitted a job, or
        failed, is fsynced: those are the lines a resume must not lose."""
        if self.unreadable:  # a damaged record is started afresh, never appended to
            self.store.unlink(missing_ok=True)
            self.unreadable = False
        if not self.store.exists():
            header = json.dumps({"version": 2, "script": str(self.script_path)}) + "\n"
            append_private(self.store, header.encode("utf-8"), durable=False)
        line = json.dumps({"event": event, "index": index, "hash": digest}) + "\n"
        append_private(self.store, line.encode("utf-8"), durable=durable)

    def mark_ok(self, index: int, text: str, *, durable: bool = False) -> None:
        self.ok[index] = statement_hash(text)
        if self.failed and self.failed[0] == index:
            self.failed = None
        self._append("ok", index, self.ok[index], durable=durable)

    def mark_failed(self, index: int, text: str) -> None:
        self.ok.pop(index, None)
        self.failed = (index, statement_hash(text))
        self._append("failed", index, self.failed[1], durable=True)

    def clear(self) -> None:
        """Forget the progress (the script completed, or the user starts over)."""
        self.ok, self.failed = {}, None
        self.store.unlink(missing_ok=True)

    def resume_point(self, statements: Sequence[StatementLike | str]) -> int:
        """The index of the first statement to run: the first one that has not succeeded yet.

        Raises ScriptChanged when a statement before that point is not the one that succeeded there. Returns
        len(statements) when every statement already succeeded.
        """
        point = 0
        while point < len(statements) and point in self.ok:
            point += 1
        for index in range(point):
            statement = statements[index]
            text = statement if isinstance(statement, str) else statement.text
            if statement_hash(text) != self.ok[index]:
                line = index + 1 if isinstance(statement, str) else statement.line
                raise ScriptChanged(self.script_path, line, index)
        return point
