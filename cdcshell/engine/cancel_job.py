"""After Ctrl-C: make sure the statement's job really ends, not only its gateway operation.

Why: Ctrl-C cancels and closes the operation on the SQL Gateway, and closing a streaming SELECT's operation is
what cancels its job. On a loaded cluster that is not always enough: the integration suite saw the job stay
RUNNING after a successful cancel about one run in four (the gateway's cancel raced the job's start), and a
job left running after the prompt came back is a lost Ctrl-C that holds slots, and for a CDC source a
replication slot, until someone notices. So when the job is known, the JobManager is asked as well: a
background thread waits a short grace for the gateway's own cancel, then cancels the job through the
JobManager's REST API if it is still running. The prompt never waits for it, and a JobManager that cannot be
reached only costs a debug line.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Protocol

_log = logging.getLogger(__name__)

GRACE_SECONDS = 2.0  # the gateway's own cancel usually ends the job within this
WATCH_SECONDS = 20.0  # how long the job is watched after that
POLL_SECONDS = 0.5


class _Job(Protocol):
    @property
    def is_terminal(self) -> bool: ...


class JobCanceller(Protocol):
    """What this needs of the JobManager client (`cdcshell.cluster.client.ClusterClient`)."""

    def job(self, jid: str) -> _Job: ...

    def cancel(self, jid: str) -> None: ...


def ensure_job_ends(
    cluster: JobCanceller, job_id: str, *, grace: float = GRACE_SECONDS, watch: float = WATCH_SECONDS
) -> threading.Thread:
    """Start the background check; returned so that tests can join it."""
    thread = threading.Thread(
        target=_ensure, args=(cluster, job_id, grace, watch), name="cdcshell-cancel-job", daemon=True
    )
    thread.start()
    return thread


def _ensure(cluster: JobCanceller, job_id: str, grace: float, watch: float) -> None:
    deadline = time.monotonic() + grace
    cancelled = False
    while True:
        try:
            if cluster.job(job_id).is_terminal:
                return
        except Exception as exc:  # unknown job, JobManager unreachable: nothing more to do here
            _log.debug("cannot read the state of %s after Ctrl-C: %s", job_id, exc)
            return
        now = time.monotonic()
        if not cancelled and now >= deadline:
            _log.debug(
                "job %s still running %.1f s after Ctrl-C: cancelling it on the JobManager", job_id, grace
            )
            try:
                cluster.cancel(job_id)
            except Exception as exc:  # it ended meanwhile (JobNotRunning), or the JobManager is gone
                _log.debug("cancel of %s on the JobManager failed: %s", job_id, exc)
                return
            cancelled = True
            deadline = now + watch
        elif cancelled and now >= deadline:
            return
        time.sleep(POLL_SECONDS)
