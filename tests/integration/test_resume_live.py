"""Resumable scripts: after a failure, `--resume` rebuilds the session state and runs the rest exactly once."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import httpx
import pytest

from tests.integration.both_flinks import gateway_url_of_both, jobmanager_url_of_both  # noqa: F401  (Flink 1.20 and 2.2)
from tests.integration.test_batch_live import run_cli

pytestmark = pytest.mark.integration

SCRIPT = """\
SET 'execution.runtime-mode' = 'streaming';
SET 'pipeline.name' = '{name}';
CREATE TEMPORARY TABLE src_{tag} (id BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '1');
CREATE TEMPORARY TABLE snk_{tag} (id BIGINT) WITH ('connector' = 'blackhole');
INSERT INTO snk_{tag} SELECT id FROM src_{tag};
SET 'execution.runtime-mode' = 'batch';
{seventh};
SELECT 8 AS eighth;
SELECT COUNT(*) AS ninth FROM (VALUES (1), (2), (3)) AS t(x);
SET;
"""


def _jobs_named(jobmanager_url: str, name: str, state: str = "RUNNING") -> list[dict]:
    """The streaming INSERT is the only job of the script that keeps running; the SELECTs are bounded."""
    jobs = httpx.get(f"{jobmanager_url}/jobs/overview", timeout=10).json()["jobs"]
    return [j for j in jobs if j["name"] == name and j["state"] == state]


def test_resume_runs_the_rest_once_with_the_state_of_the_first_part(
    gateway_url: str, jobmanager_url: str, tmp_path: Path
) -> None:
    tag = uuid.uuid4().hex[:6]
    name = f"resume-test-{tag}"
    home = tmp_path / "home"
    script = tmp_path / "setup.sql"
    script.write_text(
        SCRIPT.format(name=name, tag=tag, seventh=f"SELECT * FROM missing_{tag}"), encoding="utf-8"
    )
    try:
        first = run_cli(["-f", str(script), "--format", "json"], gateway_url, home=home)
        assert first.returncode == 1
        assert f"{script}:7:15: error:" in first.stderr
        assert len(_jobs_named(jobmanager_url, name)) == 1

        # Changing the statement that failed is what a fix looks like; everything above it is unchanged.
        script.write_text(SCRIPT.format(name=name, tag=tag, seventh="SELECT 7 AS seventh"), encoding="utf-8")
        second = run_cli(["-f", str(script), "--format", "json", "--resume"], gateway_url, home=home)
        assert second.returncode == 0, second.stderr
        rows = [json.loads(line) for line in second.stdout.splitlines() if line.startswith("{")]
        assert {"seventh": 7} in rows and {"eighth": 8} in rows and {"ninth": 3} in rows
        config = {r["key"]: r["value"] for r in rows if "key" in r}
        assert config["pipeline.name"] == name  # the SET from statement 2 is in force again
        assert config["execution.runtime-mode"] == "batch"
        echoed = [line for line in second.stderr.splitlines() if line.startswith("Flink SQL>")]
        assert not any("INSERT INTO" in line for line in echoed)
        assert len(_jobs_named(jobmanager_url, name)) == 1  # the INSERT did not run a second time

        third = run_cli(["-f", str(script), "--format", "json", "--resume"], gateway_url, home=home)
        assert third.returncode == 0
        assert "nothing to resume" in third.stderr
    finally:
        for job in _jobs_named(jobmanager_url, name):
            httpx.patch(f"{jobmanager_url}/jobs/{job['jid']}?mode=cancel", timeout=10)


def test_resume_refuses_when_the_script_changed_above_the_failure(gateway_url: str, tmp_path: Path) -> None:
    home = tmp_path / "home"
    script = tmp_path / "s.sql"
    script.write_text("SET 'a.b' = '1';\nSELECT * FROM nope_x;\n", encoding="utf-8")
    assert run_cli(["-f", str(script)], gateway_url, home=home).returncode == 1
    script.write_text("SET 'a.b' = '2';\nSELECT 1 AS x;\n", encoding="utf-8")
    proc = run_cli(["-f", str(script), "--resume"], gateway_url, home=home)
    assert proc.returncode == 2
    assert f"{script}:1:" in proc.stderr and "changed" in proc.stderr
