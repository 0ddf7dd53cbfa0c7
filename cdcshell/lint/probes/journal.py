"""What the job journal (cdcshell/store/job_journal.py) knows about the job a savepoint or retained checkpoint was
taken from: its statement and Flink version, for QRY003 (resuming with another query or version). Reading the
local journal needs no connection, so this answers without `--connect`."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from cdcshell.lint.probes import SavepointOrigin

if TYPE_CHECKING:
    from cdcshell.store.job_journal import SubmittedJob


def savepoint_origins(records: Iterable[SubmittedJob]) -> Callable[[str], SavepointOrigin | None]:
    """A lookup from a recovery path to the job it resumes: its recorded recovery path, or a path that is the
    job's own (`<dir>/<job id>/chk-N`, `savepoint-<id prefix>-…`); the newest record wins."""
    from cdcshell.store.job_journal import own_path

    newest_first = list(records)[::-1]

    def lookup(path: str) -> SavepointOrigin | None:
        wanted = path.strip().rstrip("/")
        for record in newest_first:
            if (record.recovery_path or "").rstrip("/") == wanted or own_path(record.job_id, wanted):
                return SavepointOrigin(record.statement, record.flink_version)
        return None

    return lookup


def from_gateway_journal(gateway_url: str) -> Callable[[str], SavepointOrigin | None]:
    """The lookup over the journal this machine keeps for `gateway_url` (empty when there is none yet)."""
    from cdcshell.store.job_journal import JobJournal

    try:
        records = JobJournal.for_gateway(gateway_url).entries()
    except OSError:
        records = []
    return savepoint_origins(records)
