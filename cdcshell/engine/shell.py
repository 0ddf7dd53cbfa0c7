"""The `Shell` façade: one user's conversation with one SQL Gateway, composed of a console, a gateway link, the
lazily built services and an executor.

The REPL, batch mode and the tests talk to this object; `\\` commands see it as a `CommandContext`. It holds no
logic of its own beyond wiring: each member forwards to the part that owns the concern, so a change to how
statements run goes to `executor`, to how the session is kept to `connection`, to how text looks to `console`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

from cdcshell.engine.connection import GatewayLink
from cdcshell.engine.console import Console
from cdcshell.engine.console import location as _location
from cdcshell.engine.services import Services
from cdcshell.engine.state import ConnectionState, Outcome
from cdcshell.options import Options

if TYPE_CHECKING:
    from cdcshell.cluster.client import ClusterClient
    from cdcshell.engine.executor import ExecutionHooks, Executor
    from cdcshell.gateway.client import GatewayClient, KeepAlive
    from cdcshell.lint import IncrementalLinter
    from cdcshell.render.output import ResultViewFactory
    from cdcshell.sql.splitter import Statement
    from cdcshell.store.job_journal import JobJournal
    from cdcshell.store.state_journal import StateJournal
    from cdcshell.store.transcript import MarkdownTranscript


class Shell:
    """One user's conversation with one SQL Gateway.

    `interactive` changes only presentation (colour, confirmation prompts); what is executed and recorded is the
    same either way. `heartbeat` keeps the gateway session alive while the shell idles (off only in tests that
    need to watch a session expire). A lost session or connection is recovered on the next statement, never by
    submitting again a statement the gateway may already have accepted.
    """

    def __init__(
        self,
        options: Options,
        *,
        out: TextIO | None = None,
        err: TextIO | None = None,
        interactive: bool = False,
        confirm: Callable[[str], bool] | None = None,
        heartbeat: bool = True,
        ask_secret: Callable[[str], str | None] | None = None,
    ) -> None:
        self.options = options
        self.ask_secret = ask_secret  # a question whose answer is not echoed (`\\resume`'s masked secrets)
        recorder: MarkdownTranscript | None = None
        if options.record:
            from cdcshell.store.transcript import MarkdownTranscript

            recorder = MarkdownTranscript(options.record)
        self.console = Console(options, out=out, err=err, recorder=recorder)
        self.link = GatewayLink(
            options,
            self.console,
            heartbeat=heartbeat,
            replay=self._replay_statements,
            on_connected=self._connected,
        )
        self.services = Services(options, self.link.state, notice=self.console.info)
        self.link.on_new_state.append(self._state_replaced)
        # The executor (and the modules that run statements) is built with the first statement, not before the
        # first prompt: a few milliseconds of a start-up measured against a bare prompt (bench/README.md).
        self._executor: Executor | None = None
        self._executor_args = (interactive, confirm)
        self._executor_lock = threading.Lock()
        self._result_view: ResultViewFactory | None = None
        self.running = True
        self.next_input: str | None = None  # text the REPL puts into the next prompt (a tutorial step)

    # ------------------------------------------------------------------ wiring
    @property
    def executor(self) -> Executor:
        executor = self._executor
        if executor is None:
            with self._executor_lock:  # the REPL's background handshake may ask at the same time
                if self._executor is None:
                    from cdcshell.engine.executor import Executor

                    interactive, confirm = self._executor_args
                    built = Executor(
                        self.options,
                        self.console,
                        self.link,
                        self.services,
                        self,
                        interactive=interactive,
                        confirm=confirm,
                    )
                    built.result_view = self._result_view
                    self._executor = built
                executor = self._executor
        return executor

    @property
    def result_view(self) -> ResultViewFactory | None:
        """A front end's own result views (the REPL's live table and pager), handed to the executor."""
        return self._executor.result_view if self._executor is not None else self._result_view

    @result_view.setter
    def result_view(self, value: ResultViewFactory | None) -> None:
        self._result_view = value
        if self._executor is not None:
            self._executor.result_view = value

    def _replay_statements(self) -> list[str]:
        return self.services.state_journal.replay_statements()

    def _connected(self) -> None:
        self.services.load_cluster_config()

    def _state_replaced(self, state: ConnectionState) -> None:
        self.services.state = state

    # ------------------------------------------------------------------ output (console)
    @property
    def out(self) -> TextIO:
        return self.console.out

    @property
    def err(self) -> TextIO:
        return self.console.err

    @property
    def recorder(self) -> MarkdownTranscript | None:
        return self.console.recorder

    @recorder.setter
    def recorder(self, value: MarkdownTranscript | None) -> None:
        self.console.recorder = value

    def print(self, text: str = "", *, err: bool = False) -> None:
        self.console.print(text, err=err)

    def error(self, message: str, *, location: str | None = None, hint: str | None = None) -> None:
        self.console.error(message, location=location, hint=hint)

    def warn(self, message: str) -> None:
        self.console.warn(message)

    def info(self, message: str) -> None:
        self.console.info(message)

    def color(self, stream: TextIO) -> bool:
        return self.console.color(stream)

    def result_format(self, stream: TextIO) -> str:
        return self.console.result_format(stream)

    def echo(self, text: str) -> None:
        self.console.echo(text)

    def redirect_results(self, stream: TextIO | None) -> None:
        self.console.redirect_results(stream)

    @staticmethod
    def location(
        stmt: Statement | None, source: str | None, line: int | None = None, column: int | None = None
    ) -> str | None:
        return _location(stmt, source, line, column)

    # ------------------------------------------------------------------ the gateway (link)
    @property
    def state(self) -> ConnectionState:
        return self.link.state

    @property
    def client(self) -> GatewayClient | None:
        return self.link.client

    @client.setter
    def client(self, value: GatewayClient | None) -> None:
        """Tests hand in a client over a mock transport before connecting."""
        self.link.client = value

    @property
    def connected(self) -> bool:
        return self.link.connected

    def connect(self, url: str | None = None, *, quiet: bool = False) -> bool:
        return self.link.connect(url, quiet=quiet)

    def disconnect(self) -> None:
        self.link.disconnect()

    def recreate_session(self) -> None:
        self.link.recreate_session()

    @property
    def heartbeat(self) -> KeepAlive | None:
        return self.link.heartbeat

    @property
    def heartbeat_enabled(self) -> bool:
        return self.link.heartbeat_enabled

    @property
    def flink_version(self) -> str:
        return self.services.flink_version()

    @property
    def streaming(self) -> bool:
        return self.executor.streaming

    def query_rows(self, sql: str) -> list[list[object]]:
        """Run a small metadata statement (SHOW/DESCRIBE) and return its rows; used by background completion."""
        connection = self.link.connection
        if not self.connected or connection is None:
            return []
        return [list(fields) for _, fields in connection.collect(sql).rows]

    # ------------------------------------------------------------------ services
    @property
    def cluster(self) -> ClusterClient:
        return self.services.cluster

    @property
    def _cluster(self) -> ClusterClient | None:
        return self.services.cluster_client

    @_cluster.setter
    def _cluster(self, value: ClusterClient | None) -> None:
        """Tests put a fake JobManager here before connecting."""
        self.services.cluster_client = value

    @property
    def linter(self) -> IncrementalLinter | None:
        return self.services.linter

    @property
    def state_journal(self) -> StateJournal:
        return self.services.state_journal

    @property
    def job_journal(self) -> JobJournal:
        return self.services.job_journal

    # ------------------------------------------------------------------ running statements (executor)
    def run(self, stmt: Statement, *, source: str | None = None, echo: bool = False) -> Outcome:
        return self.executor.run(stmt, source=source, echo=echo)

    def run_text(self, sql: str, *, echo: bool = True) -> Outcome:
        return self.executor.run_text(sql, echo=echo)

    def run_meta(self, line: str, *, stmt: Statement | None = None, source: str | None = None) -> Outcome:
        return self.executor.run_meta(line, stmt=stmt, source=source)

    def run_sql(self, stmt: Statement, *, source: str | None = None, echo: bool = False) -> Outcome:
        return self.executor.run_sql(stmt, source=source, echo=echo)

    @property
    def hooks(self) -> ExecutionHooks:
        return self.executor.hooks

    @property
    def listeners(self) -> list[Callable[[str, str], None]]:
        """(kind, statement) after each success, e.g. DDL."""
        return self.executor.hooks.listeners

    @listeners.setter
    def listeners(self, value: list[Callable[[str, str], None]]) -> None:
        self.executor.hooks.listeners = value

    @property
    def after_run(self) -> list[Callable[[Statement, Outcome], None]]:
        """(statement, outcome) after every statement, meta-commands included (the tutorial's checks)."""
        return self.executor.hooks.after_run

    @after_run.setter
    def after_run(self, value: list[Callable[[Statement, Outcome], None]]) -> None:
        self.executor.hooks.after_run = value

    @property
    def interactive(self) -> bool:
        return self.executor.interactive

    @interactive.setter
    def interactive(self, value: bool) -> None:
        self.executor.interactive = value

    @property
    def confirm(self) -> Callable[[str], bool] | None:
        return self.executor.confirm

    @confirm.setter
    def confirm(self, value: Callable[[str], bool] | None) -> None:
        self.executor.confirm = value

    @property
    def timing(self) -> bool:
        return self.executor.timing

    @timing.setter
    def timing(self, value: bool) -> None:
        self.executor.timing = value

    @property
    def last_trace(self) -> str | None:
        return self.executor.last_trace

    @last_trace.setter
    def last_trace(self, value: str | None) -> None:
        self.executor.last_trace = value

    @property
    def cancel_event(self) -> threading.Event:
        return self.executor.cancel_event

    @property
    def submitted_statements(self) -> dict[str, str]:
        """job id -> unmasked statement, in memory only (`\\resume` re-runs the real text)."""
        return self.executor.submitted_statements

    @submitted_statements.setter
    def submitted_statements(self, value: dict[str, str]) -> None:
        self.executor.submitted_statements = value

    @property
    def meta_location(self) -> str | None:
        return self.executor.meta_location

    @property
    def submitted_jobs(self) -> list[str]:
        """Job ids in submission order (`--wait-checkpoint` waits on them)."""
        return self.executor.submitted_jobs

    @property
    def max_restarts(self) -> int | None:
        """`-f --max-restarts`: a waited-on job restarting more often fails its statement; None reports only."""
        return self.executor.max_restarts

    @max_restarts.setter
    def max_restarts(self, value: int | None) -> None:
        self.executor.max_restarts = value

    def close(self) -> None:
        self.running = False
        self.link.disconnect()
        self.console.close()
