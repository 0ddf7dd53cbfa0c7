"""Where a statement's result pages go: the front end's own view when it offers one (the REPL's live table and
pager, `Executor.result_view`), else the writer of the chosen format, on the stream `\\o` chose."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cdcshell.engine.console import Console
    from cdcshell.gateway.models import ResultPage
    from cdcshell.options import Options
    from cdcshell.render.output import ResultViewFactory, ResultWriter


def is_streaming(session_config: dict[str, str]) -> bool:
    """Whether the session runs in streaming mode (results are a changelog), the gateway's default."""
    mode = session_config.get("execution.runtime-mode", "streaming")
    return mode.strip().lower() != "batch"


def choose_writer(
    console: Console,
    options: Options,
    session_config: dict[str, str],
    result_view: ResultViewFactory | None,
    *,
    streaming: bool,
    query: bool,
) -> ResultWriter:
    """The front end's own view when it offers one (`result_view`: the REPL's live table, its pager), else
    the format's writer. Results go where `\\o` sends them (`console.results`)."""
    from cdcshell.render.output import ResultRequest, make_writer

    out = console.results
    fmt, color = console.result_format(out), console.color(out)
    if result_view is not None:
        request = ResultRequest(
            fmt=fmt,
            out=out,
            color=color,
            streaming=streaming,
            query=query,
            session_config=session_config,
        )
        view = result_view(request)
        if view is not None:
            return view
    return make_writer(fmt, out, color=color, streaming=streaming, crlf=options.csv_crlf)


def is_ok_only(page: ResultPage) -> bool:
    """A page that only says `OK` (DDL, SET): the shell prints its own "OK" instead of a one-cell table."""
    cols = page.columns or []
    return (
        len(cols) == 1
        and cols[0].name == "result"
        and all(len(f) == 1 and f[0] == "OK" for _, f in page.rows)
    )
