"""`\\explain RULE` and `\\explain KEY`: the rationale, an example and the fix, in the user's language.

A rule is explained from its unit (texts in `cdcshell/i18n/messages/lint.py`, examples in the rule module); a
configuration key from the catalog of the Flink version (type, default, allowed values, old names), plus the
rules that read it.
"""

from __future__ import annotations

import re
import textwrap
from typing import TYPE_CHECKING

from cdcshell.i18n import t
from cdcshell.lint.model import Rule
from cdcshell.lint.registry import all_rules
from cdcshell.textwidth import cell_width

if TYPE_CHECKING:
    from cdcshell.catalog.model import Catalog, OptionInfo

_SEVERITY_KEYS = {"error": "lint.explain.severity.error", "warning": "lint.explain.severity.warning"}


def _indent(sql: str) -> str:
    return textwrap.indent(sql.strip(), "    ")


def explain_rule(rule: Rule, lang: str | None = None) -> str:
    code = rule.code
    lines = [
        f"{code} {rule.name} — {t(f'lint.{code}.title', lang)}",
        f"{t('lint.explain.severity', lang)}: {t(_SEVERITY_KEYS[rule.severity], lang)}"
        f" · {t('lint.explain.versions', lang)}: {rule.versions}"
        + (f" · {t('lint.explain.connection', lang)}" if rule.needs_connection else ""),
        "",
        f"{t('lint.explain.why', lang)}: {t(f'lint.{code}.rationale', lang)}",
        "",
        f"{t('lint.explain.bad', lang)}:",
        _indent(rule.example_bad),
        f"{t('lint.explain.good', lang)}:",
        _indent(rule.example_good),
        "",
        f"{t('lint.explain.fix', lang)}: {t(f'lint.{code}.fix', lang)}",
    ]
    return "\n".join(lines)


def _rules_mentioning(key: str) -> list[str]:
    pattern = re.compile(r"'" + re.escape(key) + r"'")
    return [
        code
        for code, r in all_rules().items()
        if pattern.search(r.example_bad) or pattern.search(r.example_good)
    ]


# Example statements for the keys this project explains in its own words (`teach.key.<key>` messages). SQL is
# not translated, so it lives here rather than in the message files.
KEY_EXAMPLES: dict[str, str] = {
    "execution.checkpointing.interval": "10s",
    "execution.checkpointing.mode": "EXACTLY_ONCE",
    "execution.checkpointing.timeout": "10min",
    "execution.checkpointing.min-pause": "5s",
    "execution.checkpointing.max-concurrent-checkpoints": "1",
    "execution.checkpointing.tolerable-failed-checkpoints": "3",
    "execution.checkpointing.externalized-checkpoint-retention": "RETAIN_ON_CANCELLATION",
    "execution.checkpointing.num-retained": "3",
    "execution.checkpointing.dir": "file:///tmp/flink-checkpoints",
    "execution.checkpointing.savepoint-dir": "file:///tmp/flink-savepoints",
    "execution.checkpointing.storage": "filesystem",
    "execution.checkpointing.incremental": "true",
    "execution.checkpointing.unaligned.enabled": "true",
    "execution.checkpointing.interval-during-backlog": "2min",
    "execution.state-recovery.path": "file:///tmp/flink-savepoints/savepoint-4f2a1c-8d0e6b3a2f11",
    "execution.state-recovery.claim-mode": "NO_CLAIM",
    "execution.state-recovery.ignore-unclaimed-state": "true",
    "state.backend.type": "rocksdb",
    "table.exec.state.ttl": "36h",
    "restart-strategy.type": "exponential-delay",
}
# Connector options explained in the project's words: option -> value used in the example.
OPTION_EXAMPLES: dict[str, str] = {
    "slot.name": "flink_orders",
    "decoding.plugin.name": "pgoutput",
    "scan.incremental.snapshot.enabled": "true",
    "scan.incremental.snapshot.chunk.size": "8096",
    "scan.startup.mode": "initial",
    "heartbeat.interval.ms": "30s",
    "scan.lsn-commit.checkpoints-num-delay": "3",
    "changelog-mode": "upsert",
    "scan.read-changelog-as-append-only.enabled": "true",
    "server-id": "5400-5403",
}
# The options a runnable example of each CDC connector needs, in the sandbox's terms.
_CONNECTOR_BASE: dict[str, list[tuple[str, str]]] = {
    "postgres-cdc": [
        ("hostname", "127.0.0.1"),
        ("port", "15432"),
        ("username", "cdc"),
        ("password", "******"),
        ("database-name", "shop"),
        ("schema-name", "public"),
        ("table-name", "orders"),
        ("slot.name", "flink_orders"),
        ("decoding.plugin.name", "pgoutput"),
    ],
    "mysql-cdc": [
        ("hostname", "127.0.0.1"),
        ("port", "3306"),
        ("username", "cdc"),
        ("password", "******"),
        ("database-name", "shop"),
        ("table-name", "orders"),
    ],
    "mongodb-cdc": [
        ("hosts", "127.0.0.1:27017"),
        ("username", "cdc"),
        ("password", "******"),
        ("database", "shop"),
        ("collection", "orders"),
    ],
}
_PREFERRED_CONNECTORS = ("postgres-cdc", "mysql-cdc", "mongodb-cdc")
_PLACEHOLDER_BY_TYPE = {
    "Duration": "30s",
    "Boolean": "true",
    "Integer": "1",
    "Long": "1",
    "Double": "0.5",
    "MemorySize": "64mb",
}


def has_note(key: str) -> bool:
    """Whether the project explains `key` in its own words (checkpoint, state and CDC keys)."""
    return key in KEY_EXAMPLES or key in OPTION_EXAMPLES


def _note(key: str, lang: str | None) -> str:
    return t(f"teach.key.{key}", lang)


def _example_value(info: OptionInfo, values: tuple[str, ...]) -> str:
    if info.key in KEY_EXAMPLES:
        return KEY_EXAMPLES[info.key]
    if values:
        return info.default.strip("'") if info.default and info.default.strip("'") in values else values[0]
    if info.default:
        return info.default.replace(" ", "") if info.type == "Duration" else info.default
    return _PLACEHOLDER_BY_TYPE.get(info.type, "...")


def option_example(connector: str, key: str, value: str) -> str:
    """A CREATE TABLE that sets `key` on `connector`: the whole WITH clause, so it can be adapted and run."""
    options = [("connector", connector)] + [(k, v) for k, v in _CONNECTOR_BASE.get(connector, []) if k != key]
    options.append((key, value))
    body = ",\n".join(f"  '{k}' = '{v}'" for k, v in options)
    return f"CREATE TABLE orders_cdc (\n  id INT,\n  PRIMARY KEY (id) NOT ENFORCED\n) WITH (\n{body}\n);"


# A Latin word (with its trailing punctuation) or one CJK character with the punctuation that may not start a line.
_PIECES = re.compile(
    r"[\u3000-\u9fff\uff00-\uffef][，。；：、）」』！？]*"
    r"|[^\s\u3000-\u9fff\uff00-\uffef]+[，。；：、）」』！？]*|\s+"
)


def _wrapped(text: str, indent: str = "    ", width: int = 100) -> str:
    """Filled to `width` columns; Chinese has no spaces to break at, so it breaks between characters (never
    before closing punctuation) and counts a wide character as two columns."""
    if cell_width(text) == len(text):
        return textwrap.fill(
            text,
            width,
            initial_indent=indent,
            subsequent_indent=indent,
            break_long_words=False,
            break_on_hyphens=False,
        )
    lines: list[str] = []
    line = ""
    for piece in _PIECES.findall(text):
        if piece.isspace():
            piece = " "
            if not line:
                continue
        if line and cell_width(indent + line + piece.rstrip()) > width:
            lines.append(line.rstrip())
            line = "" if piece == " " else piece
        else:
            line += piece
    if line.strip():
        lines.append(line.rstrip())
    return "\n".join(indent + ln for ln in lines)


wrap_text = _wrapped  # for the other teaching texts (tutorial steps), which have the same Chinese problem


def _in_short(key: str, example: str, lang: str | None) -> list[str]:
    return [
        "",
        t("teach.explain.in_short", lang),
        _wrapped(_note(key, lang)),
        "",
        t("teach.explain.example", lang),
        _indent(example),
    ]


def _explain_config_key(
    key: str, info: OptionInfo, catalog: Catalog, flink_version: str, lang: str | None
) -> list[str]:
    lines = [t("lint.explain.key", lang, key=info.key, version=catalog.flink_version or flink_version)]
    if info.key != key:
        lines.append(t("lint.explain.key.renamed", lang, key=key, new=info.key))
    lines.append(t("lint.explain.key.type", lang, type=info.type))
    lines.append(
        t("lint.explain.key.default", lang, default=info.default or t("lint.explain.key.none", lang))
    )
    values = tuple(info.enum_values or catalog.value_hints.get(info.key, ()))
    if values:
        lines.append(t("teach.explain.values", lang, values=", ".join(values)))
    if info.deprecated_keys:
        lines.append(t("teach.explain.deprecated_names", lang, names=", ".join(info.deprecated_keys)))
    example = f"SET '{info.key}' = '{_example_value(info, values)}';"
    if has_note(info.key):
        lines.extend(_in_short(info.key, example, lang))
    else:
        lines.extend(["", t("teach.explain.example", lang), _indent(example)])
    if info.description:
        lines.extend(["", t("teach.explain.flink_says", lang), _wrapped(info.description)])
    return lines


def _explain_connector_option(key: str, catalog: Catalog, lang: str | None) -> list[str]:
    lines: list[str] = []
    found: list[str] = []
    for identifier, connector in sorted(catalog.connectors.items()):
        option = connector.options.get(key)
        if option is None:
            continue
        found.append(identifier)
        if lines:
            lines.append("")
        lines.append(
            t("lint.explain.connector_option", lang, key=key, connector=identifier)
            + (f" — {connector.origin}" if connector.origin else "")
        )
        head = t("lint.explain.key.type", lang, type=option.type)
        if option.required:
            head += " · " + t("teach.explain.required", lang)
        lines.append("  " + head)
        lines.append(
            "  "
            + t("lint.explain.key.default", lang, default=option.default or t("lint.explain.key.none", lang))
        )
        if option.enum_values:
            lines.append("  " + t("teach.explain.values", lang, values=", ".join(option.enum_values)))
        if option.deprecated_keys:
            lines.append(
                "  " + t("teach.explain.deprecated_names", lang, names=", ".join(option.deprecated_keys))
            )
        if option.description:
            lines.append(_wrapped(option.description, "  "))
    if not found:
        return []
    chosen = next((c for c in _PREFERRED_CONNECTORS if c in found), found[0])
    option = catalog.connectors[chosen].options[key]
    value = OPTION_EXAMPLES.get(key) or (
        option.enum_values[0]
        if option.enum_values
        else option.default or _PLACEHOLDER_BY_TYPE.get(option.type, "...")
    )
    example = option_example(chosen, key, value)
    if has_note(key):
        lines.extend(_in_short(key, example, lang))
    else:
        lines.extend(["", t("teach.explain.example", lang), _indent(example)])
    return lines


def _explain_unavailable_option(
    key: str, catalog: Catalog, flink_version: str, lang: str | None
) -> list[str]:
    """A CDC option asked about on a Flink version without the connector (Flink 2.x has no Flink CDC release):
    say so, and still explain it, since the user is most likely planning a pipeline."""
    if not catalog.unavailable_connectors or not has_note(key):
        return []
    from cdcshell.lint.engine import catalog_for

    other = catalog_for("1.20")
    owners = [
        c
        for c in _PREFERRED_CONNECTORS
        if c in catalog.unavailable_connectors
        and c in other.connectors
        and key in other.connectors[c].options
    ]
    if not owners:
        return []
    lines = [
        t(
            "teach.explain.unavailable",
            lang,
            key=key,
            connector=owners[0],
            version=flink_version,
            reason=catalog.unavailable_connectors[owners[0]],
        )
    ]
    lines.extend(_in_short(key, option_example(owners[0], key, OPTION_EXAMPLES[key]), lang))
    return lines


def explain_key(key: str, flink_version: str = "1.20", lang: str | None = None) -> str | None:
    """A configuration key or connector option: what the catalog of `flink_version` knows (type, default,
    allowed values, old names), the project's own explanation and an example for checkpoint, state and CDC
    keys, Flink's description, and the rules that read it. None when the catalog knows no such key."""
    from cdcshell.lint.engine import catalog_for

    catalog = catalog_for(flink_version)
    lines: list[str] = []
    info = catalog.lookup(key)
    if info is not None:
        lines = _explain_config_key(key, info, catalog, flink_version, lang)
    else:
        if key in catalog.removed:
            lines.append(t("lint.explain.key.removed", lang, key=key, version=flink_version))
        lines.extend(
            _explain_connector_option(key, catalog, lang)
            or _explain_unavailable_option(key, catalog, flink_version, lang)
        )
    if not lines:
        return None
    rules = _rules_mentioning(info.key if info is not None else key)
    if rules:
        lines.append("")
        lines.append(t("lint.explain.key.rules", lang, rules=", ".join(rules)))
    return "\n".join(lines)


def suggestions(ref: str, flink_version: str = "1.20", limit: int = 3) -> list[str]:
    """Keys, options and rule codes close to a misspelt `ref`, for the "did you mean" of `\\explain`."""
    import difflib

    from cdcshell.lint.engine import catalog_for

    catalog = catalog_for(flink_version)
    names = set(catalog.options) | set(catalog.deprecated) | set(all_rules())
    for connector in catalog.connectors.values():
        names.update(connector.options)
    return difflib.get_close_matches(ref.strip().strip("'\"`"), sorted(names), n=limit, cutoff=0.75)


def explain(ref: str, lang: str | None = None, flink_version: str = "1.20") -> str | None:
    """The explanation of a rule code (`CK001`, case-insensitive) or a configuration key / connector option;
    None when `ref` is neither."""
    ref = ref.strip().strip("'\"`")
    if not ref:
        return None
    rule = all_rules().get(ref.upper())
    if rule is not None:
        return explain_rule(rule, lang)
    return explain_key(ref, flink_version, lang)
