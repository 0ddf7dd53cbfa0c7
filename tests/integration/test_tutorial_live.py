"""Both tutorials, driven to their end against the sandbox (Flink + PostgreSQL), in English and in Chinese, the way
a workshop script runs them: `cdcshell --lang LANG --record FILE -f script` with `\\tutorial NAME --auto`.

Each run is checked on the database too (the copy equals the source, the tutorial's slot is gone afterwards), and
the recorded transcript must be a readable hand-out with the password masked.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cdcshell.i18n import t
from cdcshell.sandbox.lifecycle import SandboxInfo
from cdcshell.tutorials import all_tutorials

pytestmark = [pytest.mark.integration, pytest.mark.postgres]


@pytest.fixture
def cdc_sandbox(cdc_flink_sandbox: SandboxInfo, postgres_dsn: str) -> SandboxInfo:
    return cdc_flink_sandbox  # only the series a Flink CDC release runs on (conftest: CDC_SERIES)


def _run_tutorial(
    sandbox: SandboxInfo, dsn: str, tmp_path: Path, name: str, lang: str
) -> tuple[subprocess.CompletedProcess[str], str]:
    script = tmp_path / f"{name}-{lang}.sql"
    script.write_text(f"\\tutorial {name} --auto --dsn {dsn}\n")
    record = tmp_path / f"{name}-{lang}.md"
    env = {**os.environ, "CDCSHELL_HOME": str(tmp_path / "home"), "NO_COLOR": "1"}
    env.pop("CDCSHELL_GATEWAY", None)
    env.pop("CDCSHELL_LANG", None)
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "cdcshell",
            "--lang",
            lang,
            "--gateway",
            sandbox.gateway_url,
            "--jobmanager",
            sandbox.jobmanager_url,
            "--record",
            str(record),
            "-f",
            str(script),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )
    assert proc.returncode == 0, (
        f"exit {proc.returncode}\n--- stdout\n{proc.stdout}\n--- stderr\n{proc.stderr}"
    )
    return proc, record.read_text(encoding="utf-8")


def _db(dsn: str):  # type: ignore[no-untyped-def]
    import psycopg

    return psycopg.connect(dsn, autocommit=True)


def _rows(dsn: str, table: str) -> list[tuple[object, ...]]:
    with _db(dsn) as conn:
        return list(
            conn.execute(f"SELECT id, product, quantity FROM {table} ORDER BY id, product").fetchall()
        )


def _slot_exists(dsn: str, slot: str) -> bool:
    with _db(dsn) as conn:
        return (
            conn.execute("SELECT 1 FROM pg_replication_slots WHERE slot_name = %s", (slot,)).fetchone()
            is not None
        )


def _check_transcript(text: str, lang: str, title_key: str) -> None:
    assert text.startswith(f"# {t('teach.transcript.title', lang)}")
    assert f"## {t(title_key, lang)}" in text
    assert "'password' = '******'" in text
    assert ":******@" in text  # the DSN of the \tutorial command
    assert "'password' = 'cdc'" not in text and ":cdc@" not in text


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_checkpointing_tutorial_runs_to_its_end(
    cdc_sandbox: SandboxInfo, postgres_dsn: str, tmp_path: Path, lang: str
) -> None:
    proc, transcript = _run_tutorial(cdc_sandbox, postgres_dsn, tmp_path, "checkpointing", lang)
    finished = t(
        "tutorial.finished", lang, name="checkpointing", title=t("tutorial.checkpointing.title", lang)
    )
    assert finished in proc.stderr
    assert proc.stderr.count("✔") >= 15 and "✘" not in proc.stderr
    # what the steps showed: checkpoints, the savepoint, the resume from it
    assert "Restored" in proc.stdout or "savepoint" in proc.stdout
    assert (
        "SET 'execution.savepoint.path'" in proc.stdout
        or "SET 'execution.state-recovery.path'" in proc.stdout
    )
    # on the database: every row once (ids 1–8), and no slot left holding WAL
    source, copy = _rows(postgres_dsn, "ck_orders"), _rows(postgres_dsn, "ck_orders_copy")
    assert len(source) == 8 and copy == source
    assert not _slot_exists(postgres_dsn, "ck_slot")
    _check_transcript(transcript, lang, "tutorial.checkpointing.title")
    assert "```sql\nINSERT INTO ck_orders_copy SELECT * FROM ck_orders_cdc;\n```" in transcript
    assert "```text\n\\stop tutorial-checkpointing --savepoint\n```" in transcript


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_checkpoints_tutorial_runs_to_its_end(
    cdc_sandbox: SandboxInfo, postgres_dsn: str, tmp_path: Path, lang: str
) -> None:
    proc, transcript = _run_tutorial(cdc_sandbox, postgres_dsn, tmp_path, "no-checkpoints", lang)
    finished = t(
        "tutorial.finished", lang, name="no-checkpoints", title=t("tutorial.no-checkpoints.title", lang)
    )
    assert finished in proc.stderr
    assert "✘" not in proc.stderr
    assert "[CK001]" in proc.stderr  # the risk check said it, and the tutorial went on to show why
    assert t("tutorial.check.nothing_to_resume", lang) in proc.stderr
    assert "pg_drop_replication_slot('nock_slot')" in proc.stdout  # \slots named the slot left behind
    assert len(_rows(postgres_dsn, "nock_orders_copy")) == 8  # rows flowed, checkpoints or not
    assert not _slot_exists(postgres_dsn, "nock_slot")  # the clean-up step dropped it
    _check_transcript(transcript, lang, "tutorial.no-checkpoints.title")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_workshop_setup_check_and_concepts_scripts_run(
    cdc_sandbox: SandboxInfo, tmp_path: Path, lang: str
) -> None:
    kit = Path(__file__).resolve().parents[2] / "examples" / "workshop"
    env = {**os.environ, "CDCSHELL_HOME": str(tmp_path / "home"), "NO_COLOR": "1"}
    env.pop("CDCSHELL_GATEWAY", None)
    for script in ("00-setup-check.sql", "01-concepts.sql"):
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "cdcshell",
                "--lang",
                lang,
                "--gateway",
                cdc_sandbox.gateway_url,
                "--jobmanager",
                cdc_sandbox.jobmanager_url,
                "-f",
                str(kit / script),
            ],
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
        )
        assert proc.returncode == 0, f"{script}: exit {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    assert t("teach.topic.checkpoints.title", lang) in proc.stdout
    assert t("teach.key.slot.name", lang)[:12] in proc.stdout


def _judged_or_asked(screen: str, header: str, answered: int) -> bool:
    """After a step's Enter: judged (✔/✘), or a new y/n question waits (more than the `answered` ones)."""
    if header not in screen:
        return False
    tail = screen.split(header)[-1]
    if "✔" in tail or "✘" in tail:
        return True
    questions = [ln for ln in tail.splitlines() if "(y/n)" in ln]
    return len(questions) > answered and questions[-1].rstrip().endswith("(y/n)")


def test_no_checkpoints_tutorial_at_the_prompt(
    cdc_sandbox: SandboxInfo, postgres_dsn: str, tmp_path: Path
) -> None:
    """As an attendee does it: each step's statement is already at the prompt, Enter runs it, `y` answers the
    shell's questions (run despite CK001? connect for \\slots? cancel the job?), and the tutorial moves on."""
    from tests.integration.tmux_term import Terminal, shell_env

    record = tmp_path / "prompt.md"
    term = Terminal(
        [
            "--gateway",
            cdc_sandbox.gateway_url,
            "--jobmanager",
            cdc_sandbox.jobmanager_url,
            "--record",
            str(record),
        ],
        env=shell_env(tmp_path / "home"),
        width=220,
        height=60,
    )
    prompt = "● Flink SQL ["
    total = len(all_tutorials()["no-checkpoints"].steps)
    done = t("tutorial.finished", "en", name="no-checkpoints", title=t("tutorial.no-checkpoints.title", "en"))
    try:
        term.wait_for(lambda s: prompt in s, timeout=60)
        term.type(f"\\tutorial no-checkpoints --dsn {postgres_dsn}")
        term.send("Enter")
        ready = (t("tutorial.press_enter", "en"), t("tutorial.press_enter_action", "en"))
        for step in range(1, total + 1):
            header = f"Step {step}/{total}:"
            term.wait_for(
                lambda s, h=header: any(r in s.split(h)[-1] for r in ready) if h in s else False, timeout=120
            )
            time.sleep(1.0)  # the prompt draws the prefilled statement
            term.send("Enter")
            answered = 0
            while True:  # answer the shell's questions (y) until the step is judged
                screen = term.wait_for(lambda s, h=header, n=answered: _judged_or_asked(s, h, n), timeout=150)
                tail = screen.split(header)[-1]
                assert "✘" not in tail, tail
                if "✔" in tail:
                    break
                term.send("y")
                answered += 1
        screen = term.wait_for(done, timeout=60)
        term.send("C-d")
        term.wait_for("EXITED=0", timeout=30)
    finally:
        term.close()
    assert len(_rows(postgres_dsn, "nock_orders_copy")) == 8
    assert not _slot_exists(postgres_dsn, "nock_slot")
    transcript = record.read_text(encoding="utf-8")
    assert "```sql\nRESET 'execution.checkpointing.interval';\n```" in transcript  # typed at the prompt
    assert "### Step 13/13: Clean up" in transcript
    assert "'password' = 'cdc'" not in transcript
