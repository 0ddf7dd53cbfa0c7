"""The other jobs MY001 must not clash with: those this machine submitted to the same gateway (the job journal,
cdcshell/store/job_journal.py) that the JobManager still lists as running, each with the server-id ranges its
mysql-cdc sources hold.

A journal record keeps what the job was planned with (SET statements, the CREATE statements of its tables, the
statement itself, masked — hosts and server ids are not secrets), so replaying them through the lint's own
walker gives the job's sources exactly as `cdcshell lint` would have seen them. The JobManager decides which
records still matter: a job it reports finished, cancelled or failed, or no longer knows, holds no binlog
connection. When it cannot be asked, every journaled job is returned with `running=None` and the reason, so
that the finding can say it does not know rather than stay silent or overstate.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from cdcshell.lint.probes import RunningJob, ServerIdClaim, first_line
from cdcshell.lint.rules.mysql import CONNECTOR, server_id_claims

if TYPE_CHECKING:
    from cdcshell.cluster.models import JobSummary
    from cdcshell.store.job_journal import SubmittedJob

# job ids the JobManager lists as not finished, or the reason it could not be asked
LiveJobIds = Callable[[], "set[str] | str"]


def claims_of(record: SubmittedJob) -> tuple[ServerIdClaim, ...]:
    """The server-id ranges of the mysql-cdc sources of a journaled job, from its settings, setup and statement
    replayed in an empty lint session (no catalog is loaded: only the tables and their options are needed, and
    the Flink version does not change how they are read)."""
    from cdcshell.catalog.model import Catalog
    from cdcshell.lint.engine import IncrementalLinter

    linter = IncrementalLinter(flink_version="1.20", catalog=Catalog(flink_version="1.20"))
    for text in (*record.settings, *record.setup, record.statement):
        linter.feed(text)
    jobs = linter.walker.jobs
    return server_id_claims(jobs[-1].sources) if jobs else ()


def _candidates(records: Iterable[SubmittedJob]) -> list[SubmittedJob]:
    """The latest record of each job id whose text names mysql-cdc at all: a cheap filter before replaying."""
    latest: dict[str, SubmittedJob] = {}
    for record in records:
        latest[record.job_id] = record
    return [
        r
        for r in latest.values()
        if CONNECTOR in " ".join((*r.setup, r.statement)).lower()  # a LIKE base is in the setup too
    ]


def running_jobs(records: Iterable[SubmittedJob], live: set[str] | str) -> list[RunningJob]:
    """The journaled jobs that hold server ids and still run (`live` is the set of running job ids, or why the
    JobManager could not be asked: then every such job, marked `running=None`). Only the records of running
    jobs are replayed, so a long journal costs little."""
    candidates = _candidates(records)
    if isinstance(live, set):
        candidates = [r for r in candidates if r.job_id in live]
    out = []
    for record in candidates:
        claims = claims_of(record)
        if not claims:
            continue
        if isinstance(live, str):
            out.append(RunningJob(record.job_id, record.job_name, claims, running=None, unknown_reason=live))
        else:
            out.append(RunningJob(record.job_id, record.job_name, claims))
    return out


def live_job_ids(list_jobs: Callable[[], Sequence[JobSummary]]) -> set[str] | str:
    """The ids of the jobs `list_jobs` (the JobManager's `/jobs/overview`: `ClusterClient.jobs`) reports as not
    finished; the first line of the error when it fails."""
    try:
        jobs = list_jobs()
    except Exception as e:  # unreachable, refused, timed out, not a JobManager
        return first_line(e)
    return {j.jid for j in jobs if not j.is_terminal}


def from_journal(gateway_url: str, live: LiveJobIds) -> Callable[[], list[RunningJob]]:
    """The `Probes.running_jobs` callable for `gateway_url`: reads this machine's journal of that gateway, and
    asks `live` (the JobManager) only when the journal holds a mysql-cdc job — most jobs read no MySQL at all,
    and most lints then cost no request."""

    def ask() -> list[RunningJob]:
        from cdcshell.store.job_journal import JobJournal

        try:
            records = JobJournal.for_gateway(gateway_url).entries()
        except OSError:
            return []
        candidates = _candidates(records)
        return running_jobs(candidates, live()) if candidates else []

    return ask
