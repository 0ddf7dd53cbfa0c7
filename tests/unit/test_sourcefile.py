"""Issue 17: lint, batch and `complete -` read SQL the same way, and hostile input gives one line and exit 2."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from cdcshell.batch import ScriptError, read_script
from cdcshell.lint.command import main as lint_main
from cdcshell.sourcefile import SourceError, read_source

SET_LINE = "SET 'execution.checkpointing.interval' = '10s';\n"


def _lint(path: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = lint_main([path, "--flink-version", "1.20"], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_bom_is_stripped_for_lint_as_for_batch(tmp_path: Path) -> None:
    script = tmp_path / "bom.sql"
    script.write_bytes(b"\xef\xbb\xbf" + SET_LINE.encode())
    code, out, _ = _lint(str(script))
    assert code == 0, out
    assert "CK001" not in out
    assert read_script(str(script)).text == SET_LINE


@pytest.mark.parametrize(
    "payload, needle",
    [(b"SELECT 1;\x00", "binary"), (b"SELECT '\xff';", "UTF-8"), (b"\xff\xfeS\x00", "UTF-8")],
)
def test_lint_and_batch_refuse_the_same_bytes(tmp_path: Path, payload: bytes, needle: str) -> None:
    script = tmp_path / "bad.sql"
    script.write_bytes(payload)
    code, _, err = _lint(str(script))
    assert code == 2 and needle in err and "Traceback" not in err
    with pytest.raises(ScriptError, match=needle):
        read_script(str(script))


def test_stdin_is_read_the_same_way() -> None:
    with pytest.raises(SourceError, match="UTF-8"):
        read_source("-", stdin=io.BytesIO(b"SELECT 1;\n\xc3("))
    assert read_source("-", stdin=io.BytesIO(b"\xef\xbb\xbfSELECT 1;")).text == "SELECT 1;"


def test_size_is_capped(tmp_path: Path) -> None:
    big = tmp_path / "big.sql"
    big.write_bytes(b"-- x\n" * 1000)
    with pytest.raises(SourceError, match="MiB"):
        read_source(str(big), limit=1024)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_dev_zero_is_a_clear_error_with_exit_2() -> None:
    for argv in (["-f", "/dev/zero"], ["lint", "/dev/zero"]):
        proc = subprocess.run(
            [sys.executable, "-m", "cdcshell", *argv],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "CDCSHELL_HOME": "/nonexistent-cdcshell-home"},
        )
        assert proc.returncode == 2, (argv, proc.stderr)
        assert "binary" in proc.stderr and "Traceback" not in proc.stderr


def test_fifo_says_what_it_waits_for(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.sql"
    os.mkfifo(fifo)
    notices: list[str] = []

    def writer() -> None:
        with open(fifo, "wb") as w:
            w.write(b"SELECT 1;")

    def notice(text: str) -> None:
        notices.append(text)
        threading.Thread(target=writer, daemon=True).start()

    assert read_source(str(fifo), notice=notice).text == "SELECT 1;"
    assert notices and "pipe.sql" in notices[0] and "waiting" in notices[0]


def test_complete_rejects_invalid_utf8_on_stdin() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "cdcshell", "complete", "-"],
        input=b"SELECT \xff",
        capture_output=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert b"UTF-8" in proc.stderr and b"Traceback" not in proc.stderr
