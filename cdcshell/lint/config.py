"""The configuration a job will really run with, and where each value came from.

Flink merges the cluster's configuration, the session's and the session's SETs into one flat map; when an
option is read, its current key is looked up first and its deprecated keys only when the current key is absent
*anywhere* in that map. That is why `SET 'state.checkpoints.dir'` does nothing when the cluster's `config.yaml`
sets `execution.checkpointing.dir`: the rules need the same resolution, plus the origin of every value, to say
"no effect: the new key wins, from the cluster's configuration".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

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

    def keys(self) -> set[str]:
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
        aliases.extend(
            old for old, new in catalog.deprecated.items() if new == current and old not in aliases
        )
        for alias in aliases:
            entry = self.raw(alias)
            if entry is not None:
                return entry
        return None


# --- reading a cluster configuration file --------------------------------------------------------------------


class ConfigFileError(ValueError):
    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def _scalar(text: str) -> str:
    s = text.strip()
    if len(s) >= 2 and s[0] == s[-1] and s[0] in "'\"":
        inner = s[1:-1]
        return inner.replace("''", "'") if s[0] == "'" else inner.replace('\\"', '"')
    if s.startswith("[") and s.endswith("]"):  # a flow list: Flink joins list values with ';'
        return ";".join(_scalar(p) for p in s[1:-1].split(",") if p.strip())
    return s


def _strip_comment(line: str) -> str:
    """Drop a `# comment` that is not inside quotes."""
    quote = ""
    for i, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch == "#" and (i == 0 or line[i - 1].isspace()):
            return line[:i]
    return line


_KEY_LINE = re.compile(r"^(?P<indent>\s*)(?P<key>[^:\s][^:]*?)\s*:(?:\s+(?P<value>.*))?$")


def parse_cluster_config(text: str) -> dict[str, str]:
    """Flink's `config.yaml` (nested or flat YAML: mappings, scalars, flow lists, block lists) or legacy
    `flink-conf.yaml` `key: value` lines, flattened to dotted keys.

    Only the subset Flink's own files use; anything else raises `ConfigFileError` with its line, so a file that
    is read wrongly is never silently taken for an empty configuration.
    """
    result: dict[str, str] = {}
    stack: list[tuple[int, str]] = []  # (indent, key prefix)
    pending_list: tuple[int, str, list[str]] | None = None
    for lineno, raw in enumerate(text.splitlines(), start=1):
        if raw.strip() in ("---", "..."):
            continue
        line = _strip_comment(raw).rstrip()
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip(" "))
        if "\t" in line[: indent + 1]:
            raise ConfigFileError("tabs are not allowed for indentation", lineno)
        stripped = line.strip()
        if stripped.startswith("- "):
            if pending_list is None:
                raise ConfigFileError("a list item without a key above it", lineno)
            pending_list[2].append(_scalar(stripped[2:]))
            continue
        if pending_list is not None:
            if pending_list[2]:
                result[pending_list[1]] = ";".join(pending_list[2])
            pending_list = None
        m = _KEY_LINE.match(line)
        if not m:
            raise ConfigFileError(f"expected 'key: value', got {stripped!r}", lineno)
        while stack and stack[-1][0] >= indent:
            stack.pop()
        key = _scalar(m.group("key"))
        full = ".".join([p for _, p in stack] + [key])
        value = m.group("value")
        if value is None or not value.strip():
            stack.append((indent, key))
            pending_list = (indent, full, [])
            continue
        result[full] = _scalar(value)
    if pending_list is not None and pending_list[2]:
        result[pending_list[1]] = ";".join(pending_list[2])
    return result


def cluster_config_from_rest(payload: object) -> dict[str, str]:
    """The JobManager's `GET /jobmanager/config` answer (a list of {"key", "value"}) as a dict."""
    out: dict[str, str] = {}
    if isinstance(payload, list):
        for item in payload:
            if isinstance(item, dict) and "key" in item:
                out[str(item["key"])] = str(item.get("value", ""))
    return out
