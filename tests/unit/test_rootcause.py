"""reduce_trace on traces captured from a real Flink 1.20.3 SQL Gateway (tests/unit/fixtures/traces)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cdcshell.gateway.rootcause import reduce_trace, server_error_text

TRACES = Path(__file__).parent / "fixtures" / "traces"


def trace(name: str) -> str:
    return (TRACES / f"{name}.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "exception", "text", "position"),
    [
        ("unknown_table", "SqlValidatorException", "Object 'nope' not found", (1, 15, 1, 18)),
        ("unknown_column", "SqlValidatorException", "Column 'nocol' not found in any table", (1, 8, 1, 12)),
        (
            "parse_error_multiline",
            "ParseException",
            "Incorrect syntax near the keyword 'AND' at line 3, column 16.",
            (3, 16, None, None),
        ),
        (
            "parse_error",
            "CalciteException",
            "Non-query expression encountered in illegal context",
            (None, None, None, None),
        ),
        (
            "missing_option",
            "ValidationException",
            "One or more required options are missing. Missing required options are: path",
            (None, None, None, None),
        ),
        (
            "unknown_connector",
            "ValidationException",
            "Could not find any factory for identifier 'nosuch' that implements "
            "'org.apache.flink.table.factories.DynamicTableFactory' in the classpath. "
            "Available factory identifiers are: blackhole, datagen, filesystem, print, python-input-format",
            (None, None, None, None),
        ),
        (
            "class_not_found",
            "ClassNotFoundException",
            "ClassNotFoundException: com.example.NoSuchFn",
            (None, None, None, None),
        ),
        (
            "runtime_div_zero",
            "NumberFormatException",
            "NumberFormatException: For input string: 'abc'. Invalid character found.",
            (None, None, None, None),
        ),
        ("runtime_fail2", "ArithmeticException", "ArithmeticException: / by zero", (None, None, None, None)),
        (
            "session_not_found",
            "SqlGatewayException",
            "Session '00000000-0000-0000-0000-000000000000' does not exist.",
            (None, None, None, None),
        ),
    ],
)
def test_real_traces_reduce_to_their_innermost_cause(name, exception, text, position):
    root = reduce_trace(trace(name))
    assert root.exception == exception
    assert root.message == root.text == text
    assert (root.line, root.column, root.end_line, root.end_column) == position
    assert "\n" not in root.text


def test_parser_noise_is_dropped():
    root = reduce_trace(trace("parse_error_multiline"))
    assert "Was expecting" not in root.message
    assert '"CURSOR"' not in root.message


def test_qualified_name_is_kept():
    root = reduce_trace(trace("unknown_table"))
    assert root.qualified_exception == "org.apache.calcite.sql.validate.SqlValidatorException"


def test_message_without_range_prefix():
    root = reduce_trace(trace("unknown_column"))
    assert not root.message.startswith("From line")


def test_server_error_text_drops_generic_first_line():
    assert server_error_text(["Internal server error.", "<Exception on server side:\nX\n>"]) == (
        "<Exception on server side:\nX\n>"
    )
    assert server_error_text(["Internal server error."]) == "Internal server error."


def test_plain_text_without_exception():
    root = reduce_trace("Not found: /v3/nothing")
    assert root.message == "Not found: /v3/nothing"
    assert root.line is None


def test_empty_text():
    root = reduce_trace("")
    assert root.text == ""


def test_exception_without_message_shows_class():
    root = reduce_trace(
        "java.lang.RuntimeException: outer\n\tat a.b(C.java:1)\nCaused by: java.lang.NullPointerException\n\tat x"
    )
    assert root.exception == "NullPointerException"
    assert root.text == "NullPointerException"


def test_long_message_is_capped():
    root = reduce_trace("Caused by: a.BException: " + "x" * 2000)
    assert len(root.message) <= 400
    assert root.message.endswith("…")


def test_suppressed_blocks_do_not_become_the_cause():
    text = (
        "a.TopException: top\n\tat f(F.java:1)\n\tSuppressed: b.OtherException: noise\n\t\tat g(G.java:2)\n"
        "Caused by: c.RealException: the real reason\n\tat h(H.java:3)\n"
    )
    assert reduce_trace(text).message == "the real reason"
