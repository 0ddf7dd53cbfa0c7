"""The shell keeps working through a gateway restart, idle timeouts and a misbehaving network.

The restart and idle-timeout tests run against a sandbox of their own, one per Flink series in turn (free ports,
a temporary directory, a gateway that expires idle sessions after 5 s), because they kill its gateway: the shared
dev cluster and the shared test sandboxes are never touched. The proxy tests put a loopback TCP proxy in front of whichever gateway
the run uses.
"""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from cdcshell.engine.shell import Shell
from cdcshell.engine.state import Outcome
from cdcshell.gateway.client import GatewayClient
from cdcshell.options import Options
from cdcshell.sandbox.lifecycle import SandboxInfo
from cdcshell.sql.splitter import split
from tests.integration.both_flinks import FLINK_IDS, FLINK_SERIES
from tests.integration.tcp_proxy import DROP, PASS, STALL, HttpsAuthProxy, TcpProxy
from tests.threads import Helper

pytestmark = pytest.mark.integration

IDLE_TIMEOUT_S = 5


@pytest.fixture(scope="module", params=FLINK_SERIES, ids=FLINK_IDS)
def own_sandbox(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SandboxInfo]:
    """A sandbox whose gateway this module may kill, with a short session idle timeout: one per Flink series,
    in turn, so session recovery is shown on 1.20 and on 2.2."""
    from cdcshell.sandbox import lifecycle
    from cdcshell.sandbox.ports import free_port

    directory = tmp_path_factory.mktemp(f"resilience-sandbox-{request.param}")
    info = lifecycle.up(
        request.param,
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
        self.shell = Shell(
            Options(gateway=url, timeout=timeout), out=self.out, err=self.err, heartbeat=heartbeat
        )

    def run(self, sql: str) -> Outcome:
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
        assert "still unreachable" in console.said

        proxy.set_mode(PASS)
        outcome = console.run("SHOW DATABASES")
        assert outcome.ok, console.said
    finally:
        proxy.set_mode(PASS)
        console.close()


def test_unreachable_gateway_from_the_start_connects_on_a_later_statement(
    tmp_path: Path, gateway_url: str
) -> None:
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


def test_session_lost_while_fetching_is_reported_and_not_resubmitted(
    gateway_url: str, jobmanager_url: str
) -> None:
    """An unbounded SELECT is running when its session is closed from outside: one job, never a second."""

    import httpx

    tag = "lost-fetch-" + uuid.uuid4().hex[:6]
    console = Console(gateway_url)
    try:
        assert console.shell.connect(quiet=True)
        assert console.run(f"SET 'pipeline.name' = '{tag}'").ok
        assert console.run(
            f"CREATE TEMPORARY TABLE src_{tag.replace('-', '_')} (id BIGINT) "
            "WITH ('connector' = 'datagen', 'rows-per-second' = '2')"
        ).ok
        session = console.shell.state.session
        result: dict[str, object] = {}
        worker = Helper(
            lambda: result.setdefault("outcome", console.run(f"SELECT id FROM src_{tag.replace('-', '_')}")),
            name="lost-fetch-select",
        )
        worker.start()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not _jobs_named(jobmanager_url, tag):
            time.sleep(0.5)
        assert _jobs_named(jobmanager_url, tag), "the SELECT's job never started"
        with GatewayClient(gateway_url) as other:
            other.close_session(session)
        worker.check(timeout=60)  # joined, and its own failure (if any) raised here
        outcome = result["outcome"]
        assert not outcome.ok  # type: ignore[attr-defined]
        said = console.said
        assert "accepted the statement, then the session was lost" in said, said
        assert "not submitted again" in said
        assert "Traceback" not in said
        time.sleep(2)
        assert len(_jobs_named(jobmanager_url, tag)) == 1  # never re-submitted
        assert console.run("SHOW DATABASES").ok  # and the shell has a session again
        assert console.shell.state.session != session
    finally:
        console.close()
        for job in _jobs_named(jobmanager_url, tag):
            if job["state"] in ("RUNNING", "CREATED", "INITIALIZING", "RESTARTING"):
                httpx.patch(f"{jobmanager_url}/jobs/{job['jid']}?mode=cancel", timeout=10)


def _jobs_named(jobmanager_url: str, name: str) -> list[dict[str, str]]:
    import httpx

    jobs = httpx.get(f"{jobmanager_url}/jobs/overview", timeout=10).json().get("jobs", [])
    return [j for j in jobs if j.get("name") == name]


# --- a gateway behind an HTTPS proxy that wants a bearer token ---------------------------------------------------

TOKEN = "tok-" + uuid.uuid4().hex


@pytest.fixture(scope="module")
def tls_pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return cert, key


@pytest.fixture
def https_proxy(gateway_url: str, tls_pair: tuple[Path, Path]) -> Iterator[HttpsAuthProxy]:
    cert, key = tls_pair
    with HttpsAuthProxy(
        gateway_url, certfile=str(cert), keyfile=str(key), authorization=f"Bearer {TOKEN}"
    ) as p:
        yield p


def _cli(
    args: list[str], url: str, home: Path, extra_env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "CDCSHELL_HOME": str(home),
        "CDCSHELL_LANG": "en",
        "NO_COLOR": "1",
        "CDCSHELL_CONFIG": str(home / "no-config.toml"),
        **(extra_env or {}),
    }
    for name in ("CDCSHELL_GATEWAY", "CDCSHELL_HEADERS", "SSL_CERT_FILE", "SSL_CERT_DIR"):
        if name not in (extra_env or {}):
            env.pop(name, None)
    return subprocess.run(
        [sys.executable, "-m", "cdcshell", "--gateway", url, "--timeout", "10", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


SQL = "SET 'pipeline.name' = 'behind-proxy'; SHOW DATABASES;"


def test_header_and_cacert_reach_a_gateway_behind_an_https_proxy(
    https_proxy: HttpsAuthProxy, tls_pair: tuple[Path, Path], tmp_path: Path
) -> None:
    cert, _ = tls_pair
    proc = _cli(
        ["--header", f"Authorization: Bearer {TOKEN}", "--cacert", str(cert), "-e", SQL],
        https_proxy.url,
        tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    assert "default_database" in proc.stdout
    assert https_proxy.refused == 0
    assert TOKEN not in proc.stdout + proc.stderr


def test_headers_from_the_config_file_and_the_environment(
    https_proxy: HttpsAuthProxy, tls_pair: tuple[Path, Path], tmp_path: Path
) -> None:
    cert, _ = tls_pair
    config = tmp_path / "config.toml"
    config.write_text(f'cacert = "{cert}"\n\n[headers]\nAuthorization = "Bearer {TOKEN}"\n', encoding="utf-8")
    proc = _cli(["-e", SQL], https_proxy.url, tmp_path, {"CDCSHELL_CONFIG": str(config)})
    assert proc.returncode == 0, proc.stderr
    proc = _cli(
        ["--cacert", str(cert), "-e", SQL],
        https_proxy.url,
        tmp_path,
        {"CDCSHELL_HEADERS": f"Authorization: Bearer {TOKEN}"},
    )
    assert proc.returncode == 0, proc.stderr
    assert https_proxy.refused == 0


def test_missing_token_is_a_clear_401(
    https_proxy: HttpsAuthProxy, tls_pair: tuple[Path, Path], tmp_path: Path
) -> None:
    cert, _ = tls_pair
    proc = _cli(["--cacert", str(cert), "-e", SQL], https_proxy.url, tmp_path)
    assert proc.returncode == 2
    assert "HTTP 401" in proc.stderr
    assert "--header 'Authorization:" in proc.stderr
    assert https_proxy.url in proc.stderr
    assert "Traceback" not in proc.stderr
    assert len([ln for ln in proc.stderr.splitlines() if ln.strip()]) == 1, proc.stderr


def test_unknown_ca_suggests_cacert_or_insecure(https_proxy: HttpsAuthProxy, tmp_path: Path) -> None:
    proc = _cli(["--header", f"Authorization: Bearer {TOKEN}", "-e", SQL], https_proxy.url, tmp_path)
    assert proc.returncode == 2
    assert "not trusted" in proc.stderr
    assert "--cacert" in proc.stderr and "--insecure" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert https_proxy.requests == 0  # the TLS handshake failed before any request

    proc = _cli(
        ["--insecure", "--header", f"Authorization: Bearer {TOKEN}", "-e", SQL], https_proxy.url, tmp_path
    )
    assert proc.returncode == 0, proc.stderr


def test_ctrl_c_during_a_fetch_cancels_the_job_on_the_gateway(gateway_url: str, jobmanager_url: str) -> None:
    """The cancel itself is asserted (the job ends CANCELED, the session goes on); how fast it happens is a
    timing, measured in bench/, not asserted on a loaded 2-core machine.

    The Ctrl-C comes as soon as the job shows on the JobManager, in whatever state: the gateway then still has
    the operation RUNNING (it names the job only once the submit returned), the moment where a cancel used to
    leave the job running (CI, 2026-12-03; engine/cancel_job.py)."""
    import signal

    import httpx

    tag = "ctrl-c-" + uuid.uuid4().hex[:6]
    console = Console(gateway_url)
    try:
        assert console.shell.connect(quiet=True)
        assert console.run(f"SET 'pipeline.name' = '{tag}'").ok
        table = f"src_{tag.replace('-', '_')}"
        assert console.run(
            f"CREATE TEMPORARY TABLE {table} (id BIGINT) "
            "WITH ('connector' = 'datagen', 'rows-per-second' = '5')"
        ).ok
        sent: dict[str, bool] = {}

        def interrupt_once_submitted() -> None:
            # Whatever happens here (a slow JobManager answer raising, say), the SIGINT is sent in `finally`, so
            # the SELECT below always ends; a failure is raised by `check()` on the test's thread.
            try:
                deadline = time.monotonic() + 90
                while time.monotonic() < deadline and not _jobs_named(jobmanager_url, tag):
                    time.sleep(0.05)
                sent["shown"] = time.monotonic() < deadline
            finally:
                os.kill(os.getpid(), signal.SIGINT)  # what Ctrl-C does to the shell's main thread

        helper = Helper(interrupt_once_submitted, name="ctrl-c")
        helper.start()
        outcome = console.run(f"SELECT id FROM {table}")
        helper.check(timeout=30)
        assert sent.get("shown"), "the SELECT's job never showed on the JobManager within 90 s"
        assert outcome.canceled
        deadline = time.monotonic() + 30
        states: list[str] = []
        while time.monotonic() < deadline:
            states = [j["state"] for j in _jobs_named(jobmanager_url, tag)]
            if states and all(s in ("CANCELED", "FINISHED", "FAILED") for s in states):
                break
            time.sleep(0.5)
        assert states and all(s == "CANCELED" for s in states), states
        assert outcome.job_id in [j["jid"] for j in _jobs_named(jobmanager_url, tag)]  # named, so recorded
        assert console.run("SHOW DATABASES").ok  # the same session goes on
    finally:
        console.close()
        for job in _jobs_named(jobmanager_url, tag):
            if job["state"] in ("RUNNING", "CREATED", "INITIALIZING", "RESTARTING"):
                httpx.patch(f"{jobmanager_url}/jobs/{job['jid']}?mode=cancel", timeout=10)


def test_exit_closes_the_session_and_stops_the_heartbeat(gateway_url: str) -> None:
    from cdcshell.gateway.errors import SessionNotFound

    console = Console(gateway_url)
    assert console.shell.connect(quiet=True)
    session = console.shell.state.session
    keeper = console.shell.heartbeat
    assert session is not None and keeper is not None and keeper.alive
    console.close()
    keeper.join(5)
    assert not keeper.alive
    with pytest.raises(SessionNotFound):
        _server_config(gateway_url, session)
