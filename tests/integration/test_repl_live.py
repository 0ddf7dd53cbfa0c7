"""The interactive shell in a real terminal (tmux) against the sandbox gateway."""

from __future__ import annotations

import os
import re
import socket
import stat
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.tmux_term import Terminal, shell_env

pytestmark = pytest.mark.integration


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


@pytest.fixture
def term(gateway_url: str, home: Path) -> Iterator[Terminal]:
    t = Terminal(["--gateway", gateway_url], env=shell_env(home))
    yield t
    t.close()


def connected(screen: str) -> bool:
    return "● Flink SQL [default_catalog.default_database]>" in screen


def test_multiline_statement_runs_on_semicolon(term: Terminal) -> None:
    term.wait_for(connected)
    term.type("SHOW")
    term.send("Enter")
    term.type("DATABASES")
    term.send("Enter")
    screen = term.wait_for(lambda s: s.count("> ") >= 2)
    assert "database name" not in screen  # not run yet: no ';'
    term.type(";")
    term.send("Enter")
    term.wait_for("database name")


def test_ctrl_c_clears_input_and_ctrl_d_leaves(term: Terminal, home: Path) -> None:
    term.wait_for(connected)
    term.type("SELECT 'half typed")
    term.send("C-c")
    term.type("SHOW CATALOGS;")
    term.send("Enter")
    screen = term.wait_for(lambda s: "1 row in set\n● Flink SQL" in s, timeout=30)
    assert "half typed" not in screen.split("SHOW CATALOGS")[-1]
    term.send("C-d")
    term.wait_for("EXITED=0")


def test_timing_help_and_errors(term: Terminal) -> None:
    term.wait_for(connected)
    term.type("\\timing")
    term.send("Enter")
    term.wait_for("Timing is on.")
    term.type("\\?")
    term.send("Enter")
    term.wait_for("\\connect")
    term.type("SELECT * FROM missing_tbl;")
    term.send("Enter")
    screen = term.wait_for("missing_tbl' not found")
    assert "Caused by" not in screen
    term.type("\\trace")
    term.send("Enter")
    term.wait_for("Caused by")


def test_streaming_select_shows_changes_and_stops_on_ctrl_c(term: Terminal) -> None:
    term.wait_for(connected)
    name = f"s_{uuid.uuid4().hex[:6]}"
    term.type(
        f"CREATE TEMPORARY TABLE {name} (id BIGINT) WITH ('connector'='datagen', 'rows-per-second'='2', "
        "'fields.id.kind'='sequence', 'fields.id.start'='1', 'fields.id.end'='100000');"
    )
    term.send("Enter")
    term.wait_for("OK")
    term.type(f"SELECT id FROM {name};")
    term.send("Enter")
    term.wait_for(lambda s: re.search(r"\| \+I \|\s+3 \|", s) is not None, timeout=90)
    term.send("C-c")
    term.wait_for("Canceled", timeout=15)
    term.type("SHOW CATALOGS;")
    term.send("Enter")
    term.wait_for(lambda s: s.rfind("catalog name") > s.rfind("Canceled"), timeout=30)


def test_history_survives_and_masks_secrets(gateway_url: str, home: Path) -> None:
    t = Terminal(["--gateway", gateway_url], env=shell_env(home))
    try:
        t.wait_for(connected)
        t.type("SET 'pw_t.connection.password' = 's3cr3t-hist';")
        t.send("Enter")
        t.wait_ready_after("\nOK")
        t.type("\\q")
        t.send("Enter")
        t.wait_for("EXITED=0")
    finally:
        t.close()
    hist = home / "data" / "history"
    assert hist.exists()
    assert stat.S_IMODE(os.stat(hist).st_mode) == 0o600
    text = hist.read_text(encoding="utf-8")
    assert "pw_t" in text and "s3cr3t-hist" not in text
    t2 = Terminal(["--gateway", gateway_url], env=shell_env(home))
    try:
        t2.wait_for(connected)
        t2.send("Up")  # the last entry is `\\q`; the one before it is the SET
        t2.wait_for("> \\q")
        t2.send("Up")
        screen = t2.wait_for("pw_t")
        assert "s3cr3t-hist" not in screen  # recalled from the masked history
    finally:
        t2.close()


def test_shell_opens_without_a_gateway(home: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    t = Terminal(["--gateway", f"http://127.0.0.1:{port}", "--timeout", "2"], env=shell_env(home))
    try:
        screen = t.wait_for("Not connected", timeout=30)
        assert "○ Flink SQL" in screen
        t.type("\\?")
        t.send("Enter")
        t.wait_for("\\timing")
        t.send("C-d")
        t.wait_for("EXITED=0")
    finally:
        t.close()
