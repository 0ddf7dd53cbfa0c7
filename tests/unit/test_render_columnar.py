"""The column-wise page path of the plain, tableau and JSON writers gives exactly the text of their per-row path.

The per-row path is the reference (it measures, escapes and converts value by value); the column-wise path is
the fast one a million-row stream takes (bench/README.md, "Result stream"). Any value the fast path cannot
handle must fall back, never print differently: NULLs, CJK, control characters, booleans, nested values, NaN,
a DECIMAL column that mixes ints and floats, rows shorter than the columns, change kinds of another length.
"""

from __future__ import annotations

import io
import json
import math
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cdcshell.render import jsonlines, plain, tableau
from cdcshell.render.jsonlines import encoded_column
from cdcshell.render.output import make_writer


@dataclass
class Col:
    name: str
    type: str


COLS = [
    Col("id", "BIGINT"),
    Col("name", "STRING"),
    Col("amount", "DECIMAL(10, 2)"),
    Col("ok", "BOOLEAN"),
    Col("tags", "ARRAY<STRING>"),
    Col("at", "TIMESTAMP(3)"),
]

texts = st.one_of(
    st.text(alphabet=st.characters(codec="utf-8"), max_size=8),
    st.sampled_from(
        ["plain", "中文", "tab\there", "esc\x1b[31m", "2026-01-01T12:00:00.123", "{}", "}{", '"q"']
    ),
)
values: dict[str, st.SearchStrategy[Any]] = {
    "id": st.one_of(st.none(), st.integers(-(2**70), 2**70)),
    "name": st.one_of(st.none(), texts),
    "amount": st.one_of(
        st.none(), st.integers(-(10**8), 10**8), st.floats(allow_nan=True, allow_infinity=True)
    ),
    "ok": st.one_of(st.none(), st.booleans()),
    "tags": st.one_of(st.none(), st.lists(texts, max_size=3)),
    "at": st.one_of(
        st.none(), st.sampled_from(["2026-12-03T09:00:00.123", "2026-12-03T09:00:00", "x\ny"]), texts
    ),
}
row = st.tuples(
    st.sampled_from(["+I", "-U", "+U", "-D", "INSERT?"]),
    st.fixed_dictionaries(values).map(lambda d: [d[c.name] for c in COLS]),
)
pages = st.lists(st.lists(row, min_size=1, max_size=12), min_size=1, max_size=3)


def render(fmt: str, page_list: list[list[tuple[str, list[Any]]]], *, changelog: bool) -> str:
    out = io.StringIO()
    writer = make_writer(fmt, out, color=False, streaming=True)
    writer.start(COLS, changelog=changelog)
    for page in page_list:
        writer.rows([(kind, list(fields)) for kind, fields in page])
    writer.finish()
    return out.getvalue()


def both(fmt: str, page_list: list[list[tuple[str, list[Any]]]], changelog: bool) -> tuple[str, str]:
    """(column-wise output, per-row reference output) of the same pages."""
    fast = render(fmt, page_list, changelog=changelog)
    mp = pytest.MonkeyPatch()
    try:
        for module in (plain, tableau, jsonlines):
            mp.setattr(module, "page_columns", lambda page, width: None)
        reference = render(fmt, page_list, changelog=changelog)
    finally:
        mp.undo()
    return fast, reference


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(page_list=pages, changelog=st.booleans(), fmt=st.sampled_from(["plain", "table", "json"]))
def test_column_wise_pages_print_what_the_per_row_path_prints(
    page_list: list[list[tuple[str, list[Any]]]], changelog: bool, fmt: str
) -> None:
    fast, reference = both(fmt, page_list, changelog)
    assert fast == reference


@pytest.mark.parametrize("fmt", ["plain", "table", "json"])
def test_a_short_row_falls_back_and_still_prints_every_row(fmt: str) -> None:
    page = [("+I", [1, "a", 1.5, True, [], "2026-01-01T00:00:00"]), ("+I", [2, "b"])]
    fast, reference = both(fmt, [page], True)
    assert fast == reference
    assert len([line for line in fast.splitlines() if "+I" in line]) == 2


def test_the_fast_path_is_taken_for_a_typical_page() -> None:
    """The equality tests would pass if the fast path were never taken; this one shows it is."""
    page = [("+I", [i, f"c{i}", i + 0.25, None, None, "2026-01-01T00:00:00.001"]) for i in range(50)]
    calls: list[int] = []
    original = plain.page_columns

    def spy(p: Any, width: int) -> Any:
        result = original(p, width)
        calls.append(0 if result is None else len(result))
        return result

    mp = pytest.MonkeyPatch()
    mp.setattr(plain, "page_columns", spy)
    try:
        text = render("plain", [page], changelog=True)
    finally:
        mp.undo()
    assert calls == [len(COLS)]
    assert "2026-01-01 00:00:00.001" in text


@pytest.mark.parametrize(
    "column",
    [
        ["a", "b\n\u2028x", None],
        [1, 2.5, None, 3],
        [1.0, math.nan],
        [True, 1],
        [None, None],
        [{"a": 1}, None],
        [-0.0, 1e300, 2**70],
        [None, math.inf],
    ],
)
def test_a_column_is_encoded_as_json_encodes_each_value(column: list[Any]) -> None:
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=str).encode
    assert encoded_column(column, encode) == [encode(v) for v in column]


def test_column_names_with_braces_and_quotes_are_json_keys_as_the_encoder_writes_them() -> None:
    columns = [Col('a{b}"c', "STRING"), Col("{0}", "INT"), Col("op", "INT")]
    page = [("+I", ["x", 1, 2]), ("-D", [None, None, 3])]
    outputs = []
    for by_row in (False, True):
        mp = pytest.MonkeyPatch()
        if by_row:
            mp.setattr(jsonlines, "page_columns", lambda page, width: None)
        try:
            out = io.StringIO()
            writer = make_writer("json", out, color=False, streaming=True)
            writer.start(columns, changelog=True)
            writer.rows(page)
            writer.finish()
        finally:
            mp.undo()
        outputs.append(out.getvalue())
    assert outputs[0] == outputs[1]
    assert json.loads(outputs[0].splitlines()[0]) == {"op": "+I", 'a{b}"c': "x", "{0}": 1, "op_2": 2}
