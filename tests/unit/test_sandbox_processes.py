"""Pid files and process control, with stand-in scripts instead of Java (no Flink needed)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cdcshell.sandbox import processes
from cdcshell.sandbox.errors import SandboxError
from cdcshell.sandbox.processes import (
    Layout,
    PidRecord,
    is_alive,
    kill_component,
    process_env,
    read_pid_file,
    running,
    spawn,
    start_ticks,
    stop_records,
    tail,
    wait_until_ready,
    write_pid_file,
)


def fake_home(root: Path, scripts: dict[str, str]) -> Path:
    (root / "bin").mkdir(parents=True)
    for name, body in scripts.items():
        path = root / "bin" / name
        path.write_text("#!/bin/bash\n" + body)
        path.chmod(0o755)
    return root


@pytest.fixture
def layout(tmp_path: Path) -> Layout:
    lay = Layout(tmp_path / "sb")
    lay.sandbox_dir.mkdir()
    return lay


def test_pid_file_round_trip_and_garbage(layout: Layout) -> None:
    record = PidRecord(os.getpid(), start_ticks(os.getpid()) or 0, "jobmanager")
    write_pid_file(layout.pid_file("jobmanager"), record)
    assert read_pid_file(layout.pid_file("jobmanager")) == record
    layout.pid_file("gateway").write_text("12345\n")  # a Flink-style pid file is not ours
    assert read_pid_file(layout.pid_file("gateway")) is None
    assert read_pid_file(layout.pid_file("taskmanager")) is None


def test_recycled_pid_is_not_ours(layout: Layout) -> None:
    ticks = start_ticks(os.getpid())
    assert ticks is not None
    assert is_alive(PidRecord(os.getpid(), ticks, "jobmanager"))
    assert not is_alive(PidRecord(os.getpid(), ticks + 1, "jobmanager"))  # same pid, another start time


def test_stale_pid_file_is_removed(layout: Layout) -> None:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    ticks = start_ticks(child.pid) or 0
    child.wait()
    write_pid_file(layout.pid_file("taskmanager"), PidRecord(child.pid, ticks, "taskmanager"))
    assert running(layout, "taskmanager") is None
    assert not layout.pid_file("taskmanager").exists()


def test_env_points_flink_at_sandbox_dirs(layout: Layout) -> None:
    env = process_env(layout, None, {"PATH": "/bin", "FLINK_HOME": "/elsewhere", "FLINK_LIB_DIR": "/old"})
    assert env["FLINK_CONF_DIR"] == str(layout.conf_dir)
    assert env["FLINK_LOG_DIR"] == str(layout.log_dir)
    assert env["FLINK_PID_DIR"].startswith(str(layout.run_dir))
    assert "FLINK_HOME" not in env and "FLINK_LIB_DIR" not in env
    assert process_env(layout, layout.lib_dir, {})["FLINK_LIB_DIR"] == str(layout.lib_dir)


def test_spawn_stop_only_our_process(tmp_path: Path, layout: Layout) -> None:
    home = fake_home(tmp_path / "home", {"taskmanager.sh": 'echo "tm up $FLINK_CONF_DIR"\nexec sleep 600\n'})
    bystander = subprocess.Popen(["sleep", "600"])
    try:
        record = spawn(home, layout, "taskmanager", process_env(layout, None), 0)
        assert running(layout, "taskmanager") == record
        assert os.getpgid(record.pid) == record.pid  # its own session: a group we may signal
        for _ in range(200):  # let the script write its line before it is stopped
            if layout.out_file("taskmanager").read_text():
                break
            time.sleep(0.05)
        stopped = stop_records(layout, [record], grace=5)
        assert stopped == [record]
        assert not is_alive(record)
        assert not layout.pid_file("taskmanager").exists()
        assert bystander.poll() is None
        assert "tm up " + str(layout.conf_dir) in layout.out_file("taskmanager").read_text()
    finally:
        bystander.kill()
        bystander.wait()


def test_sigterm_ignored_then_killed(tmp_path: Path, layout: Layout) -> None:
    home = fake_home(tmp_path / "home", {"jobmanager.sh": "trap '' TERM\nwhile true; do sleep 0.1; done\n"})
    record = spawn(home, layout, "jobmanager", process_env(layout, None), 0)
    assert stop_records(layout, [record], grace=0.5) == [record]
    assert not is_alive(record)


def test_kill_component(tmp_path: Path, layout: Layout) -> None:
    home = fake_home(tmp_path / "home", {"gateway.sh": "", "sql-gateway.sh": "exec sleep 600\n"})
    record = spawn(home, layout, "gateway", process_env(layout, None), 18083)
    killed = kill_component(layout, "gateway")
    assert killed == record
    assert not is_alive(record)
    assert kill_component(layout, "gateway") is None


def test_gateway_gets_its_address_and_port(tmp_path: Path) -> None:
    command = processes.command_for(tmp_path, "gateway", 18083)
    assert command[1].endswith("bin/sql-gateway.sh") and command[2] == "start-foreground"
    assert "-Dsql-gateway.endpoint.rest.port=18083" in command
    assert "-Dsql-gateway.endpoint.rest.address=127.0.0.1" in command


def test_death_at_start_reports_log_tail(tmp_path: Path, layout: Layout) -> None:
    lines = "".join(f"echo line {i}\n" for i in range(30))
    home = fake_home(tmp_path / "home", {"jobmanager.sh": lines + "echo 'Error: bad config' >&2\nexit 1\n"})
    record = spawn(home, layout, "jobmanager", process_env(layout, None), 0)
    with pytest.raises(SandboxError) as err:
        wait_until_ready(
            layout, {"jobmanager": record}, "http://127.0.0.1:9", "http://127.0.0.1:9", timeout=30
        )
    text = str(err.value)
    assert "JobManager" in text
    assert "Error: bad config" in text
    assert "line 29" in text and "line 11\n" in text
    assert "line 10\n" not in text  # only the last 20 lines
    assert str(layout.out_file("jobmanager")) in text


def test_tail_of_missing_and_long_files(tmp_path: Path) -> None:
    assert tail(tmp_path / "none.log") == ""
    log = tmp_path / "x.log"
    log.write_text("".join(f"{i}\n" for i in range(10000)))
    assert tail(log, 3) == "9997\n9998\n9999"


def fake_proc(root: Path, pid: int, leader_state: str, thread_states: list[str], ticks: int = 4242) -> Path:
    """A /proc with one process whose stat and per-thread stats we choose."""

    def stat(state: str) -> str:
        fields = [state] + ["0"] * 18 + [str(ticks)] + ["0"] * 10
        return f"{pid} (java) " + " ".join(fields) + "\n"

    (root / str(pid) / "task").mkdir(parents=True)
    (root / str(pid) / "stat").write_text(stat(leader_state))
    for i, state in enumerate(thread_states):
        (root / str(pid) / "task" / str(pid + i)).mkdir()
        (root / str(pid) / "task" / str(pid + i) / "stat").write_text(stat(state))
    return root


def test_jvm_whose_main_thread_exited_is_still_alive(tmp_path: Path) -> None:
    proc = fake_proc(tmp_path / "a", 999_001, "Z", ["Z", "S", "S"])
    assert start_ticks(999_001, proc) == 4242
    assert is_alive(PidRecord(999_001, 4242, "taskmanager"), proc)


def test_zombie_with_no_threads_left_is_dead(tmp_path: Path) -> None:
    proc = fake_proc(tmp_path / "b", 999_002, "Z", ["Z"])
    assert not is_alive(PidRecord(999_002, 4242, "taskmanager"), proc)
    running_proc = fake_proc(tmp_path / "c", 999_003, "S", ["S"])
    assert is_alive(PidRecord(999_003, 4242, "taskmanager"), running_proc)
    assert not is_alive(PidRecord(999_003, 4243, "taskmanager"), running_proc)  # a recycled pid


def test_a_taskmanager_counts_as_ready_only_once_its_slots_are_registered(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """It is listed on registering and reports its slots a moment later; `/overview` says 0 slots until then
    (caught on a loaded CI machine, 2026-12-03)."""
    answers = [
        {"taskmanagers": [{"id": "tm-1", "slotsNumber": 0}]},
        {"taskmanagers": [{"id": "tm-1", "slotsNumber": 8}]},
    ]
    monkeypatch.setattr(processes, "get_json", lambda url, timeout=2.0: answers[0])
    assert processes.taskmanager_ids("http://jm") == {"tm-1"}
    assert processes.taskmanager_ids("http://jm", with_slots=True) == set()
    monkeypatch.setattr(processes, "get_json", lambda url, timeout=2.0: answers[1])
    assert processes.taskmanager_ids("http://jm", with_slots=True) == {"tm-1"}
