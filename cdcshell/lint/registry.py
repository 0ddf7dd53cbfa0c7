"""The rule registry: every module under `cdcshell/lint/rules/` registers its rules with `@rule(...)` on import.

Discovery (rather than a list to keep in step) is what lets a rule family be added as one file; importing the
rules happens on the first lint, never at REPL start-up.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from cdcshell.lint.model import Finding, Rule, Scope, Severity

if TYPE_CHECKING:
    from cdcshell.lint.context import RuleContext

CheckFn = Callable[["RuleContext"], Iterable[Finding]]
# Discovered by name: the rule modules import this registry, so a static import of their package here would
# make the two import each other (the no-cycles contract in pyproject.toml).
RULES_PACKAGE = "cdcshell.lint.rules"

_RULES: dict[str, Rule] = {}
_loaded = False
_sorted: dict[str, Rule] | None = None
_by_scope: dict[str, list[Rule]] = {}


def rule(
    code: str,
    name: str,
    *,
    severity: Severity,
    scope: Scope,
    bad: str,
    good: str,
    versions: str = "1.20, 2.x",
    needs_connection: bool = False,
    query_level: bool = False,
) -> Callable[[CheckFn], CheckFn]:
    """Register the decorated check as rule `code`. Its texts are `lint.<code>.title|rationale|fix` in the
    family's `<family>_texts.py` beside it."""

    def deco(fn: CheckFn) -> CheckFn:
        if code in _RULES:
            raise RuntimeError(f"lint rule {code} registered twice")
        _RULES[code] = Rule(
            code=code,
            name=name,
            severity=severity,
            scope=scope,
            check=fn,
            example_bad=bad.strip(),
            example_good=good.strip(),
            versions=versions,
            needs_connection=needs_connection,
            query_level=query_level,
        )
        return fn

    return deco


def all_rules() -> dict[str, Rule]:
    """Every rule, by code, in code order."""
    global _loaded, _sorted
    if not _loaded:
        pkg = importlib.import_module(RULES_PACKAGE)

        for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda i: i.name):
            if info.name.endswith("_texts"):
                continue  # a family's texts, loaded by the i18n catalog
            importlib.import_module(f"{pkg.__name__}.{info.name}")
        _loaded = True
    if _sorted is None or len(_sorted) != len(_RULES):
        _sorted = dict(sorted(_RULES.items(), key=lambda kv: _sort_key(kv[0])))
        _by_scope.clear()
    return dict(_sorted)


# The order of the sections: checkpointing first (what loses data), then keys, then connectors.
_FAMILY_ORDER = ("CK", "CFG", "CON", "PG", "MDB", "MY", "KF", "QRY")


def _sort_key(code: str) -> tuple[int, str, int]:
    alpha = "".join(ch for ch in code if ch.isalpha())
    digits = "".join(ch for ch in code if ch.isdigit())
    rank = _FAMILY_ORDER.index(alpha) if alpha in _FAMILY_ORDER else len(_FAMILY_ORDER)
    return rank, alpha, int(digits or 0)


def rules_for(scope: Scope) -> list[Rule]:
    """The rules of one scope, in code order (cached: the toolbar asks on every keystroke)."""
    rules = _by_scope.get(scope)
    if rules is None or _sorted is None or len(_sorted) != len(_RULES):
        rules = [r for r in all_rules().values() if r.scope == scope]
        _by_scope[scope] = rules
    return rules
