"""The sandbox API around the processes: directory choice, state, status, locking (no Java started)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from cdcshell.sandbox import lifecycle, state
from cdcshell.sandbox.errors import SandboxError
from cdcshell.sandbox.processes import Layout, PidRecord, start_ticks, write_pid_file


def write_state(directory: Path, **overrides: object) -> None:
    state = {
        "flink_version": "1.20.3",
        "flink_home": "/nowhere/flink",
        "assembled": True,
        "ports": {"jobmanager": 18081, "gateway": 18083, "rpc": 16123},
        "connectors": [],
        "postgres": None,
        "extra_config": {},
    }
    state.update(overrides)
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "sandbox.json").write_text(json.dumps(state))


def test_default_dir_per_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CDCSHELL_SANDBOX_DIR", str(tmp_path / "state"))
    monkeypatch.delenv("FLINK_HOME", raising=False)
    assert state.resolve_dir(None, None) == tmp_path / "state" / "sandbox-1.20"
    assert state.resolve_dir(None, "2.2") == tmp_path / "state" / "sandbox-2.2"
    assert state.resolve_dir(tmp_path / "mine", "2.2") == (tmp_path / "mine").resolve()


def test_default_dir_follows_flink_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CDCSHELL_SANDBOX_DIR", str(tmp_path / "state"))
    home = tmp_path / "flink-1.19.1"
    (home / "lib").mkdir(parents=True)
    (home / "lib" / "flink-dist-1.19.1.jar").write_bytes(b"")
    monkeypatch.setenv("FLINK_HOME", str(home))
    assert state.resolve_dir(None, None) == tmp_path / "state" / "sandbox-1.19"
    assert state.resolve_dir(None, "1.20") == tmp_path / "state" / "sandbox-1.20"


def test_status_reads_state_and_live_pids(tmp_path: Path) -> None:
    directory = tmp_path / "sb"
    write_state(directory, postgres={"port": 15442, "dsn": "postgresql://cdc:cdc@127.0.0.1:15442/shop"})
    sleeper = subprocess.Popen(["sleep", "600"])
    try:
        record = PidRecord(sleeper.pid, start_ticks(sleeper.pid) or 0, "taskmanager")
        write_pid_file(Layout(directory).pid_file("taskmanager"), record)
        st = lifecycle.status(sandbox_dir=directory)
        assert st.info is not None
        assert st.info.gateway_url == "http://127.0.0.1:18083"
        assert st.info.jobmanager_url == "http://127.0.0.1:18081"
        assert st.info.postgres_dsn == "postgresql://cdc:cdc@127.0.0.1:15442/shop"
        by_name = {c.component: c for c in st.components}
        assert by_name["taskmanager"].pid == sleeper.pid and by_name["jobmanager"].pid is None
        assert by_name["gateway"].port == 18083
        assert st.running and not st.complete
        assert st.postgres is not None and not st.postgres.running
    finally:
        sleeper.kill()
        sleeper.wait()
    assert not lifecycle.status(sandbox_dir=directory).running


def test_component_functions_need_a_sandbox(tmp_path: Path) -> None:
    with pytest.raises(SandboxError) as err:
        lifecycle.kill("taskmanager", sandbox_dir=tmp_path / "none")
    assert "cdcshell sandbox up" in str(err.value)
    with pytest.raises(SandboxError) as err:
        lifecycle.kill("historyserver", sandbox_dir=tmp_path / "none")
    assert "jobmanager" in str(err.value)


def test_up_refuses_other_version_in_a_running_dir(tmp_path: Path) -> None:
    directory = tmp_path / "sb"
    write_state(directory)
    sleeper = subprocess.Popen(["sleep", "600"])
    try:
        write_pid_file(
            Layout(directory).pid_file("jobmanager"),
            PidRecord(sleeper.pid, start_ticks(sleeper.pid) or 0, "jobmanager"),
        )
        with pytest.raises(SandboxError) as err:
            lifecycle.up("2.2", sandbox_dir=directory)
        assert "1.20.3" in str(err.value) and "down" in str(err.value)
        with pytest.raises(SandboxError) as err:
            lifecycle.up("1.20", sandbox_dir=directory, with_postgres=True)
        assert "restart --with postgres" in str(err.value)
        assert not lifecycle.has_connectors(sandbox_dir=directory)
    finally:
        sleeper.kill()
        sleeper.wait()


def test_down_of_a_missing_dir_creates_nothing(tmp_path: Path) -> None:
    assert lifecycle.down(sandbox_dir=tmp_path / "absent") == []
    assert not (tmp_path / "absent").exists()


def test_lock_is_reentrant_and_released(tmp_path: Path) -> None:
    layout = Layout(tmp_path / "sb")
    with state.exclusive(layout), state.exclusive(layout):
        assert layout.sandbox_dir / ".sandbox.lock" in state._held
    assert layout.sandbox_dir / ".sandbox.lock" not in state._held
    # another process can take it now
    code = (
        "import fcntl, os, sys; fd = os.open(sys.argv[1], os.O_RDWR); "
        "fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)"
    )
    assert subprocess.run(["python3", "-c", code, str(layout.sandbox_dir / ".sandbox.lock")]).returncode == 0
    with state.exclusive(layout):
        busy = subprocess.run(
            ["python3", "-c", code, str(layout.sandbox_dir / ".sandbox.lock")], capture_output=True
        )
        assert busy.returncode != 0


def test_state_file_is_private(tmp_path: Path) -> None:
    layout = Layout(tmp_path / "sb")
    state.write_state(layout, {"postgres": {"dsn": "postgresql://cdc:cdc@x/shop"}})
    assert os.stat(layout.state_file).st_mode & 0o077 == 0
