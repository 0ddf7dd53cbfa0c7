"""Batch mode without a cluster: how scripts split, and every way a script can be unusable (exit status 2)."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from cdcshell.cli import main


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_dry_run_json_prints_statements_with_positions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = tmp_path / "s.sql"
    script.write_text(
        "-- set up\nSET 'execution.checkpointing.interval' = '5 s';\n\n"
        "CREATE TABLE t (id INT) WITH ('connector' = 'datagen'); /* trailing */\n"
        "  SELECT ';' FROM t -- a comment; not a split\n;\n",
        encoding="utf-8",
    )
    assert main(["-f", str(script), "--dry-run", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out == [
        {"line": 2, "column": 1, "text": "SET 'execution.checkpointing.interval' = '5 s'"},
        {"line": 4, "column": 1, "text": "CREATE TABLE t (id INT) WITH ('connector' = 'datagen')"},
        {"line": 5, "column": 3, "text": "SELECT ';' FROM t"},
    ]


def test_dry_run_text_masks_secrets(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    script = tmp_path / "s.sql"
    script.write_text(
        "CREATE TABLE t (id INT) WITH ('connector'='postgres-cdc', 'password'='s3cr3t-xyz');\n",
        encoding="utf-8",
    )
    assert main(["-f", str(script), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "s3cr3t-xyz" not in out
    assert "postgres-cdc" in out


def test_dry_run_reads_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"SHOW TABLES;SHOW JOBS")))
    assert main(["-f", "-", "--dry-run", "--format", "json"]) == 0
    assert [s["text"] for s in json.loads(capsys.readouterr().out)] == ["SHOW TABLES", "SHOW JOBS"]


def test_non_utf8_file_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    script = tmp_path / "latin1.sql"
    script.write_bytes("SELECT 1;\nSELECT 'caf\u00e9';\n".encode("latin-1"))
    assert main(["-f", str(script), "--dry-run"]) == 2
    err = capsys.readouterr().err
    assert f"{script}:2:12: error:" in err
    assert "UTF-8" in err
    assert "Traceback" not in err


def test_binary_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    script = tmp_path / "x.sql"
    script.write_bytes(b"\x7fELF\x00\x00\x01binary")
    assert main(["-f", str(script)]) == 2
    assert "binary" in capsys.readouterr().err


def test_unterminated_string_names_where_it_starts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = tmp_path / "bad.sql"
    script.write_text("SELECT 1;\nSELECT 'oops FROM t;\n", encoding="utf-8")
    assert main(["-f", str(script), "--dry-run"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{script}:2:8: error:")


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["-f", str(tmp_path / "nope.sql")]) == 2
    assert "nope.sql" in capsys.readouterr().err


def test_unreachable_gateway_exits_2_with_the_url(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    script = tmp_path / "s.sql"
    script.write_text("SHOW TABLES;\n", encoding="utf-8")
    url = f"http://user:pw@127.0.0.1:{_free_port()}"
    assert main(["-f", str(script), "--gateway", url, "--timeout", "2"]) == 2
    err = capsys.readouterr().err
    assert "127.0.0.1" in err
    assert ":pw@" not in err
    assert "Traceback" not in err


def test_empty_script_succeeds_quietly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    script = tmp_path / "empty.sql"
    script.write_text("-- nothing here\n\n", encoding="utf-8")
    assert main(["-f", str(script), "--gateway", "http://127.0.0.1:1"]) == 0
    assert "no statements" in capsys.readouterr().err


def test_version_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    from cdcshell import __version__

    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert __version__ in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "--gateway" in capsys.readouterr().out


def test_unterminated_comment_names_where_it_starts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = tmp_path / "comment.sql"
    script.write_text("SELECT 1;\nSELECT 2; /* never closed\nSELECT 3;\n", encoding="utf-8")
    assert main(["-f", str(script), "--dry-run"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{script}:2:11: error:")
    assert "*/" in err
    assert "Traceback" not in err


def test_a_one_megabyte_statement_splits(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    values = ",".join(f"({i}, 'row {i}')" for i in range(50_000))
    script = tmp_path / "big.sql"
    script.write_text(f"INSERT INTO t VALUES {values};\nSELECT 1;\n", encoding="utf-8")
    assert script.stat().st_size > 1_000_000
    assert main(["-f", str(script), "--dry-run", "--format", "json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert [s["line"] for s in shown] == [1, 2]
    assert shown[0]["text"].endswith("(49999, 'row 49999')")


def test_nul_byte_late_in_the_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    script = tmp_path / "late.sql"
    script.write_bytes(b"SELECT 1;\n" * 2000 + b"SELECT '\x00';\n")
    assert main(["-f", str(script), "--dry-run"]) == 2
    assert "binary" in capsys.readouterr().err


def test_utf16_file_says_to_save_as_utf8(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    script = tmp_path / "utf16.sql"
    script.write_bytes("SELECT 1;\n".encode("utf-16"))
    assert main(["-f", str(script), "--dry-run"]) == 2
    err = capsys.readouterr().err
    assert f"{script}:1:1: error:" in err and "UTF-8" in err


def test_an_internal_error_is_one_line_unless_debug(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import cdcshell.batch

    def broken(options: object) -> int:
        raise RuntimeError("boom with 'password' = 'hunter2'\nsecond line")

    monkeypatch.setattr(cdcshell.batch, "run_batch", broken)
    script = tmp_path / "s.sql"
    script.write_text("SELECT 1;\n", encoding="utf-8")
    assert main(["-f", str(script)]) == 70
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "internal error: RuntimeError: boom" in err and "--debug" in err
    assert "hunter2" not in err
    assert "Traceback" not in err
    with pytest.raises(RuntimeError):
        main(["-f", str(script), "--debug"])


def test_language_option_may_come_before_a_subcommand(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = tmp_path / "s.sql"
    script.write_text("SET 'state.checkpoints.dir' = 'file:///tmp/x';\n", encoding="utf-8")
    rc = main(["--lang", "zh", "lint", str(script), "--flink-version", "1.20"])
    out = capsys.readouterr().out
    assert rc in (0, 1)
    assert "CFG002" in out
    assert any("\u4e00" <= ch <= "\u9fff" for ch in out)  # the message is in Chinese
