"""Both tutorials, driven to their end against the sandbox (Flink + PostgreSQL), in English and in Chinese, the way
a workshop script runs them: `cdcshell --lang LANG --record FILE -f script` with `\\tutorial NAME --auto`.

Each run is checked on the database too (the copy equals the source, the tutorial's slot is gone afterwards), and
the recorded transcript must be a readable hand-out with the password masked.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cdcshell.i18n import t
from cdcshell.sandbox.lifecycle import SandboxInfo

pytestmark = [pytest.mark.integration, pytest.mark.postgres]


@pytest.fixture
def cdc_sandbox(sandbox: SandboxInfo, postgres_dsn: str) -> SandboxInfo:
    if not sandbox.flink_version.startswith("1."):
        pytest.skip(f"no Flink CDC release runs on Flink {sandbox.flink_version} yet")
    return sandbox


def _run_tutorial(sandbox: SandboxInfo, dsn: str, tmp_path: Path, name: str, lang: str
                  ) -> tuple[subprocess.CompletedProcess[str], str]:
    script = tmp_path / f"{name}-{lang}.sql"
    script.write_text(f"\\tutorial {name} --auto --dsn {dsn}\n")
    record = tmp_path / f"{name}-{lang}.md"
    env = {**os.environ, "CDCSHELL_HOME": str(tmp_path / "home"), "NO_COLOR": "1"}
    env.pop("CDCSHELL_GATEWAY", None)
    env.pop("CDCSHELL_LANG", None)
    proc = subprocess.run(
        [sys.executable, "-m", "cdcshell", "--lang", lang, "--gateway", sandbox.gateway_url,
         "--jobmanager", sandbox.jobmanager_url, "--record", str(record), "-f", str(script)],
        capture_output=True, text=True, timeout=600, env=env,
    )
    assert proc.returncode == 0, f"exit {proc.returncode}\n--- stdout\n{proc.stdout}\n--- stderr\n{proc.stderr}"
    return proc, record.read_text(encoding="utf-8")


def _db(dsn: str):  # type: ignore[no-untyped-def]
    import psycopg

    return psycopg.connect(dsn, autocommit=True)


def _rows(dsn: str, table: str) -> list[tuple[object, ...]]:
    with _db(dsn) as conn:
        return list(conn.execute(f"SELECT id, product, quantity FROM {table} ORDER BY id, product").fetchall())


def _slot_exists(dsn: str, slot: str) -> bool:
    with _db(dsn) as conn:
        return conn.execute("SELECT 1 FROM pg_replication_slots WHERE slot_name = %s", (slot,)).fetchone() is not None


def _check_transcript(text: str, lang: str, title_key: str) -> None:
    assert text.startswith(f"# {t('teach.transcript.title', lang)}")
    assert f"## {t(title_key, lang)}" in text
    assert "'password' = '******'" in text
    assert ":******@" in text  # the DSN of the \tutorial command
    assert "'password' = 'cdc'" not in text and ":cdc@" not in text


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_checkpointing_tutorial_runs_to_its_end(cdc_sandbox: SandboxInfo, postgres_dsn: str, tmp_path: Path,
                                               lang: str) -> None:
    proc, transcript = _run_tutorial(cdc_sandbox, postgres_dsn, tmp_path, "checkpointing", lang)
    finished = t("tutorial.finished", lang, name="checkpointing", title=t("tutorial.checkpointing.title", lang))
    assert finished in proc.stderr
    assert proc.stderr.count("✔") >= 15 and "✘" not in proc.stderr
    # what the steps showed: checkpoints, the savepoint, the resume from it
    assert "Restored" in proc.stdout or "savepoint" in proc.stdout
    assert "SET 'execution.savepoint.path'" in proc.stdout or "SET 'execution.state-recovery.path'" in proc.stdout
    # on the database: every row once (ids 1–8), and no slot left holding WAL
    source, copy = _rows(postgres_dsn, "ck_orders"), _rows(postgres_dsn, "ck_orders_copy")
    assert len(source) == 8 and copy == source
    assert not _slot_exists(postgres_dsn, "ck_slot")
    _check_transcript(transcript, lang, "tutorial.checkpointing.title")
    assert "```sql\nINSERT INTO ck_orders_copy SELECT * FROM ck_orders_cdc;\n```" in transcript
    assert "```text\n\\stop tutorial-checkpointing --savepoint\n```" in transcript


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_checkpoints_tutorial_runs_to_its_end(cdc_sandbox: SandboxInfo, postgres_dsn: str, tmp_path: Path,
                                                lang: str) -> None:
    proc, transcript = _run_tutorial(cdc_sandbox, postgres_dsn, tmp_path, "no-checkpoints", lang)
    finished = t("tutorial.finished", lang, name="no-checkpoints", title=t("tutorial.no-checkpoints.title", lang))
    assert finished in proc.stderr
    assert "✘" not in proc.stderr
    assert "[CK001]" in proc.stderr  # the risk check said it, and the tutorial went on to show why
    assert t("tutorial.check.nothing_to_resume", lang) in proc.stderr
    assert "pg_drop_replication_slot('nock_slot')" in proc.stdout  # \slots named the slot left behind
    assert len(_rows(postgres_dsn, "nock_orders_copy")) == 8  # rows flowed, checkpoints or not
    assert not _slot_exists(postgres_dsn, "nock_slot")  # the clean-up step dropped it
    _check_transcript(transcript, lang, "tutorial.no-checkpoints.title")
