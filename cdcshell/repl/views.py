"""The REPL's own result views, handed to the engine as `Executor.result_view` (the engine never imports the
REPL): the live table for a streaming query (`\\format live`, or `sql-client.execution.result-mode` = `table`)
and the pager for finite results. Only on a terminal: with `\\o FILE`, a pipe or `-f`, the engine's ordinary
writers (changelog, plain, CSV…) are used unchanged.
"""

from __future__ import annotations

import os
import shutil
import signal
from typing import TYPE_CHECKING

from cdcshell.options import Options

if TYPE_CHECKING:  # the writers load with the first result, not before the first prompt
    from cdcshell.render.output import ResultRequest, ResultViewFactory, ResultWriter


def interrupt_statement() -> None:
    """Leaving the live view cancels the statement exactly as Ctrl-C at a running statement does: the main
    thread, fetching results, gets KeyboardInterrupt and the executor cancels the operation on the gateway
    (which cancels its job on the cluster)."""
    os.kill(os.getpid(), signal.SIGINT)


def result_views(options: Options) -> ResultViewFactory:
    def view(request: ResultRequest) -> ResultWriter | None:
        from cdcshell.render.output import is_terminal

        if not is_terminal(request.out):
            return None
        if request.wants_live:
            from cdcshell.repl.live_table import LiveTableWriter

            return LiveTableWriter(on_leave=interrupt_statement, after=request.out)
        if options.pager and not request.streaming and request.fmt in ("table", "plain", "live"):
            return _paged(request)
        return None

    return view


def _paged(request: ResultRequest) -> ResultWriter | None:
    from cdcshell.render.output import make_writer
    from cdcshell.repl.pager import PagedWriter, PagerStream, pager_command

    argv = pager_command()
    if argv is None:
        return None
    size = shutil.get_terminal_size()
    stream = PagerStream(request.out, argv, height=size.lines - 1)  # the next prompt needs a line
    fmt = "table" if request.fmt == "live" else request.fmt
    inner = make_writer(fmt, stream, color=request.color, max_width=size.columns)  # type: ignore[arg-type]
    return PagedWriter(inner, stream)
