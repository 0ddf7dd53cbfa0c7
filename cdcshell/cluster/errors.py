"""What can go wrong talking to the JobManager REST API, as exceptions a caller can tell apart.

``str(exc)`` is one line in the user's language; the server's Java trace (when there was one) stays on
``exc.trace``. No httpx import here, so callers can catch these without loading the HTTP stack.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from cdcshell.i18n import t

if TYPE_CHECKING:
    from cdcshell.cluster.models import JobSummary


class ClusterError(Exception):
    def __init__(self, message: str, *, status: int | None = None, trace: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.trace = trace

    def __str__(self) -> str:
        return self.message


class ClusterUnreachable(ClusterError):
    def __init__(self, url: str, reason: str, message: str | None = None) -> None:
        super().__init__(message or t("cluster.unreachable", url=url, reason=reason))
        self.url = url
        self.reason = reason


class ClusterTimeout(ClusterUnreachable):
    def __init__(self, url: str, seconds: float) -> None:
        super().__init__(url, "timeout", t("cluster.timeout", url=url, seconds=f"{seconds:g}"))
        self.seconds = seconds


class ClusterProtocolError(ClusterError):
    def __init__(self, url: str, status: int, body: str) -> None:
        snippet = " ".join(body[:200].split()) or "(empty body)"
        super().__init__(t("cluster.protocol", url=url, status=status, snippet=snippet), status=status)
        self.url = url
        self.body = body


class JobNotFound(ClusterError):
    def __init__(self, ref: str, *, status: int | None = None, trace: str = "") -> None:
        super().__init__(t("cluster.job_not_found", ref=ref), status=status, trace=trace)
        self.ref = ref


class AmbiguousJob(ClusterError):
    def __init__(self, ref: str, candidates: Sequence[JobSummary]) -> None:
        shown = ", ".join(_describe(c) for c in candidates[:5]) + (", …" if len(candidates) > 5 else "")
        super().__init__(t("cluster.job_ambiguous", ref=ref, count=len(candidates), candidates=shown))
        self.ref = ref
        self.candidates = list(candidates)


class JobNotRunning(ClusterError):
    """Cancel/stop/savepoint asked of a job that already reached a terminal state."""

    def __init__(self, job: str, state: str, *, status: int | None = None, trace: str = "") -> None:
        super().__init__(t("cluster.job_not_running", job=job, state=state), status=status, trace=trace)
        self.job = job
        self.state = state


class CheckpointNotFound(ClusterError):
    def __init__(self, job: str, checkpoint: int, *, status: int | None = None, trace: str = "") -> None:
        super().__init__(
            t("cluster.checkpoint_not_found", job=job, checkpoint=checkpoint), status=status, trace=trace
        )
        self.job = job
        self.checkpoint = checkpoint


class SavepointDirectoryMissing(ClusterError):
    pass


class SavepointTimeout(ClusterError):
    def __init__(self, job: str, trigger: str, seconds: float) -> None:
        super().__init__(t("cluster.savepoint_timeout", job=job, trigger=trigger, seconds=f"{seconds:g}"))
        self.job = job
        self.trigger = trigger


class SavepointUnknown(ClusterError):
    pass


def _describe(candidate: JobSummary) -> str:
    return f"{candidate.jid[:8]} {candidate.name!r} ({candidate.state})"
