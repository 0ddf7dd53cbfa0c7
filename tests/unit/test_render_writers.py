"""Result writers: what each format puts on the page, for insert-only results and changelogs."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cdcshell.render.cells import cell_width
from cdcshell.render.output import make_writer
from cdcshell.render.table import TableWriter


@dataclass
class Col:
    name: str
    type: str
    nullable: bool = True


COLS = [
    Col("id", "BIGINT"),
    Col("name", "STRING"),
    Col("amount", "DECIMAL(10, 2)"),
    Col("ok", "BOOLEAN"),
    Col("tags", "ARRAY<STRING>"),
]
ROWS = [
    ("+I", [1, "alice", 12.5, True, ["a", "b"]]),
    ("-U", [2, "bob", None, False, None]),
    ("+U", [3, "中文名字", 3.25, None, []]),
]


def render(fmt: str, rows=ROWS, *, changelog: bool = False, color: bool = False, **kw) -> str:
    out = io.StringIO()
    w = make_writer(fmt, out, color=color, **kw)
    w.start(COLS, changelog=changelog)
    w.rows(list(rows))
    w.finish(elapsed=0.123)
    assert w.row_count == len(rows)
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["table", "plain", "csv", "tsv", "json"])
@pytest.mark.parametrize("changelog", [False, True])
@pytest.mark.parametrize("streaming", [False, True])
def test_no_escape_codes_without_colour(fmt: str, changelog: bool, streaming: bool) -> None:
    text = render(fmt, changelog=changelog, streaming=streaming)
    assert "\x1b" not in text
    assert "alice" in text


def test_colour_marks_change_kinds_in_a_stream() -> None:
    text = render("table", changelog=True, color=True, streaming=True)
    assert "\x1b[32m+I" in text and "\x1b[33m-U" in text and "\x1b[36m+U" in text


def test_csv_has_no_carriage_returns_by_default_and_crlf_on_request() -> None:
    rows = [("+I", [i, f"n{i}", None, i % 2 == 0, None]) for i in range(5)]
    plain = render("csv", rows)
    assert "\r" not in plain
    assert plain.count("\n") == 6  # header + 5 rows, each ending in a bare `\n`, as psql --csv writes
    crlf = render("csv", rows, crlf=True)
    assert crlf.count("\r\n") == 6 and crlf.replace("\r\n", "\n") == plain
    assert "\r" not in render("csv", rows, changelog=True, streaming=True)
    # A `\r` inside a value is data: quoted, so that every reader keeps the row whole; the line end stays `\n`.
    text = render("csv", [("+I", [1, "a\rb", None, True, None])])
    assert text.endswith('1,"a\rb",,true,\n')
    assert list(csv.reader(io.StringIO(text, newline="")))[1][1] == "a\rb"


def test_csv_is_rfc4180_with_nulls_empty_and_nested_as_json() -> None:
    text = render("csv", [("+I", [1, 'say "hi",\nbye', None, True, {"k": [1, 2]}])])
    assert "\r" not in text  # RFC 4180 quoting, `\n` line ends (issue 18: pipes carry no `\r`)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == ["id", "name", "amount", "ok", "tags"]
    assert rows[1] == ["1", 'say "hi",\nbye', "", "true", '{"k":[1,2]}']
    assert len(rows) == 2  # no footer inside the data


def test_csv_changelog_has_op_column_first() -> None:
    rows = list(csv.reader(io.StringIO(render("csv", changelog=True), newline="")))
    assert rows[0][0] == "op"
    assert [r[0] for r in rows[1:]] == ["+I", "-U", "+U"]
    rows = list(csv.reader(io.StringIO(render("csv"), newline="")))
    assert rows[0][0] == "id"


def test_tsv_escapes_tabs_and_newlines_keeping_one_row_per_line() -> None:
    text = render("tsv", [("+I", [1, "a\tb\nc\\d", None, False, None])])
    lines = text.splitlines()
    assert lines == ["id\tname\tamount\tok\ttags", "1\ta\\tb\\nc\\\\d\t\tfalse\t"]


def test_json_lines_op_only_for_changelogs_and_null_as_null() -> None:
    plain = [json.loads(line) for line in render("json").splitlines()]
    assert plain[1] == {"id": 2, "name": "bob", "amount": None, "ok": False, "tags": None}
    assert plain[2]["name"] == "中文名字"
    changes = [json.loads(line) for line in render("json", changelog=True).splitlines()]
    assert [c["op"] for c in changes] == ["+I", "-U", "+U"]
    assert list(changes[0]) == ["op", "id", "name", "amount", "ok", "tags"]


def test_json_keeps_duplicate_and_op_named_columns() -> None:
    out = io.StringIO()
    w = make_writer("json", out, color=False)
    w.start([Col("op", "STRING"), Col("a", "INT"), Col("a", "INT")], changelog=True)
    w.rows([("+I", ["x", 1, 2])])
    assert json.loads(out.getvalue()) == {"op": "+I", "op_2": "x", "a": 1, "a_2": 2}


def test_plain_shows_null_and_booleans_and_aligns_numbers_right() -> None:
    lines = render("plain").splitlines()
    assert lines[0].split() == ["id", "name", "amount", "ok", "tags"]
    assert lines[2].split() == ["2", "bob", "NULL", "FALSE", "NULL"]
    assert lines[-1] == "3 rows in set (0.12 s)"
    # amount is right-aligned: the values end in the same column
    assert lines[1].index("12.5") + 4 == lines[2].index("NULL") + 4
    assert not any(line.endswith(" ") for line in lines)


def test_plain_never_cuts_values_and_keeps_one_row_per_line() -> None:
    long = "x" * 500
    text = render(
        "plain", [("+I", [1, "short", 1.0, True, None]), ("+I", [2, long + "\n\x1b[2J", 2.0, True, None])]
    )
    lines = text.splitlines()
    assert len(lines) == 4  # header, 2 rows, footer
    assert long + "\\n\\x1b[2J" in lines[2]


def test_plain_changelog_puts_kind_first() -> None:
    lines = render("plain", changelog=True).splitlines()
    assert lines[0].split()[0] == "op"
    assert [line.split()[0] for line in lines[1:4]] == ["+I", "-U", "+U"]


def test_empty_result_says_empty_set() -> None:
    assert render("table", []) == "Empty set (0.12 s)\n"
    assert render("plain", []).strip() == "Empty set (0.12 s)"
    assert render("csv", []).strip() == "id,name,amount,ok,tags"
    assert render("json", []) == ""


def test_status_replaces_count_in_footer() -> None:
    out = io.StringIO()
    w = make_writer("plain", out, color=False)
    w.start(COLS, changelog=False)
    w.finish(status="Query cancelled.", elapsed=1.5)
    assert out.getvalue() == "Query cancelled. (1.50 s)\n"


def test_streaming_lines_have_equal_display_width_and_cut_long_values() -> None:
    rows = [
        *ROWS,
        ("-D", [4, "y" * 300, 1.0, True, {"a": "b" * 100}]),
        ("+I", [5, "宽" * 100, 0.5, False, [1]]),
    ]
    text = render("table", rows, changelog=True, streaming=True, max_width=70)
    lines = text.splitlines()
    body = lines[:-1]
    widths = {cell_width(line) for line in body}
    assert len(widths) == 1 and widths.pop() <= 70
    assert "…" in text
    assert lines[1].split("|")[1].strip() == "op"
    assert [line.split("|")[1].strip() for line in lines[3:8]] == ["+I", "-U", "+U", "-D", "+I"]


def test_streaming_prints_each_page_as_it_arrives() -> None:
    out = io.StringIO()
    w = make_writer("table", out, color=False, streaming=True)
    w.start(COLS, changelog=True)
    w.rows(ROWS[:1])
    first = out.getvalue()
    assert "alice" in first and "bob" not in first
    w.rows(ROWS[1:])
    assert "bob" in out.getvalue()


def test_table_draws_box_with_null_and_footer() -> None:
    text = render("table", max_width=100)
    assert text.splitlines()[0].startswith("+")
    assert "NULL" in text and "中文名字" in text
    assert text.endswith("3 rows in set (0.12 s)\n")


def test_table_switches_to_stream_beyond_buffer_limit_and_keeps_every_row() -> None:
    out = io.StringIO()
    w = TableWriter(out, color=False, buffer_limit=10)
    w.start(COLS, changelog=False)
    for page in range(5):
        w.rows(("+I", [page * 10 + i, f"n{page * 10 + i}", 1.0, True, None]) for i in range(10))
        assert len(w._buffer) <= 10  # memory does not grow with rows
    w.finish()
    text = out.getvalue()
    assert "More than 10 rows" in text
    for n in range(50):
        assert f" n{n} " in text
    assert text.endswith("50 rows in set\n")


def test_table_does_not_interpret_markup_in_values() -> None:
    text = render("table", [("+I", [1, "[bold]x[/bold] :smile:", 1.0, True, None])], max_width=100)
    assert "[bold]x[/bold] :smile:" in text


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["+I", "-U", "+U", "-D"]), st.text(max_size=30)), max_size=20))
def test_any_text_round_trips_through_csv_and_json(rows: list[tuple[str, str]]) -> None:
    cols = [Col("s", "STRING")]
    for fmt in ("csv", "json"):
        out = io.StringIO(newline="")
        w = make_writer(fmt, out, color=False)
        w.start(cols, changelog=True)
        w.rows([(k, [s]) for k, s in rows])
        w.finish()
        if fmt == "csv":
            parsed = list(csv.reader(io.StringIO(out.getvalue(), newline="")))[1:]
            assert parsed == [[k, s] for k, s in rows]
        else:
            parsed = [json.loads(line) for line in out.getvalue().split("\n") if line]
            assert parsed == [{"op": k, "s": s} for k, s in rows]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=40), min_size=1, max_size=10))
def test_plain_and_stream_print_one_line_per_row_whatever_the_text(values: list[str]) -> None:
    for fmt, streaming in (("plain", False), ("table", True)):
        out = io.StringIO()
        w = make_writer(fmt, out, color=False, streaming=streaming, max_width=60)
        w.start([Col("s", "STRING")], changelog=False)
        w.rows([("+I", [v]) for v in values])
        w.finish()
        extra = 2 if fmt == "plain" else 5  # header+footer; borders
        assert len(out.getvalue().splitlines()) == len(values) + extra


def test_timestamps_read_like_flink_and_decimals_like_numbers() -> None:
    from decimal import Decimal

    cols = [Col("ts", "TIMESTAMP(3) NOT NULL"), Col("d", "DECIMAL(38, 18)")]
    rows = [("+I", ["2026-01-01T12:00:00.123", Decimal("12345678901234567890.123456789012345678")])]
    for fmt, streaming in (("plain", False), ("table", True), ("table", False)):
        out = io.StringIO()
        w = make_writer(fmt, out, color=False, streaming=streaming, max_width=200)
        w.start(cols, changelog=False)
        w.rows(rows)
        w.finish()
        assert "2026-01-01 12:00:00.123" in out.getvalue()
        assert "12345678901234567890.123456789012345678" in out.getvalue()
    out = io.StringIO()
    w = make_writer("csv", out, color=False)
    w.start(cols, changelog=False)
    w.rows(rows)
    assert "2026-01-01T12:00:00.123,12345678901234567890.123456789012345678" in out.getvalue()


def test_stream_to_a_terminal_fits_its_width_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    import os
    import shutil

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(shutil, "get_terminal_size", lambda *a, **k: os.terminal_size((50, 20)))
    out = Tty()
    w = make_writer("table", out, color=False, streaming=True)
    w.start(COLS, changelog=True)
    w.rows([("+I", [1, "x" * 200, 1.0, True, None])])
    w.finish()
    assert max(cell_width(line) for line in out.getvalue().splitlines()) <= 50
