"""The pre-commit hook this repository offers (`.pre-commit-hooks.yaml`), run the way pre-commit runs it:
`pre-commit try-repo` installs cdcshell from this checkout into its own environment and lints the files."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pre_commit")

REPO = Path(__file__).resolve().parents[2]
RISKY = """CREATE TABLE orders (id INT) WITH (
  'connector' = 'postgres-cdc', 'hostname' = 'db', 'username' = 'u', 'password' = 'p',
  'database-name' = 'shop', 'schema-name' = 'public', 'table-name' = 'orders',
  'slot.name' = 'orders_slot', 'decoding.plugin.name' = 'pgoutput');
INSERT INTO sink SELECT * FROM orders;
"""


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, timeout=60)


@pytest.mark.timeout(600)
def test_pre_commit_try_repo_runs_the_lint_hook(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.fail("git is needed to run pre-commit")
    project = tmp_path / "project"
    project.mkdir()
    (project / "pipeline.sql").write_text(RISKY)
    (project / "clean.sql").write_text("SELECT 1;\n")
    _git(project, "init", "-q")
    _git(project, "add", ".")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "NO_COLOR": "1"}
    run = subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(REPO), "cdcshell-lint", "--all-files"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=540,
    )
    output = run.stdout + run.stderr
    assert run.returncode == 1, output
    assert "cdcshell lint" in output and "Failed" in output, output
    assert "pipeline.sql" in output and "CK001" in output, output
    assert "clean.sql:" not in output, output
