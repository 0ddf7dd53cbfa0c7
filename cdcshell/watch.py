"""What the shell says while, and after, a job runs: failovers of the job a statement waits on, the first checkpoint.

The JobManager is asked by `cdcshell.cluster.follow`; this module runs a follower in a thread and turns its
events into one masked line each. Two uses:

* `StatementWatch` lives as long as a statement waits on its job. It reports the first failover and every change
  of root cause; with a restart limit (`-f --max-restarts N`) it gives up once the job restarted more than N times,
  setting the shell's cancel event so that the waiting loop ends and the statement fails with that cause.
* `follow_checkpoints_in_background` watches a submitted streaming job until its first checkpoint completed (or
  checkpoints failed, or the job ended) and prints one line. The REPL runs under `patch_stdout`, so a line written
  from this thread lands above the prompt without disturbing what is being typed.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING, Any

from cdcshell.i18n import t
from cdcshell.redact import redact

if TYPE_CHECKING:
    from cdcshell.cluster.follow import Event, Failover

_log = logging.getLogger(__name__)
_log.addHandler(logging.NullHandler())
BACKGROUND_LIMIT = 600.0  # seconds a background checkpoint watch lasts at most


def describe(event: Event) -> str:
    """One line for an event, masked (a root cause may quote a connector option)."""
    from cdcshell.cluster.follow import CheckpointCompleted, CheckpointFailed, Failover, JobEnded
    from cdcshell.humanize import format_bytes, format_duration

    if isinstance(event, Failover):
        return redact(t("follow.failover", job=event.job_id, restarts=event.restarts, cause=event.cause))
    if isinstance(event, CheckpointCompleted):
        duration = format_duration(event.duration_ms / 1000) if event.duration_ms is not None else "?"
        size = format_bytes(event.size) if event.size is not None else "?"
        return redact(
            t(
                "follow.checkpoint_done",
                job=event.job_id,
                id=event.checkpoint_id,
                duration=duration,
                size=size,
                location=event.location or t("follow.no_location"),
            )
        )
    if isinstance(event, CheckpointFailed):
        return redact(
            t(
                "follow.checkpoint_failed",
                job=event.job_id,
                id=event.checkpoint_id or "?",
                message=event.message,
            )
        )
    if isinstance(event, JobEnded):
        return redact(t("follow.job_ended", job=event.job_id, state=event.state, cause=event.cause or "-"))
    return ""


class StatementWatch:
    """Follow the job of the statement being waited on, in a daemon thread; see the module docstring."""

    def __init__(
        self, shell: Any, job_id: str, *, max_restarts: int | None = None, interval: float | None = None
    ) -> None:
        from cdcshell.cluster.follow import POLL_SECONDS, JobFollower

        self.shell = shell
        self.job_id = job_id
        self.max_restarts = max_restarts
        self.gave_up: Failover | None = None  # set when the job restarted more than max_restarts times
        self._stop = threading.Event()
        self._interval = interval if interval is not None else POLL_SECONDS
        self._follower = JobFollower(shell.cluster, job_id, failures=True)
        self._thread = threading.Thread(target=self._run, name=f"cdcshell-follow-{job_id[:8]}", daemon=True)

    def start(self) -> StatementWatch:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout=2.0)

    def _run(self) -> None:
        from cdcshell.cluster.follow import Failover

        for event in self._follower.follow(
            self._stop,
            interval=self._interval,
            on_error=lambda exc: _log.debug("follow %s: %s", self.job_id, exc),
        ):
            if not isinstance(event, Failover):
                continue  # the end of the job: the gateway's answer tells it
            if self.max_restarts is not None and event.restarts > self.max_restarts:
                self.gave_up = event
                self.shell.cancel_event.set()  # ends the wait on the gateway's result pages
                return
            if event.announce:
                self.shell.warn(describe(event))


def follow_checkpoints_in_background(
    shell: Any, job_id: str, *, limit: float = BACKGROUND_LIMIT
) -> threading.Thread:
    """Tell, once, how the first checkpoint of a just-submitted job went (see the module docstring)."""
    from cdcshell.cluster.follow import CheckpointCompleted, CheckpointFailed, JobEnded, JobFollower

    def run() -> None:
        stop = threading.Event()
        timer = threading.Timer(limit, stop.set)
        timer.daemon = True
        timer.start()
        follower = JobFollower(shell.cluster, job_id, failures=False, checkpoints=True)
        try:
            for event in follower.follow(stop):
                if isinstance(event, CheckpointCompleted):
                    shell.info(describe(event))
                    return
                if isinstance(event, CheckpointFailed):
                    shell.warn(describe(event))
                    return
                if isinstance(event, JobEnded) and event.state == "FAILED":
                    shell.warn(describe(event))
                    return
        finally:
            timer.cancel()

    thread = threading.Thread(target=run, name=f"cdcshell-checkpoint-{job_id[:8]}", daemon=True)
    thread.start()
    return thread


def checkpointing_on(config: dict[str, str]) -> bool:
    """Whether a job submitted with this configuration checkpoints (an interval that is set and not 0)."""
    value = (config.get("execution.checkpointing.interval") or "").strip().lower()
    return bool(value) and value not in ("0", "0ms", "0s", "-1")


def wait_for_checkpoints(shell: Any, seconds: float) -> bool:
    """`-f --wait-checkpoint`: the first completed checkpoint of every job the script submitted, printed; False
    (after saying why) when one failed or expired, a job failed or ended, or the time ran out."""
    import time

    from cdcshell.cluster.follow import CheckpointCompleted, wait_first_checkpoint

    jobs = list(dict.fromkeys(shell.submitted_jobs))
    if not jobs:
        shell.error(t("follow.wait_none"))
        return False
    shell.info(t("follow.waiting", seconds=f"{seconds:g}", count=len(jobs)))
    deadline = time.monotonic() + seconds
    ok = True
    for job_id in jobs:
        event = wait_first_checkpoint(
            shell.cluster, job_id, max(0.0, deadline - time.monotonic()), max_restarts=shell.max_restarts
        )
        if isinstance(event, CheckpointCompleted):
            shell.print(describe(event))
            continue
        ok = False
        if event is None:
            shell.error(t("follow.wait_timeout", job=job_id, seconds=f"{seconds:g}"))
        else:
            shell.error(describe(event))
    return ok
