"""Turning one JSON value from the gateway into the text of one cell, and measuring it.

Conversions are chosen once per column from the column's SQL type, not once per value: a million-row CSV
export must cost little more than `csv.writer` itself, so columns whose values are already what the output
wants (strings, numbers, NULLs) pass through untouched and only BOOLEAN and nested types pay for a conversion.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Sequence
from decimal import Decimal
from operator import methodcaller
from typing import Any, NamedTuple, Protocol

from cdcshell.textwidth import cell_width as cell_width  # re-exported: the views measure with it
from cdcshell.textwidth import char_width

NULL_TEXT = "NULL"
ELLIPSIS = "…"


class ColumnLike(Protocol):
    """What the renderers need to know about a result column; the gateway's `Column` fits."""

    @property
    def name(self) -> str: ...

    @property
    def type(self) -> str: ...


# Roots of type names, both as Flink prints them in DDL (`INT`, `TIMESTAMP(3)`) and as the gateway's JSON
# logical types spell them (`INTEGER`, `TIMESTAMP_WITHOUT_TIME_ZONE`).
NUMERIC_ROOTS = frozenset(
    {
        "TINYINT",
        "SMALLINT",
        "INT",
        "INTEGER",
        "BIGINT",
        "FLOAT",
        "DOUBLE",
        "REAL",
        "DECIMAL",
        "DEC",
        "NUMERIC",
    }
)
_TEXTUAL_ROOTS = frozenset(
    {
        "CHAR",
        "VARCHAR",
        "STRING",
        "CHARACTER",
        "DATE",
        "TIME",
        "TIMESTAMP",
        "TIMESTAMP_LTZ",
        "TIMESTAMP_WITHOUT_TIME_ZONE",
        "TIMESTAMP_WITH_LOCAL_TIME_ZONE",
        "TIMESTAMP_WITH_TIME_ZONE",
        "TIME_WITHOUT_TIME_ZONE",
        "INTERVAL",
        "INTERVAL_YEAR_MONTH",
        "INTERVAL_DAY_TIME",
    }
)
# Columns of these types only ever hold str, int, float or None, so outputs that accept those may skip
# conversion entirely.
PASS_THROUGH_ROOTS = NUMERIC_ROOTS | _TEXTUAL_ROOTS

_ROOT = re.compile(r"\s*([A-Za-z_]+)")
_PARAMS = re.compile(r"\(\s*(\d+)(?:\s*,\s*(\d+))?\s*\)")


def type_root(type_text: str) -> str:
    """`'DECIMAL(10, 2) NOT NULL'` → `'DECIMAL'`; unknown shapes give `''`."""
    m = _ROOT.match(type_text or "")
    return m.group(1).upper() if m else ""


def is_numeric(type_text: str) -> bool:
    return type_root(type_text) in NUMERIC_ROOTS


def passes_through(type_text: str) -> bool:
    return type_root(type_text) in PASS_THROUGH_ROOTS


_FIXED_WIDTHS = {
    "BOOLEAN": 5,
    "TINYINT": 4,
    "SMALLINT": 6,
    "INT": 11,
    "INTEGER": 11,
    "BIGINT": 20,
    "DATE": 10,
    "TIME": 8,
    "TIME_WITHOUT_TIME_ZONE": 8,
}


def type_width(type_text: str) -> int | None:
    """The widest text a value of this type can have, when that is known and small; else None.

    Fixed-width columns in a stream must not grow after the first page, so types that bound their values
    (numbers, dates, short CHARs) size their column up front the way Flink's tableau mode does.
    """
    root = type_root(type_text)
    if root in _FIXED_WIDTHS:
        return _FIXED_WIDTHS[root]
    params = _PARAMS.search(type_text or "")
    if root in {"DECIMAL", "DEC", "NUMERIC"}:
        precision = int(params.group(1)) if params else 10
        return precision + 2
    if root.startswith("TIMESTAMP"):
        precision = int(params.group(1)) if params else 6
        return 19 + (precision + 1 if precision else 0)
    if root in {"CHAR", "VARCHAR", "CHARACTER"} and params:
        return int(params.group(1))
    return None


# --- escaping ------------------------------------------------------------------------------------------------

# Control characters in data must not reach a terminal raw (an ESC in a value could rewrite the screen), and
# one row must stay one line so that the output remains greppable.
_CONTROL_ESCAPES = {i: f"\\x{i:02x}" for i in [*range(0x20), *range(0x7F, 0xA0)]}
_CONTROL_ESCAPES.update({ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t"})


_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _escape_char(ch: str) -> str:
    # Line/paragraph separators break lines for many tools; lone surrogates cannot even be encoded as UTF-8
    # (writing one would crash the output); bidi overrides can make text read differently than it is.
    category = unicodedata.category(ch)
    if category in ("Zl", "Zp", "Cs") or ch in _BIDI_CONTROLS:
        code = ord(ch)
        return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"
    return ch


def escape_controls(text: str) -> str:
    # isprintable() is a fast C scan that is True for the vast majority of values.
    if text.isprintable():
        return text
    text = text.translate(_CONTROL_ESCAPES)
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else _escape_char(ch) for ch in text)


def nested_json(value: Any) -> str:
    """Nested values (ARRAY, MAP, ROW) as JSON text: unambiguous and readable by other tools."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)


# --- per-column converters -------------------------------------------------------------------------------------


def display_text(value: Any) -> str:
    """Any gateway value as one line of human-readable text (NULL, TRUE/FALSE as Flink prints them)."""
    if value is None:
        return NULL_TEXT
    if value is True:
        return "TRUE"
    if value is False:
        return "FALSE"
    if isinstance(value, str):
        return escape_controls(value)
    if isinstance(value, (int, float, Decimal)):
        return str(value)
    return escape_controls(nested_json(value))


def _display_string(value: Any) -> str:
    if value.__class__ is str:
        return value if value.isprintable() else escape_controls(value)
    return display_text(value)


def _display_number(value: Any) -> str:
    if value is None:
        return NULL_TEXT
    if value.__class__ in (int, float):
        return str(value)
    return display_text(value)


def _display_timestamp(value: Any) -> str:
    # The gateway sends ISO 8601 ("2026-01-01T12:00:00.123"); people read Flink's own "2026-01-01 12:00:00.123".
    if value.__class__ is str:
        return escape_controls(value.replace("T", " ", 1))
    return display_text(value)


# The same conversion at C speed for a column of printable strings; raises (AttributeError) on a NULL, so the
# column falls back to `_display_timestamp`. Escaping is left to the writers' check of the finished line.
_FAST_COLUMN_CONVERTERS: dict[Callable[[Any], str], Callable[[Any], str]] = {
    _display_timestamp: methodcaller("replace", "T", " ", 1),
}


def fast_column_converter(convert: Callable[[Any], str]) -> Callable[[Any], str] | None:
    """A C-level stand-in for `convert` over a whole column (see `render.columnar.convert_column`), if any.

    Only for writers that check every finished line for control and wide characters and redo such a line
    with the full converters: the stand-in does not escape."""
    return _FAST_COLUMN_CONVERTERS.get(convert)


def display_converter(type_text: str) -> Callable[[Any], str]:
    """The cheapest converter that is still right for every value a column of this type can hold."""
    root = type_root(type_text)
    if root in NUMERIC_ROOTS:
        return _display_number
    if root.startswith("TIMESTAMP"):
        return _display_timestamp
    if root in _TEXTUAL_ROOTS:
        return _display_string
    return display_text


def display_formats_as_is(type_text: str) -> bool:
    """Whether values of this type (other than NULL) already read right when formatted with str.format —
    what lets the plain and stream writers skip per-value conversion for most columns."""
    root = type_root(type_text)
    return root in PASS_THROUGH_ROOTS and not root.startswith("TIMESTAMP")


class ColumnDisplay(NamedTuple):
    """How the table writers (plain, tableau) show a result's columns, chosen once when the result starts."""

    names: list[str]  # control characters escaped
    types: list[str]
    converters: list[Callable[[Any], str]]
    right: list[bool]  # numbers align right
    convert: list[
        tuple[int, Callable[[Any], str]]
    ]  # the columns whose values cannot be formatted as they come


def column_display(columns: Sequence[ColumnLike]) -> ColumnDisplay:
    types = [str(c.type) for c in columns]
    converters = [display_converter(t) for t in types]
    return ColumnDisplay(
        names=[escape_controls(str(c.name)) for c in columns],
        types=types,
        converters=converters,
        right=[is_numeric(t) for t in types],
        # BOOLEAN, nested and unknown types
        convert=[
            (i, conv)
            for i, (t, conv) in enumerate(zip(types, converters, strict=False))
            if not display_formats_as_is(t)
        ],
    )


def machine_text(value: Any) -> Any:
    """A value for CSV/TSV: NULL as empty, booleans as true/false (as in JSON), nested values as JSON."""
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, (str, int, float)):
        return value
    return nested_json(value)


# --- measuring -------------------------------------------------------------------------------------------------


def fit(text: str, width: int) -> str:
    """`text` cut to at most `width` terminal columns, marking a cut with an ellipsis."""
    if text.isascii():
        if len(text) <= width:
            return text
        return text[: max(width - 1, 0)] + ELLIPSIS if width > 0 else ""
    if cell_width(text) <= width:
        return text
    if width <= 0:
        return ""
    used = 0
    out: list[str] = []
    for ch in text:
        w = char_width(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + ELLIPSIS


def pad(text: str, width: int, *, right: bool) -> str:
    """`text` padded with spaces to `width` terminal columns (never cut)."""
    missing = width - cell_width(text)
    if missing <= 0:
        return text
    return " " * missing + text if right else text + " " * missing
