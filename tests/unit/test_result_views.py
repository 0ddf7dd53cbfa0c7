"""Issue 18: which view a result gets (live table, pager, the format's writer), the pager stream, `\\i`, `\\o`,
`\\pager`, `-D` and the new settings."""

from __future__ import annotations

import io
import os
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from cdcshell.config import load_settings
from cdcshell.options import Options, parse_properties
from cdcshell.render.output import RESULT_MODE_KEY, ResultRequest, choose_format
from cdcshell.repl.pager import PagedWriter, PagerStream, pager_command
from cdcshell.repl.views import result_views
from cdcshell.sql.splitter import Statement


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@dataclass
class _Col:
    name: str
    type: str


def _request(
    out: io.StringIO,
    *,
    fmt: str = "table",
    streaming: bool = True,
    query: bool = True,
    mode: str | None = None,
) -> ResultRequest:
    config = {RESULT_MODE_KEY: mode} if mode is not None else {}
    return ResultRequest(
        fmt=fmt, out=out, color=False, streaming=streaming, query=query, session_config=config
    )


@pytest.mark.parametrize(
    ("fmt", "mode", "streaming", "query", "live"),
    [
        ("live", None, True, True, True),
        ("table", "table", True, True, True),
        ("table", "TABLE ", True, True, True),
        ("table", "tableau", True, True, False),
        ("table", "changelog", True, True, False),
        ("table", None, True, True, False),  # cdcshell's default stays the changelog
        ("csv", "table", True, True, False),  # a data format is never replaced by a view
        ("live", None, False, True, False),  # a finite result is a table
        ("live", None, True, False, False),
    ],
)
def test_which_results_want_the_live_view(
    fmt: str, mode: str | None, streaming: bool, query: bool, live: bool
) -> None:
    assert _request(_Tty(), fmt=fmt, mode=mode, streaming=streaming, query=query).wants_live is live


def test_live_is_plain_text_on_a_pipe_and_a_table_format_on_a_terminal() -> None:
    assert choose_format("live", io.StringIO(), {})[0] == "plain"
    assert choose_format("live", _Tty(), {"TERM": "xterm"}) == ("live", True)
    assert choose_format("live", _Tty(), {"TERM": "dumb"})[0] == "plain"


def test_views_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    views = result_views(Options(gateway="http://x"))
    assert views(_request(io.StringIO(), fmt="live")) is None  # \o FILE, a pipe: the engine's writers
    from cdcshell.repl.live_table import LiveTableWriter

    assert isinstance(views(_request(_Tty(), fmt="live")), LiveTableWriter)
    monkeypatch.setenv("PAGER", "cat")
    assert isinstance(views(_request(_Tty(), streaming=False)), PagedWriter)
    assert views(_request(_Tty(), streaming=True)) is None  # the changelog is never paged
    assert result_views(Options(gateway="http://x", pager=False))(_request(_Tty(), streaming=False)) is None
    monkeypatch.setenv("PAGER", "no-such-pager-anywhere")
    assert views(_request(_Tty(), streaming=False)) is None  # printed, not lost


def test_pager_command_defaults_to_less_like_pgcli(monkeypatch: pytest.MonkeyPatch) -> None:
    argv = pager_command({"PATH": os.environ.get("PATH", "")})
    if argv is not None:  # `less` may be missing: then results are printed, which is tested above
        assert argv == ["less", "-SRXF"]
    assert pager_command({"PAGER": "cat -u", "PATH": os.environ.get("PATH", "")}) == ["cat", "-u"]


def test_a_result_that_fits_is_printed_and_a_tall_one_goes_to_the_pager(tmp_path: Path) -> None:
    paged = tmp_path / "paged.txt"
    argv = [sys.executable, "-c", f"import sys; open({str(paged)!r}, 'w').write(sys.stdin.read())"]
    out = io.StringIO()
    short = PagerStream(out, argv, height=5)
    short.write("a\nb\n")
    short.close()
    assert out.getvalue() == "a\nb\n" and not paged.exists()
    tall = PagerStream(out, argv, height=5)
    for i in range(20):
        tall.write(f"line {i}\n")
    tall.close()
    assert paged.read_text().splitlines() == [f"line {i}" for i in range(20)]
    assert out.getvalue() == "a\nb\n"  # nothing of the tall result reached the terminal directly


def test_paged_writer_closes_the_pager_when_the_result_ends(tmp_path: Path) -> None:
    from cdcshell.render.output import make_writer

    out = io.StringIO()
    stream = PagerStream(out, ["true"], height=100)
    writer = PagedWriter(make_writer("plain", stream, color=False), stream)  # type: ignore[arg-type]
    writer.start([_Col("n", "INT")], changelog=False)
    writer.rows([("+I", [1]), ("+I", [2])])
    writer.finish()
    assert writer.row_count == 2 and "2" in out.getvalue()


def test_define_options_and_settings(tmp_path: Path) -> None:
    assert parse_properties(["a.b=1", " c = x=y "]) == {"a.b": "1", "c": "x=y"}
    for bad in ("novalue", "=1"):
        with pytest.raises(ValueError, match="KEY=VALUE"):
            parse_properties([bad])
    cfg = tmp_path / "config.toml"
    cfg.write_text("csv_crlf = true\npager = false\nformat = 'live'\n", encoding="utf-8")
    settings = load_settings(cfg, environ={})
    assert (settings.csv_crlf, settings.pager, settings.format, settings.warnings) == (
        True,
        False,
        "live",
        [],
    )


# ----------------------------------------------------------------------------------------------- \i \o \pager


@dataclass
class _Outcome:
    ok: bool
    job_id: str | None = None


@dataclass
class _Ctx:
    options: Options = field(default_factory=lambda: Options(gateway="http://x"))
    printed: list[str] = field(default_factory=list)
    ran: list[tuple[str, str | None]] = field(default_factory=list)
    redirected: list[object] = field(default_factory=list)

    def print(self, text: str = "", *, err: bool = False) -> None:
        self.printed.append(text)

    def error(self, message: str, *, location: str | None = None, hint: str | None = None) -> None:
        self.printed.append(f"error: {message}")

    def run(self, stmt: Statement, *, source: str | None = None, echo: bool = False) -> _Outcome:
        self.ran.append((stmt.text, source))
        return _Outcome(ok="missing" not in stmt.text)

    def redirect_results(self, stream: object) -> None:
        self.redirected.append(stream)


def test_include_runs_statements_with_the_script_as_source_and_stops_at_a_failure(tmp_path: Path) -> None:
    from cdcshell.meta.scripts import include_command

    script = tmp_path / "s.sql"
    script.write_text("SHOW CATALOGS;\nSELECT * FROM missing;\nSHOW TABLES;\n", encoding="utf-8")
    ctx = _Ctx()
    assert include_command(ctx, f"'{script}'") == 1  # type: ignore[arg-type]
    assert ctx.ran == [("SHOW CATALOGS", str(script)), ("SELECT * FROM missing", str(script))]
    assert any("2 of 3" in p for p in ctx.printed)
    ctx = _Ctx()
    ctx.options.continue_on_error = True
    assert include_command(ctx, str(script)) == 1  # type: ignore[arg-type]
    assert len(ctx.ran) == 3


def test_include_reports_unreadable_and_unterminated_scripts_in_one_line(tmp_path: Path) -> None:
    from cdcshell.meta.context import UsageError
    from cdcshell.meta.scripts import include_command

    ctx = _Ctx()
    assert include_command(ctx, str(tmp_path / "nope.sql")) == 1  # type: ignore[arg-type]
    broken = tmp_path / "b.sql"
    broken.write_text("SELECT 1;\nSELECT 'open;\n", encoding="utf-8")
    assert include_command(ctx, str(broken)) == 1  # type: ignore[arg-type]
    assert ctx.printed[0].startswith(str(tmp_path / "nope.sql"))
    assert ctx.printed[1].startswith(f"{broken}:2:")
    assert ctx.ran == []
    with pytest.raises(UsageError):
        include_command(ctx, "  ")  # type: ignore[arg-type]


def test_output_file_is_private_and_results_only(tmp_path: Path) -> None:
    from cdcshell.engine.console import Console
    from cdcshell.meta.scripts import output_command

    ctx = _Ctx()
    target = tmp_path / "r.txt"
    assert output_command(ctx, str(target)) == 0  # type: ignore[arg-type]
    stream = ctx.redirected[-1]
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    out, err = io.StringIO(), io.StringIO()
    console = Console(Options(gateway="http://x"), out=out, err=err)
    console.redirect_results(stream)  # type: ignore[arg-type]
    console.results.write("row\n")
    console.print("OK")  # a message stays on the terminal
    assert output_command(ctx, "") == 0 and ctx.redirected[-1] is None  # type: ignore[arg-type]
    console.redirect_results(None)  # closes the file
    assert target.read_text() == "row\n" and out.getvalue() == "OK\n"
    assert console.results is out
    assert output_command(ctx, str(tmp_path / "no" / "dir" / "x")) == 1  # type: ignore[arg-type]


def test_pager_switch(monkeypatch: pytest.MonkeyPatch) -> None:
    from cdcshell.meta.context import UsageError
    from cdcshell.meta.scripts import pager_command as switch

    monkeypatch.delenv("PAGER", raising=False)
    ctx = _Ctx()
    switch(ctx, "off")  # type: ignore[arg-type]
    assert ctx.options.pager is False and ctx.printed[-1] == "Pager is off."
    switch(ctx, "")  # type: ignore[arg-type]
    assert ctx.options.pager is True and "less -SRXF" in ctx.printed[-1]
    with pytest.raises(UsageError):
        switch(ctx, "maybe")  # type: ignore[arg-type]


# ----------------------------------------------------------------------------------------------- the engine seam


def test_the_engine_asks_the_front_end_for_a_view_and_opens_sessions_with_dash_d() -> None:
    import json

    import httpx

    from cdcshell.engine.shell import Shell
    from cdcshell.gateway.client import GatewayClient
    from cdcshell.sql.splitter import split
    from tests.unit.test_shell_recovery import URL, FakeGateway, _NoCluster

    bodies: list[dict] = []

    class QueryGateway(FakeGateway):
        def __call__(self, request: httpx.Request) -> httpx.Response:
            if request.url.path == "/v3/sessions" and request.method == "POST":
                bodies.append(json.loads(request.content))
            if "/result/" in request.url.path:
                return httpx.Response(
                    200,
                    json={
                        "resultType": "EOS",
                        "isQueryResult": True,
                        "resultKind": "SUCCESS_WITH_CONTENT",
                        "results": {
                            "columns": [{"name": "n", "logicalType": {"type": "INT", "nullable": True}}],
                            "data": [{"kind": "INSERT", "fields": [1]}],
                        },
                    },
                )
            return super().__call__(request)

    out = io.StringIO()
    options = Options(gateway=URL, timeout=1, properties={"pipeline.name": "p"}, format="csv")
    shell = Shell(options, out=out, err=io.StringIO(), heartbeat=False)
    shell.client = GatewayClient(
        URL, transport=httpx.MockTransport(QueryGateway()), retry_backoff=0.0, timeout=1
    )
    shell._cluster = _NoCluster()  # type: ignore[assignment]
    assert shell.connect(quiet=True)
    assert bodies[0]["properties"] == {"pipeline.name": "p"}
    asked: list[ResultRequest] = []

    def view(request: ResultRequest) -> None:
        asked.append(request)
        return None  # the engine's own writer, then

    shell.executor.result_view = view  # type: ignore[assignment]
    assert shell.run(split("SELECT 1")[0], source="input").ok
    assert [(r.fmt, r.streaming, r.query) for r in asked] == [("csv", True, True)]
    assert out.getvalue() == "op,n\n+I,1\n"  # CSV with `\\n` line ends


def test_the_shared_statement_loop_marks_each_statement_and_stops_at_the_first_failure() -> None:
    from cdcshell.sql.script import run_statements
    from cdcshell.sql.splitter import split

    statements = split("SELECT 1; SELECT bad; SELECT 3; SELECT bad2;")
    seen: list[tuple[int, bool]] = []

    def run(stmt: Statement) -> _Outcome:
        return _Outcome(ok="bad" not in stmt.text)

    def after(index: int, stmt: Statement, outcome: _Outcome) -> None:
        seen.append((index, outcome.ok))

    assert run_statements(statements, run, continue_on_error=False, after=after) == (1, 1)
    assert seen == [(0, True), (1, False)]
    seen.clear()
    assert run_statements(statements, run, continue_on_error=True, start=2, after=after) == (1, None)
    assert seen == [(2, True), (3, False)]
