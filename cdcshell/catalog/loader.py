"""Load the generated completion catalog for a Flink version.

Loading is lazy and cached: nothing is read at import time, so the REPL draws its first prompt without waiting on
~0.5 MB of JSON; `preload()` warms the cache on a background thread once the prompt is up. A version without a
catalog of its own (1.19, 2.1, 1.20.9) falls back to the nearest one, and `fallback_notice()` says so — once.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from cdcshell.catalog.model import Catalog, ConnectorInfo, OptionInfo

DEFAULT_SERIES = "1.20"
_FILES = ("options.json", "connectors.json", "sql.json")
_VERSION = re.compile(r"^\s*v?(\d+)\.(\d+)(?:\.(\d+))?(?:[-.][0-9A-Za-z.-]*)?\s*$")
_noticed: set[str] = set()
_notice_lock = threading.Lock()


class CatalogError(Exception):
    """A catalog file that is missing or unreadable, or a version string that is not one."""


def completions_dir() -> Path:
    """Where the catalogs are: `$CDCSHELL_COMPLETIONS_DIR`, the source tree's `completions/`, or the copy
    shipped inside the package (`cdcshell/catalog/data/`)."""
    env = os.environ.get("CDCSHELL_COMPLETIONS_DIR")
    if env:
        return Path(env)
    here = Path(__file__).resolve().parent
    for candidate in (here.parent.parent / "completions", here / "data"):
        if (candidate / DEFAULT_SERIES / "options.json").is_file():
            return candidate
    return here.parent.parent / "completions"


def available_series() -> tuple[str, ...]:
    root = completions_dir()
    if not root.is_dir():
        return ()
    found = [p.name for p in root.iterdir() if p.is_dir() and (p / "options.json").is_file()]
    return tuple(sorted(found, key=_series_key))


def _series_key(series: str) -> tuple[int, int]:
    major, minor = series.split(".")[:2]
    return int(major), int(minor)


@dataclass(frozen=True)
class Resolution:
    requested: str
    series: str
    exact: bool  # False: `series` is the nearest catalog, not the requested version's own


def parse_version(version: str) -> tuple[int, int]:
    from cdcshell.i18n import t

    match = _VERSION.match(version)
    if not match:
        raise CatalogError(t("completion.bad_version", version=version))
    return int(match.group(1)), int(match.group(2))


def resolve_series(version: str | None) -> Resolution:
    """The catalog for `version`: its own series when we have one, else the nearest (same major first, then
    the closest minor; a tie goes to the older, more conservative catalog)."""
    if not version:
        return Resolution("", DEFAULT_SERIES, True)
    wanted = parse_version(version)
    series = available_series() or (DEFAULT_SERIES,)
    own = f"{wanted[0]}.{wanted[1]}"
    if own in series:
        return Resolution(version, own, True)

    def nearness(s: str) -> tuple[int, int, tuple[int, int]]:
        major, minor = _series_key(s)
        return abs(major - wanted[0]), abs(minor - wanted[1]) if major == wanted[0] else 0, (major, minor)

    best = min(series, key=nearness)
    return Resolution(version, best, False)


def fallback_notice(version: str | None) -> str | None:
    """The "using the nearest catalog" message for `version`, the first time only (None after, or when the
    version has its own catalog)."""
    resolution = resolve_series(version)
    if resolution.exact:
        return None
    with _notice_lock:
        if resolution.requested in _noticed:
            return None
        _noticed.add(resolution.requested)
    from cdcshell.i18n import t

    return t("completion.catalog_fallback", version=resolution.requested, series=resolution.series)


def load_catalog(version: str | None = None) -> Catalog:
    """The catalog for a Flink version ("1.20", "1.20.3", "2.2.1"; None: the default series)."""
    return _load_series(resolve_series(version).series)


def load_keywords(version: str | None = None) -> tuple[str, ...]:
    """The SQL keywords of a Flink version without building its whole catalog.

    Highlighting needs only the keywords (`sql.json`, ~15 KB) and asks for them in the UI thread while the
    first prompt is drawn; the full catalog (~450 KB of JSON turned into objects) would delay that prompt by
    tens of ms. Read once per series and cached, like the catalog.
    """
    return _keywords(resolve_series(version).series)


@cache
def _keywords(series: str) -> tuple[str, ...]:
    return tuple(_read(completions_dir() / series / "sql.json").get("keywords", ()))


def preload(version: str | None = None) -> threading.Thread:
    """Load the catalog on a daemon thread, so the first completion does not pay for it."""
    thread = threading.Thread(
        target=lambda: _safe_load(version), name="cdcshell-catalog-preload", daemon=True
    )
    thread.start()
    return thread


def _safe_load(version: str | None) -> None:
    with contextlib.suppress(CatalogError):  # reported when the completer asks for it
        load_catalog(version)


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            data: dict[str, Any] = json.load(fh)
        return data
    except (OSError, ValueError) as e:
        from cdcshell.i18n import t

        raise CatalogError(t("completion.catalog_missing", path=path, error=e)) from e


def _option(raw: dict[str, Any], internal: frozenset[str] = frozenset()) -> OptionInfo:
    return OptionInfo(
        key=raw["key"],
        type=raw["type"],
        default=raw.get("default"),
        enum_values=tuple(raw.get("enum", ())),
        deprecated_keys=tuple(raw.get("deprecated_keys", ())),
        fallback_keys=tuple(raw.get("fallback_keys", ())),
        description=raw.get("description", ""),
        required=bool(raw.get("required", False)),
        source=raw.get("source", ""),
        deprecated=bool(raw.get("deprecated", False)),
        internal=raw["key"] in internal,
    )


def _connector(raw: dict[str, Any]) -> ConnectorInfo:
    return ConnectorInfo(
        identifier=raw["identifier"],
        options={o["key"]: _option(o) for o in raw["options"]},
        origin=raw.get("origin", ""),
    )


@cache
def _load_series(series: str) -> Catalog:
    root = completions_dir() / series
    options_doc, connectors_doc, sql_doc = (_read(root / name) for name in _FILES)
    internal = frozenset(options_doc.get("internal", ()))
    sources = list(options_doc.get("sources", ()))
    sources += [s for s in connectors_doc.get("sources", ()) if s not in sources]
    return Catalog(
        flink_version=options_doc["flink_version"],
        options={o["key"]: _option(o, internal) for o in options_doc["options"]},
        deprecated=dict(options_doc.get("deprecated", {})),
        removed=dict(options_doc.get("removed", {})),
        keywords=tuple(sql_doc.get("keywords", ())),
        reserved_keywords=tuple(sql_doc.get("reserved_keywords", ())),
        functions=tuple(sql_doc.get("functions", ())),
        connectors={c["identifier"]: _connector(c) for c in connectors_doc.get("connectors", ())},
        formats={c["identifier"]: _connector(c) for c in connectors_doc.get("formats", ())},
        unavailable_connectors=dict(connectors_doc.get("unavailable", {})),
        value_hints={k: tuple(v) for k, v in options_doc.get("value_hints", {}).items()},
        legacy_values={k: dict(v) for k, v in options_doc.get("legacy_values", {}).items()},
        series=series,
        sources=tuple(sources),
    )
