"""A small declarative decoder from the JobManager's JSON to frozen dataclasses.

Each model field names its JSON member (or a dotted path into a nested object, or several spellings tried in
order) and a converter, in the field's metadata; :func:`decode` walks the fields. One converter per kind of
value (epoch time, count, percentile, nested model) absorbs the API's quirks in one place instead of in one
hand-written ``raw.get`` per field — and a field added to a model is one line.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import MISSING, field, fields
from typing import Any, TypeVar

T = TypeVar("T")
Convert = Callable[[Any], Any]


def as_int(value: Any) -> int | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def as_count(value: Any) -> int:
    """A count that the API may omit: 0 when unknown."""
    return as_int(value) or 0


def as_time(value: Any) -> int | None:
    """Epoch millis; Flink writes -1 (and sometimes 0) for "not yet"."""
    number = as_int(value)
    return number if number is not None and number > 0 else None


def as_float(value: Any) -> float | None:
    """A statistic; the API writes ``"NaN"`` for "not known"."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def as_text(value: Any) -> str:
    return "" if value is None else str(value)


def as_upper(value: Any) -> str:
    return as_text(value).upper()


def as_optional(value: Any) -> Any:
    """Passed through as the server wrote it (an optional string or flag)."""
    return value


def as_flag(default: bool = False) -> Convert:
    def convert(value: Any) -> bool:
        return default if value is None else bool(value)

    return convert


def as_counts_map(value: Any) -> dict[str, int]:
    return {str(k): as_count(v) for k, v in (value or {}).items()} if isinstance(value, Mapping) else {}


def as_flags_map(value: Any) -> dict[str, bool]:
    return {str(k): bool(v) for k, v in (value or {}).items()} if isinstance(value, Mapping) else {}


def nested(model: type[T]) -> Callable[[Any], T | None]:
    """A nested object decoded as `model`; None when the member is missing or not an object."""

    def convert(value: Any) -> T | None:
        return decode(model, value) if isinstance(value, Mapping) else None

    return convert


def nested_or_empty(model: type[T]) -> Callable[[Any], T]:
    """A nested object decoded as `model`, an empty object standing in for a missing one."""

    def convert(value: Any) -> T:
        return decode(model, value if isinstance(value, Mapping) else {})

    return convert


def list_of(model: type[T]) -> Callable[[Any], list[T]]:
    def convert(value: Any) -> list[T]:
        return [decode(model, v) for v in value or [] if isinstance(v, Mapping)]

    return convert


def map_of(model: type[T]) -> Callable[[Any], dict[str, T]]:
    def convert(value: Any) -> dict[str, T]:
        items = value.items() if isinstance(value, Mapping) else ()
        return {str(k): decode(model, v if isinstance(v, Mapping) else {}) for k, v in items}

    return convert


def wire(
    name: str | tuple[str, ...],
    convert: Convert = as_optional,
    *,
    default: Any = MISSING,
    compare: bool = True,
    repr: bool = True,
) -> Any:
    """A dataclass field read from JSON member `name` (``"a.b"`` reads a nested member; a tuple tries each
    spelling in turn) through `convert`."""
    names = (name,) if isinstance(name, str) else name
    meta = {"wire": (names, convert)}
    if default is MISSING:
        return field(metadata=meta, compare=compare, repr=repr)
    if isinstance(default, (list, dict)):
        return field(default_factory=type(default), metadata=meta, compare=compare, repr=repr)
    return field(default=default, metadata=meta, compare=compare, repr=repr)


def _lookup(raw: Mapping[str, Any], names: tuple[str, ...]) -> Any:
    for name in names:
        value: Any = raw
        for part in name.split("."):
            value = value.get(part) if isinstance(value, Mapping) else None
        if value is not None:
            return value
    return None


def decode(model: type[T], raw: Mapping[str, Any], **given: Any) -> T:
    """An instance of `model` from `raw`; fields without a wire name come from `given` or their default."""
    values: dict[str, Any] = dict(given)
    for f in fields(model):  # type: ignore[arg-type]
        spec = f.metadata.get("wire")
        if spec is None or f.name in values:
            continue
        names, convert = spec
        values[f.name] = convert(_lookup(raw, names))
    return model(**values)
