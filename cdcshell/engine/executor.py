"""Running one statement for the shell: a `\\` command or SQL, with the same echo, errors and journals whether
it came from a script or from the prompt.

For SQL: reconnect if needed, the risk checks' gate, submit (each part of a statement set), stream the result
pages into a writer, then the after-success work (journals, the session's known configuration, listeners).
A statement the gateway may already have accepted is never submitted again. This module coordinates; the parts
live beside it: `commands` (running a `\\` command), `results` (which writer gets the pages), `waiting` (following
the job a statement waits on, giving up on one that keeps restarting) and `records` (journals and advice before
and after a statement). The risk checks' gate is `Executor._lint_gate`, at the end of this module.

Hooks, in the order they fire (`ExecutionHooks`):
- `after_submit(stmt, job_id)`: once per statement, as soon as a result page names the job the gateway started;
- `while_waiting(stmt, page)`: for every result page fetched while the statement's result is awaited;
- `listeners(kind, text)`: after a statement succeeded (DDL changes completion metadata, `\\resume` resets keys);
- `after_run(stmt, outcome)`: after every statement, meta-commands included (the tutorial's checks).
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cdcshell.engine.collections_pause import fewer_collections
from cdcshell.engine.commands import run_command
from cdcshell.engine.connection import Connection, GatewayLink
from cdcshell.engine.console import Console, location
from cdcshell.engine.records import Records
from cdcshell.engine.results import choose_writer, is_ok_only, is_streaming
from cdcshell.engine.services import Services
from cdcshell.engine.state import Outcome
from cdcshell.engine.waiting import (
    JobKeptFailing,
    ensure_job_ends,
    give_up,
    hands_over_job,
    waits_on_job,
    watch_job,
)
from cdcshell.i18n import t
from cdcshell.meta.context import CommandContext
from cdcshell.options import Options

if TYPE_CHECKING:
    from cdcshell.gateway.models import ResultPage
    from cdcshell.render.output import ResultViewFactory, ResultWriter
    from cdcshell.sql.splitter import Statement

_log = logging.getLogger("cdcshell.shell")  # the log file masks every line (cdcshell.logging_setup)
_log.addHandler(logging.NullHandler())
_LOG_STATEMENT_MAX = 20_000  # longer statements are logged by size only: masking a megabyte twice is waste


@dataclass
class ExecutionHooks:
    """Who wants to hear about statements; lists may be replaced as a whole (a hook may run inside the loop)."""

    after_submit: list[Callable[[Statement, str], None]] = field(default_factory=list)
    while_waiting: list[Callable[[Statement, ResultPage], None]] = field(default_factory=list)
    listeners: list[Callable[[str, str], None]] = field(default_factory=list)
    after_run: list[Callable[[Statement, Outcome], None]] = field(default_factory=list)


class Executor:
    """Runs statements over the link, printing through the console; `ctx` is what `\\` commands are handed."""

    def __init__(
        self,
        options: Options,
        console: Console,
        link: GatewayLink,
        services: Services,
        ctx: CommandContext,
        *,
        interactive: bool,
        confirm: Callable[[str], bool] | None,
    ) -> None:
        self.options = options
        self.console = console
        self.link = link
        self.services = services
        self.ctx = ctx
        self.interactive = interactive
        self.confirm = confirm
        self.hooks = ExecutionHooks()
        self.timing = False
        self.last_trace: str | None = None
        self.cancel_event = threading.Event()
        self.submitted_statements: dict[str, str] = {}  # job id -> unmasked statement, in memory only
        self.submitted_jobs: list[str] = []  # job ids in submission order (`--wait-checkpoint` waits on them)
        # `-f`: a waited-on job that restarted more often than this fails its statement (None: only report)
        self.max_restarts: int | None = None
        self.meta_location: str | None = None
        # A front end's own result views (the REPL's live table and pager); the engine never imports them.
        self.result_view: ResultViewFactory | None = None
        self.records = Records(link, services, console, ctx)  # the journals and advice around a statement

    # ------------------------------------------------------------------ entry points
    def run(self, stmt: Statement, *, source: str | None = None, echo: bool = False) -> Outcome:
        """Run one statement of a script or of the prompt: a meta-command or SQL."""
        _log_statement(stmt, source)
        recorder = self.console.recorder
        if recorder is not None:
            from cdcshell.redact import redact_stored

            recorder.statement(redact_stored(stmt.text))
        if stmt.text.lstrip().startswith("\\"):
            if echo:
                self.console.echo(stmt.text)
            outcome = self.run_meta(stmt.text, stmt=stmt, source=source)
        else:
            outcome = self.run_sql(stmt, source=source, echo=echo)
        for hook in list(self.hooks.after_run):
            hook(stmt, outcome)
        return outcome

    def run_text(self, sql: str, *, echo: bool = True) -> Outcome:
        """Run SQL that a command made up (e.g. `\\resume` setting the recovery path), as if the user typed it."""
        from cdcshell.sql.splitter import split

        outcome = Outcome(ok=True)
        for stmt in split(sql, strict=True):
            outcome = self.run(stmt, source="command", echo=echo)
            if not outcome.ok:
                break
        return outcome

    def run_meta(self, line: str, *, stmt: Statement | None = None, source: str | None = None) -> Outcome:
        # Where a command's own errors point (`script.sql:12:1`), for handlers that report cluster failures.
        self.meta_location = where = location(stmt, source)
        try:
            return run_command(self.ctx, self.console, line, where=where, debug=self.options.debug)
        finally:
            self.meta_location = None

    def run_sql(self, stmt: Statement, *, source: str | None = None, echo: bool = False) -> Outcome:
        from cdcshell.gateway.errors import GatewayError, GatewayUnreachable, StatementFailed
        from cdcshell.sql.kinds import classify
        from cdcshell.sql.splitter import statement_set_parts

        console, link = self.console, self.link
        if echo:
            console.echo(stmt.text)
        if not link.connected and not (link.client is not None and link.reconnect()):
            if link.client is not None:  # we were connected, or tried: the reason names the URL and the fix
                console.error(
                    t("shell.reconnect_failed", reason=link.state.error or "?"),
                    location=location(stmt, source),
                )
            else:
                console.error(t("shell.offline"), location=location(stmt, source))
            return Outcome(ok=False, error="offline")
        kind = classify(stmt.text)
        if not self._lint_gate(stmt, source):
            return Outcome(ok=False, skipped=True, error="lint")
        self.records.warn_if_drifted(stmt.text, kind)
        started = time.monotonic()
        outcome = Outcome(ok=True)
        # `BEGIN STATEMENT SET; …; END` is one unit for the user but several requests for the gateway.
        for part in statement_set_parts(stmt):
            try:
                outcome = self._execute_recovering(part)
            except _LostAfterSubmit as lost:
                self._report_lost(lost, part, source)
                return Outcome(ok=False, error=str(lost.cause), job_id=lost.job_id)
            except JobKeptFailing as exc:
                console.error(
                    t(
                        "follow.gave_up",
                        job=exc.failover.job_id,
                        restarts=exc.failover.restarts,
                        limit=self.max_restarts,
                        cause=exc.failover.cause,
                    ),
                    location=location(part, source),
                )
                return Outcome(ok=False, error=exc.failover.cause, job_id=exc.failover.job_id)
            except StatementFailed as exc:
                self.last_trace = exc.trace
                rc = exc.root_cause
                hint = t("shell.trace_hint") if self.interactive else None
                where = location(part, source, rc.line if rc else None, rc.column if rc else None)
                console.error(rc.message if rc else str(exc), location=where, hint=hint)
                return Outcome(ok=False, error=rc.message if rc else str(exc))
            except GatewayUnreachable as exc:
                # The next statement tries to reconnect (and re-creates the session if the gateway restarted).
                link.lost()
                console.error(str(exc), location=location(part, source))
                if exc.request_sent:
                    console.print("  " + t("shell.maybe_ran"), err=True)
                return Outcome(ok=False, error=str(exc))
            except GatewayError as exc:
                console.error(str(exc), location=location(part, source))
                if not link.still_there():
                    link.lost()
                return Outcome(ok=False, error=str(exc))
            if outcome.canceled:
                break
        if outcome.ok:
            self.records.after_success(
                stmt,
                kind,
                outcome,
                interactive=self.interactive,
                submitted_statements=self.submitted_statements,
                submitted_jobs=self.submitted_jobs,
                listeners=self.hooks.listeners,
            )
        if self.timing:
            from cdcshell.humanize import format_duration

            console.print(t("shell.elapsed", seconds=format_duration(time.monotonic() - started)), err=True)
        return outcome

    # ------------------------------------------------------------------ submitting
    def _connection(self) -> Connection:
        connection = self.link.connection
        if connection is None:  # run_sql connected first; losing it in between is a lost connection
            from cdcshell.gateway.errors import GatewayUnreachable

            raise GatewayUnreachable(self.link.state.url, t("shell.offline"), request_sent=False)
        return connection

    def _execute_recovering(self, stmt: Statement) -> Outcome:
        """Execute, getting the session back when the submit itself failed in a way that proves it did not run.

        SessionNotFound on submit: the gateway refused it before running anything, so a new session (with the
        journal replayed) and one more submit cannot run it twice. A connection that could not even be opened:
        likewise. A timeout or a dropped connection after sending is not retried: the statement may have run.
        """
        from cdcshell.gateway.errors import GatewayUnreachable, SessionNotFound

        try:
            return self._execute(stmt)
        except SessionNotFound:
            self.link.recreate_session()
            return self._execute(stmt)
        except GatewayUnreachable as exc:
            if exc.request_sent or not self.link.reconnect():
                raise
            return self._execute(stmt)

    def _report_lost(self, lost: _LostAfterSubmit, stmt: Statement, source: str | None) -> None:
        """The statement was accepted, then its session or connection went away: never re-submit it, say so."""
        from cdcshell.gateway.errors import SessionNotFound

        gone = isinstance(lost.cause, SessionNotFound)
        what = t("shell.lost_session") if gone else t("shell.lost_connection")
        job = t("shell.lost_job", job_id=lost.job_id) if lost.job_id else ""
        self.console.error(t("shell.lost_after_submit", what=what, job=job), location=location(stmt, source))
        self.console.print("  " + str(lost.cause), err=True)
        if gone:
            # The next statement needs a session: get one now, while the user reads the message.
            try:
                self.link.recreate_session()
            except Exception:
                self.link.lost()
        else:
            self.link.lost()

    def _execute(self, stmt: Statement) -> Outcome:
        from cdcshell.gateway.errors import GatewayUnreachable, SessionNotFound

        console = self.console
        connection = self._connection()
        self.cancel_event.clear()
        from cdcshell.engine.interrupts import deferred_interrupt, noted_interrupt

        with deferred_interrupt() as interrupted:  # a Ctrl-C during the submit cancels what it submitted
            op = connection.execute(stmt.text)  # failures here are before the gateway ran anything
        writer = None
        rows = 0
        job_id: str | None = None
        watch = None
        try:
            if interrupted():
                raise KeyboardInterrupt
            # fewer_collections: a page's rows die by reference counting (engine/collections_pause).
            # noted_interrupt: a Ctrl-C whose KeyboardInterrupt is swallowed on the way still stops and cancels.
            with fewer_collections(), noted_interrupt(self.cancel_event) as pressed:
                for page in connection.results(op, self.cancel_event):
                    if job_id is None and page.job_id:
                        job_id = page.job_id
                        self._submitted(stmt, job_id)
                        if waits_on_job(page, self.link.state.session_config):
                            watch = watch_job(self.ctx, job_id, self.max_restarts)
                    for waiting in list(self.hooks.while_waiting):
                        waiting(stmt, page)
                    if writer is None and page.columns is not None:
                        if page.is_query_result:
                            streaming = self.streaming
                            writer = self._writer(streaming=streaming, query=True)
                            writer.start(page.columns, changelog=streaming)
                        elif job_id is not None or (page.result_kind == "SUCCESS" and is_ok_only(page)):
                            continue
                        else:
                            writer = self._writer(streaming=False, query=False)
                            writer.start(page.columns, changelog=False)
                    if writer is not None and page.rows:
                        writer.rows(page.rows)
                        rows += len(page.rows)
                if pressed():
                    raise KeyboardInterrupt
        except (SessionNotFound, GatewayUnreachable) as exc:
            if writer is not None:
                with contextlib.suppress(Exception):
                    writer.finish()
            raise _LostAfterSubmit(exc, job_id) from exc
        except KeyboardInterrupt:
            return self._canceled(stmt, connection, op, job_id, writer, rows)
        finally:
            if watch is not None:
                watch.stop()
        if watch is not None and watch.gave_up is not None:
            give_up(self.ctx, connection, op, watch.gave_up, writer)
        if writer is not None:
            writer.finish()
        elif job_id is not None:
            console.print(t("shell.job_submitted", job_id=job_id), err=console.machine_output())
        else:
            console.print(t("shell.ok"), err=console.machine_output())
        connection.close_operation(op)
        return Outcome(ok=True, job_id=job_id, rows=rows)

    def _canceled(
        self,
        stmt: Statement,
        connection: Connection,
        op: str,
        job_id: str | None,
        writer: ResultWriter | None,
        rows: int,
    ) -> Outcome:
        """Ctrl-C: cancel the operation on the gateway and its job on the cluster.

        When no page named the job yet, its id is waited for first (bounded; `cdcshell.engine.cancel_job`):
        cancelling an operation whose job is being submitted leaves the job running. Further Ctrl-Cs meanwhile
        only end that wait (`held_interrupt`): raised here, they would skip the cancel itself."""
        from cdcshell.engine.interrupts import held_interrupt

        stop_waiting = threading.Event()
        with held_interrupt(stop_waiting):
            found = None
            if job_id is None:
                found = job_id = self._job_being_started(stmt, connection, op, stop_waiting)
            connection.cancel(op)
            if job_id is not None:
                ensure_job_ends(self.ctx, job_id)
            if found is not None:  # named only now: the hooks have not heard of it yet
                try:
                    self._submitted(stmt, found)
                except Exception as exc:  # a listener's failure must not hide that the job was cancelled
                    _log.debug("after_submit hook failed for %s: %s", found, exc)
            if writer is not None:
                writer.finish(status=t("shell.canceled"))
            else:
                self.console.print(t("shell.canceled"), err=True)
        return Outcome(ok=True, canceled=True, rows=rows, job_id=job_id)

    def _job_being_started(
        self, stmt: Statement, connection: Connection, op: str, stop: threading.Event
    ) -> str | None:
        """The job the statement's operation is submitting, once the gateway names it; None at once for a
        statement whose operation does not end with the submit (`waiting.hands_over_job`)."""
        from cdcshell.engine.cancel_job import HANDOVER_SECONDS, job_being_started
        from cdcshell.sql.kinds import classify

        if not hands_over_job(classify(stmt.text), self.link.state.session_config):
            return None
        console = self.console
        return job_being_started(
            connection,
            op,
            stop=stop,
            notice=lambda: console.print(t("shell.cancel_waits", seconds=int(HANDOVER_SECONDS)), err=True),
            unsure=lambda: console.print(t("shell.cancel_unsure"), err=True),
        )

    def _writer(self, *, streaming: bool, query: bool) -> ResultWriter:
        state = self.link.state
        return choose_writer(
            self.console,
            self.options,
            state.session_config,
            self.result_view,
            streaming=streaming,
            query=query,
        )

    def _submitted(self, stmt: Statement, job_id: str) -> None:
        """The gateway started a job for `stmt`: the place for whoever follows jobs (`hooks.after_submit`)."""
        for hook in list(self.hooks.after_submit):
            hook(stmt, job_id)

    @property
    def streaming(self) -> bool:
        return is_streaming(self.link.state.session_config)

    # ------------------------------------------------------------------ risk checks
    def _lint_gate(self, stmt: Statement, source: str | None) -> bool:
        """Show findings before a statement runs; errors stop it unless --force or the user says yes."""
        try:
            linter = self.services.linter
            if linter is None:
                return True
            from cdcshell.engine.submit_probes import submit_probes

            findings = linter.check(stmt.text, probes=submit_probes(self.services, self.link))
        except Exception:  # the checks advise; they must never block a statement by crashing
            return True
        if not findings:
            return True
        from cdcshell.render.messages import render_findings

        console = self.console
        placed = []
        for f in findings:  # positions are relative to the statement: point into the script instead
            line = stmt.line + f.line - 1
            column = stmt.column + f.column - 1 if f.line == 1 else f.column
            placed.append(dataclasses.replace(f, line=line, column=column))
        console.print(
            render_findings(placed, source=source or "input", color=console.color(console.err)), err=True
        )
        errors = [f for f in findings if getattr(f, "severity", "") == "error"]
        if not errors or self.options.force:
            return True
        if self.interactive and self.confirm is not None:
            if self.confirm(t("shell.confirm_errors")):
                return True
            console.print(t("shell.skipped"), err=True)
            return False
        console.error(t("batch.lint_blocked", location=location(stmt, source)))
        return False


class _LostAfterSubmit(Exception):
    """The gateway accepted a statement, then the session or the connection went away while fetching."""

    def __init__(self, cause: Exception, job_id: str | None) -> None:
        super().__init__(str(cause))
        self.cause = cause
        self.job_id = job_id


def _log_statement(stmt: Statement, source: str | None) -> None:
    where = f"{source or 'input'}:{stmt.line}"
    if len(stmt.text) > _LOG_STATEMENT_MAX:
        _log.info("run %s: a statement of %d characters", where, len(stmt.text))
    else:
        _log.info("run %s: %s", where, stmt.text)  # masked by the log's formatter
