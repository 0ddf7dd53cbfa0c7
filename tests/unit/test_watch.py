"""The shell following the job a statement waits on: a fake gateway that serves a SELECT's empty pages forever and
a JobManager (MockTransport, the recorded answers of tests/unit/test_follow.py) that restarts the job."""

from __future__ import annotations

import io
import threading
import time

import httpx

from cdcshell.cluster.client import ClusterClient
from cdcshell.cluster.follow import CheckpointCompleted, Failover
from cdcshell.engine.shell import Shell
from cdcshell.gateway.client import GatewayClient
from cdcshell.options import Options
from cdcshell.sql.splitter import split
from cdcshell.watch import checkpointing_on, describe, wait_for_checkpoints
from tests.unit.test_follow import JOB, FakeJobManager
from tests.unit.test_meta_jobs_support import cp_wire, stats_wire
from tests.unit.test_shell_recovery import URL, FakeGateway


class QueryGateway(FakeGateway):
    """A streaming SELECT whose job never produces a row: every fetch is an empty page with the job id."""

    def __init__(self) -> None:
        super().__init__()
        self.canceled: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        parts = request.url.path.split("/")
        query = f"op{next((i for i, (_, text) in enumerate(self.submitted, 1) if 'FROM t' in text), 0)}"
        if len(parts) > 5 and parts[4] == "operations" and parts[5] == query and parts[-2] == "result":
            return httpx.Response(
                200,
                json={
                    "resultType": "PAYLOAD",
                    "isQueryResult": True,
                    "jobID": JOB,
                    "resultKind": "SUCCESS_WITH_CONTENT",
                    "results": {
                        "columns": [{"name": "a", "logicalType": {"type": "VARCHAR", "nullable": True}}],
                        "data": [],
                    },
                    "nextResultUri": request.url.path,
                },
            )
        if len(parts) > 4 and parts[4] == "operations" and parts[-1] in ("cancel", "close"):
            self.canceled.append(parts[-1])
        return super().__call__(request)


def _shell(jm: FakeJobManager, *, max_restarts: int | None) -> tuple[Shell, QueryGateway]:
    gw = QueryGateway()
    sh = Shell(Options(gateway=URL, timeout=1), out=io.StringIO(), err=io.StringIO(), heartbeat=False)
    sh.client = GatewayClient(URL, transport=httpx.MockTransport(gw), retry_backoff=0.0, timeout=1)
    sh._cluster = ClusterClient("http://jm.test:8081", transport=httpx.MockTransport(jm), retry_backoff=0)
    assert sh.connect(quiet=True)
    sh.max_restarts = max_restarts
    return sh, gw


def test_a_select_whose_job_keeps_failing_fails_at_its_line_and_is_cancelled(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("cdcshell.cluster.follow.POLL_SECONDS", 0.05)
    jm = FakeJobManager()
    jm.state, jm.restarts = "RESTARTING", 1
    sh, gw = _shell(jm, max_restarts=3)

    def restart_more() -> None:
        for n in range(2, 6):
            time.sleep(0.1)
            jm.restarts = n

    threading.Thread(target=restart_more, daemon=True).start()
    never_hang = threading.Timer(
        10, sh.cancel_event.set
    )  # a broken watch fails the test instead of hanging it
    never_hang.daemon = True
    never_hang.start()
    started = time.monotonic()
    outcome = sh.run(split("\n\nSELECT * FROM t;")[0], source="missing.sql")
    assert time.monotonic() - started < 10
    assert not outcome.ok and "FileNotFoundException" in (outcome.error or "")
    err = sh.err.getvalue()  # type: ignore[attr-defined]
    assert err.count("is failing over") == 1  # once: the cause did not change
    never_hang.cancel()
    assert "missing.sql:3:1:" in err and "more than --max-restarts 3" in err
    assert any(c.endswith(f"/jobs/{JOB}") for c in jm.calls)
    assert gw.canceled  # cancelled on the gateway too


def test_at_the_prompt_a_failover_is_told_and_ctrl_c_still_cancels(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("cdcshell.cluster.follow.POLL_SECONDS", 0.05)
    jm = FakeJobManager()
    jm.state, jm.restarts = "RESTARTING", 7
    sh, gw = _shell(jm, max_restarts=None)
    sh.interactive = True

    def press_ctrl_c_once_told() -> None:  # as a person would: after reading the line
        import _thread

        deadline = time.monotonic() + 5
        while "is failing over" not in sh.err.getvalue() and time.monotonic() < deadline:  # type: ignore[attr-defined]
            time.sleep(0.02)
        _thread.interrupt_main()

    threading.Thread(target=press_ctrl_c_once_told, daemon=True).start()
    outcome = sh.run(split("SELECT * FROM t;")[0])
    assert outcome.canceled
    assert f"job {JOB} is failing over (restarts: 7): java.io.FileNotFoundException" in sh.err.getvalue()  # type: ignore[attr-defined]
    assert "cancel" in gw.canceled


def test_describe_masks_and_formats() -> None:
    line = describe(Failover(JOB, 2, "x.Y: 'password' = 'hunter2' rejected", "RESTARTING", True))
    assert "hunter2" not in line and "restarts: 2" in line
    done = describe(CheckpointCompleted(JOB, 4, 1500, 2048, "file:/cp/chk-4"))
    assert "#4" in done and "1.5" in done and "2.0 KiB" in done and "file:/cp/chk-4" in done


def test_checkpointing_on() -> None:
    assert checkpointing_on({"execution.checkpointing.interval": "2s"})
    assert not checkpointing_on({"execution.checkpointing.interval": "0"})
    assert not checkpointing_on({})


def test_wait_for_checkpoints_prints_the_first_and_fails_without_jobs() -> None:
    jm = FakeJobManager()
    jm.stats = stats_wire([cp_wire(3, trigger=1, path="file:/cp/chk-3")])
    sh, _ = _shell(jm, max_restarts=3)
    assert not wait_for_checkpoints(sh, 5)
    sh.submitted_jobs.append(JOB)
    assert wait_for_checkpoints(sh, 5)
    assert "first checkpoint #3 completed" in sh.out.getvalue()  # type: ignore[attr-defined]
