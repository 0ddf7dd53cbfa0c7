"""`\\explain RULE` and `\\explain KEY`: the rationale, an example and the fix, in the user's language.

A rule is explained from its unit (texts in `cdcshell/i18n/messages/lint.py`, examples in the rule module); a
configuration key from the catalog of the Flink version (type, default, allowed values, old names), plus the
rules that read it.
"""

from __future__ import annotations

import re
import textwrap

from cdcshell.i18n import t
from cdcshell.lint.model import Rule
from cdcshell.lint.registry import all_rules


def _indent(sql: str) -> str:
    return textwrap.indent(sql.strip(), "    ")


def explain_rule(rule: Rule, lang: str | None = None) -> str:
    code = rule.code
    lines = [
        f"{code} {rule.name} — {t(f'lint.{code}.title', lang)}",
        f"{t('lint.explain.severity', lang)}: {t(f'lint.explain.severity.{rule.severity}', lang)}"
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


def explain_key(key: str, flink_version: str = "1.20", lang: str | None = None) -> str | None:
    from cdcshell.lint.engine import catalog_for

    catalog = catalog_for(flink_version)
    lines: list[str] = []
    info = catalog.lookup(key)
    if key in catalog.removed and info is None:
        lines.append(t("lint.explain.key.removed", lang, key=key, version=flink_version))
    if info is not None:
        lines.append(
            t("lint.explain.key", lang, key=info.key, version=catalog.flink_version or flink_version)
        )
        if info.key != key:
            lines.append(t("lint.explain.key.renamed", lang, key=key, new=info.key))
        lines.append(t("lint.explain.key.type", lang, type=info.type))
        lines.append(
            t("lint.explain.key.default", lang, default=info.default or t("lint.explain.key.none", lang))
        )
        values = info.enum_values or catalog.value_hints.get(info.key, ())
        if values:
            lines.append(t("lint.explain.key.values", lang, values=", ".join(values)))
        if info.deprecated_keys:
            lines.append(t("lint.explain.key.deprecated_names", lang, names=", ".join(info.deprecated_keys)))
        if info.description:
            lines.append("")
            lines.append(textwrap.fill(info.description, 100))
        example_value = (
            (info.default or (values[0] if values else "...")).replace(" ", "")
            if info.type == "Duration"
            else (info.default or (values[0] if values else "..."))
        )
        lines.append("")
        lines.append(t("lint.explain.key.example", lang, statement=f"SET '{info.key}' = '{example_value}';"))
    else:
        for identifier, connector in sorted(catalog.connectors.items()):
            option = connector.options.get(key)
            if option is None:
                continue
            lines.append(t("lint.explain.connector_option", lang, key=key, connector=identifier))
            lines.append("  " + t("lint.explain.key.type", lang, type=option.type))
            lines.append(
                "  "
                + t(
                    "lint.explain.key.default",
                    lang,
                    default=option.default or t("lint.explain.key.none", lang),
                )
            )
            if option.description:
                lines.append(textwrap.indent(textwrap.fill(option.description, 96), "  "))
    if not lines:
        return None
    rules = _rules_mentioning(info.key if info is not None else key)
    if rules:
        lines.append(t("lint.explain.key.rules", lang, rules=", ".join(rules)))
    return "\n".join(lines)


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
