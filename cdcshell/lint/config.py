"""The configuration a job will really run with, and where each value came from.

Flink merges the cluster's configuration, the session's and the session's SETs into one flat map; when an
option is read, its current key is looked up first and its deprecated keys only when the current key is absent
*anywhere* in that map. That is why `SET 'state.checkpoints.dir'` does nothing when the cluster's `config.yaml`
sets `execution.checkpointing.dir`: the rules need the same resolution, plus the origin of every value, to say
"no effect: the new key wins, from the cluster's configuration".
"""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cdcshell.flinkconf import FlinkConfigError, parse_flink_config
from cdcshell.i18n import t

if TYPE_CHECKING:
    from cdcshell.catalog.model import Catalog


@dataclass(frozen=True)
class Origin:
    kind: str  # "cluster", "session", "set", "default"
    line: int = 0  # for "set": the line of the SET statement
    name: str = ""  # for "cluster": the file or URL it was read from
    statement_index: int = -1  # for "set": the index of the SET statement (orders it among jobs)

    def describe(self, lang: str | None = None) -> str:
        if self.kind == "set":
            return t("lint.origin.set", lang, line=self.line)
        if self.kind == "cluster":
            return t("lint.origin.cluster", lang, name=self.name or "/jobmanager/config")
        if self.kind == "session":
            return t("lint.origin.session", lang)
        return t("lint.origin.default", lang)


@dataclass(frozen=True)
class Entry:
    key: str  # the key the value was found under (may be a deprecated alias)
    value: str
    origin: Origin


class EffectiveConfig:
    """Cluster → session → script layers. Mutable while the engine walks a script; `copy()` is cheap enough to
    hand each job statement its own view (a few hundred keys at most)."""

    def __init__(
        self,
        cluster: dict[str, str] | None = None,
        session: dict[str, str] | None = None,
        *,
        cluster_name: str = "",
    ) -> None:
        self._base: dict[str, Entry] = {}
        for key, value in (cluster or {}).items():
            self._base[key] = Entry(key, str(value), Origin("cluster", name=cluster_name))
        for key, value in (session or {}).items():
            prev = self._base.get(key)
            if prev is not None and prev.value == str(value):
                continue  # the gateway's session config repeats the cluster's: keep the truer origin
            self._base[key] = Entry(key, str(value), Origin("session"))
        self._script: dict[str, Entry] = {}

    def copy(self) -> EffectiveConfig:
        other = EffectiveConfig.__new__(EffectiveConfig)
        other._base = self._base
        other._script = dict(self._script)
        return other

    def set(self, key: str, value: str, line: int, statement_index: int = -1) -> None:
        self._script[key] = Entry(key, value, Origin("set", line=line, statement_index=statement_index))

    def reset(self, key: str | None) -> None:
        if key is None:
            self._script.clear()
        else:
            self._script.pop(key, None)

    def raw(self, key: str) -> Entry | None:
        """The value under exactly `key`, without alias resolution."""
        return self._script.get(key) or self._base.get(key)

    def keys(self) -> builtins.set[str]:  # `set` in this class is the method above
        return set(self._base) | set(self._script)

    def resolve(self, key: str, catalog: Catalog | None = None) -> Entry | None:
        """The value Flink will use for the option `key` (a current key or a deprecated one), following Flink's
        order: the current key, then each deprecated key, then fallback keys."""
        current = key
        if catalog is not None and key not in catalog.options and key in catalog.deprecated:
            current = catalog.deprecated[key]
        entry = self.raw(current)
        if entry is not None:
            return entry
        if catalog is None:
            return None
        info = catalog.options.get(current)
        aliases: list[str] = []
        if info is not None:
            aliases.extend(info.deprecated_keys)
            aliases.extend(info.fallback_keys)
        aliases.extend(old for old in _deprecated_names_of(catalog, current) if old not in aliases)
        for alias in aliases:
            entry = self.raw(alias)
            if entry is not None:
                return entry
        return None


_RENAMES: dict[int, tuple[object, dict[str, list[str]]]] = {}


def _deprecated_names_of(catalog: Catalog, key: str) -> list[str]:
    """The deprecated keys renamed to `key`, from a reverse map built once per catalog: scanning the whole
    rename table on every lookup made each statement of a long script cost a catalog's worth of work."""
    held = _RENAMES.get(id(catalog))
    if held is None or held[0] is not catalog.deprecated:
        reverse: dict[str, list[str]] = {}
        for old, new in catalog.deprecated.items():
            reverse.setdefault(new, []).append(old)
        held = (catalog.deprecated, reverse)
        _RENAMES[id(catalog)] = held
    return held[1].get(key, [])


# --- reading a cluster configuration file --------------------------------------------------------------------


ConfigFileError = FlinkConfigError  # the reader is shared with the sandbox: cdcshell/flinkconf.py


def parse_cluster_config(text: str) -> dict[str, str]:
    """Flink's `config.yaml` or legacy `flink-conf.yaml`, flattened to dotted keys (see :mod:`cdcshell.flinkconf`)."""
    return parse_flink_config(text)


def cluster_config_from_rest(payload: object) -> dict[str, str]:
    """The JobManager's `GET /jobmanager/config` answer (a list of {"key", "value"}) as a dict."""
    out: dict[str, str] = {}
    if isinstance(payload, list):
        for item in payload:
            if isinstance(item, dict) and "key" in item:
                out[str(item["key"])] = str(item.get("value", ""))
    return out
