"""`--record FILE`: a Markdown hand-out of the session, secrets masked, written as it goes."""

from __future__ import annotations

import io
import os
import stat
from datetime import datetime, timezone
from pathlib import Path

from cdcshell.i18n import set_language, t
from cdcshell.options import Options
from cdcshell.store.transcript import MarkdownTranscript, strip_ansi

FIXED = datetime(2026, 11, 25, 16, 30, tzinfo=timezone.utc)


def _recorder(path: Path) -> MarkdownTranscript:
    return MarkdownTranscript(path, clock=lambda: FIXED)


def test_statements_and_output_become_markdown_blocks(tmp_path: Path) -> None:
    path = tmp_path / "session.md"
    rec = _recorder(path)
    rec.statement("SET 'execution.checkpointing.interval' = '2s'")
    rec.output("[INFO] Execute statement succeeded.\n", "out")
    rec.statement("\\checkpoints orders-to-sink")
    rec.output("\x1b[1mJob\x1b[0m orders-to-sink  \x1b[32mRUNNING\x1b[0m\n", "out")
    rec.output("warning: slow\n", "err")
    rec.close()
    text = path.read_text()
    assert text.startswith("# cdcshell session\n")
    assert "2026-11-25 16:30 UTC" in text
    assert "```sql\nSET 'execution.checkpointing.interval' = '2s';\n```" in text
    assert "```text\n\\checkpoints orders-to-sink\n```" in text  # a meta-command gets no `;`
    assert "````text\n[INFO] Execute statement succeeded.\n````" in text
    assert "Job orders-to-sink  RUNNING" in text and "\x1b" not in text
    # a change of stream starts a new block, so messages do not run into results
    assert "RUNNING\n````\n\n````text\nwarning: slow\n````" in text
    assert text.rstrip().endswith("(2026-11-25 16:30 UTC, 2 statements)._")


def test_secrets_are_masked_in_statements_and_in_output(tmp_path: Path) -> None:
    path = tmp_path / "s.md"
    rec = _recorder(path)
    rec.statement("CREATE TABLE t (id INT) WITH ('connector' = 'postgres-cdc', 'password' = 'hunter2')")
    rec.output("Connecting to postgresql://cdc:hunter2@127.0.0.1:15432/shop\n", "err")
    rec.output("jdbc:postgresql://h/db?user=cdc&password=hunter2&ssl=true\n", "out")
    rec.close()
    text = path.read_text()
    assert "hunter2" not in text
    assert "'password' = '******'" in text
    assert "postgresql://cdc:******@127.0.0.1:15432/shop" in text


def test_a_secret_split_across_writes_is_still_masked(tmp_path: Path) -> None:
    path = tmp_path / "s.md"
    rec = _recorder(path)
    for piece in ("'pass", "word' = 'hun", "ter2'", "\n"):
        rec.output(piece, "out")
    rec.close()
    assert "hunter2" not in path.read_text()


def test_written_as_it_goes_and_private(tmp_path: Path) -> None:
    path = tmp_path / "live.md"
    path.write_text("old content")
    os.chmod(path, 0o644)
    rec = _recorder(path)
    rec.statement("SELECT 1")
    rec.output("first line\nsecond", "out")
    # nothing is closed yet: a crash now keeps the statement and every whole line
    text = path.read_text()
    assert "old content" not in text
    assert "SELECT 1;" in text and "first line" in text and "second" not in text
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    rec.close()
    assert "second\n````" in path.read_text()
    rec.close()  # closing twice is harmless


def test_the_shell_echo_of_a_statement_is_not_recorded_twice(tmp_path: Path) -> None:
    path = tmp_path / "e.md"
    rec = _recorder(path)
    rec.statement("SELECT 1")
    rec.output("Flink SQL> SELECT 1;\n", "out")
    rec.output("+I[1]\n", "out")
    rec.close()
    text = path.read_text()
    assert "Flink SQL>" not in text
    assert "+I[1]" in text


def test_fences_in_output_and_statements_cannot_break_the_document(tmp_path: Path) -> None:
    path = tmp_path / "f.md"
    rec = _recorder(path)
    rec.statement("SELECT '```' AS ticks")
    rec.output("````\nafter\n", "out")
    rec.close()
    text = path.read_text()
    assert "````sql\nSELECT '```' AS ticks;\n````" in text
    assert "\n    ````\nafter\n````" in text


def test_blank_lines_at_the_end_of_a_block_are_dropped(tmp_path: Path) -> None:
    path = tmp_path / "b.md"
    rec = _recorder(path)
    rec.output("a\n\nb\n\n\n", "out")
    rec.close()
    assert "````text\na\n\nb\n````" in path.read_text()


def test_progress_lines_keep_only_their_last_drawing() -> None:
    assert strip_ansi("\x1b[2K10%\r50%\r100%\n") == "100%\n"
    assert strip_ansi("\x1b]8;;http://x\x07link\x1b]8;;\x07") == "link"


def test_an_unwritable_path_is_reported_not_raised(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    warn = io.StringIO()
    rec = MarkdownTranscript(blocker / "sub" / "x.md", warn=warn)
    assert not rec.active
    assert "Cannot record the session" in warn.getvalue() and "--record FILE" in warn.getvalue()
    rec.statement("SELECT 1")
    rec.output("x\n")
    rec.close()


def test_headings_follow_the_language(tmp_path: Path) -> None:
    set_language("zh")
    try:
        path = tmp_path / "zh.md"
        _recorder(path).close()
    finally:
        set_language("en")
    text = path.read_text()
    assert text.startswith("# cdcshell 会话记录") and "密码等敏感信息已隐去" in text


def test_the_shell_records_what_it_runs_and_prints(tmp_path: Path) -> None:
    """Through the shell's own hooks: a meta-command, a statement refused offline, and the messages."""
    from cdcshell.engine.shell import Shell

    path = tmp_path / "shell.md"
    out, err = io.StringIO(), io.StringIO()
    shell = Shell(Options(gateway="http://127.0.0.1:9", record=str(path)), out=out, err=err)
    shell.run_text("\\timing on", echo=True)
    shell.run_text("CREATE TABLE s (id INT) WITH ('connector' = 'jdbc', 'password' = 'hunter2')", echo=True)
    shell.close()
    text = path.read_text()
    assert "```text\n\\timing on\n```" in text
    assert "'password' = '******'" in text and "hunter2" not in text
    assert text.count("CREATE TABLE s") == 1  # the echo is not recorded a second time
    assert f"````text\n{t('shell.timing_on')}\n````" in text  # the command's message, as output
    assert "Flink SQL>" not in text
    assert "hunter2" not in out.getvalue()
