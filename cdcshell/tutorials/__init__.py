"""The guided tutorials of `\\tutorial`: each a module defining `TUTORIAL`, texts in
`cdcshell/i18n/messages/tutorial.py`. The engine that runs them is `cdcshell/meta/tutorial.py`."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cdcshell.tutorials.model import Tutorial

_MODULES = ("checkpointing", "no_checkpoints")


def all_tutorials() -> dict[str, Tutorial]:
    """Name → tutorial, in the order a workshop takes them."""
    import importlib

    found: dict[str, Tutorial] = {}
    for name in _MODULES:
        tutorial = importlib.import_module(f"{__name__}.{name}").TUTORIAL
        found[tutorial.name] = tutorial
    return found


def find_tutorial(name: str) -> Tutorial | None:
    low = name.strip().lower()
    for tutorial in all_tutorials().values():
        if low == tutorial.name or low in tutorial.aliases:
            return tutorial
    return None
