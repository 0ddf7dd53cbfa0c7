"""What the job journal (cdcshell/store/job_journal.py) knows about the job a savepoint or retained checkpoint was
taken from: its statement and Flink version, for QRY003 (resuming with another query or version). Reading the
local journal needs no connection, so this answers without `--connect`."""

from __future__ import annotations

from collections.abc import Callable

from cdcshell.lint.probes import SavepointOrigin


def from_gateway_journal(gateway_url: str) -> Callable[[str], SavepointOrigin | None]:
    """The lookup over the journal this machine keeps for `gateway_url` (`JobJournal.origin_of`: a path is a
    job's recorded recovery path or its own `<dir>/<job id>/chk-N`, `savepoint-<id prefix>-…`; the newest
    record wins). A journal that cannot be read knows nothing."""
    from cdcshell.store.job_journal import JobJournal

    journal = JobJournal.for_gateway(gateway_url)

    def lookup(path: str) -> SavepointOrigin | None:
        try:
            record = journal.origin_of(path)
        except OSError:
            return None
        return SavepointOrigin(record.statement, record.flink_version) if record is not None else None

    return lookup
