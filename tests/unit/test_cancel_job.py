"""After Ctrl-C the JobManager is asked to cancel a job the gateway's cancel left running (engine/cancel_job)."""

from __future__ import annotations

from dataclasses import dataclass, field

from cdcshell.cluster.errors import JobNotRunning
from cdcshell.engine.cancel_job import ensure_job_ends


@dataclass
class _State:
    is_terminal: bool


@dataclass
class FakeCluster:
    ends_by_itself_after: int | None = None  # polls until the gateway's cancel ends the job; None: never
    reachable: bool = True
    polls: int = 0
    cancels: list[str] = field(default_factory=list)

    def job(self, jid: str) -> _State:
        if not self.reachable:
            raise ConnectionError("JobManager unreachable")
        self.polls += 1
        ended = self.cancels or (
            self.ends_by_itself_after is not None and self.polls > self.ends_by_itself_after
        )
        return _State(is_terminal=bool(ended))

    def cancel(self, jid: str) -> None:
        if self.cancels:
            raise JobNotRunning(jid)
        self.cancels.append(jid)


def test_a_job_the_gateway_cancel_left_running_is_cancelled_on_the_jobmanager() -> None:
    cluster = FakeCluster()
    ensure_job_ends(cluster, "a" * 32, grace=0.05, watch=1).join(5)
    assert cluster.cancels == ["a" * 32]


def test_a_job_that_ends_within_the_grace_is_left_alone() -> None:
    cluster = FakeCluster(ends_by_itself_after=1)
    ensure_job_ends(cluster, "b" * 32, grace=5, watch=1).join(10)
    assert cluster.cancels == []


def test_an_unreachable_jobmanager_ends_the_check_quietly() -> None:
    cluster = FakeCluster(reachable=False)
    thread = ensure_job_ends(cluster, "c" * 32, grace=0.05, watch=1)
    thread.join(5)
    assert not thread.is_alive() and cluster.cancels == []
