"""The `\\` command registry: each command registers itself with its usage and help, as pgcli's special commands do.

A command module only has to be imported for its commands to exist; `load_all()` imports every module of this
package, so adding a command never means editing a central list.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cdcshell.meta.context import CommandContext

Handler = Callable[["CommandContext", str], "int | None"]


@dataclass(frozen=True)
class MetaCommand:
    name: str  # without the backslash
    handler: Handler
    usage: str  # e.g. "\\checkpoints [JOB] [--watch [SECONDS]]"
    help_key: str  # i18n key of the one-line help
    aliases: tuple[str, ...] = ()
    topic: str = "general"
    in_scripts: bool = True  # False for commands that only make sense at a prompt (\tutorial, \edit)


_REGISTRY: dict[str, MetaCommand] = {}
_loaded = False


def meta_command(
    name: str,
    *,
    usage: str = "",
    help_key: str,
    aliases: tuple[str, ...] = (),
    topic: str = "general",
    in_scripts: bool = True,
) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        cmd = MetaCommand(name, fn, usage or f"\\{name}", help_key, aliases, topic, in_scripts)
        for key in (name, *aliases):
            if key in _REGISTRY and _REGISTRY[key].handler is not fn:
                raise RuntimeError(f"meta-command \\{key} registered twice")
            _REGISTRY[key] = cmd
        return fn

    return register


def load_all() -> None:
    global _loaded
    if _loaded:
        return
    from cdcshell import meta as pkg

    for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda i: i.name):
        if info.name not in ("registry", "context"):
            importlib.import_module(f"{pkg.__name__}.{info.name}")
    _loaded = True


def find(name: str) -> MetaCommand | None:
    load_all()
    return _REGISTRY.get(name.lstrip("\\").lower())


def all_commands() -> list[MetaCommand]:
    load_all()
    seen: dict[str, MetaCommand] = {}
    for cmd in _REGISTRY.values():
        seen.setdefault(cmd.name, cmd)
    return sorted(seen.values(), key=lambda c: c.name)


def parse_line(line: str) -> tuple[str, str]:
    """`\\name rest of line` → ("name", "rest of line"); a trailing `;` is not part of the arguments."""
    body = line.strip().lstrip("\\")
    name, _, rest = body.partition(" ")
    rest = rest.strip()
    if rest.endswith(";"):
        rest = rest[:-1].rstrip()
    if name.endswith(";"):
        name = name[:-1]
    return name, rest


def command_names() -> list[tuple[str, str]]:
    """Every name a command answers to (aliases included) with its one-line help: what completion offers."""
    from cdcshell.i18n import t

    return [(name, t(cmd.help_key)) for cmd in all_commands() for name in (cmd.name, *cmd.aliases)]
