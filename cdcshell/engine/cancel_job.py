"""After Ctrl-C: make sure the statement's job really ends, not only its gateway operation.

Why: Ctrl-C cancels and closes the operation on the SQL Gateway, and closing a streaming SELECT's operation is
what cancels its job. On a loaded cluster that is not always enough: the integration suite saw the job stay
RUNNING after a successful cancel about one run in four (the gateway's cancel raced the job's start), and a
job left running after the prompt came back is a lost Ctrl-C that holds slots, and for a CDC source a
replication slot, until someone notices. So when the job is known, the JobManager is asked as well: a
background thread waits a short grace for the gateway's own cancel, then cancels the job through the
JobManager's REST API if it is still running. The prompt never waits for it, and a JobManager that cannot be
reached only costs a debug line.

That needs the job's id, and a Ctrl-C can come before the gateway has named it: the gateway keeps a SELECT's or
INSERT's operation RUNNING until the job is submitted, and the JobManager already shows the job RUNNING 60-120 ms
before that on an idle sandbox, seconds before on a loaded one. Cancelling the operation then interrupts the
gateway's thread after the submit, and the job runs on with nobody holding it (Flink 1.20.3, checked
2026-12-03: cancel answered CANCELED, close CLOSED, the job still RUNNING 5 s later; the CI run of that day
failed on it). So `job_being_started` first waits, bounded, for the operation to hand the job over.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Protocol

_log = logging.getLogger(__name__)

GRACE_SECONDS = 2.0  # the gateway's own cancel usually ends the job within this
WATCH_SECONDS = 20.0  # how long the job is watched after that
POLL_SECONDS = 0.5


HANDOVER_SECONDS = 15.0  # how long a Ctrl-C waits for the gateway to name the job it is submitting
HANDOVER_NOTICE_SECONDS = 1.0  # after this the user is told what the wait is for
HANDOVER_POLL_SECONDS = 0.1
_STILL_SUBMITTING = frozenset({"INITIALIZED", "PENDING", "RUNNING"})


class _Operation(Protocol):
    """What this needs of the gateway link (`cdcshell.engine.connection.Connection`)."""

    def operation_status(self, operation: str) -> str: ...

    def job_of(self, operation: str) -> str | None: ...


def job_being_started(
    link: _Operation,
    operation: str,
    *,
    stop: threading.Event,
    notice: Callable[[], None],
    unsure: Callable[[], None],
    within: float = HANDOVER_SECONDS,
    clock: Callable[[], float] = time.monotonic,
    wait: Callable[[float], object] | None = None,
) -> str | None:
    """After a Ctrl-C, before the cancel: the id of the job `operation` is submitting, once the gateway names it.

    Polls the operation until it leaves RUNNING: FINISHED means the job was submitted (its id is on the result
    page); ERROR, CANCELED and the like mean there is none. `notice()` is called once if that takes longer than
    a second. Gives up after `within` seconds, when the gateway cannot be asked, or when `stop` is set (a
    second Ctrl-C: do not wait); then `unsure()` is called, because a job may have been submitted all the
    same, and None returned: the caller cancels the operation as it is.
    """
    pause = wait or stop.wait
    start = clock()
    noticed = False
    while True:
        try:
            status = link.operation_status(operation)
        except Exception as exc:
            _log.debug("cannot read the status of %s after Ctrl-C: %s", operation, exc)
            unsure()
            return None
        if status == "FINISHED":
            job = link.job_of(operation)
            if job is None:  # a statement of a job-starting kind that names none: say so rather than guess
                unsure()
            return job
        if status not in _STILL_SUBMITTING:
            return None
        waited = clock() - start
        if waited >= within or stop.is_set():
            _log.debug("%s still %s %.1f s after Ctrl-C: cancelling it as it is", operation, status, waited)
            unsure()
            return None
        if not noticed and waited >= HANDOVER_NOTICE_SECONDS:
            noticed = True
            notice()
        pause(HANDOVER_POLL_SECONDS)


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
