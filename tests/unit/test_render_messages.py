"""Errors, warnings, findings and the human-readable number helpers."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

import pytest

from cdcshell import i18n
from cdcshell.humanize import format_bytes, format_duration, format_timestamp
from cdcshell.render.cells import escape_controls, fit, type_width
from cdcshell.render.messages import render_error, render_findings, render_info, render_warning
from cdcshell.render.output import UnknownFormatError, choose_format, make_writer, summary_line


class FakeStream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty


def test_terminal_gets_coloured_table() -> None:
    assert choose_format(None, FakeStream(True), {"TERM": "xterm-256color"}) == ("table", True)


def test_pipe_gets_plain_without_colour() -> None:
    assert choose_format(None, FakeStream(False), {"TERM": "xterm"}) == ("plain", False)


def test_no_color_keeps_table_but_drops_colour() -> None:
    assert choose_format(None, FakeStream(True), {"NO_COLOR": "1"}) == ("table", False)
    assert choose_format(None, FakeStream(True), {"NO_COLOR": ""}) == ("table", True)  # empty means unset


def test_dumb_terminal_gets_plain_without_colour() -> None:
    assert choose_format(None, FakeStream(True), {"TERM": "dumb"}) == ("plain", False)


def test_requested_format_wins_and_machine_formats_are_never_coloured() -> None:
    assert choose_format("CSV", FakeStream(True), {}) == ("csv", False)
    assert choose_format("json", FakeStream(True), {}) == ("json", False)
    assert choose_format("table", FakeStream(False), {}) == ("table", False)
    assert choose_format("plain", FakeStream(True), {}) == ("plain", True)


def test_unknown_format_is_a_clear_error() -> None:
    with pytest.raises(
        UnknownFormatError, match=r"unknown output format 'xml'.*table, plain, csv, json, tsv"
    ):
        choose_format("xml", FakeStream(True), {})
    with pytest.raises(UnknownFormatError):
        make_writer("xml", io.StringIO(), color=False)


def test_closed_stream_is_not_a_terminal() -> None:
    s = io.StringIO()
    s.close()
    assert choose_format(None, s, {}) == ("plain", False)


def test_summary_line_in_both_languages() -> None:
    assert summary_line(0) == "Empty set"
    assert summary_line(1, elapsed=0.5) == "1 row in set (0.50 s)"
    assert summary_line(42, elapsed=0.123) == "42 rows in set (0.12 s)"
    i18n.set_language("zh")
    try:
        assert summary_line(42, elapsed=0.123) == "共 42 行（0.12 秒）"
    finally:
        i18n.set_language("en")


def test_error_with_location_and_hint_plain() -> None:
    text = render_error("Object 'orders' not found", location="job.sql:3:15", hint="Run SHOW TABLES.")
    assert text == "[ERROR] job.sql:3:15: Object 'orders' not found\n  Hint: Run SHOW TABLES."


def test_multiline_message_is_indented_and_colour_only_when_asked() -> None:
    text = render_warning("first\nsecond")
    assert text == "[WARNING] first\n  second"
    assert "\x1b" not in render_info("hello") and render_info("hello") == "[INFO] hello"
    coloured = render_error("boom", color=True)
    assert "\x1b[" in coloured and "boom" in coloured


def test_error_labels_in_chinese() -> None:
    i18n.set_language("zh")
    try:
        assert render_error("x", hint="y") == "[错误] x\n  提示: y"
    finally:
        i18n.set_language("en")


@dataclass
class F:
    rule: str
    severity: str
    line: int
    column: int
    message: str
    fix: str


def test_findings_in_source_order_with_fix() -> None:
    findings = [
        F(
            "checkpoint-interval",
            "warning",
            9,
            1,
            "no checkpoint interval",
            "SET 'execution.checkpointing.interval' = '1min';",
        ),
        F("cdc-server-id", "error", 3, 5, "server-id range too small", ""),
    ]
    text = render_findings(findings, source="job.sql")
    assert text.splitlines() == [
        "job.sql:3:5: error [cdc-server-id] server-id range too small",
        "job.sql:9:1: warning [checkpoint-interval] no checkpoint interval",
        "    fix: SET 'execution.checkpointing.interval' = '1min';",
    ]
    assert render_findings([]) == ""
    assert "\x1b" in render_findings(findings, color=True)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(None, "-"), (-1, "-"), (0.0123, "12 ms"), (4.5, "4.50 s"), (12.34, "12.3 s"), (125, "2 min 5 s"),
     (7380, "2 h 3 min"), (90000, "1 d 1 h")],
)  # fmt: skip
def test_format_duration(seconds: float | None, text: str) -> None:
    assert format_duration(seconds) == text


@pytest.mark.parametrize(
    ("n", "text"),
    [(None, "-"), (-1, "-"), (0, "0 B"), (1023, "1023 B"), (1536, "1.5 KiB"), (5 * 1024**3, "5.0 GiB")],
)
def test_format_bytes(n: int | None, text: str) -> None:
    assert format_bytes(n) == text


def test_format_timestamp() -> None:
    ms = int(dt.datetime(2026, 11, 25, 15, 47, 44, 123000, tzinfo=dt.timezone.utc).timestamp() * 1000)
    assert format_timestamp(ms, tz=dt.timezone.utc) == "2026-11-25 15:47:44"
    assert format_timestamp(ms, tz=dt.timezone.utc, millis=True) == "2026-11-25 15:47:44.123"
    assert format_timestamp(-1) == "-" and format_timestamp(0) == "-" and format_timestamp(None) == "-"
    assert format_timestamp(10**20) == "-"


def test_cells_escape_and_fit() -> None:
    assert escape_controls("a\nb\tc\x1b") == "a\\nb\\tc\\x1b"
    assert escape_controls("a\u2028b\u202e") == "a\\u2028b\\u202e"
    assert escape_controls("中文　全角") == "中文　全角"
    assert fit("abcdef", 4) == "abc…"
    assert fit("中文中文", 5) == "中文…"
    assert type_width("DECIMAL(10, 2) NOT NULL") == 12
    assert type_width("TIMESTAMP(3)") == 23
    assert type_width("STRING") is None
