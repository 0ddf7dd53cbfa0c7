"""A Ctrl-C is never lost: one that arrives while a statement is being submitted cancels what was submitted
(the handle is only known once the gateway answers), and one between statements does not end the REPL."""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable

import httpx
import pytest

from cdcshell.engine.interrupts import deferred_interrupt
from cdcshell.sql.splitter import split
from tests.unit.test_shell_recovery import URL, FakeGateway, connected_shell


def _ctrl_c() -> None:
    os.kill(os.getpid(), signal.SIGINT)


def test_the_first_ctrl_c_is_held_and_reported() -> None:
    with deferred_interrupt() as pressed:
        assert not pressed()
        _ctrl_c()
        for _ in range(1000):  # let the handler run (it runs between bytecodes of the main thread)
            pass
        assert pressed()
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_a_second_ctrl_c_raises_at_once() -> None:
    with pytest.raises(KeyboardInterrupt), deferred_interrupt():
        _ctrl_c()
        for _ in range(1000):
            pass
        _ctrl_c()
        for _ in range(1000):
            pass
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_off_the_main_thread_nothing_is_deferred() -> None:
    seen: list[bool] = []
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            with deferred_interrupt() as pressed:
                seen.append(pressed())
        except BaseException as exc:  # reported to the test, not lost in the thread
            errors.append(exc)

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join(10)
    assert not thread.is_alive() and not errors and seen == [False]


def test_ctrl_c_during_the_submit_cancels_the_submitted_operation() -> None:
    fake = FakeGateway()
    calls: list[str] = []

    def during_submit(request: httpx.Request) -> httpx.Response | None:
        calls.append(f"{request.method} {request.url.path}")
        if request.url.path.endswith("/statements"):
            _ctrl_c()  # the user presses Ctrl-C while the gateway is still answering the submit
        return None

    shell = connected_shell(fake)
    fake.fail = during_submit
    outcome = shell.run(split("SELECT * FROM orders")[0], source="input")
    assert outcome.canceled
    op = f"op{len(fake.submitted)}"
    assert any(c.endswith(f"/operations/{op}/cancel") for c in calls), calls
    assert not any("/result/" in c for c in calls), calls  # no result fetched after the Ctrl-C


def _gateway_still_submitting(
    calls: list[str], running_polls: int
) -> Callable[[httpx.Request], httpx.Response | None]:
    """A Ctrl-C during the submit of a statement whose operation stays RUNNING for `running_polls` status
    requests (the gateway is submitting its job), then FINISHED with a first page naming the job."""
    polls = [0]

    def answer(request: httpx.Request) -> httpx.Response | None:
        path = request.url.path
        calls.append(f"{request.method} {path}")
        if path.endswith("/statements"):
            _ctrl_c()
        elif path.endswith("/status"):
            polls[0] += 1
            return httpx.Response(
                200, json={"status": "RUNNING" if polls[0] <= running_polls else "FINISHED"}
            )
        elif path.endswith("/result/0"):
            page = {
                "resultType": "PAYLOAD",
                "isQueryResult": True,
                "jobID": "f" * 32,
                "resultKind": "SUCCESS_WITH_CONTENT",
                "results": {"columns": [{"name": "id", "logicalType": {"type": "BIGINT", "nullable": True}}]},
                "nextResultUri": "/v3/sessions/s1/operations/op1/result/1",
            }
            return httpx.Response(200, json=page)
        return None

    return answer


def test_a_ctrl_c_before_the_gateway_named_the_job_waits_for_it_and_cancels_it_too() -> None:
    """Flink 1.20.3 keeps the operation RUNNING until the job is submitted, and cancelling it then leaves the
    job running with nobody holding it (engine/cancel_job.py): the Ctrl-C waits for the job's id first."""
    fake = FakeGateway()
    calls: list[str] = []
    shell = connected_shell(fake)
    submitted: list[str] = []
    shell.hooks.after_submit.append(lambda stmt, job_id: submitted.append(job_id))
    fake.fail = _gateway_still_submitting(calls, running_polls=2)
    outcome = shell.run(split("SELECT id FROM src")[0], source="input")
    assert outcome.canceled and outcome.job_id == "f" * 32
    assert submitted == ["f" * 32]  # recorded like any job the gateway started
    op = f"op{len(fake.submitted)}"
    asked = [c for c in calls if f"/operations/{op}/" in c]
    assert [c.rsplit("/", 1)[1] for c in asked[:5]] == ["status", "status", "status", "0", "cancel"], asked


def test_a_ctrl_c_on_a_statement_that_starts_no_job_cancels_at_once() -> None:
    fake = FakeGateway()
    calls: list[str] = []
    shell = connected_shell(fake)
    fake.fail = _gateway_still_submitting(calls, running_polls=10**6)
    outcome = shell.run(split("SHOW TABLES")[0], source="input")
    assert outcome.canceled and outcome.job_id is None
    assert not any(c.endswith("/status") for c in calls), calls


def test_a_second_ctrl_c_while_waiting_for_the_job_ends_the_wait_but_not_the_cancel() -> None:
    fake = FakeGateway()
    calls: list[str] = []
    answer = _gateway_still_submitting(calls, running_polls=10**6)
    polls = [0]

    def impatient(request: httpx.Request) -> httpx.Response | None:
        if request.url.path.endswith("/status"):
            polls[0] += 1
            if polls[0] == 3:
                _ctrl_c()  # the user presses again while the shell waits for the job's id
        return answer(request)

    shell = connected_shell(fake)
    fake.fail = impatient
    outcome = shell.run(split("SELECT id FROM src")[0], source="input")  # no KeyboardInterrupt escapes
    assert outcome.canceled and outcome.job_id is None
    op = f"op{len(fake.submitted)}"
    assert any(c.endswith(f"/operations/{op}/cancel") for c in calls), calls
    assert polls[0] <= 4, polls[0]  # the wait ended with that press, not after 15 s
    assert "if one started, it runs on" in shell.err.getvalue()  # type: ignore[attr-defined]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_a_ctrl_c_on_dml_with_dml_sync_cancels_at_once() -> None:
    """With `table.dml-sync` the operation runs as long as the job, and Flink cancels the job itself when the
    gateway's cancel interrupts its wait: nothing to wait for."""
    fake = FakeGateway()
    calls: list[str] = []
    shell = connected_shell(fake)
    assert shell.run(split("SET 'table.dml-sync' = 'true'")[0], source="input").ok
    fake.fail = _gateway_still_submitting(calls, running_polls=10**6)
    outcome = shell.run(split("INSERT INTO snk SELECT id FROM src")[0], source="input")
    assert outcome.canceled
    assert not any(c.endswith("/status") for c in calls), calls
    assert any(c.endswith("/cancel") for c in calls), calls


def test_a_cancel_that_times_out_is_retried_in_the_background_so_the_job_does_not_run_on() -> None:
    from cdcshell.engine.connection import Connection
    from cdcshell.engine.state import ConnectionState

    calls: list[tuple[str, float | None]] = []

    class SlowGateway:
        def cancel(self, session: str, op: str, *, timeout: float | None = None) -> str:
            calls.append(("cancel", timeout))
            if timeout is not None:
                raise httpx.ReadTimeout("loaded gateway")
            return "CANCELED"

        def close_operation(self, session: str, op: str, *, timeout: float | None = None) -> str:
            calls.append(("close", timeout))
            if timeout is not None:
                raise httpx.ReadTimeout("loaded gateway")
            return "CLOSED"

    connection = Connection(SlowGateway(), "s1", ConnectionState(URL))  # type: ignore[arg-type]
    later = connection.cancel("op1")
    assert later is not None
    later.join(10)
    assert not later.is_alive()
    assert [name for name, timeout in calls if timeout is None] == ["cancel", "close"]


def test_a_cancel_that_gets_through_needs_no_retry() -> None:
    from cdcshell.engine.connection import Connection
    from cdcshell.engine.state import ConnectionState

    class Gateway:
        def cancel(self, session: str, op: str, *, timeout: float | None = None) -> str:
            return "CANCELED"

        def close_operation(self, session: str, op: str, *, timeout: float | None = None) -> str:
            return "CLOSED"

    assert Connection(Gateway(), "s1", ConnectionState(URL)).cancel("op1") is None  # type: ignore[arg-type]


def test_a_ctrl_c_swallowed_below_the_fetch_loop_still_stops_and_cancels_the_stream() -> None:
    """The KeyboardInterrupt of a Ctrl-C can land where it is swallowed (a finalizer run by the garbage collector,
    a library's cleanup); the stream must still stop and be canceled, not print on (engine/interrupts.py,
    `noted_interrupt`). Here the gateway's transport swallows it while a streaming SELECT's pages arrive."""
    fake = FakeGateway()
    calls: list[str] = []
    fetches = [0]

    def streaming(request: httpx.Request) -> httpx.Response | None:
        path = request.url.path
        calls.append(f"{request.method} {path}")
        if "/result/" not in path:
            return None
        fetches[0] += 1
        if fetches[0] == 3:
            try:
                _ctrl_c()
                for _ in range(1000):  # the handler runs here, and its KeyboardInterrupt is swallowed
                    pass
            except KeyboardInterrupt:
                pass
        done = fetches[0] >= 200  # without the fix the stream only ends here, uncanceled
        page = {
            "resultType": "EOS" if done else "PAYLOAD",
            "isQueryResult": True,
            "resultKind": "SUCCESS_WITH_CONTENT",
            "results": {
                "columns": [{"name": "id", "logicalType": {"type": "BIGINT", "nullable": True}}],
                "data": [{"kind": "INSERT", "fields": [fetches[0]]}],
            },
        }
        if not done:
            op = path.split("/")[5]
            page["nextResultUri"] = f"/v3/sessions/s1/operations/{op}/result/{fetches[0]}?rowFormat=JSON"
        return httpx.Response(200, json=page)

    shell = connected_shell(fake)
    fake.fail = streaming
    outcome = shell.run(split("SELECT id FROM src")[0], source="input")
    assert outcome.canceled
    assert fetches[0] <= 4, fetches[0]  # at most the page in flight after the Ctrl-C
    op = f"op{len(fake.submitted)}"
    assert any(c.endswith(f"/operations/{op}/cancel") for c in calls), calls
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
