"""The job journal: every job this shell submitted, per gateway, in an append-only JSON-lines file.

A Flink job outlives the shell and the gateway session that submitted it; the journal is how a later shell
answers "which statement started job 3f2a…, from which session, on which Flink, and where can it be resumed
from?". One file per gateway (`data_dir()/journal/<host_port>.jsonl`), so that two clusters' job ids never
mix. Lines are only ever appended (one fsynced write per record); a later fact about a job, such as the
savepoint it was stopped with, is a new line that readers merge into the job's record. Statements are
masked before they are written, and reading skips any line it cannot understand rather than failing.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol

from cdcshell.paths import data_dir
from cdcshell.redact import redact_stored
from cdcshell.store.files import append_private, read_bytes_tolerant
from cdcshell.store.gateway_names import gateway_key, strip_credentials


class JournaledContext(Protocol):
    """What the journal keeps of a submit context (`cdcshell.recovery.context.SubmitContext` is one).

    A Protocol so that the store, below recovery, does not import it.
    """

    @property
    def settings(self) -> Sequence[str]: ...
    @property
    def setup(self) -> Sequence[str]: ...
    @property
    def catalog(self) -> str | None: ...
    @property
    def database(self) -> str | None: ...


def default_journal_path(gateway_url: str) -> Path:
    return data_dir() / "journal" / f"{gateway_key(gateway_url)}.jsonl"


def _now() -> str:
    return (
        datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    )


def normalize_statement(text: str) -> str:
    """Whitespace-insensitive form used to recognise the same statement submitted again."""
    return " ".join(text.split()).rstrip(";").rstrip()


def own_path(jid: str, path: str) -> bool:
    """Whether a savepoint/checkpoint path is the job's own: Flink names them `<dir>/<job id>/chk-N` and
    `savepoint-<first 6 of the job id>-<random>`."""
    return jid in path or f"savepoint-{jid[:6]}-" in path


@dataclasses.dataclass(frozen=True)
class SubmittedJob:
    """One job this shell submitted, as the job journal keeps it (not the lint's `JobRecord` of a script)."""

    time: str  # ISO 8601, UTC
    gateway: str  # without credentials
    session: str | None
    job_id: str
    statement: str  # masked
    flink_version: str | None
    job_name: str | None = None
    recovery_path: str | None = None  # the savepoint/checkpoint to resume the job from, when known
    # What an empty session needs to submit the statement again (cdcshell.recovery.context), masked:
    settings: tuple[str, ...] = ()  # SET statements in force
    setup: tuple[str, ...] = ()  # USE / CREATE statements of what the statement reads or writes, in order
    catalog: str | None = None
    database: str | None = None
    secret_fingerprints: tuple[str, ...] = ()  # one per secret option of settings+setup+statement

    def to_json(self) -> str:
        data = {k: v for k, v in dataclasses.asdict(self).items() if v is not None and v != ()}
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> SubmittedJob | None:
        job_id = raw.get("job_id")
        if not isinstance(job_id, str) or not job_id:
            return None

        def text(key: str) -> str | None:
            value = raw.get(key)
            return value if isinstance(value, str) else None

        return cls(
            time=text("time") or "",
            gateway=text("gateway") or "",
            session=text("session"),
            job_id=job_id,
            statement=text("statement") or "",
            flink_version=text("flink_version"),
            job_name=text("job_name"),
            recovery_path=text("recovery_path"),
            settings=_strings(raw.get("settings")),
            setup=_strings(raw.get("setup")),
            catalog=text("catalog"),
            database=text("database"),
            secret_fingerprints=_strings(raw.get("secret_fingerprints")),
        )


def _strings(value: Any) -> tuple[str, ...]:
    return tuple(v for v in value if isinstance(v, str)) if isinstance(value, list) else ()


class AmbiguousJobRef(LookupError):
    """A job reference (an id prefix or a name) that matches more than one job; `candidates` lists them."""

    def __init__(self, ref: str, candidates: list[SubmittedJob]) -> None:
        from cdcshell.i18n import t

        ids = ", ".join(c.job_id for c in candidates[:5])
        super().__init__(t("session.journal.ambiguous", ref=ref, count=len(candidates), ids=ids))
        self.ref = ref
        self.candidates = candidates


class JobJournal:
    """Append-only record of submitted jobs for one gateway; see the module docstring."""

    def __init__(self, path: Path | str, *, mask: Callable[[str], str] | None = None) -> None:
        self.path = Path(path)
        self._mask = mask or redact_stored
        self.bad_lines = 0

    @classmethod
    def for_gateway(cls, gateway_url: str, **kwargs: Any) -> JobJournal:
        return cls(default_journal_path(gateway_url), **kwargs)

    def record(
        self,
        *,
        gateway: str,
        session: str | None,
        job_id: str,
        statement: str,
        flink_version: str | None,
        job_name: str | None = None,
        recovery_path: str | None = None,
        context: JournaledContext | None = None,
        secret_fingerprints: tuple[str, ...] = (),
    ) -> SubmittedJob:
        """Append one submitted job (the statement and its context are masked here; the secrets leave only
        fingerprints). Raises OSError if it cannot be written."""
        settings = tuple(context.settings) if context is not None else ()
        setup = tuple(context.setup) if context is not None else ()
        entry = SubmittedJob(
            time=_now(),
            gateway=strip_credentials(gateway),
            session=session,
            job_id=job_id,
            statement=self._mask(statement),
            flink_version=flink_version,
            job_name=job_name,
            recovery_path=recovery_path,
            settings=tuple(self._mask(x) for x in settings),
            setup=tuple(self._mask(x) for x in setup),
            catalog=context.catalog if context is not None else None,
            database=context.database if context is not None else None,
            secret_fingerprints=tuple(secret_fingerprints),
        )
        append_private(self.path, (entry.to_json() + "\n").encode("utf-8"))
        return entry

    def note_recovery_path(self, job_id: str, recovery_path: str) -> None:
        """Remember where a job can be resumed from (e.g. the savepoint of a stop), as a new line."""
        line = {"time": _now(), "event": "recovery_path", "job_id": job_id, "recovery_path": recovery_path}
        append_private(self.path, (json.dumps(line, ensure_ascii=False) + "\n").encode("utf-8"))

    def _lines(self) -> Iterator[dict[str, Any]]:
        self.bad_lines = 0
        for raw in read_bytes_tolerant(self.path).split(b"\n"):
            if not raw.strip():
                continue
            try:
                value = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, ValueError):
                self.bad_lines += 1
                continue
            if isinstance(value, dict):
                yield value
            else:
                self.bad_lines += 1

    def entries(self) -> list[SubmittedJob]:
        """Every recorded job, oldest first, with later facts (recovery paths) merged in. Never raises for a
        damaged file; an unreadable one (permissions) raises OSError."""
        records: list[SubmittedJob] = []
        latest: dict[str, int] = {}
        for raw in self._lines():
            if raw.get("event") == "recovery_path":
                index = latest.get(str(raw.get("job_id")))
                path = raw.get("recovery_path")
                if index is not None and isinstance(path, str):
                    records[index] = dataclasses.replace(records[index], recovery_path=path)
                continue
            record = SubmittedJob.from_dict(raw)
            if record is None:
                self.bad_lines += 1
                continue
            latest[record.job_id] = len(records)
            records.append(record)
        return records

    def find(self, job_ref: str) -> SubmittedJob | None:
        """The job `job_ref` names: a full job id, a unique id prefix (4+ characters), or a job name (the
        latest job of that name). None when nothing matches; AmbiguousJobRef when a prefix matches several."""
        ref = job_ref.strip()
        if not ref:
            return None
        records = self.entries()
        by_id: dict[str, SubmittedJob] = {}
        for r in records:
            by_id[r.job_id.lower()] = r  # a job recorded twice: the latest line wins
        low = ref.lower()
        if low in by_id:
            return by_id[low]
        named = [r for r in records if r.job_name == ref]
        if named:
            return named[-1]
        if len(low) >= 4:
            matches = [r for key, r in by_id.items() if key.startswith(low)]
            if len(matches) == 1:
                return matches[0]
            if len(matches) > 1:
                raise AmbiguousJobRef(ref, matches)
        return None

    def origin_of(self, path: str) -> SubmittedJob | None:
        """The job a savepoint or retained checkpoint at `path` was taken from: the latest job whose recorded
        recovery path it is, or whose own path it is (`own_path`); None when the journal does not know it."""
        wanted = path.strip().rstrip("/")
        if not wanted:
            return None
        for record in reversed(self.entries()):
            if (record.recovery_path or "").rstrip("/") == wanted or own_path(record.job_id, wanted):
                return record
        return None

    def latest_for_statement(self, statement: str) -> SubmittedJob | None:
        """The most recent job submitted by the same statement (compared masked, whitespace-insensitively),
        e.g. to offer resuming from its recovery path when the user runs it again."""
        wanted = normalize_statement(self._mask(statement))
        for record in reversed(self.entries()):
            if normalize_statement(record.statement) == wanted:
                return record
        return None


__all__ = ["AmbiguousJobRef", "JobJournal", "SubmittedJob", "gateway_key", "own_path", "strip_credentials"]
