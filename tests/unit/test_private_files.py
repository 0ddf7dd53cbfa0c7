"""Issue 17: cdcshell's files are opened without following symlinks, and its directories are 0700."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from cdcshell.paths import private_dir, private_file
from cdcshell.store.files import append_private, replace_private
from cdcshell.store.transcript import MarkdownTranscript

pytestmark = pytest.mark.skipif(not hasattr(os, "O_NOFOLLOW"), reason="the platform has no O_NOFOLLOW")


def _planted(tmp_path: Path) -> tuple[Path, Path]:
    victim = tmp_path / "victim.txt"
    victim.write_text("untouched")
    link = tmp_path / "home" / "history"
    link.parent.mkdir()
    link.symlink_to(victim)
    return link, victim


def test_private_file_refuses_a_planted_symlink(tmp_path: Path) -> None:
    link, victim = _planted(tmp_path)
    with pytest.raises(OSError):
        private_file(link)
    with pytest.raises(OSError):
        append_private(link, b"secret")
    assert victim.read_text() == "untouched"


def test_replace_private_temp_file_is_exclusive(tmp_path: Path) -> None:
    target = tmp_path / "state.json"
    victim = tmp_path / "victim.txt"
    victim.write_text("untouched")
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.symlink_to(victim)  # a link where the temporary file goes is replaced, never written through
    replace_private(target, b"new")
    assert target.read_bytes() == b"new" and victim.read_text() == "untouched"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_record_refuses_a_planted_symlink(tmp_path: Path) -> None:
    link, victim = _planted(tmp_path)
    warnings: list[str] = []

    class _Err:
        def write(self, text: str) -> None:
            warnings.append(text)

        def flush(self) -> None:
            pass

    transcript = MarkdownTranscript(link, warn=_Err())  # type: ignore[arg-type]
    assert not transcript.active
    assert victim.read_text() == "untouched"
    assert warnings


def test_directories_are_created_0700(tmp_path: Path) -> None:
    deep = tmp_path / "a" / "b" / "c"
    private_dir(deep)
    for d in (tmp_path / "a", tmp_path / "a" / "b", deep):
        assert stat.S_IMODE(d.stat().st_mode) == 0o700
    private_file(tmp_path / "x" / "y" / "f")
    assert stat.S_IMODE((tmp_path / "x").stat().st_mode) == 0o700
