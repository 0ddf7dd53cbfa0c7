"""Commands that psql, pgcli and mycli users type without thinking: `\\i FILE` runs a script in this session,
`\\o FILE` sends results to a file, `\\pager on|off` pages tall results.

`\\i` reads, splits and runs the script through the same code as `cdcshell -f` (`cdcshell.sql.script`), so its
errors point at `file:line:col` the same way and the first failure stops it (unless `--continue-on-error`).
"""

from __future__ import annotations

import os

from cdcshell.i18n import t
from cdcshell.meta.context import CommandContext, UsageError
from cdcshell.meta.registry import meta_command

_MAX_DEPTH = (
    16  # `\i` inside a script run by `\i`: a script that includes itself stops here, not at the stack
)
_depth = 0


def _path_argument(args: str, usage: str) -> str:
    path = args.strip()
    if len(path) >= 2 and path[0] == path[-1] and path[0] in "'\"":
        path = path[1:-1]
    if not path:
        raise UsageError(t("shell.meta_usage", usage=usage))
    return os.path.expanduser(path)


@meta_command("i", usage="\\i FILE", help_key="meta.help.include", aliases=("include",))
def include_command(ctx: CommandContext, args: str) -> int:
    global _depth
    from cdcshell.sql.script import ScriptError, read_script, run_statements, split_script

    path = _path_argument(args, "\\i FILE")
    if _depth >= _MAX_DEPTH:
        ctx.error(t("meta.include.too_deep", path=path, depth=_MAX_DEPTH))
        return 1
    try:
        script = read_script(path)
        statements = split_script(script)
    except ScriptError as exc:
        ctx.print(str(exc), err=True)
        return 1
    _depth += 1
    try:
        failed, stopped = run_statements(
            statements,
            lambda stmt: ctx.run(stmt, source=script.display, echo=True),
            continue_on_error=ctx.options.continue_on_error,
        )
    finally:
        _depth -= 1
    if stopped is not None:
        ctx.print(t("meta.include.stopped", done=stopped + 1, total=len(statements)), err=True)
    return 1 if failed else 0


@meta_command("o", usage="\\o [FILE]", help_key="meta.help.output", aliases=("out",))
def output_command(ctx: CommandContext, args: str) -> int:
    """Results only go to the file: messages, errors and the prompt stay on the terminal, as in psql."""
    if not args.strip():
        ctx.redirect_results(None)
        ctx.print(t("meta.output.terminal"), err=True)
        return 0
    path = _path_argument(args, "\\o [FILE]")
    try:
        # Created readable by its owner only, like every file cdcshell writes: results can hold customer data.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        stream = os.fdopen(fd, "w", encoding="utf-8", newline="", buffering=1)
    except OSError as exc:
        ctx.error(t("meta.output.cannot_open", path=path, reason=exc.strerror or str(exc)))
        return 1
    ctx.redirect_results(stream)
    ctx.print(t("meta.output.file", path=path), err=True)
    return 0


@meta_command("pager", usage="\\pager [on|off]", help_key="meta.help.pager")
def pager_command(ctx: CommandContext, args: str) -> int:
    word = args.strip().lower()
    if word in ("on", "off"):
        ctx.options.pager = word == "on"
    elif not word:
        ctx.options.pager = not ctx.options.pager  # `\pager` alone toggles, as psql's does
    else:
        raise UsageError(t("shell.meta_usage", usage="\\pager [on|off]"))
    command = os.environ.get("PAGER") or "less -SRXF"
    ctx.print(t("meta.pager.on", command=command) if ctx.options.pager else t("meta.pager.off"), err=True)
    return 0
