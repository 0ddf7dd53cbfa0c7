"""How the shell recovers from network failures that a real gateway cannot be made to produce on cue.

A fake gateway (httpx.MockTransport) counts what reaches it, so each test can assert the one thing that matters:
a statement that may have run is never submitted twice, and one that certainly did not run is not lost.
Session loss and gateway restarts are tested live in tests/integration/test_resilience_live.py.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable

import httpx
import pytest

from cdcshell.engine.shell import Shell
from cdcshell.engine.state import Outcome
from cdcshell.gateway.client import GatewayClient
from cdcshell.gateway.heartbeat import heartbeat_interval, parse_duration
from cdcshell.options import Options
from cdcshell.sql.splitter import split

URL = "http://gw.test:8083"
GONE = (
    "<Exception on server side:\norg.apache.flink.table.gateway.api.utils.SqlGatewayException: "
    "Session '{s}' does not exist.\n\tat a.b(C.java:1)\nEnd of exception on server side>"
)


class FakeGateway:
    """Just enough of the SQL Gateway REST API (v3) for one shell; `fail` hooks inject failures."""

    def __init__(self) -> None:
        self.sessions: set[str] = set()
        self.submitted: list[tuple[str, str]] = []  # (session, statement) that reached the server
        self.opened = 0
        self.fail: Callable[[httpx.Request], httpx.Response | None] | None = None

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if self.fail is not None:
            answer = self.fail(request)
            if answer is not None:
                return answer
        path = request.url.path
        if path == "/api_versions":
            return httpx.Response(200, json={"versions": ["V1", "V2", "V3"]})
        if path == "/v3/info":
            return httpx.Response(200, json={"productName": "Apache Flink", "version": "1.20.3"})
        if path == "/v3/sessions" and request.method == "POST":
            self.opened += 1
            handle = f"s{self.opened}"
            self.sessions.add(handle)
            return httpx.Response(200, json={"sessionHandle": handle})
        parts = path.split("/")  # ['', 'v3', 'sessions', sid, ...]
        sid = parts[3] if len(parts) > 3 else ""
        if sid not in self.sessions:
            return httpx.Response(500, json={"errors": ["Internal server error.", GONE.format(s=sid)]})
        if len(parts) == 4 and request.method == "GET":
            return httpx.Response(200, json={"properties": {"sql-gateway.session.idle-timeout": "6 s"}})
        if len(parts) == 4 and request.method == "DELETE":
            self.sessions.discard(sid)
            return httpx.Response(200, json={"status": "CLOSED"})
        if parts[4] == "heartbeat":
            return httpx.Response(200, json={})
        if parts[4] == "statements":
            statement = json.loads(request.content)["statement"]
            self.submitted.append((sid, statement))
            return httpx.Response(200, json={"operationHandle": f"op{len(self.submitted)}"})
        if parts[4] == "operations" and parts[-2] == "result":
            return httpx.Response(
                200,
                json={
                    "resultType": "EOS",
                    "isQueryResult": False,
                    "resultKind": "SUCCESS",
                    "results": {
                        "columns": [{"name": "result", "logicalType": {"type": "VARCHAR", "nullable": True}}],
                        "data": [{"kind": "INSERT", "fields": ["OK"]}],
                    },
                },
            )
        if parts[4] == "operations":
            return httpx.Response(200, json={"status": "CLOSED"})
        return httpx.Response(404, text="no route")


@pytest.fixture
def fake() -> FakeGateway:
    return FakeGateway()


def connected_shell(fake: FakeGateway) -> Shell:
    """A shell connected to `fake` (no heartbeat, no JobManager), its output kept in memory."""
    sh = Shell(Options(gateway=URL, timeout=1), out=io.StringIO(), err=io.StringIO(), heartbeat=False)
    sh.client = GatewayClient(URL, transport=httpx.MockTransport(fake), retry_backoff=0.0, timeout=1)
    sh._cluster = _NoCluster()
    assert sh.connect(quiet=True)
    return sh


@pytest.fixture
def shell(fake: FakeGateway) -> Shell:
    return connected_shell(fake)


class _NoCluster:
    def jobmanager_config(self) -> dict[str, str]:
        return {}


def run(sh: Shell, sql: str) -> Outcome:
    return sh.run(split(sql)[0], source="input")


def said(sh: Shell) -> str:
    return sh.err.getvalue()  # type: ignore[attr-defined]


def statements(fake: FakeGateway, text: str) -> int:
    return sum(1 for _, s in fake.submitted if s == text)


def test_session_gone_on_submit_recreates_replays_and_runs_once(shell: Shell, fake: FakeGateway) -> None:
    assert run(shell, "SET 'pipeline.name' = 'x'").ok
    fake.sessions.clear()  # the gateway restarted
    assert run(shell, "INSERT INTO t VALUES (1)").ok
    assert statements(fake, "INSERT INTO t VALUES (1)") == 1
    on_new = [text for sid, text in fake.submitted if sid == "s2" and not text.startswith("SHOW CURRENT")]
    assert on_new == ["SET 'pipeline.name' = 'x'", "INSERT INTO t VALUES (1)"]  # replayed, then the statement
    assert said(shell).count("opened a new one and restored 1") == 1


def test_session_gone_while_fetching_is_not_resubmitted(shell: Shell, fake: FakeGateway) -> None:
    def lose_on_fetch(request: httpx.Request) -> httpx.Response | None:
        if "/result/" in request.url.path:
            fake.sessions.clear()
        return None

    fake.fail = lose_on_fetch
    outcome = run(shell, "INSERT INTO t VALUES (2)")
    fake.fail = None
    assert not outcome.ok
    assert statements(fake, "INSERT INTO t VALUES (2)") == 1
    text = said(shell)
    assert "accepted the statement, then the session was lost" in text
    assert "not submitted again" in text
    assert "Traceback" not in text
    assert run(shell, "SHOW TABLES").ok  # a new session is ready for the next statement


def test_connection_refused_on_submit_reconnects_and_runs_once(shell: Shell, fake: FakeGateway) -> None:
    refused = {"left": 1}

    def refuse_once(request: httpx.Request) -> httpx.Response | None:
        if request.url.path.endswith("/statements") and refused["left"]:
            refused["left"] -= 1
            raise httpx.ConnectError("connection refused")
        return None

    fake.fail = refuse_once
    assert run(shell, "INSERT INTO t VALUES (3)").ok, said(shell)
    assert statements(fake, "INSERT INTO t VALUES (3)") == 1
    assert "Reconnected" in said(shell)


def test_timeout_on_submit_is_never_retried(shell: Shell, fake: FakeGateway) -> None:
    def swallow(request: httpx.Request) -> httpx.Response | None:
        if request.url.path.endswith("/statements"):
            fake.submitted.append(("?", json.loads(request.content)["statement"]))
            raise httpx.ReadTimeout("timed out")
        return None

    fake.fail = swallow
    outcome = run(shell, "INSERT INTO t VALUES (4)")
    assert not outcome.ok
    assert statements(fake, "INSERT INTO t VALUES (4)") == 1
    text = said(shell)
    assert "did not answer within 1 s" in text and "gw.test:8083" in text
    assert "may have reached the gateway" in text
    assert not shell.connected
    fake.fail = None
    assert run(shell, "SHOW TABLES").ok  # reconnects on the next statement
    assert statements(fake, "INSERT INTO t VALUES (4)") == 1


def test_gateway_still_down_gives_one_clear_line_and_sends_nothing(shell: Shell, fake: FakeGateway) -> None:
    def down(request: httpx.Request) -> httpx.Response | None:
        raise httpx.ConnectError("[Errno 111] Connection refused")

    fake.fail = down
    before = len(fake.submitted)
    for _ in range(2):
        assert not run(shell, "INSERT INTO t VALUES (5)").ok
    assert len(fake.submitted) == before
    lines = [ln for ln in said(shell).splitlines() if ln.strip()]
    assert len(lines) == 2, lines  # one line per statement
    assert all("gw.test:8083" in ln and "Connection refused" in ln for ln in lines)
    assert "not sent" in lines[1]


def test_heartbeat_follows_the_session_and_stops_on_close(fake: FakeGateway) -> None:
    sh = Shell(Options(gateway=URL, timeout=1), out=io.StringIO(), err=io.StringIO())
    sh.client = GatewayClient(URL, transport=httpx.MockTransport(fake), retry_backoff=0.0, timeout=1)
    sh._cluster = _NoCluster()
    assert sh.connect(quiet=True)
    first = sh.heartbeat
    assert first is not None and first.session == "s1" and first.interval == pytest.approx(2.0)
    fake.sessions.clear()
    assert run(sh, "SHOW TABLES").ok
    second = sh.heartbeat
    assert second is not first and second.session == "s2" and not first.alive
    sh.close()
    assert sh.heartbeat is None
    second.join(2)
    assert not second.alive


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("5 s", 5.0),
        ("10 min", 600.0),
        ("600000", 600.0),
        ("1h", 3600.0),
        ("250 ms", 0.25),
        ("2 days", 172800.0),
    ],
)
def test_parse_duration(text: str, seconds: float) -> None:
    assert parse_duration(text) == pytest.approx(seconds)


@pytest.mark.parametrize("text", ["", "soon", "5 parsecs", "-1 s"])
def test_parse_duration_rejects(text: str) -> None:
    assert parse_duration(text) is None


def test_heartbeat_interval() -> None:
    assert heartbeat_interval({}) == 60.0
    assert heartbeat_interval({"sql-gateway.session.idle-timeout": "10 min"}) == 60.0
    assert heartbeat_interval({"sql-gateway.session.idle-timeout": "6 s"}) == pytest.approx(2.0)
    assert heartbeat_interval({"sql-gateway.session.idle-timeout": "100 ms"}) == 0.5
    assert heartbeat_interval({"sql-gateway.session.idle-timeout": "0"}) == 60.0


def test_timeout_while_fetching_is_reported_not_resubmitted(shell: Shell, fake: FakeGateway) -> None:
    def stall_fetch(request: httpx.Request) -> httpx.Response | None:
        if "/result/" in request.url.path:
            raise httpx.ReadTimeout("timed out")
        return None

    fake.fail = stall_fetch
    outcome = run(shell, "INSERT INTO t VALUES (6)")
    assert not outcome.ok
    assert statements(fake, "INSERT INTO t VALUES (6)") == 1
    text = said(shell)
    assert "accepted the statement, then the connection was lost" in text
    assert "did not answer within 1 s" in text
    fake.fail = None
    assert run(shell, "SHOW TABLES").ok
    assert statements(fake, "INSERT INTO t VALUES (6)") == 1
