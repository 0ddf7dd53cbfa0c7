"""The check before submit in `cdcshell -f` asks the real planner, through the shell's own gateway session (where
the script's TEMPORARY tables live): a GROUP BY into an append-only sink is stopped before it is submitted with
the planner's own reason, not the query reader's guess (unit tests pin that an append-only job costs no
EXPLAIN: tests/unit/test_submit_probes.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cdcshell.sandbox.lifecycle import SandboxInfo
from tests.integration.shell_steps import Shell

pytestmark = [pytest.mark.integration]

TABLES = (
    "CREATE TEMPORARY TABLE src (id INT, v STRING) WITH ('connector' = 'datagen', 'rows-per-second' = '1');\n"
    "CREATE TEMPORARY TABLE app (id INT, n BIGINT) WITH ('connector' = 'filesystem', "
    "'path' = 'file:///tmp/cdcshell-never-written', 'format' = 'csv');\n"
)


def test_the_planner_stops_updates_into_an_append_only_sink(sandbox: SandboxInfo, tmp_path: Path) -> None:
    shell = Shell(sandbox, tmp_path)
    proc = shell.run(TABLES + "INSERT INTO app SELECT id, COUNT(*) FROM src GROUP BY id;\n", check=False)
    said = proc.stdout + proc.stderr
    assert proc.returncode != 0, said
    assert "QRY002" in said and "the planner says app would receive updates" in said, said
    assert "doesn't support consuming update changes" in said, said
    assert "Job submitted" not in said and shell.jobs == []
