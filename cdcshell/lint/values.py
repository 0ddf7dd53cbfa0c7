"""Parsing configuration values the way Flink does, so a value Flink would reject is caught before the job is.

Flink's rules (`TimeUtils.parseDuration`, `MemorySize.parse`, `ConfigurationUtils.convertToEnum`): a duration is
a number with an optional unit (no unit means milliseconds), a memory size a number with an optional unit (no
unit means bytes), booleans are `true`/`false` in any case, enums match their constant name in any case.
"""

from __future__ import annotations

import re

_names: tuple[str, ...]
_DURATION_UNITS: dict[str, float] = {}
for _names, _seconds in (
    (("d", "day", "days"), 86400.0),
    (("h", "hour", "hours"), 3600.0),
    (("min", "m", "minute", "minutes"), 60.0),
    (("s", "sec", "secs", "second", "seconds"), 1.0),
    (("ms", "milli", "millis", "millisecond", "milliseconds"), 1e-3),
    (("µs", "micro", "micros", "microsecond", "microseconds"), 1e-6),
    (("ns", "nano", "nanos", "nanosecond", "nanoseconds"), 1e-9),
):
    for _n in _names:
        _DURATION_UNITS[_n] = _seconds

_MEMORY_UNITS: dict[str, int] = {}
for _names, _bytes in (
    (("b", "bytes"), 1),
    (("k", "kb", "kibibytes"), 1 << 10),
    (("m", "mb", "mebibytes"), 1 << 20),
    (("g", "gb", "gibibytes"), 1 << 30),
    (("t", "tb", "tebibytes"), 1 << 40),
):
    for _n in _names:
        _MEMORY_UNITS[_n] = _bytes

_NUM_UNIT = re.compile(r"^\s*(\d+)\s*([^\d\s]*)\s*$")

DURATION_FORMATS = "'500 ms', '30 s', '10 min', '1 h', '2 d' (a number alone is milliseconds)"
MEMORY_FORMATS = "'512 mb', '1 gb', '64 kb', '1024' (a number alone is bytes)"
BOOLEAN_FORMATS = "'true', 'false'"


def parse_duration(value: str) -> float | None:
    """Seconds, or None when Flink would not accept the text as a Duration."""
    m = _NUM_UNIT.match(value)
    if not m:
        return None
    number, unit = m.groups()
    unit = unit.lower()
    if not unit:
        return int(number) / 1000.0
    factor = _DURATION_UNITS.get(unit)
    return None if factor is None else int(number) * factor


def parse_memory(value: str) -> int | None:
    m = _NUM_UNIT.match(value)
    if not m:
        return None
    number, unit = m.groups()
    factor = _MEMORY_UNITS.get(unit.lower()) if unit else 1
    return None if factor is None else int(number) * factor


def parse_bool(value: str) -> bool | None:
    low = value.strip().lower()
    if low == "true":
        return True
    if low == "false":
        return False
    return None


def format_seconds(seconds: float) -> str:
    """A duration as a person would write it in a SET: '90 s' → '90 s', 600 → '10 min'."""
    if seconds >= 86400 and seconds % 86400 == 0:
        return f"{int(seconds // 86400)} d"
    if seconds >= 3600 and seconds % 3600 == 0:
        return f"{int(seconds // 3600)} h"
    if seconds >= 60 and seconds % 60 == 0:
        return f"{int(seconds // 60)} min"
    if seconds >= 1 and float(seconds).is_integer():
        return f"{int(seconds)} s"
    return f"{round(seconds * 1000)} ms"


def check_value(type_name: str, value: str, enum_values: tuple[str, ...] = ()) -> str | None:
    """None when `value` parses as `type_name`; else the accepted formats, to show the user."""
    t = type_name.strip()
    v = value.strip()
    if t == "Duration":
        return None if parse_duration(v) is not None else DURATION_FORMATS
    if t == "MemorySize":
        return None if parse_memory(v) is not None else MEMORY_FORMATS
    if t == "Boolean":
        return None if parse_bool(v) is not None else BOOLEAN_FORMATS
    if t in ("Integer", "Long"):
        return None if re.fullmatch(r"[+-]?\d+", v) else "an integer, e.g. '4'"
    if t in ("Double", "Float"):
        try:
            float(v)
            return None
        except ValueError:
            return "a number, e.g. '0.5'"
    if (t == "Enum" or enum_values) and enum_values:
        if v.lower() in {e.lower() for e in enum_values}:
            return None
        return ", ".join(f"'{e}'" for e in enum_values)
    return None
