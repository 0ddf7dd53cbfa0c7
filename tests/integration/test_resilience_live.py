"""The shell keeps working through a gateway restart, idle timeouts and a misbehaving network.

The restart and idle-timeout tests run against a sandbox of their own (free ports, a temporary directory, a
gateway that expires idle sessions after 5 s), because they kill its gateway: the shared dev cluster and the
shared test sandbox are never touched. The proxy tests put a loopback TCP proxy in front of whichever gateway
the run uses.
"""

from __future__ import annotations

import io
import socket
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from cdcshell.gateway.client import GatewayClient
from cdcshell.options import Options
from cdcshell.sandbox.lifecycle import SandboxInfo
from cdcshell.shell import Shell
from cdcshell.sql.splitter import split
from tests.integration.tcp_proxy import DROP, PASS, STALL, TcpProxy

pytestmark = pytest.mark.integration

IDLE_TIMEOUT_S = 5


@pytest.fixture(scope="module")
def own_sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SandboxInfo]:
    """A sandbox whose gateway this module may kill, with a short session idle timeout."""
    from cdcshell.sandbox import lifecycle
    from cdcshell.sandbox.ports import free_port

    directory = tmp_path_factory.mktemp("resilience-sandbox")
    info = lifecycle.up(
        "1.20",
        sandbox_dir=directory,
        jobmanager_port=free_port(),
        gateway_port=free_port(),
        extra_config={
            "sql-gateway.session.idle-timeout": f"{IDLE_TIMEOUT_S} s",
            "sql-gateway.session.check-interval": "1 s",
        },
        timeout=300,
    )
    try:
        yield info
    finally:
        lifecycle.down(sandbox_dir=directory, grace=10)


class Console:
    """A Shell writing into buffers, with a helper to run one statement."""

    def __init__(self, url: str, *, heartbeat: bool = True, timeout: float = 10.0) -> None:
        self.out = io.StringIO()
        self.err = io.StringIO()
        self.shell = Shell(Options(gateway=url, timeout=timeout), out=self.out, err=self.err, heartbeat=heartbeat)

    def run(self, sql: str):  # noqa: ANN201 - an Outcome
        self.err.seek(0)
        self.err.truncate()
        return self.shell.run(split(sql)[0], source="input")

    @property
    def said(self) -> str:
        return self.err.getvalue()

    def close(self) -> None:
        self.shell.close()


def _server_config(url: str, session: str) -> dict[str, str]:
    """What the gateway itself holds for the session, not the shell's cached copy."""
    with GatewayClient(url) as client:
        return client.session_config(session)


def _port_closed(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) != 0


def test_gateway_killed_and_restarted_session_is_recreated_with_its_state(own_sandbox: SandboxInfo) -> None:
    from cdcshell.sandbox import lifecycle

    tag = "before-kill-" + uuid.uuid4().hex[:6]
    console = Console(own_sandbox.gateway_url)
    try:
        assert console.shell.connect(quiet=True)
        assert console.run(f"SET 'pipeline.name' = '{tag}'").ok
        assert console.run(f"CREATE TEMPORARY VIEW v_{tag.replace('-', '_')} AS SELECT 1 AS x").ok
        old_session = console.shell.state.session

        port = int(own_sandbox.gateway_url.rsplit(":", 1)[1])
        assert lifecycle.kill("gateway", sandbox_dir=own_sandbox.sandbox_dir) is not None
        deadline = time.monotonic() + 20
        while not _port_closed(port) and time.monotonic() < deadline:
            time.sleep(0.2)

        # While it is down: a clear error naming the gateway, nothing sent, the shell survives.
        down = console.run("SHOW TABLES")
        assert not down.ok
        assert own_sandbox.gateway_url in console.said
        assert "Traceback" not in console.said

        lifecycle.start("gateway", sandbox_dir=own_sandbox.sandbox_dir, timeout=120)
        outcome = console.run("SHOW TABLES")
        assert outcome.ok, console.said
        assert console.said.count("opened a new one and restored") == 1, console.said
        assert f"v_{tag.replace('-', '_')}" in console.out.getvalue()  # the temporary view came back
        new_session = console.shell.state.session
        assert new_session != old_session
        assert _server_config(own_sandbox.gateway_url, new_session)["pipeline.name"] == tag
    finally:
        console.close()


def test_heartbeat_keeps_an_idle_session_beyond_the_idle_timeout(own_sandbox: SandboxInfo) -> None:
    tag = "idle-" + uuid.uuid4().hex[:6]
    console = Console(own_sandbox.gateway_url)
    try:
        assert console.shell.connect(quiet=True)
        keeper = console.shell.heartbeat
        assert keeper is not None and keeper.interval < IDLE_TIMEOUT_S  # derived from the gateway's setting
        assert console.run(f"SET 'pipeline.name' = '{tag}'").ok
        session = console.shell.state.session
        time.sleep(IDLE_TIMEOUT_S * 2 + 2)
        assert console.run("SHOW DATABASES").ok, console.said
        assert console.shell.state.session == session
        assert "session was gone" not in console.said
        assert keeper.beats >= 3
        assert _server_config(own_sandbox.gateway_url, session)["pipeline.name"] == tag
    finally:
        console.close()


def test_without_heartbeat_the_session_expires_and_is_recreated(own_sandbox: SandboxInfo) -> None:
    """The control for the test above: the idle timeout really bites, and the shell still recovers."""
    tag = "expired-" + uuid.uuid4().hex[:6]
    console = Console(own_sandbox.gateway_url, heartbeat=False)
    try:
        assert console.shell.connect(quiet=True)
        assert console.shell.heartbeat is None
        assert console.run(f"SET 'pipeline.name' = '{tag}'").ok
        session = console.shell.state.session
        time.sleep(IDLE_TIMEOUT_S * 2 + 2)
        assert console.run("SHOW DATABASES").ok, console.said
        assert "opened a new one and restored 1 session statement" in console.said
        assert console.shell.state.session != session
        assert _server_config(own_sandbox.gateway_url, console.shell.state.session)["pipeline.name"] == tag
    finally:
        console.close()


@pytest.fixture
def proxy(gateway_url: str) -> Iterator[TcpProxy]:
    host, port = gateway_url.split("://", 1)[1].rsplit(":", 1)
    with TcpProxy(host, int(port)) as p:
        yield p


def test_stalled_network_times_out_clearly_and_recovers(proxy: TcpProxy, gateway_url: str) -> None:
    tag = "stall-" + uuid.uuid4().hex[:6]
    console = Console(proxy.url.replace("http://", "http://me:hunter2@"), timeout=2)
    try:
        assert console.shell.connect(quiet=True)
        assert console.run(f"SET 'pipeline.name' = '{tag}'").ok
        session = console.shell.state.session

        proxy.set_mode(STALL)
        started = time.monotonic()
        outcome = console.run("SHOW DATABASES")
        assert not outcome.ok
        assert time.monotonic() - started < 15  # bounded by the timeout, not hanging
        said = console.said
        assert "did not answer within 2 s" in said
        assert f"127.0.0.1:{proxy.port}" in said
        assert "hunter2" not in said  # the URL's password is never printed
        assert "may have reached the gateway" in said  # a POST that timed out is not blindly re-sent
        assert "Traceback" not in said

        proxy.set_mode(PASS)
        outcome = console.run("SHOW DATABASES")
        assert outcome.ok, console.said
        assert "Reconnected" in console.said
        assert console.shell.state.session == session  # a network blip keeps the session and its SETs
        assert _server_config(gateway_url, session)["pipeline.name"] == tag
    finally:
        proxy.set_mode(PASS)
        console.close()


def test_dropped_connections_are_reported_and_recovered(proxy: TcpProxy) -> None:
    console = Console(proxy.url, timeout=2)
    try:
        assert console.shell.connect(quiet=True)
        proxy.set_mode(DROP)
        outcome = console.run("SHOW DATABASES")
        assert not outcome.ok
        assert f"127.0.0.1:{proxy.port}" in console.said
        assert "Traceback" not in console.said
        again = console.run("SHOW DATABASES")  # still dropping: a clear "still cannot reach", no crash
        assert not again.ok
        assert "Still cannot reach" in console.said or "Cannot reach" in console.said

        proxy.set_mode(PASS)
        outcome = console.run("SHOW DATABASES")
        assert outcome.ok, console.said
    finally:
        proxy.set_mode(PASS)
        console.close()


def test_unreachable_gateway_from_the_start_connects_on_a_later_statement(tmp_path: Path, gateway_url: str) -> None:
    """A proxy that drops everything at start-up, then passes: the shell connects when asked, no \\connect."""
    host, port = gateway_url.split("://", 1)[1].rsplit(":", 1)
    with TcpProxy(host, int(port)) as proxy:
        proxy.set_mode(DROP)
        console = Console(proxy.url, timeout=2)
        try:
            assert not console.shell.connect(quiet=True)
            proxy.set_mode(PASS)
            assert console.run("SHOW DATABASES").ok, console.said
        finally:
            console.close()
