"""Findings as a compiler prints them, as JSON, and as SARIF 2.1.0 (for code-scanning UIs in CI)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from cdcshell.i18n import t
from cdcshell.lint.model import LintResult, Rule
from cdcshell.redact import redact

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def format_text(results: Sequence[tuple[str, LintResult]], lang: str | None = None) -> str:
    """`file.sql:LINE:COL: error CK001: message`, then an indented `fix: <statement>`. The severity word stays
    English, like a compiler's, so editors and CI log parsers recognise it in every language."""
    lines: list[str] = []
    fix_label = t("lint.cli.fix", lang)
    for path, result in results:
        for f in result.findings:
            lines.append(f"{path}:{f.line}:{f.column}: {f.severity} {f.rule}: {f.message}")
            if f.fix:
                lines.append(f"    {fix_label}: {f.fix}")
    errors = sum(len(r.errors) for _, r in results)
    warnings = sum(len(r.warnings) for _, r in results)
    if errors or warnings:
        lines.append(t("lint.cli.summary", lang, errors=errors, warnings=warnings, files=len(results)))
    return "\n".join(lines) + ("\n" if lines else "")


def format_json(results: Sequence[tuple[str, LintResult]]) -> str:
    """`{"statements": [...], "findings": [...]}`; each entry also names its file, for runs over many files."""
    statements: list[dict[str, object]] = []
    findings: list[dict[str, object]] = []
    for path, result in results:
        statements += [{**s.to_dict(), "text": redact(s.text), "file": path} for s in result.statements]
        findings += [{**f.to_dict(), "file": path} for f in result.findings]
    return json.dumps({"statements": statements, "findings": findings}, ensure_ascii=False, indent=2) + "\n"


def format_sarif(
    results: Sequence[tuple[str, LintResult]], rules: dict[str, Rule], lang: str | None = None
) -> str:
    from cdcshell import __version__

    codes = list(rules)
    index = {code: i for i, code in enumerate(codes)}
    driver_rules = [
        {
            "id": code,
            "name": rule.name,
            "shortDescription": {"text": t(f"lint.{code}.title", lang)},
            "fullDescription": {"text": t(f"lint.{code}.rationale", lang)},
            "help": {"text": t(f"lint.{code}.fix", lang)},
            "defaultConfiguration": {"level": rule.severity},
        }
        for code, rule in rules.items()
    ]
    sarif_results = []
    for path, result in results:
        for f in result.findings:
            entry: dict[str, object] = {
                "ruleId": f.rule,
                "level": f.severity,
                "message": {"text": f.message + (f"\n{t('lint.cli.fix', lang)}: {f.fix}" if f.fix else "")},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": path},
                            "region": {"startLine": f.line, "startColumn": f.column},
                        }
                    }
                ],
                "properties": {"fix": f.fix},
            }
            if f.rule in index:
                entry["ruleIndex"] = index[f.rule]
            sarif_results.append(entry)
    doc = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "cdcshell",
                        "version": __version__,
                        "informationUri": "https://github.com/cdcshell/cdcshell",
                        "rules": driver_rules,
                    }
                },
                "results": sarif_results,
            }
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
