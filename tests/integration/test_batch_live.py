"""`cdcshell -f` end to end against the real sandbox gateway: the foundation's acceptance, as a user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
import pytest

from tests.integration.both_flinks import gateway_url_of_both, jobmanager_url_of_both  # noqa: F401  (Flink 1.20 and 2.2)

pytestmark = pytest.mark.integration


def run_cli(
    args: list[str], gateway_url: str, *, stdin: str | None = None, home: Path, timeout: float = 180
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CDCSHELL_HOME": str(home), "CDCSHELL_LANG": "en", "NO_COLOR": "1"}
    env.pop("CDCSHELL_GATEWAY", None)
    return subprocess.run(
        [sys.executable, "-m", "cdcshell", "--gateway", gateway_url, *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


def test_bounded_select_returns_exactly_the_rows(gateway_url: str, tmp_path: Path, home: Path) -> None:
    name = f"gen_{uuid.uuid4().hex[:8]}"
    script = tmp_path / "bounded.sql"
    script.write_text(
        f"""
SET 'execution.runtime-mode' = 'batch';
CREATE TEMPORARY TABLE {name} (id BIGINT, label STRING) WITH (
  'connector' = 'datagen', 'number-of-rows' = '5',
  'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '5',
  'fields.label.length' = '3'
);
SHOW TABLES;
SELECT id, id * 10 AS tens FROM {name} ORDER BY id;
""",
        encoding="utf-8",
    )
    proc = run_cli(["-f", str(script), "--format", "json"], gateway_url, home=home)
    assert proc.returncode == 0, proc.stderr
    lines = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    assert {"table name": name} in lines
    rows = [r for r in lines if "tens" in r]
    assert rows == [{"id": i, "tens": i * 10} for i in range(1, 6)]
    assert "Flink SQL> SHOW TABLES;" in proc.stderr  # statements echoed (on stderr for machine formats)


def test_set_is_in_the_session_config(gateway_url: str, tmp_path: Path, home: Path) -> None:
    script = tmp_path / "set.sql"
    script.write_text("SET execution.checkpointing.interval = '5 s';\nSET;\n", encoding="utf-8")
    proc = run_cli(["-f", str(script), "--format", "json"], gateway_url, home=home)
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    assert {"key": "execution.checkpointing.interval", "value": "5 s"} in rows


def test_insert_prints_a_job_id_that_runs(
    gateway_url: str, jobmanager_url: str, tmp_path: Path, home: Path
) -> None:
    src, dst = f"src_{uuid.uuid4().hex[:6]}", f"dst_{uuid.uuid4().hex[:6]}"
    script = tmp_path / "insert.sql"
    script.write_text(
        f"CREATE TEMPORARY TABLE {src} (id BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '5');\n"
        f"CREATE TEMPORARY TABLE {dst} (id BIGINT) WITH ('connector' = 'blackhole');\n"
        f"INSERT INTO {dst} SELECT id FROM {src};\n",
        encoding="utf-8",
    )
    proc = run_cli(["-f", str(script), "--format", "plain"], gateway_url, home=home)
    assert proc.returncode == 0, proc.stderr
    job_ids = [
        line.split(":", 1)[1].strip()
        for line in proc.stdout.splitlines()
        if line.startswith("Job submitted:")
    ]
    assert len(job_ids) == 1 and len(job_ids[0]) == 32
    job = job_ids[0]
    try:
        state = None
        for _ in range(60):
            state = httpx.get(f"{jobmanager_url}/jobs/{job}", timeout=5).json()["state"]
            if state == "RUNNING":
                break
            time.sleep(0.5)
        assert state == "RUNNING"
        journal = list((home / "data").rglob("*.jsonl"))
        assert journal and job in journal[0].read_text(encoding="utf-8")
    finally:
        httpx.patch(f"{jobmanager_url}/jobs/{job}?mode=cancel", timeout=5)


def test_failing_statement_gives_root_cause_and_location(
    gateway_url: str, tmp_path: Path, home: Path
) -> None:
    script = tmp_path / "fail.sql"
    script.write_text(
        "SHOW TABLES;\n\n  SELECT * FROM nope_missing_table;\nSHOW DATABASES;\n", encoding="utf-8"
    )
    proc = run_cli(["-f", str(script), "--format", "plain"], gateway_url, home=home)
    assert proc.returncode == 1
    errors = [line for line in proc.stderr.splitlines() if ": error:" in line]
    assert len(errors) == 1
    # the gateway says line 1, column 15 of the statement; in the file that is line 3, column 17
    assert errors[0].startswith(f"{script}:3:17: error:")
    assert "nope_missing_table" in errors[0]
    assert "Caused by" not in proc.stderr and "at org.apache" not in proc.stderr
    assert "Flink SQL> SHOW DATABASES" not in proc.stdout  # stopped after the failure


def test_continue_on_error_runs_the_rest(gateway_url: str, tmp_path: Path, home: Path) -> None:
    script = tmp_path / "fail.sql"
    script.write_text("SELECT * FROM nope;\nSHOW DATABASES;\n", encoding="utf-8")
    proc = run_cli(["-f", str(script), "--format", "plain", "--continue-on-error"], gateway_url, home=home)
    assert proc.returncode == 1
    assert "default_database" in proc.stdout


def test_legacy_sql_client_script_runs_unchanged_from_stdin(gateway_url: str, home: Path) -> None:
    script = (
        "SET sql-client.execution.result-mode = 'tableau';\nSET execution.runtime-mode = 'batch';\n"
        "SELECT 1 AS n;\n"
    )
    proc = run_cli(["-f", "-", "--format", "csv"], gateway_url, stdin=script, home=home)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[-2:] == ["n", "1"]


def test_explained_statement_set_runs_no_job(
    gateway_url: str, jobmanager_url: str, tmp_path: Path, home: Path
) -> None:
    """Issue 12: EXPLAIN ... STATEMENT SET BEGIN ...; ...; END; is one statement: explained, never executed."""
    tag = uuid.uuid4().hex[:8]
    src, sink1, sink2 = f"src_{tag}", f"snk1_{tag}", f"snk2_{tag}"
    script = tmp_path / "explain_set.sql"
    script.write_text(
        f"""
CREATE TEMPORARY TABLE {src} (a INT) WITH ('connector' = 'datagen', 'number-of-rows' = '3');
CREATE TEMPORARY TABLE {sink1} (a INT) WITH ('connector' = 'blackhole');
CREATE TEMPORARY TABLE {sink2} (a INT) WITH ('connector' = 'blackhole');
EXPLAIN CHANGELOG_MODE, ESTIMATED_COST STATEMENT SET
BEGIN
INSERT INTO {sink1} SELECT a FROM {src};
INSERT INTO {sink2} SELECT a FROM {src};
END;
EXPLAIN PLAN FOR STATEMENT SET BEGIN INSERT INTO {sink1} SELECT a FROM {src}; INSERT INTO {sink2} SELECT a FROM {src}; END;
""",
        encoding="utf-8",
    )
    proc = run_cli(["-f", str(script), "--jobmanager", jobmanager_url], gateway_url, home=home)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count(f"Sink(table=[default_catalog.default_database.{sink2}]") >= 2, proc.stdout
    jobs = httpx.get(f"{jobmanager_url}/jobs/overview", timeout=10).json()["jobs"]
    assert not [job["name"] for job in jobs if tag in job.get("name", "")]
