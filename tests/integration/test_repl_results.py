"""Issue 18 in a real terminal (tmux) against the sandbox: the live result table (a GROUP BY whose rows change in
place; leaving cancels the job on the cluster), `\\i` with `file:line:col` errors, `\\o` to a private file, the
pager for a tall finite result, and `-D` session properties."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.integration.tmux_term import Terminal, shell_env

pytestmark = pytest.mark.integration

_ROW = re.compile(r"^\s*(\d+)\s*│\s*(\d+)\s*$")


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


@pytest.fixture
def term(gateway_url: str, home: Path) -> Iterator[Terminal]:
    t = Terminal(["--gateway", gateway_url], env=shell_env(home), height=30)
    yield t
    t.close()


def connected(screen: str) -> bool:
    return "● Flink SQL [default_catalog.default_database]>" in screen


def _rows(screen: str) -> dict[int, tuple[int, int]]:
    """key -> (screen line, count) of the live table's rows on this screen."""
    found: dict[int, tuple[int, int]] = {}
    for number, line in enumerate(screen.splitlines()):
        m = _ROW.match(line)
        if m:
            found[int(m.group(1))] = (number, int(m.group(2)))
    return found


def _jobs(jobmanager_url: str, name: str) -> dict[str, str]:
    """id -> state of the jobs named `name` (other tests share the sandbox and run jobs of their own)."""
    data = httpx.get(f"{jobmanager_url}/jobs/overview", timeout=10).json()
    return {j["jid"]: j["state"] for j in data.get("jobs", []) if j.get("name") == name}


def _assert_canceled(jobmanager_url: str, name: str, jid: str) -> None:
    """Leaving the view cancelled the job on the cluster (bounded wait: cancelling takes a moment)."""
    deadline = time.monotonic() + 30
    while _jobs(jobmanager_url, name).get(jid) != "CANCELED" and time.monotonic() < deadline:
        time.sleep(0.5)
    assert _jobs(jobmanager_url, name)[jid] == "CANCELED"


def _cancel_leftovers(jobmanager_url: str, name: str) -> None:
    for jid, state in _jobs(jobmanager_url, name).items():
        if state in ("RUNNING", "CREATED", "INITIALIZING", "RESTARTING"):
            httpx.patch(f"{jobmanager_url}/jobs/{jid}?mode=cancel", timeout=10)


def test_live_table_updates_rows_in_place_and_leaving_cancels_the_job(
    term: Terminal, jobmanager_url: str
) -> None:
    name = f"live_{uuid.uuid4().hex[:6]}"
    try:
        term.wait_for(connected)
        term.type(f"SET 'pipeline.name' = '{name}';")  # the job's name on the JobManager
        term.send("Enter")
        term.wait_ready_after("\nOK")
        term.type(
            f"CREATE TEMPORARY TABLE {name} (id BIGINT) WITH ('connector'='datagen', "
            "'rows-per-second'='6', 'fields.id.kind'='sequence', 'fields.id.start'='1', "
            "'fields.id.end'='100000');"
        )
        term.send("Enter")
        term.wait_ready_after("\nOK")
        term.type("SET 'sql-client.execution.result-mode' = 'table';")
        term.send("Enter")
        term.wait_ready_after("\nOK")
        term.type(f"SELECT k, COUNT(*) AS cnt FROM (SELECT MOD(id, 3) AS k FROM {name}) GROUP BY k;")
        term.send("Enter")
        first = _rows(term.wait_for(lambda s: len(_rows(s)) == 3 and "changes" in s, timeout=120))
        later = _rows(
            term.wait_for(lambda s: len(_rows(s)) == 3 and _rows(s)[0][1] >= first[0][1] + 3, timeout=60)
        )
        for key in (0, 1, 2):
            assert later[key][0] == first[key][0], (first, later)  # the same screen line: updated in place
        assert later[0][1] > first[0][1]
        running = [j for j, s in _jobs(jobmanager_url, name).items() if s == "RUNNING"]
        assert len(running) == 1, running
        term.send("q")
        screen = term.wait_ready_after("Canceled", timeout=30)
        assert "changes" in screen.split("Canceled")[-1]  # the one summary line left in the scrollback
        _assert_canceled(jobmanager_url, name, running[0])
    finally:
        _cancel_leftovers(jobmanager_url, name)


def test_include_runs_a_script_with_file_line_col_errors(term: Terminal, tmp_path: Path) -> None:
    script = tmp_path / "part.sql"
    script.write_text(
        "SET 'pipeline.name' = 'from-i';\nSHOW CATALOGS;\n\nSELECT *\n  FROM missing_i_tbl;\n"
        "SHOW DATABASES;\n",
        encoding="utf-8",
    )
    term.wait_for(connected)
    term.type(f"\\i {script}")
    term.send("Enter")
    screen = term.wait_ready_after("Stopped after the failed statement (3 of 4 ran)", timeout=60)
    assert "catalog name" in screen  # the statements before the failure ran
    assert f"{script}:5:8: error: Object 'missing_i_tbl' not found" in screen
    assert "database name" not in screen  # stopped at the first failure, as -f does
    term.type("SET;")  # the script ran in this session: its SET is here
    term.send("Enter")
    term.wait_for(lambda s: "from-i" in s.split("SET;")[-1], timeout=30)


def test_output_to_a_private_file_and_back(term: Terminal, tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    term.wait_for(connected)
    term.type(f"\\o {target}")
    term.send("Enter")
    term.wait_ready_after("Results go to")
    term.type("SHOW CATALOGS;")
    term.send("Enter")
    deadline = time.monotonic() + 30
    while "default_catalog" not in (target.read_text(encoding="utf-8") if target.exists() else ""):
        assert time.monotonic() < deadline, "no result in the \\o file"
        time.sleep(0.2)
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    assert "catalog name" not in term.screen()
    term.type("\\o")
    term.send("Enter")
    term.wait_ready_after("printed on the terminal again")
    term.type("SHOW CATALOGS;")
    term.send("Enter")
    term.wait_for("catalog name", timeout=30)


def test_pager_shows_a_tall_result_until_q(term: Terminal) -> None:
    term.wait_for(connected)
    term.type("SHOW FUNCTIONS;")
    term.send("Enter")
    screen = term.wait_for("function name", timeout=30)
    time.sleep(1)
    screen = term.screen()
    assert "rows in set" not in screen  # the end is below the first page, in less
    assert not connected(screen.split("SHOW FUNCTIONS")[-1])
    term.send("q")
    term.wait_for(lambda s: connected(s.split("SHOW FUNCTIONS")[-1]), timeout=15)
    term.type("\\pager off")
    term.send("Enter")
    term.wait_ready_after("Pager is off")
    term.type("SHOW FUNCTIONS;")
    term.send("Enter")
    term.wait_ready_after("rows in set", timeout=30)


def test_dynamic_options_are_session_properties(gateway_url: str, home: Path) -> None:
    env = {**os.environ, **shell_env(home)}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "cdcshell",
            "--gateway",
            gateway_url,
            "-D",
            "pipeline.name=from-dash-d",
            "-D",
            "table.exec.state.ttl=1 h",
            "--format",
            "csv",
            "-e",
            "SET;",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "pipeline.name,from-dash-d" in proc.stdout
    assert "table.exec.state.ttl,1 h" in proc.stdout
    assert "\r" not in proc.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "cdcshell", "-D", "novalue", "-e", "SET;"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert bad.returncode == 2 and "KEY=VALUE" in bad.stderr and "Traceback" not in bad.stderr


def test_format_live_and_ctrl_c_leave_and_cancel(term: Terminal, jobmanager_url: str) -> None:
    name = f"livec_{uuid.uuid4().hex[:6]}"
    try:
        term.wait_for(connected)
        for line, marker in (
            (f"SET 'pipeline.name' = '{name}';", "\nOK"),
            ("\\format live", "printed as live"),
            (
                f"CREATE TEMPORARY TABLE {name} (id BIGINT) WITH ('connector'='datagen', "
                "'rows-per-second'='4', 'fields.id.kind'='sequence', 'fields.id.start'='1', "
                "'fields.id.end'='100000');",
                "\nOK",
            ),
        ):
            term.type(line)
            term.send("Enter")
            term.wait_ready_after(marker)
        term.type(f"SELECT id FROM {name};")
        term.send("Enter")
        term.wait_for(
            lambda s: re.search(r"^\s*3\s*$", s, re.MULTILINE) is not None and "changes" in s, timeout=120
        )
        assert "+I" not in term.screen()  # a table, not the changelog
        jobs = [j for j, s in _jobs(jobmanager_url, name).items() if s == "RUNNING"]
        assert len(jobs) == 1, jobs
        term.send("C-c")
        term.wait_ready_after("Canceled", timeout=30)
        _assert_canceled(jobmanager_url, name, jobs[0])
    finally:
        _cancel_leftovers(jobmanager_url, name)
