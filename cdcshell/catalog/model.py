"""What a completion catalog holds for one Flink version: the contract between `completions/` data, the
completer and the lint rules.

The data is generated from the real jars of that version (see `completions/generator/`), never typed by hand, so
that "is this key deprecated on 2.2?" is answered by Flink itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class OptionInfo:
    """One configuration key (`SET 'key' = ...`) or one connector option (`WITH ('key' = ...)`)."""

    key: str
    type: str  # "Duration", "MemorySize", "Boolean", "Integer", "Long", "Double", "String", "Enum", "List<String>", "Map"...
    default: str | None = None  # rendered as Flink prints it, e.g. "10 min"; None when there is no default
    enum_values: tuple[str, ...] = ()  # allowed values of an enum-typed option
    deprecated_keys: tuple[str, ...] = ()  # older names that still work as aliases for this key
    fallback_keys: tuple[str, ...] = ()  # keys read when this one is unset
    description: str = ""
    required: bool = False  # for connector options
    source: str = ""  # the class (or connector jar and version) the option was read from
    deprecated: bool = False  # the key itself is deprecated (every field declaring it is @Deprecated)
    internal: bool = False  # excluded from Flink's documentation: valid, but not offered first


@dataclass(frozen=True)
class ConnectorInfo:
    identifier: str  # 'connector' = '<identifier>'
    options: dict[str, OptionInfo] = field(default_factory=dict)
    origin: str = ""  # e.g. "flink-sql-connector-postgres-cdc 3.5.0" or "built-in 1.20.3"


@dataclass(frozen=True)
class Catalog:
    flink_version: str  # the version the data was generated from, e.g. "1.20.3"
    options: dict[str, OptionInfo] = field(default_factory=dict)  # current keys
    # old key -> current key, for every deprecated alias of `options`
    deprecated: dict[str, str] = field(default_factory=dict)
    # keys known to have been removed in this version (no effect any more) -> replacement or "" when none
    removed: dict[str, str] = field(default_factory=dict)
    keywords: tuple[str, ...] = ()
    reserved_keywords: tuple[str, ...] = ()
    functions: tuple[str, ...] = ()
    connectors: dict[str, ConnectorInfo] = field(default_factory=dict)
    # 'format' = '<identifier>' (json, csv, debezium-json...); their options are written '<identifier>.<key>'
    formats: dict[str, ConnectorInfo] = field(default_factory=dict)
    # connectors a supported connector set has for another Flink version but not for this one -> why
    unavailable_connectors: dict[str, str] = field(default_factory=dict)
    # accepted values of string-typed keys that Flink checks by name, e.g. state.backend.type
    value_hints: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # values that the previous version accepted and this one rejects: key -> {value: replacement or ""}
    legacy_values: dict[str, dict[str, str]] = field(default_factory=dict)
    series: str = ""  # the catalog folder, e.g. "1.20"
    sources: tuple[str, ...] = ()  # the jars (and connector releases) the data was generated from

    def replacement(self, key: str) -> str | None:
        """The key to use instead of a deprecated or removed `key` ("" when Flink names none); None when `key`
        is current or unknown."""
        if key in self.deprecated:
            return self.deprecated[key]
        if key in self.removed:
            return self.removed[key]
        return None

    def lookup(self, key: str) -> OptionInfo | None:
        """The option for `key`, following a deprecated alias to its current key."""
        if key in self.options:
            return self.options[key]
        current = self.deprecated.get(key)
        return self.options.get(current) if current else None
