"""Issue 17: bad connection options are one line and exit 2 (never exit 70), and header values never echo."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cdcshell.config import load_settings
from cdcshell.optioncheck import check_cacert, check_header, check_timeout, check_url

SECRET = "S3cr3tTok"


def _run(*argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cdcshell", *argv],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
    )


@pytest.mark.parametrize(
    "argv",
    [
        ["--cacert", "/nonexistent/ca.pem"],
        ["--cacert", __file__],  # a file, but no certificate in it
        ["--timeout", "-1"],
        ["--timeout", "nan"],
        ["--timeout", "inf"],
        ["--gateway", "http://[::1"],
        ["--header", "X-Token: caf\u00e9" + SECRET],
        ["--header", "Authorization " + SECRET],
        ["--header", "Authorization: Bearer " + SECRET + "\r\nX-Evil: 1"],
        ["--header", SECRET],
    ],
)
def test_bad_options_are_one_line_and_exit_2(argv: list[str], tmp_path: Path) -> None:
    proc = _run(*argv, "-e", "SELECT 1", env={"CDCSHELL_HOME": str(tmp_path)})
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "internal error" not in proc.stderr and "Traceback" not in proc.stderr
    assert SECRET not in proc.stderr and SECRET not in proc.stdout


def test_header_checks() -> None:
    assert check_header("Authorization: Bearer x") == ("Authorization", "Bearer x")
    for bad in ("no colon here", ": v", "Bad Name: v", "X: a\nb", "X: \u00e9"):
        with pytest.raises(ValueError) as exc:
            check_header(bad)
        assert "\n" not in str(exc.value)


def test_timeout_and_url_checks() -> None:
    assert check_timeout(2.5) == 2.5
    for bad in (0, -1, float("nan"), float("inf")):
        with pytest.raises(ValueError):
            check_timeout(bad)
    assert check_url("http://[::1]:8083", option="--gateway")
    with pytest.raises(ValueError) as exc:
        check_url("http://u:pw9@[::1", option="--gateway")
    assert "pw9" not in str(exc.value)
    with pytest.raises(ValueError):
        check_url("ftp://h", option="--gateway")


def test_cacert_checks(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="cannot read"):
        check_cacert(str(tmp_path / "missing.pem"))
    junk = tmp_path / "junk.pem"
    junk.write_text("not a certificate")
    with pytest.raises(ValueError, match="not a PEM"):
        check_cacert(str(junk))
    assert check_cacert(str(tmp_path)) == str(tmp_path)  # a directory of certificates (capath)


def test_unreadable_config_directory_is_a_warning(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def denied(self: Path) -> bool:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "is_file", denied)
    settings = load_settings(tmp_path / "config" / "config.toml", environ={})
    assert settings.warnings and "Permission denied" in settings.warnings[0]


def test_env_header_warning_does_not_quote_the_value() -> None:
    settings = load_settings(Path("/nonexistent/config.toml"), environ={"CDCSHELL_HEADERS": SECRET})
    assert settings.warnings and SECRET not in settings.warnings[0]


def test_version_works_with_an_unreadable_config_directory(tmp_path: Path) -> None:
    if os.geteuid() == 0:  # root reads everything: simulate it through the directory being a file
        (tmp_path / "config").write_text("")
    else:
        (tmp_path / "config").mkdir()
        (tmp_path / "config").chmod(0)
    proc = _run("--version", env={"CDCSHELL_HOME": str(tmp_path)})
    assert proc.returncode == 0, proc.stderr
