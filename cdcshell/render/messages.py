"""Errors, warnings, notices and lint findings as text for the terminal or a log.

They return strings rather than printing, so that the REPL, batch mode and `cdcshell lint` can each decide
where a message goes (stdout, stderr, above the prompt). Without colour the text carries no escape codes at
all; the label (`[ERROR]`, `[WARNING]`, `[INFO]`) then does the job the colour would.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from cdcshell.render.ansi import BOLD, BOLD_RED, BOLD_YELLOW, CYAN, DIM, paint


class FindingLike(Protocol):
    """What a finding view reads (`lint.model.Finding` is one); read-only, so frozen dataclasses fit."""

    @property
    def rule(self) -> str: ...

    @property
    def severity(self) -> str: ...

    @property
    def line(self) -> int: ...

    @property
    def column(self) -> int: ...

    @property
    def message(self) -> str: ...

    @property
    def fix(self) -> str | None: ...


def _indent_rest(text: str, indent: str) -> str:
    """Continuation lines of a multi-line message indented under the first, so a log stays readable."""
    return text.replace("\n", "\n" + indent)


def _message(
    label_key: str, style: str, message: str, location: str | None, hint: str | None, color: bool
) -> str:
    from cdcshell.i18n import t

    label = paint(f"[{t(label_key)}]", style, color)
    head = f"{label} {location}: " if location else f"{label} "
    text = head + _indent_rest(message.rstrip("\n"), "  ")
    if hint:
        hint_label = paint(t("render.label.hint") + ":", CYAN, color)
        text += f"\n  {hint_label} " + _indent_rest(hint.rstrip("\n"), "    ")
    return text


def render_error(
    message: str, *, location: str | None = None, hint: str | None = None, color: bool = False
) -> str:
    """`[ERROR] script.sql:3:7: message` and, when there is one, an indented `Hint:` line below it."""
    return _message("render.label.error", BOLD_RED, message, location, hint, color)


def render_warning(
    message: str, *, location: str | None = None, hint: str | None = None, color: bool = False
) -> str:
    return _message("render.label.warning", BOLD_YELLOW, message, location, hint, color)


def render_info(
    message: str, *, location: str | None = None, hint: str | None = None, color: bool = False
) -> str:
    return _message("render.label.info", BOLD, message, location, hint, color)


_SEVERITY_STYLES = {"error": BOLD_RED, "warning": BOLD_YELLOW, "info": BOLD}


def _severity_name(severity: str) -> str:
    return severity.lower()


def render_findings(
    findings: Iterable[FindingLike], *, source: str | None = None, color: bool = False
) -> str:
    """One finding per line, compiler style (`file:line:col: severity [rule] message`), in source order.

    The `file:line:col:` prefix is what editors and CI annotators recognise; the fix, when a rule offers
    one, follows indented so that it can be copied as it stands. No findings gives an empty string.
    """
    from cdcshell.i18n import t

    ordered = sorted(findings, key=lambda f: (f.line, f.column))
    lines: list[str] = []
    for f in ordered:
        severity = _severity_name(f.severity)
        label = t(f"render.severity.{severity}") if severity in _SEVERITY_STYLES else severity
        where = f"{source}:{f.line}:{f.column}" if source else f"{f.line}:{f.column}"
        lines.append(
            f"{paint(where, BOLD, color)}: {paint(label, _SEVERITY_STYLES.get(severity, ''), color)} "
            f"{paint('[' + str(f.rule) + ']', DIM, color)} {_indent_rest(str(f.message), '    ')}"
        )
        if f.fix:
            fix_label = paint(t("render.label.fix") + ":", CYAN, color)
            lines.append(f"    {fix_label} " + _indent_rest(str(f.fix), "         "))
    return "\n".join(lines)
