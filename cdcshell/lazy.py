"""Things loaded when first used: package-level names that import their module (PEP 562), regular
expressions that compile.

`import cdcshell.gateway` must not pull in httpx: the REPL draws its first prompt before any client exists.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Mapping
from typing import Any, cast


def lazy_getattr(package: str, exports: Mapping[str, str], namespace: dict[str, Any]) -> Callable[[str], Any]:
    """A module `__getattr__` that loads `package.<exports[name]>` on first access and caches the value."""

    def __getattr__(name: str) -> Any:
        module = exports.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{module}"), name)
        namespace[name] = value
        return value

    return __getattr__


class _LazyPattern:
    """Compiles on first use; each attribute asked for (`match`, `search`, ...) is then set on the instance, so
    later calls cost what a module-level compiled pattern costs (`re` keeps the compiled pattern cached)."""

    def __init__(self, pattern: str, flags: int) -> None:
        self._source = (pattern, flags)

    def __getattr__(self, name: str) -> Any:
        value = getattr(re.compile(*self._source), name)
        setattr(self, name, value)
        return value


def lazy_pattern(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """A regular expression compiled when first used instead of at import.

    Why: modules on the way to the first prompt (the masker is imported by the console and the log) compiled a
    dozen patterns there that only a statement or a log line needs, a few milliseconds of a start-up whose goal
    is within 1.3x of a bare prompt_toolkit prompt (bench/README.md, "Start to prompt")."""
    return cast("re.Pattern[str]", _LazyPattern(pattern, flags))
