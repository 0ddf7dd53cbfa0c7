"""Running one `\\` command: find it in the registry, hand it the `CommandContext`, and turn what goes wrong
into one located line — an unknown name, a `UsageError` (with the command's usage), or a crash of the handler
(which must not take the shell down; `--debug` lets it through with its traceback)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cdcshell.engine.console import describe
from cdcshell.engine.state import Outcome
from cdcshell.i18n import t
from cdcshell.meta.context import UsageError

if TYPE_CHECKING:
    from cdcshell.engine.console import Console
    from cdcshell.meta.context import CommandContext


def run_command(
    ctx: CommandContext, console: Console, line: str, *, where: str | None, debug: bool
) -> Outcome:
    """Run the `\\` command `line`; `where` (`script.sql:12:1`) prefixes its errors."""
    from cdcshell.meta.registry import find, parse_line

    name, args = parse_line(line)
    cmd = find(name)
    if cmd is None:
        console.error(t("shell.unknown_meta", name="\\" + name), location=where)
        return Outcome(ok=False, error="unknown command")
    try:
        rc = cmd.handler(ctx, args)
    except KeyboardInterrupt:
        console.print()
        return Outcome(ok=True, canceled=True)
    except UsageError as exc:
        console.error(str(exc) or t("shell.meta_usage", usage=cmd.usage), location=where)
        return Outcome(ok=False, error=str(exc))
    except Exception as exc:  # a broken command must not take the shell down
        if debug:
            raise
        console.error(describe(exc), location=where)
        return Outcome(ok=False, error=str(exc))
    return Outcome(ok=not rc)
