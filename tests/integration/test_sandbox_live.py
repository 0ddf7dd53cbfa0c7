"""The sandbox lifecycle against real Flink processes, each test in its own directory and on its own ports.

These never touch the session sandbox of the other integration tests (18081/18083) nor a developer's Flink on
the default ports. They need Java and the assembled Flink home (assembled on first use).
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from urllib.parse import SplitResult, urlsplit

import pytest

from cdcshell.sandbox import command, lifecycle
from cdcshell.sandbox.errors import SandboxError
from cdcshell.sandbox.lifecycle import SandboxInfo
from cdcshell.sandbox.ports import port_in_use
from cdcshell.sandbox.processes import COMPONENTS, Layout, get_json, read_pid_file
from tests.integration.shell_steps import drop_slot_when_free

pytestmark = pytest.mark.integration

FLINK = os.environ.get("CDCSHELL_TEST_FLINK", "1.20")
LIFECYCLE_PORTS = (18091, 18093)
BROKEN_PORTS = (18191, 18193)


def timing(capsys: pytest.CaptureFixture[str], line: str) -> None:
    """Timings go to the terminal (with -s) for the record, past the capture the assertions read."""
    with capsys.disabled():
        print(f"[timing] {line}")


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_up_status_logs_up_again_restart_down(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    directory = tmp_path / "sb"
    jm_port, gw_port = LIFECYCLE_PORTS
    argv = ["--flink", FLINK, "--dir", str(directory)]
    began = time.monotonic()
    assert command.main(["up", *argv, "--jobmanager-port", str(jm_port), "--gateway-port", str(gw_port)]) == 0
    timing(capsys, f"up: {time.monotonic() - began:.1f} s")
    out = capsys.readouterr().out
    assert f"http://127.0.0.1:{gw_port}" in out and f"http://127.0.0.1:{jm_port}" in out
    try:
        overview = get_json(f"http://127.0.0.1:{jm_port}/overview")
        assert isinstance(overview, dict) and overview["taskmanagers"] >= 1 and overview["slots-total"] >= 8
        info = get_json(f"http://127.0.0.1:{gw_port}/v1/info")
        assert isinstance(info, dict) and info["version"].startswith(FLINK)

        # the state of the sandbox is in its own directory; the shared home stays as assembled
        st = lifecycle.status(sandbox_dir=directory)
        assert st.complete and st.info is not None
        assert st.info.flink_home is not None
        assert not list(
            (st.info.flink_home / "log").glob("*cdcshell*")
        )  # logs go to the sandbox, not the home
        pids = {c.component: c.pid for c in st.components}
        assert all(pids.values())
        assert (directory / "conf" / "config.yaml").is_file()
        config = (directory / "conf" / "config.yaml").read_text()
        assert (directory / "checkpoints").resolve().as_uri() in config

        assert command.main(["status", *argv]) == 0
        out = capsys.readouterr().out
        for pid in pids.values():
            assert str(pid) in out
        assert f"http://127.0.0.1:{gw_port}" in out

        assert command.main(["logs", *argv, "--lines", "5"]) == 0
        out = capsys.readouterr().out
        for name in ("JobManager", "TaskManager", "SQL Gateway"):
            assert name in out
        assert "gateway.out" in out

        # up again: harmless, same processes
        assert command.main(["up", *argv]) == 0
        assert "already running" in capsys.readouterr().out
        assert {c.component: c.pid for c in lifecycle.status(sandbox_dir=directory).components} == pids

        # crash recovery helpers: a new TaskManager registers; a killed gateway comes back with `up`
        began = time.monotonic()
        new_tm = lifecycle.restart_taskmanager(sandbox_dir=directory)
        timing(capsys, f"restart_taskmanager: {time.monotonic() - began:.1f} s")
        assert new_tm != pids["taskmanager"] and not pid_alive(pids["taskmanager"])
        assert lifecycle.kill("gateway", sandbox_dir=directory) == pids["gateway"]
        assert not pid_alive(pids["gateway"])
        assert not lifecycle.status(sandbox_dir=directory).complete
        lifecycle.up(FLINK, sandbox_dir=directory)
        after = {c.component: c.pid for c in lifecycle.status(sandbox_dir=directory).components}
        assert after["jobmanager"] == pids["jobmanager"] and after["taskmanager"] == new_tm
        assert after["gateway"] not in (None, pids["gateway"])

        # restart: new processes on the same ports
        began = time.monotonic()
        assert command.main(["restart", *argv]) == 0
        timing(capsys, f"restart: {time.monotonic() - began:.1f} s")
        assert f"http://127.0.0.1:{gw_port}" in capsys.readouterr().out
        restarted = {c.component: c.pid for c in lifecycle.status(sandbox_dir=directory).components}
        assert all(restarted.values()) and not set(restarted.values()) & set(after.values())
        assert not any(pid_alive(pid) for pid in after.values() if pid)
        pids = restarted
    finally:
        began = time.monotonic()
        assert command.main(["down", *argv]) == 0
        timing(capsys, f"down: {time.monotonic() - began:.1f} s")
    for pid in pids.values():
        assert pid is not None and not pid_alive(pid)
    for component in COMPONENTS:
        assert read_pid_file(Layout(directory).pid_file(component)) is None
    assert not port_in_use(jm_port) and not port_in_use(gw_port)
    assert command.main(["status", *argv]) == command.EXIT_NOT_RUNNING


def test_process_dying_at_start_reports_its_log_tail(tmp_path: Path) -> None:
    directory = tmp_path / "broken"
    jm_port, gw_port = BROKEN_PORTS
    with pytest.raises(SandboxError) as err:
        lifecycle.up(
            FLINK,
            sandbox_dir=directory,
            jobmanager_port=jm_port,
            gateway_port=gw_port,
            extra_config={
                "jobmanager.memory.process.size": "1m"
            },  # too small: the JobManager refuses to start
            timeout=300,
        )
    text = str(err.value)
    assert "JobManager" in text
    assert str(directory / "log" / "jobmanager.out") in text
    assert "memory" in text.lower()  # the reason, from the log tail
    # what did start was stopped again
    for component in COMPONENTS:
        record = read_pid_file(Layout(directory).pid_file(component))
        assert record is None or not pid_alive(record.pid)
    assert not port_in_use(jm_port) and not port_in_use(gw_port)


def test_taken_port_is_named(tmp_path: Path) -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        with pytest.raises(SandboxError) as err:
            lifecycle.up(FLINK, sandbox_dir=tmp_path / "sb", jobmanager_port=18291, gateway_port=port)
    assert str(port) in str(err.value) and str(os.getpid()) in str(err.value)
    assert lifecycle.status(sandbox_dir=tmp_path / "sb").running is False


# ---------------------------------------------------------------------------------------------------------------
# PostgreSQL CDC → JDBC sink through the SQL Gateway, on the session sandbox (`--with postgres`)


class Gateway:
    """Just enough SQL Gateway REST (v1) to run DDL and an INSERT: the test must not depend on cdcshell's client."""

    def __init__(self, url: str, properties: dict[str, str]) -> None:
        import httpx

        self.http = httpx.Client(base_url=url, timeout=30)
        response = self.http.post("/v1/sessions", json={"properties": properties})
        response.raise_for_status()
        self.session = response.json()["sessionHandle"]

    def run(self, statement: str) -> dict[str, object]:
        response = self.http.post(f"/v1/sessions/{self.session}/statements", json={"statement": statement})
        response.raise_for_status()
        operation = response.json()["operationHandle"]
        deadline = time.monotonic() + 120
        while True:
            page = self.http.get(f"/v1/sessions/{self.session}/operations/{operation}/result/0")
            assert page.status_code == 200, f"{statement[:60]}…: {page.text[-2000:]}"
            body = page.json()
            if body.get("resultType") != "NOT_READY":
                return dict(body)
            assert time.monotonic() < deadline, f"no result for {statement[:60]}…"
            time.sleep(0.2)

    def insert(self, statement: str, sandbox: SandboxInfo) -> str:
        """Run an INSERT and return its job id; a Flink that is not ours may lack the connectors: skip then."""
        try:
            result = self.run(statement)
        except AssertionError as exc:
            if sandbox.sandbox_dir is None and "Could not find any factory for identifier" in str(exc):
                pytest.skip("the external Flink (CDCSHELL_TEST_GATEWAY) has no CDC/JDBC connector jars")
            raise
        return str(result.get("jobID") or result["results"]["data"][0]["fields"][0])  # type: ignore[index]

    def close(self) -> None:
        self.http.delete(f"/v1/sessions/{self.session}")
        self.http.close()


def _jdbc_sink(name: str, dsn: SplitResult, columns: str) -> str:
    return (
        f"CREATE TEMPORARY TABLE {name} ({columns}) WITH ("
        f"'connector' = 'jdbc', 'url' = 'jdbc:postgresql://{dsn.hostname}:{dsn.port}{dsn.path}', "
        f"'table-name' = 'orders_sink', 'username' = '{dsn.username}', 'password' = '{dsn.password}', "
        "'sink.buffer-flush.interval' = '500ms')"
    )


ORDER_COLUMNS = (
    "id INT, customer_id INT, product STRING, quantity INT, price DECIMAL(10, 2), status STRING, "
    "created_at TIMESTAMP(3), PRIMARY KEY (id) NOT ENFORCED"
)


@pytest.mark.postgres
def test_jdbc_sink_writes_into_postgres(flink_sandbox: SandboxInfo, flink_postgres_dsn: str) -> None:
    """Every sandbox with PostgreSQL (1.20 and 2.2) can write to it through the JDBC connector (3.3 on 1.20,
    4.0 on 2.2)."""
    import uuid

    sandbox, postgres_dsn = flink_sandbox, flink_postgres_dsn

    import psycopg

    dsn = urlsplit(postgres_dsn)
    row_id = 2_000_000 + int(uuid.uuid4().int % 1_000_000)
    gateway = Gateway(sandbox.gateway_url, {})
    try:
        gateway.run(_jdbc_sink("jdbc_orders", dsn, ORDER_COLUMNS))
        job_id = gateway.insert(
            f"INSERT INTO jdbc_orders VALUES ({row_id}, 7, 'jdbc', 1, 1.50, 'NEW', TIMESTAMP '2026-01-01 00:00:00')",
            sandbox,
        )
        with psycopg.connect(postgres_dsn, autocommit=True) as conn:
            deadline = time.monotonic() + 120
            row = None
            while row is None and time.monotonic() < deadline:
                row = conn.execute(
                    "SELECT product, price FROM orders_sink WHERE id = %s", (row_id,)
                ).fetchone()
                if row is None:
                    state = get_json(f"{sandbox.jobmanager_url}/jobs/{job_id}")
                    assert isinstance(state, dict) and state.get("state") != "FAILED", state
                    time.sleep(0.5)
            assert row is not None and row[0] == "jdbc" and float(row[1]) == 1.5
            conn.execute("DELETE FROM orders_sink WHERE id = %s", (row_id,))
    finally:
        gateway.close()


@pytest.mark.postgres
def test_postgres_cdc_to_jdbc_sink(cdc_flink_sandbox: SandboxInfo, postgres_dsn: str) -> None:
    import uuid

    import httpx
    import psycopg

    sandbox = cdc_flink_sandbox  # only the series a Flink CDC release runs on (conftest: CDC_SERIES)
    gateway_url, jobmanager_url = sandbox.gateway_url, sandbox.jobmanager_url
    dsn = urlsplit(postgres_dsn)
    slot = f"cdcshell_test_{uuid.uuid4().hex[:10]}"
    base_id = 1_000_000 + int(uuid.uuid4().int % 1_000_000) * 10
    columns = ORDER_COLUMNS
    gateway = Gateway(gateway_url, {"execution.checkpointing.interval": "2s"})
    job_id = None
    try:
        gateway.run(
            f"CREATE TEMPORARY TABLE pg_orders ({columns}) WITH ("
            f"'connector' = 'postgres-cdc', 'hostname' = '{dsn.hostname}', 'port' = '{dsn.port}', "
            f"'username' = '{dsn.username}', 'password' = '{dsn.password}', 'database-name' = '{dsn.path[1:]}', "
            f"'schema-name' = 'public', 'table-name' = 'orders', 'slot.name' = '{slot}', "
            "'decoding.plugin.name' = 'pgoutput')"
        )
        gateway.run(_jdbc_sink("pg_orders_sink", dsn, columns))
        job_id = gateway.insert("INSERT INTO pg_orders_sink SELECT * FROM pg_orders", sandbox)

        with psycopg.connect(postgres_dsn, autocommit=True) as conn:
            for i in range(3):
                conn.execute(
                    "INSERT INTO orders (id, customer_id, product, quantity, price) VALUES (%s, 1, %s, %s, 9.99)",
                    (base_id + i, f"cdc-test-{i}", i + 1),
                )
            conn.execute("UPDATE orders SET status = 'PAID' WHERE id = %s", (base_id,))
            deadline = time.monotonic() + 240
            rows: list[tuple[int, str, str]] = []
            while time.monotonic() < deadline:
                rows = conn.execute(
                    "SELECT id, product, status FROM orders_sink WHERE id >= %s AND id < %s ORDER BY id",
                    (base_id, base_id + 3),
                ).fetchall()
                if len(rows) == 3 and rows[0][2] == "PAID":
                    break
                state = httpx.get(f"{jobmanager_url}/jobs/{job_id}", timeout=5).json().get("state")
                assert state in ("CREATED", "INITIALIZING", "RUNNING", "RESTARTING"), (
                    f"job {job_id} is {state}"
                )
                time.sleep(1)
            assert rows == [
                (base_id, "cdc-test-0", "PAID"),
                (base_id + 1, "cdc-test-1", "NEW"),
                (base_id + 2, "cdc-test-2", "NEW"),
            ]

        # Rows can reach the sink (the JDBC sink flushes on its own timer) before the first checkpoint is done;
        # with checkpoints every 2 s one must complete soon after.
        completed = 0
        deadline = time.monotonic() + 60
        while completed < 1 and time.monotonic() < deadline:
            checkpoints = httpx.get(f"{jobmanager_url}/jobs/{job_id}/checkpoints", timeout=5).json()
            completed = checkpoints["counts"]["completed"]
            time.sleep(0.5)
        assert completed >= 1
        config = httpx.get(f"{jobmanager_url}/jobs/{job_id}/checkpoints/config", timeout=5).json()
        assert config["interval"] == 2000
    finally:
        if job_id:
            httpx.patch(f"{jobmanager_url}/jobs/{job_id}?mode=cancel", timeout=10)
        gateway.close()
        with psycopg.connect(postgres_dsn, autocommit=True) as conn:
            conn.execute("DELETE FROM orders WHERE id >= %s AND id < %s", (base_id, base_id + 3))
            conn.execute("DELETE FROM orders_sink WHERE id >= %s AND id < %s", (base_id, base_id + 3))
            drop_slot_when_free(conn, slot)  # released a moment after the job is cancelled
