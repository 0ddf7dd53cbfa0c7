"""Shared helpers of the lint tests: lint a script and look at the findings by rule code."""

from __future__ import annotations

from cdcshell.catalog.model import Catalog, ConnectorInfo, OptionInfo
from cdcshell.lint.engine import lint_script
from cdcshell.lint.model import Finding

CHECKPOINTED = """
SET 'execution.checkpointing.interval' = '30s';
SET 'execution.checkpointing.dir' = 'file:///var/flink/checkpoints';
SET 'execution.checkpointing.externalized-checkpoint-retention' = 'RETAIN_ON_CANCELLATION';
"""


def lint(source: str, version: str = "1.20", **kw: object) -> list[Finding]:
    kw.setdefault("lang", "en")
    return lint_script(source, flink_version=version, **kw).findings  # type: ignore[arg-type]


def codes(source: str, version: str = "1.20", **kw: object) -> list[str]:
    return [f.rule for f in lint(source, version, **kw)]


def only(source: str, code: str, version: str = "1.20", **kw: object) -> list[Finding]:
    return [f for f in lint(source, version, **kw) if f.rule == code]


def small_catalog(**overrides: object) -> Catalog:
    """A hand-made catalog for facts the generated 1.20 catalog does not have (removed keys, values that
    fail on 2.x)."""
    options = {
        "execution.checkpointing.interval": OptionInfo("execution.checkpointing.interval", "Duration"),
        "execution.checkpointing.dir": OptionInfo(
            "execution.checkpointing.dir", "String", deprecated_keys=("state.checkpoints.dir",)
        ),
        "state.backend.type": OptionInfo(
            "state.backend.type", "String", default="hashmap", deprecated_keys=("state.backend",)
        ),
        "execution.checkpointing.timeout": OptionInfo(
            "execution.checkpointing.timeout", "Duration", default="10 min"
        ),
    }
    fields: dict[str, object] = {
        "flink_version": "2.2.1",
        "options": options,
        "deprecated": {
            "state.checkpoints.dir": "execution.checkpointing.dir",
            "state.backend": "state.backend.type",
        },
        "removed": {
            "state.backend.old-thing": "",
            "state.backend.renamed-gone": "execution.checkpointing.dir",
        },
        "legacy_values": {"state.backend.type": {"filesystem": "", "jobmanager": ""}},
        "connectors": {"print": ConnectorInfo("print")},
    }
    fields.update(overrides)
    return Catalog(**fields)  # type: ignore[arg-type]
