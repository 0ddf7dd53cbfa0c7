"""After Ctrl-C the JobManager is asked to cancel a job the gateway's cancel left running (engine/cancel_job)."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from cdcshell.cluster.errors import JobNotRunning
from cdcshell.engine.cancel_job import ensure_job_ends, job_being_started


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


# --------------------------------------------------------------------------- the job a Ctrl-C came before
@dataclass
class FakeOperation:
    """The gateway's side: the operation stays RUNNING for `submitting` polls, then ends as `final`."""

    submitting: int = 0
    final: str = "FINISHED"
    job: str | None = "d" * 32
    reachable: bool = True
    second_ctrl_c_on_poll: int | None = None  # a second Ctrl-C (it sets `stop`) arrives during this poll
    stop: threading.Event = field(default_factory=threading.Event)
    polls: int = 0

    def operation_status(self, operation: str) -> str:
        if not self.reachable:
            raise ConnectionError("gateway unreachable")
        self.polls += 1
        if self.second_ctrl_c_on_poll == self.polls:
            self.stop.set()
        return "RUNNING" if self.polls <= self.submitting else self.final

    def job_of(self, operation: str) -> str | None:
        return self.job


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def _wait(op: FakeOperation, **kw: float) -> tuple[str | None, list[str]]:
    said: list[str] = []
    clock = _Clock()
    job = job_being_started(
        op,
        "op",
        stop=op.stop,
        notice=lambda: said.append("notice"),
        unsure=lambda: said.append("unsure"),
        clock=clock,
        wait=clock.sleep,
        **kw,
    )
    return job, said


def test_a_job_still_being_submitted_is_waited_for_and_named() -> None:
    op = FakeOperation(submitting=3)
    assert _wait(op) == ("d" * 32, [])
    assert op.polls == 4


def test_a_long_submit_is_announced_once() -> None:
    job, said = _wait(FakeOperation(submitting=40))  # 4 s at 0.1 s a poll
    assert job == "d" * 32 and said == ["notice"]


def test_an_operation_that_failed_started_no_job() -> None:
    assert _wait(FakeOperation(submitting=2, final="ERROR")) == (None, [])


def test_a_finished_operation_that_names_no_job_is_reported() -> None:
    """A job-starting statement whose page cannot be read any more: the user is told a job may run on."""
    assert _wait(FakeOperation(job=None)) == (None, ["unsure"])


def test_a_submit_that_never_ends_is_given_up_and_the_user_told() -> None:
    job, said = _wait(FakeOperation(submitting=10**6), within=2.0)
    assert job is None and said == ["notice", "unsure"]


def test_a_second_ctrl_c_stops_the_wait() -> None:
    op = FakeOperation(submitting=10**6, second_ctrl_c_on_poll=3)
    job, said = _wait(op)
    assert job is None and said == ["unsure"] and op.polls == 3


def test_an_unreachable_gateway_is_not_waited_for() -> None:
    assert _wait(FakeOperation(reachable=False)) == (None, ["unsure"])


def test_only_statements_whose_operation_ends_with_the_submit_wait_for_their_job() -> None:
    """A query always; DML unless `table.dml-sync` keeps the operation running with its job (Flink cancels that
    job itself when the gateway interrupts the wait); ANALYZE and statements without a job never."""
    from cdcshell.engine.waiting import hands_over_job
    from cdcshell.sql.kinds import Kind

    sync = {"table.dml-sync": "true"}
    assert hands_over_job(Kind.SELECT, {}) and hands_over_job(Kind.SELECT, sync)
    assert hands_over_job(Kind.INSERT, {}) and not hands_over_job(Kind.INSERT, sync)
    assert hands_over_job(Kind.STATEMENT_SET, {"table.dml-sync": "false"})
    assert not hands_over_job(Kind.ANALYZE, {})
    assert not hands_over_job(Kind.SHOW, {}) and not hands_over_job(Kind.SET, {})
