"""A resume, planned from a job journal record before anything is sent: what runs, in which order, with which
secrets still to fill in.

The journal keeps statements masked (`'password' = '******'`), so a record read by a later shell cannot be
replayed as it stands: every masked value is a `Secret` slot, named by the table whose CREATE holds it (or
`session` for a SET) and the option. Two slots that held the same value share a fingerprint (an HMAC with a key
private to this machine, never the value), so a person is asked once per distinct secret, not once per option.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cdcshell.redact import MASK  # what the journal holds in place of a secret

if TYPE_CHECKING:
    from cdcshell.sql.tables import QuotedPair

SESSION_TABLE = "session"  # the TOML table / environment part for secrets in SET statements
_KEY_FILE = "fingerprint.key"


@dataclass(frozen=True)
class Secret:
    table: str  # the Flink table (or `session`) whose option it is, as written in the CREATE
    option: str
    fingerprint: str | None  # equal for equal values; None when unknown (older records)


def _options(text: str) -> list[QuotedPair]:
    """(key, value, value start, value end) of every secret `'key' = 'value'` option, in order (read by
    `cdcshell.sql.tables`, so that comments are skipped and hints read as everywhere else)."""
    from cdcshell.redact import is_secret_key
    from cdcshell.sql.tables import quoted_pairs

    return [p for p in quoted_pairs(text) if is_secret_key(p.key)]


def _fingerprint_key() -> bytes:
    """A random key kept 0600 in the data directory: fingerprints compare values without revealing them."""
    from cdcshell.paths import data_dir
    from cdcshell.store.files import read_bytes_tolerant, replace_private

    path = data_dir() / _KEY_FILE
    try:
        key = read_bytes_tolerant(path)
    except OSError:
        key = b""
    if len(key) < 32:
        key = os.urandom(32)
        with contextlib.suppress(OSError):  # unsaved: fingerprints of this run only match each other
            replace_private(path, key)
    return key


def fingerprints(texts: list[str], key: bytes | None = None) -> list[str]:
    """One short HMAC per secret option value of `texts`, in order (aligned with `Secret` slots of the masked
    texts)."""
    secret = key if key is not None else _fingerprint_key()
    out = []
    for text in texts:
        for _, value, _, _ in _options(text):
            out.append(hmac.new(secret, value.encode("utf-8"), hashlib.sha256).hexdigest()[:16])
    return out


def object_name(statement: str) -> str | None:
    """The (last part of the) name a CREATE statement creates."""
    from cdcshell.sql.facts import object_ref

    ref = object_ref(statement)
    return ref.parts[-1] if ref is not None and ref.parts else None


def _table_of(statement: str) -> str:
    from cdcshell.sql.kinds import Kind, classify

    if classify(statement) in (Kind.SET, Kind.RESET):
        return SESSION_TABLE
    return object_name(statement) or SESSION_TABLE


def as_temporary(statement: str) -> str:
    """`CREATE TABLE|VIEW|FUNCTION` as its TEMPORARY form: a resume that fails can drop exactly what it made,
    and a permanent object of the same name in the session is shadowed, not replaced."""
    from cdcshell.sql.kinds import temporary_form

    return temporary_form(statement)


@dataclass
class ResumePlan:
    """What `\\resume` will run, masked until `fill` puts the secrets back."""

    job_id: str
    job_name: str
    recovery_key: str
    recovery_path: str
    settings: list[str]  # SET statements (masked)
    setup: list[str]  # USE / CREATE statements (masked)
    statement: str  # masked
    catalog: str | None = None
    database: str | None = None
    fingerprints: list[str] = field(default_factory=list)

    def texts(self) -> list[str]:
        return [*self.settings, *self.setup, self.statement]

    def secrets(self) -> list[Secret]:
        """Every masked option, in order of appearance."""
        found = [
            (_table_of(text), key, value) for text in self.texts() for key, value, _, _ in _options(text)
        ]
        prints: list[str | None] = list(self.fingerprints) if len(self.fingerprints) == len(found) else []
        return [
            Secret(table, key, prints[i] if prints else None)
            for i, (table, key, value) in enumerate(found)
            if value == MASK
        ]

    def distinct_secrets(self) -> list[Secret]:
        """One slot per value to ask for: the first of each fingerprint (every slot when fingerprints are
        unknown)."""
        seen: set[str] = set()
        out = []
        for s in self.secrets():
            if s.fingerprint is None or s.fingerprint not in seen:
                out.append(s)
                if s.fingerprint is not None:
                    seen.add(s.fingerprint)
        return out

    def fill(self, values: dict[Secret, str]) -> ResumePlan:
        """The plan with every masked value replaced. `values` holds the distinct slots; slots that share a
        fingerprint share the value. KeyError names a slot that has no value."""
        by_print = {s.fingerprint: v for s, v in values.items() if s.fingerprint is not None}
        slots = iter(self.secrets())

        def fill_text(text: str) -> str:
            pieces, done = [], 0
            for _key, value, start, end in _options(text):
                if value != MASK:
                    continue
                slot = next(slots)
                if slot in values:
                    clear = values[slot]
                elif slot.fingerprint is not None and slot.fingerprint in by_print:
                    clear = by_print[slot.fingerprint]
                else:
                    match = [v for s, v in values.items() if (s.table, s.option) == (slot.table, slot.option)]
                    if not match:
                        raise KeyError(slot)
                    clear = match[0]
                pieces.append(text[done:start])
                pieces.append(clear.replace("'", "''"))
                done = end
            return "".join(pieces) + text[done:] if pieces else text

        return ResumePlan(
            self.job_id,
            self.job_name,
            self.recovery_key,
            self.recovery_path,
            [fill_text(s) for s in self.settings],
            [fill_text(s) for s in self.setup],
            fill_text(self.statement),
            self.catalog,
            self.database,
            [],
        )


def plan_from_record(
    record: object,
    *,
    recovery_key: str,
    recovery_path: str,
    statement: str | None = None,
    carried: dict[str, str] | None = None,
) -> ResumePlan:
    """The plan for a journal record (`statement`: the clear text when this shell still has it). `carried`: the
    settings the JobManager says the job ran with that the record does not set itself (older records)."""
    settings = list(getattr(record, "settings", ()) or ())
    from cdcshell.sql.facts import parse_set

    have = {p.key for s in settings if (p := parse_set(s)) and p.key}
    for key, value in (carried or {}).items():
        if key not in have:
            settings.append(f"SET '{key}' = '{value.replace(chr(39), chr(39) * 2)}'")
    return ResumePlan(
        job_id=str(getattr(record, "job_id", "")),
        job_name=str(getattr(record, "job_name", "") or ""),
        recovery_key=recovery_key,
        recovery_path=recovery_path,
        settings=settings,
        setup=list(getattr(record, "setup", ()) or ()),
        statement=statement if statement is not None else str(getattr(record, "statement", "")),
        catalog=getattr(record, "catalog", None),
        database=getattr(record, "database", None),
        fingerprints=list(getattr(record, "secret_fingerprints", ()) or ()),
    )
