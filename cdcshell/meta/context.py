"""The bottom of the command layer: what a `\\` command may use of the shell, and how it says "called wrongly".

Handlers take a `CommandContext`, a Protocol, instead of the whole shell: the engine's `Shell` façade satisfies
it, a test passes a small fake (`tests/unit/test_meta_jobs_support.py`), and nothing in `cdcshell.meta` imports
the engine. A member belongs here only when some command needs it; a command that wants more of the shell
means a new member here, visibly, not an attribute reached for in passing.

The members, by what they are for:
- output: `print`, `error`, `warn`, `info`, `out`, `err`, `color`, `result_format`, `recorder` (a transcript),
  `redirect_results` (`\\o FILE`);
- the conversation: `interactive`, `confirm`, `ask_secret`, `options`, `timing`, `running`, `next_input`, `last_trace`,
  `cancel_event`;
- the gateway: `state`, `connected`, `connect`, `flink_version`, `run_text`, `run` (a script's statement, `\\i`),
  `query_rows`, `submitted_statements`;
- the JobManager: `cluster`;
- persistence: `job_journal`, `state_journal`;
- hooks: `listeners` (after a statement succeeded), `after_run` (after every statement).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, TextIO

if TYPE_CHECKING:
    from cdcshell.cluster.client import ClusterClient
    from cdcshell.options import Options
    from cdcshell.sql.splitter import Statement
    from cdcshell.store.job_journal import JobJournal
    from cdcshell.store.state_journal import StateJournal
    from cdcshell.store.transcript import MarkdownTranscript


class UsageError(Exception):
    """A meta-command called with arguments it cannot use; the message says how to call it."""


class GatewayState(Protocol):
    """What the shell knows of its gateway and session (read by `\\status`, the journals, the tutorials)."""

    @property
    def url(self) -> str: ...

    @property
    def session(self) -> str | None: ...

    @property
    def flink_version(self) -> str | None: ...

    @property
    def api_version(self) -> str | None: ...

    @property
    def error(self) -> str | None: ...

    @property
    def catalog(self) -> str | None: ...

    @property
    def database(self) -> str | None: ...

    @property
    def session_config(self) -> dict[str, str]: ...

    @property
    def cluster_config(self) -> dict[str, str]: ...


class RunResult(Protocol):
    """What became of a statement a command ran (`CommandContext.run_text`)."""

    @property
    def ok(self) -> bool: ...

    @property
    def job_id(self) -> str | None: ...


StatementListener = Callable[[str, str], None]  # (kind name, statement) after each successful statement
AfterRunHook = Callable[["Statement", Any], None]  # (statement, outcome) after every statement


class CommandContext(Protocol):
    """What a `\\` command handler may use; see the module docstring for the groups."""

    # output
    @property
    def out(self) -> TextIO: ...

    @property
    def err(self) -> TextIO: ...

    recorder: MarkdownTranscript | None  # the Markdown transcript of `--record`

    def print(self, text: str = "", *, err: bool = False) -> None: ...

    def error(self, message: str, *, location: str | None = None, hint: str | None = None) -> None: ...

    def warn(self, message: str) -> None: ...

    def info(self, message: str) -> None: ...

    def color(self, stream: TextIO) -> bool: ...

    def result_format(self, stream: TextIO) -> str: ...

    def redirect_results(self, stream: TextIO | None) -> None: ...

    # the conversation
    options: Options
    interactive: bool
    confirm: Callable[[str], bool] | None
    ask_secret: Callable[[str], str | None] | None  # an answer not echoed (`\\resume`'s masked secrets)
    timing: bool
    running: bool
    next_input: str | None
    last_trace: str | None

    @property
    def cancel_event(self) -> threading.Event: ...

    # the gateway
    @property
    def state(self) -> GatewayState: ...

    @property
    def connected(self) -> bool: ...

    @property
    def flink_version(self) -> str: ...

    def connect(self, url: str | None = None, *, quiet: bool = False) -> bool: ...

    def run_text(self, sql: str, *, echo: bool = True) -> RunResult: ...
    @property
    def submitted_statements(self) -> dict[str, str]: ...  # job id -> clear statement, this shell's jobs

    def run(self, stmt: Statement, *, source: str | None = None, echo: bool = False) -> RunResult: ...

    def query_rows(self, sql: str) -> list[list[object]]: ...

    # the JobManager
    @property
    def cluster(self) -> ClusterClient: ...

    # persistence
    @property
    def job_journal(self) -> JobJournal: ...

    @property
    def state_journal(self) -> StateJournal: ...

    # hooks
    listeners: list[StatementListener]
    after_run: list[AfterRunHook]
