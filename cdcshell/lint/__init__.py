"""Risk checks: what will go wrong with checkpoints and recovery, why, and the statement that fixes it.

The public API, for the REPL (toolbar, pre-execution check), batch mode and `cdcshell lint`:

    lint_script(source, *, flink_version, cluster_config=None, session_config=None, probes=None) -> LintResult
    lint_statement_at(source, cursor, *, flink_version, ..., linter=None) -> list[Finding]
    IncrementalLinter(flink_version=..., cluster_config=..., session_config=...).feed(text) / .check(text)
    explain(ref, lang=None) -> str | None

Imports are lazy: `import cdcshell.lint` costs nothing at REPL start-up; the engine, the catalog and the rules
load on the first lint.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cdcshell.lint.config import cluster_config_from_rest, parse_cluster_config
    from cdcshell.lint.engine import IncrementalLinter, lint_script, lint_statement_at
    from cdcshell.lint.explainer import explain
    from cdcshell.lint.model import Finding, LintResult, Rule
    from cdcshell.lint.probes import Probes

__all__ = [
    "Finding",
    "IncrementalLinter",
    "LintResult",
    "Probes",
    "Rule",
    "cluster_config_from_rest",
    "explain",
    "lint_script",
    "lint_statement_at",
    "parse_cluster_config",
]

_WHERE = {
    "IncrementalLinter": "cdcshell.lint.engine",
    "lint_script": "cdcshell.lint.engine",
    "lint_statement_at": "cdcshell.lint.engine",
    "explain": "cdcshell.lint.explainer",
    "Finding": "cdcshell.lint.model",
    "LintResult": "cdcshell.lint.model",
    "Rule": "cdcshell.lint.model",
    "Probes": "cdcshell.lint.probes",
    "cluster_config_from_rest": "cdcshell.lint.config",
    "parse_cluster_config": "cdcshell.lint.config",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(name)
    import importlib

    return getattr(importlib.import_module(module), name)
