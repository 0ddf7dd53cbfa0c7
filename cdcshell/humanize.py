"""Durations, sizes and instants as people read them, for the checkpoint and job views.

Every helper accepts the "unknown" values the JobManager REST API uses (None, -1) and shows them as `-`
rather than as a nonsense date in 1970 or a negative size.
"""

from __future__ import annotations

import datetime as _dt

UNKNOWN = "-"
_BYTE_UNITS = ("KiB", "MiB", "GiB", "TiB", "PiB", "EiB")


def format_duration(seconds: float | None) -> str:
    """`0.0123` → "12 ms", `4.5` → "4.50 s", `125` → "2 min 5 s", `7380` → "2 h 3 min", `90000` → "1 d 1 h"."""
    if seconds is None or seconds != seconds or seconds < 0:  # None, NaN, or the -1 of "not known"
        return UNKNOWN
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms"
    if seconds < 10:
        return f"{seconds:.2f} s"
    if seconds < 60:
        return f"{seconds:.1f} s"
    whole = int(seconds)
    if whole < 3600:
        return f"{whole // 60} min {whole % 60} s"
    if whole < 86400:
        return f"{whole // 3600} h {whole % 3600 // 60} min"
    return f"{whole // 86400} d {whole % 86400 // 3600} h"


def format_bytes(n: int | float | None) -> str:
    """Binary units, because checkpoint sizes on disk and in memory are powers of two: `1536` → "1.5 KiB"."""
    if n is None or n != n or n < 0:
        return UNKNOWN
    if n < 1024:
        return f"{int(n)} B"
    value = float(n)
    for unit in _BYTE_UNITS:
        value /= 1024
        if value < 1024 or unit == _BYTE_UNITS[-1]:
            return f"{value:.1f} {unit}"
    raise AssertionError("unreachable")


def format_timestamp(
    epoch_ms: int | float | None, *, tz: _dt.tzinfo | None = None, millis: bool = False
) -> str:
    """Milliseconds since the epoch as local (or `tz`) wall-clock time, "2026-11-25 15:47:44".

    Zero and negative values are what Flink reports for "never happened", so they show as `-`.
    """
    if epoch_ms is None or epoch_ms != epoch_ms or epoch_ms <= 0:
        return UNKNOWN
    try:
        moment = _dt.datetime.fromtimestamp(epoch_ms / 1000, tz=tz or _dt.timezone.utc)
    except (OverflowError, OSError, ValueError):
        return UNKNOWN
    if tz is None:
        moment = moment.astimezone()  # the machine's local zone
    text = moment.strftime("%Y-%m-%d %H:%M:%S")
    return f"{text}.{moment.microsecond // 1000:03d}" if millis else text


def format_millis(value: float | None) -> str:
    """A duration the JobManager gives in milliseconds, read like :func:`format_duration`."""
    return format_duration(None if value is None else value / 1000)
