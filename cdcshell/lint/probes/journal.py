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
    """A lookup from a recovery path to the job it resumes; the newest record wins for a path seen twice."""
    by_path: dict[str, SavepointOrigin] = {}
    for record in records:
        if record.recovery_path:
            by_path[record.recovery_path.rstrip("/")] = SavepointOrigin(
                record.statement, record.flink_version
            )
    return lambda path: by_path.get(path.strip().rstrip("/"))


def from_gateway_journal(gateway_url: str) -> Callable[[str], SavepointOrigin | None]:
    """The lookup over the journal this machine keeps for `gateway_url` (empty when there is none yet)."""
    from cdcshell.store.job_journal import JobJournal

    try:
        records = JobJournal.for_gateway(gateway_url).entries()
    except OSError:
        records = []
    return savepoint_origins(records)
