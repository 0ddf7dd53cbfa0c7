"""Issue 17: a failed write of the script-progress record never crashes `-f` after a statement ran."""

from __future__ import annotations

from pathlib import Path

import pytest

from cdcshell.batch import EXIT_OK, Script, _run_statements
from cdcshell.engine.state import Outcome
from cdcshell.options import Options
from cdcshell.sql.splitter import split
from cdcshell.store.script_progress import ScriptProgress


class _Shell:
    def __init__(self) -> None:
        self.ran: list[str] = []

    def run(self, stmt, source=None, echo=False):
        self.ran.append(stmt.text)
        return Outcome(ok=True, job_id="j1" if stmt.text.startswith("INSERT") else None)


def test_unwritable_progress_degrades_to_one_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(self, *args, **kwargs):
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(ScriptProgress, "mark_ok", broken)
    path = tmp_path / "s.sql"
    text = "INSERT INTO a SELECT 1;\nSELECT 2;\nSELECT 3;\n"
    path.write_text(text)
    shell = _Shell()
    rc = _run_statements(
        shell,
        Script(str(path), str(path), text),
        split(text, strict=True),
        Options(gateway="http://127.0.0.1:9"),
        resume=False,
    )
    assert rc == EXIT_OK
    assert len(shell.ran) == 3  # nothing skipped after the INSERT submitted its job
    err = capsys.readouterr().err
    assert err.count("cannot record the script's progress") == 1 and "Read-only" in err
