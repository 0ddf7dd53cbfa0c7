"""The workshop kit in `examples/workshop/`: its scripts only use commands, topics, keys and tutorials that
exist, its shell scripts are valid, and the instructor's README covers set-up, timing and troubleshooting in both
languages."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from cdcshell.lint.explainer import explain
from cdcshell.meta.help_topics import find_topic
from cdcshell.meta.registry import find, parse_line
from cdcshell.sql.splitter import split
from cdcshell.tutorials import find_tutorial

KIT = Path(__file__).resolve().parents[2] / "examples" / "workshop"
SCRIPTS = sorted(KIT.glob("*.sql"))


def test_the_kit_has_its_scripts_and_readmes() -> None:
    names = {p.name for p in KIT.iterdir()}
    assert {
        "README.md",
        "README.zh.md",
        "check-laptop.sh",
        "record-handouts.sh",
        "00-setup-check.sql",
        "01-concepts.sql",
        "02-checkpointing.sql",
        "03-no-checkpoints.sql",
    } <= names


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_every_command_in_the_scripts_exists(script: Path) -> None:
    statements = split(script.read_text(encoding="utf-8"), strict=True)
    assert statements
    for stmt in statements:
        assert stmt.text.startswith("\\"), stmt.text  # the kit drives the shell; SQL comes from the tutorials
        name, args = parse_line(stmt.text)
        assert find(name) is not None, name
        if name == "tutorial" and args:
            assert find_tutorial(args.split()[0]) is not None, args
        if name == "explain":
            assert explain(args) is not None, args
        if name in ("help", "?") and args:
            assert find_topic(args) is not None, args


@pytest.mark.parametrize("name", ["check-laptop.sh", "record-handouts.sh"])
def test_shell_scripts_parse_and_are_executable(name: str) -> None:
    path = KIT / name
    assert os.access(path, os.X_OK)
    assert subprocess.run(["bash", "-n", str(path)], capture_output=True).returncode == 0


def test_record_handouts_explains_a_missing_cdcshell(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "CDCSHELL": str(tmp_path / "nope"), "HOME": str(tmp_path)}
    proc = subprocess.run(
        ["bash", str(KIT / "record-handouts.sh"), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert proc.returncode == 2 and "make shell" in proc.stderr


@pytest.mark.parametrize("readme", ["README.md", "README.zh.md"])
def test_the_instructors_readme_covers_set_up_timing_and_failures(readme: str) -> None:
    text = (KIT / readme).read_text(encoding="utf-8")
    assert "make shell" in text and "make test" in text
    for script in (
        "check-laptop.sh",
        "00-setup-check.sql",
        "01-concepts.sql",
        "02-checkpointing.sql",
        "03-no-checkpoints.sql",
        "record-handouts.sh",
    ):
        assert script in text, script
    assert "\\tutorial checkpointing" in text and "\\tutorial no-checkpoints" in text
    assert "0:30" in text and "1:15" in text  # the timing plan
    assert text.count("\n|") > 20  # the tables: concepts, files, timing, failures
    for fix in (
        "openjdk-17",
        "cdcshell sandbox down",
        "HTTPS_PROXY",
        "cdcshell[postgres]",
        "CDCSHELL_TUTORIAL_WAIT_SCALE",
        "pg_drop_replication_slot",
        "--lang zh",
    ):
        assert fix in text, fix
    if readme.endswith(".zh.md"):
        assert "常见故障" in text and "讲师" in text
