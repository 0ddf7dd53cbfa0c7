"""`make shell` is a first-time user's first command: it installs cdcshell alone (no test extras), quietly."""

from __future__ import annotations

import re
from pathlib import Path

MAKEFILE = Path(__file__).resolve().parents[2] / "Makefile"


def _recipe(text: str, target: str) -> list[str]:
    match = re.search(rf"^{re.escape(target)}:[^\n]*\n((?:\t[^\n]*\n|[ ]+[^\n]*\n)*)", text, re.MULTILINE)
    assert match, f"no rule for {target}"
    return match.group(1).splitlines()


def test_make_shell_installs_only_cdcshell_and_quietly() -> None:
    text = MAKEFILE.read_text(encoding="utf-8")
    assert re.search(r"^shell: \$\(SHELL_STAMP\)$", text, re.MULTILINE)
    recipe = _recipe(text, "$(SHELL_STAMP)")
    body = "\n".join(recipe)
    assert "[test]" not in body and "-e ." in body
    commands = [line for prev, line in zip(["", *recipe], recipe, strict=False) if not prev.endswith("\\")]
    assert commands and all(line.startswith("\t@") for line in commands)  # no command echoed
    assert "install.log" in body  # pip's output kept, shown only on failure
    assert "--quiet" in text and "--disable-pip-version-check" in text
    assert "'.[test]'" in "\n".join(_recipe(text, "$(STAMP)"))  # make test still installs the test extras
