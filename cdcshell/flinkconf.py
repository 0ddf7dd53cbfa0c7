"""Flink's cluster configuration file, read the way Flink reads it, flattened to dotted keys.

`config.yaml` (Flink 1.19+) is standard YAML — nested or flat mappings, flow and block lists — so it is read
with a real YAML parser (PyYAML, imported on first use). Every scalar stays the text that was written
(`BaseLoader`: `6123`, `true`, `yes` and `10 s` are all strings, as Flink's own parser sees them before it
converts per option); a list becomes Flink's `;`-joined form. The legacy `flink-conf.yaml` is a flat
`key: value` per line that is not always valid YAML (`a: b: c`); a flat file that YAML rejects is read that
way. Anything else is a `FlinkConfigError` with its line, so a file read wrongly is never silently taken for
an empty configuration.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class FlinkConfigError(ValueError):
    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def parse_flink_config(text: str) -> dict[str, str]:
    """Dotted key → value text of a `config.yaml` or legacy `flink-conf.yaml`."""
    import yaml

    try:
        document = yaml.load(text, Loader=yaml.BaseLoader)
    except yaml.YAMLError as exc:
        if _is_flat(text):
            return _parse_legacy(text)
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise FlinkConfigError(str(problem), mark.line + 1 if mark is not None else 1) from None
    if document is None or document == "":
        return {}
    if not isinstance(document, Mapping):
        raise FlinkConfigError("expected 'key: value' lines", 1)
    result: dict[str, str] = {}
    _flatten(document, "", result)
    return result


def _flatten(node: Mapping[str, Any], prefix: str, out: dict[str, str]) -> None:
    for key, value in node.items():
        full = f"{prefix}{key}"
        if isinstance(value, Mapping):
            _flatten(value, full + ".", out)
        elif isinstance(value, list):
            if value:
                out[full] = ";".join(str(item) for item in value)
        elif value != "":  # `key:` with nothing under it
            out[full] = str(value)


def _is_flat(text: str) -> bool:
    return all(not line[:1].isspace() for line in text.splitlines() if line.strip())


def _parse_legacy(text: str) -> dict[str, str]:
    """Flink's legacy reader: `key: value` split at the first ': ', `#` starts a comment."""
    result: dict[str, str] = {}
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line or line in ("---", "..."):
            continue
        key, sep, value = line.partition(": ")
        if not sep and line.endswith(":"):
            key, sep, value = line[:-1], ":", ""
        if not sep or not key.strip():
            raise FlinkConfigError(f"expected 'key: value', got {line!r}", lineno)
        if value.strip():
            result[key.strip()] = value.strip()
    return result
