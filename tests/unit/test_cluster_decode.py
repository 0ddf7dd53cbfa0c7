"""The declarative decoder behind the cluster models: names, paths, spellings, converters, defaults."""

from __future__ import annotations

from dataclasses import dataclass

from cdcshell.cluster.decode import (
    as_count,
    as_flag,
    as_float,
    as_text,
    as_time,
    decode,
    list_of,
    nested,
    wire,
)


@dataclass(frozen=True)
class _Inner:
    n: int = wire("n", as_count)


@dataclass(frozen=True)
class _Outer:
    key: str
    name: str = wire(("job-name", "jobName"), as_text)
    started: int | None = wire("start-time", as_time)
    p99: float | None = wire("stats.p99", as_float)
    on: bool = wire("flags.on", as_flag(True))
    inner: _Inner | None = wire("inner", nested(_Inner))
    items: list[_Inner] = wire("items", list_of(_Inner), default=[])


def test_fields_are_read_by_name_path_and_spelling() -> None:
    raw = {
        "jobName": "j",
        "start-time": -1,
        "stats": {"p99": "NaN"},
        "inner": {"n": "3"},
        "items": [{"n": 1}, "junk", {}],
    }
    out = decode(_Outer, raw, key="k")
    assert out == _Outer("k", "j", None, None, True, _Inner(3), [_Inner(1), _Inner(0)])


def test_missing_members_take_the_converters_unknowns() -> None:
    out = decode(_Outer, {}, key="k")
    assert (out.name, out.started, out.on, out.inner, out.items) == ("", None, True, None, [])
