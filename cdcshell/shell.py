"""The shell's engine, shared by the REPL and batch mode: one gateway session, statements in, rendered results out.

It sits above the gateway/cluster clients, the renderers and the session files, and below the two front ends, so
that a script and a person at the prompt get exactly the same behaviour (same echo, same errors, same journals).
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TextIO

from cdcshell.i18n import t
from cdcshell.options import Options

_log = logging.getLogger(__name__)  # the log file masks every line (cdcshell.logging_setup)
_log.addHandler(logging.NullHandler())
_LOG_STATEMENT_MAX = 20_000  # longer statements are logged by size only: masking a megabyte twice is waste

if TYPE_CHECKING:  # the real imports happen on first use: httpx and rich are not on the first-prompt path
    from cdcshell.gateway.client import GatewayClient
    from cdcshell.sql.splitter import Statement


@dataclass
class Outcome:
    """What became of one statement; batch mode turns these into exit codes and resume points."""

    ok: bool
    job_id: str | None = None
    error: str | None = None
    canceled: bool = False
    skipped: bool = False
    rows: int = 0


@dataclass
class ConnectionState:
    url: str
    connected: bool = False
    session: str | None = None
    flink_version: str | None = None
    api_version: str | None = None
    error: str | None = None
    catalog: str | None = None
    database: str | None = None
    session_config: dict[str, str] = field(default_factory=dict)
    cluster_config: dict[str, str] = field(default_factory=dict)


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
    ) -> None:
        self.options = options
        self.heartbeat_enabled = heartbeat  # keep the gateway session alive while the shell idles
        self._keeper: Any = None  # the KeepAlive of the current session
        self._out = out
        self._err = err
        self.recorder: Any = None  # a transcript (`--record FILE`): sees statements and everything printed
        if options.record:
            from cdcshell.session.transcript import MarkdownTranscript

            self.recorder = MarkdownTranscript(options.record)
        self.interactive = interactive
        self.confirm = confirm
        self.state = ConnectionState(url=options.gateway)
        self.client: GatewayClient | None = None
        self.timing = False
        self.last_trace: str | None = None
        self.running = True
        self.cancel_event = threading.Event()
        self._lock = threading.RLock()
        self._state_journal: Any = None
        self._job_journal: Any = None
        self._linter: Any = None
        self._cluster: Any = None
        self.listeners: list[Callable[[str, str], None]] = []  # (kind, statement) after each success, e.g. DDL
        # Called with (statement, outcome) after every statement, meta-commands included (the tutorial's checks).
        self.after_run: list[Callable[[Any, Outcome], None]] = []
        self.next_input: str | None = None  # text the REPL puts into the next prompt (a tutorial step)
        self.submitted_statements: dict[str, str] = {}  # job id -> unmasked statement, in memory only
        self.meta_location: str | None = None

    # ------------------------------------------------------------------ output
    @property
    def out(self) -> TextIO:
        """Looked up on each use: the REPL swaps sys.stdout for a proxy that keeps output above the prompt."""
        stream = self._out or sys.stdout
        return _Tee(stream, self.recorder, "out") if self.recorder is not None else stream

    @property
    def err(self) -> TextIO:
        stream = self._err or sys.stderr
        return _Tee(stream, self.recorder, "err") if self.recorder is not None else stream

    def print(self, text: str = "", *, err: bool = False) -> None:
        stream = self.err if err else self.out
        stream.write(text + "\n")
        stream.flush()

    def error(self, message: str, *, location: str | None = None, hint: str | None = None) -> None:
        """Compiler style when there is a place to point at (`file:line:col: error: …`), so editors can jump."""
        from cdcshell.render.ansi import BOLD_RED, paint
        from cdcshell.render.messages import render_error
        from cdcshell.sql.secrets import mask_text

        message = mask_text(message)  # a server error may quote the statement, password and all
        _log.warning("%s%s", f"{location}: " if location else "", message)
        color = self.color(self.err)
        if location:
            text = t("batch.failed_at", location=location, message=message)
            head, sep, rest = text.partition(message)
            text = paint(head, BOLD_RED, color) + sep + rest
            if hint:
                text += "\n  " + hint
        else:
            text = render_error(message, hint=hint, color=color)
        self.print(text, err=True)

    def warn(self, message: str) -> None:
        from cdcshell.render.messages import render_warning
        from cdcshell.sql.secrets import mask_text

        message = mask_text(message)  # e.g. a replayed statement's failure, quoting the statement
        _log.warning("%s", message)
        self.print(render_warning(message, color=self.color(self.err)), err=True)

    def info(self, message: str) -> None:
        from cdcshell.render.messages import render_info

        _log.info("%s", message)
        self.print(render_info(message, color=self.color(self.err)), err=True)

    def color(self, stream: TextIO) -> bool:
        from cdcshell.render.output import choose_format

        return choose_format(self.options.format, stream, os.environ)[1]

    # ------------------------------------------------------------------ connection
    @property
    def connected(self) -> bool:
        return self.state.connected and self.client is not None and self.state.session is not None

    def connect(self, url: str | None = None, *, quiet: bool = False) -> bool:
        """Open a gateway session; on failure keep the shell usable and remember why."""
        from cdcshell.gateway.client import GatewayClient
        from cdcshell.gateway.errors import GatewayError
        from cdcshell.sql.secrets import mask_url

        with self._lock:
            if url and url != self.state.url:
                self.disconnect()
                self.state = ConnectionState(url=url)
                self.options.gateway = url
            if self.client is None:
                self.client = GatewayClient(
                    self.state.url, headers=self.options.headers, timeout=self.options.timeout,
                    verify=self.options.verify,
                )
            try:
                self.state.api_version = self.client.negotiate()
                self.state.flink_version = self.client.info().version
                self.state.session = self.client.open_session(name="cdcshell")
                self.state.connected = True
                self.state.error = None
                self._refresh_session_info()
                self._load_cluster_config()
                self._start_heartbeat()
            except GatewayError as exc:
                self.state.connected = False
                self.state.error = str(exc)
                _log.warning("not connected: %s", exc)
                if not quiet:
                    self.error(t("shell.not_connected", reason=str(exc)))
                return False
        _log.info("connected to %s (Flink %s, REST %s), session %s", mask_url(self.state.url),
                  self.state.flink_version, self.state.api_version, self.state.session)
        if not quiet:
            self.info(t("shell.connected", version=self.state.flink_version, url=mask_url(self.state.url),
                        api=self.state.api_version))
        return True

    def disconnect(self) -> None:
        with self._lock:
            self._stop_heartbeat()
            if self.client is not None:
                if self.state.session:
                    # Closing is best effort, and quick: the shell is leaving, and a gateway that is already
                    # unreachable must not hold the exit for a full timeout.
                    wait = min(self.options.timeout, 5.0 if self.state.connected else 1.0)
                    with contextlib.suppress(Exception):
                        self.client.close_session(self.state.session, timeout=wait)
                self.client.close()
            self.client = None
            self.state.connected = False
            self.state.session = None

    # ------------------------------------------------------------------ keeping the session
    def _start_heartbeat(self) -> None:
        """Beat for the current session (replacing the beat of an earlier one) at a pace the gateway's idle
        timeout allows, so a long pause at the prompt or between script statements does not lose the session."""
        self._stop_heartbeat()
        if not self.heartbeat_enabled or self.client is None or self.state.session is None:
            return
        from cdcshell.gateway.heartbeat import heartbeat_interval

        self._keeper = self.client.keep_alive(self.state.session, interval=heartbeat_interval(self.state.session_config))

    def _stop_heartbeat(self) -> None:
        keeper, self._keeper = self._keeper, None
        if keeper is not None:
            keeper.stop(timeout=1.0)

    @property
    def heartbeat(self) -> Any:
        """The running KeepAlive (beats, last_error, interval), or None."""
        return self._keeper

    def _reconnect(self) -> bool:
        """After the connection was lost: reach the gateway again and get a usable session back.

        The old session is kept when the gateway still knows it (a network blip); after a gateway restart or an
        expiry a new one is opened and the session journal replayed into it. One line says which happened.
        """
        from cdcshell.gateway.errors import GatewayError, SessionNotFound
        from cdcshell.sql.secrets import mask_url

        with self._lock:
            if self.client is None:
                return False
            if self.state.api_version is None or self.state.session is None:
                return self.connect(quiet=False)  # never had a session: a plain first connect
            try:
                self.client.info()
                try:
                    self.client.session_config(self.state.session)
                except SessionNotFound:
                    self.recreate_session()
                else:
                    self.info(t("shell.reconnected", url=mask_url(self.state.url)))
                    self._start_heartbeat()
            except GatewayError as exc:
                self.state.connected = False
                self.state.error = str(exc)
                return False
            self.state.connected = True
            self.state.error = None
            return True

    def _refresh_session_info(self, *, config: bool = True, where: bool = True) -> None:
        """Re-read what the prompt and the checks show: the session's configuration (one GET) and the current
        catalog and database (two statements). Each is asked only when a statement can have changed it."""
        assert self.client is not None and self.state.session is not None
        if config:
            try:
                self.state.session_config = self.client.session_config(self.state.session)
            except Exception:
                self.state.session_config = {}
        if not where:
            return
        try:
            cat = self.client.execute_and_collect(self.state.session, "SHOW CURRENT CATALOG")
            db = self.client.execute_and_collect(self.state.session, "SHOW CURRENT DATABASE")
            self.state.catalog = str(cat.rows[0][1][0]) if cat.rows else None
            self.state.database = str(db.rows[0][1][0]) if db.rows else None
        except Exception:
            pass

    def _load_cluster_config(self) -> None:
        """The JobManager's configuration, for the checks that must know what the cluster sets (a deprecated key
        in the session loses silently to the new key in the cluster's config). Best effort, never fatal."""
        try:
            self.state.cluster_config = dict(self.cluster.jobmanager_config())
        except Exception:
            self.state.cluster_config = {}
        if self._linter is not None:
            self._linter.set_base(cluster_config=self.state.cluster_config,
                                  session_config=dict(self.state.session_config),
                                  cluster_name="/jobmanager/config")

    @property
    def flink_version(self) -> str:
        return self.options.flink_version or self.state.flink_version or "1.20"

    @property
    def streaming(self) -> bool:
        mode = self.state.session_config.get("execution.runtime-mode", "streaming")
        return mode.strip().lower() != "batch"

    def query_rows(self, sql: str) -> list[list[object]]:
        """Run a small metadata statement (SHOW/DESCRIBE) and return its rows; used by background completion."""
        if not self.connected:
            return []
        assert self.client is not None and self.state.session is not None
        result = self.client.execute_and_collect(self.state.session, sql)
        return [list(fields) for _, fields in result.rows]

    # ------------------------------------------------------------------ journals
    @property
    def state_journal(self) -> Any:
        if self._state_journal is None:
            from cdcshell.session.state_journal import StateJournal

            self._state_journal = StateJournal()
        return self._state_journal

    @property
    def job_journal(self) -> Any:
        if self._job_journal is None:
            from cdcshell.session.journal import JobJournal

            self._job_journal = JobJournal.for_gateway(self.state.url)
        return self._job_journal

    # ------------------------------------------------------------------ execution
    def run(self, stmt: Statement, *, source: str | None = None, echo: bool = False) -> Outcome:
        """Run one statement of a script or of the prompt: a meta-command or SQL."""
        self._log_statement(stmt, source)
        if self.recorder is not None:
            from cdcshell.sql.secrets import mask_secrets

            self.recorder.statement(mask_secrets(stmt.text))
        if stmt.text.lstrip().startswith("\\"):
            if echo:
                self.echo(stmt.text)
            outcome = self.run_meta(stmt.text, stmt=stmt, source=source)
        else:
            outcome = self.run_sql(stmt, source=source, echo=echo)
        for hook in list(self.after_run):
            hook(stmt, outcome)
        return outcome

    @staticmethod
    def _log_statement(stmt: Statement, source: str | None) -> None:
        where = f"{source or 'input'}:{stmt.line}"
        if len(stmt.text) > _LOG_STATEMENT_MAX:
            _log.info("run %s: a statement of %d characters", where, len(stmt.text))
        else:
            _log.info("run %s: %s", where, stmt.text)  # masked by the log's formatter

    def run_text(self, sql: str, *, echo: bool = True) -> Outcome:
        """Run SQL that a command made up (e.g. `\\resume` setting the recovery path), as if the user typed it."""
        from cdcshell.sql.splitter import split

        outcome = Outcome(ok=True)
        for stmt in split(sql, strict=True):
            outcome = self.run(stmt, source="command", echo=echo)
            if not outcome.ok:
                break
        return outcome

    def echo(self, text: str) -> None:
        from cdcshell.sql.secrets import mask_secrets

        fmt = self.result_format(self.out)
        stream = self.err if fmt in ("csv", "tsv", "json") else self.out
        shown = mask_secrets(text)
        lines = shown.splitlines() or [""]
        prompt = "Flink SQL> "
        body = "\n".join([prompt + lines[0], *("         > " + ln for ln in lines[1:])])
        if not text.lstrip().startswith("\\"):
            body += ";"
        stream.write(body + "\n")
        stream.flush()

    def _machine_output(self) -> bool:
        """csv/tsv/json keep stdout for data alone: status lines ("OK", the job id) go to stderr then."""
        return self.result_format(self.out) in ("csv", "tsv", "json")

    def result_format(self, stream: TextIO) -> str:
        from cdcshell.render.output import choose_format

        return choose_format(self.options.format, stream, os.environ)[0]

    def location(self, stmt: Statement | None, source: str | None, line: int | None = None,
                 column: int | None = None) -> str | None:
        if stmt is None:
            return None
        if line is not None:
            ln, col = stmt.source_position(line, column or 1)
        else:
            ln, col = stmt.line, stmt.column
        return f"{source or '<stdin>'}:{ln}:{col}"

    def run_meta(self, line: str, *, stmt: Statement | None = None, source: str | None = None) -> Outcome:
        from cdcshell.meta.registry import find, parse_line

        name, args = parse_line(line)
        cmd = find(name)
        if cmd is None:
            self.error(t("shell.unknown_meta", name="\\" + name), location=self.location(stmt, source))
            return Outcome(ok=False, error="unknown command")
        # Where a command's own errors point (`script.sql:12:1`), for handlers that report cluster failures.
        self.meta_location = self.location(stmt, source)
        try:
            rc = cmd.handler(self, args)
        except KeyboardInterrupt:
            self.print()
            return Outcome(ok=True, canceled=True)
        except UsageError as exc:
            self.error(str(exc) or t("shell.meta_usage", usage=cmd.usage), location=self.location(stmt, source))
            return Outcome(ok=False, error=str(exc))
        except Exception as exc:  # a broken command must not take the shell down
            if self.options.debug:
                raise
            self.error(_describe(exc), location=self.location(stmt, source))
            return Outcome(ok=False, error=str(exc))
        finally:
            self.meta_location = None
        return Outcome(ok=not rc)

    def run_sql(self, stmt: Statement, *, source: str | None = None, echo: bool = False) -> Outcome:
        from cdcshell.gateway.errors import GatewayError, GatewayUnreachable, StatementFailed
        from cdcshell.sql.kinds import classify
        from cdcshell.sql.splitter import statement_set_parts

        if echo:
            self.echo(stmt.text)
        if not self.connected and not (self.client is not None and self._reconnect()):
            if self.client is not None:  # we were connected, or tried: the reason names the URL and the fix
                self.error(t("shell.reconnect_failed", reason=self.state.error or "?"),
                           location=self.location(stmt, source))
            else:
                self.error(t("shell.offline"), location=self.location(stmt, source))
            return Outcome(ok=False, error="offline")
        kind = classify(stmt.text)
        if not self._lint_gate(stmt, kind, source):
            return Outcome(ok=False, skipped=True, error="lint")
        started = time.monotonic()
        outcome = Outcome(ok=True)
        # `BEGIN STATEMENT SET; …; END` is one unit for the user but several requests for the gateway.
        for part in statement_set_parts(stmt):
            try:
                outcome = self._execute_recovering(part, kind)
            except _LostAfterSubmit as lost:
                self._report_lost(lost, part, source)
                return Outcome(ok=False, error=str(lost.cause), job_id=lost.job_id)
            except StatementFailed as exc:
                self.last_trace = exc.trace
                rc = exc.root_cause
                hint = t("shell.trace_hint") if self.interactive else None
                where = self.location(part, source, rc.line if rc else None, rc.column if rc else None)
                self.error(rc.message if rc else str(exc), location=where, hint=hint)
                return Outcome(ok=False, error=rc.message if rc else str(exc))
            except GatewayUnreachable as exc:
                # The next statement tries to reconnect (and re-creates the session if the gateway restarted).
                self.state.connected = False
                self.error(str(exc), location=self.location(part, source))
                if exc.request_sent:
                    self.print("  " + t("shell.maybe_ran"), err=True)
                return Outcome(ok=False, error=str(exc))
            except GatewayError as exc:
                self.error(str(exc), location=self.location(part, source))
                if not self._still_there():
                    self.state.connected = False
                return Outcome(ok=False, error=str(exc))
            if outcome.canceled:
                break
        if outcome.ok:
            self._after_success(stmt, kind, outcome)
        if self.timing:
            from cdcshell.render.humanize import format_duration

            self.print(t("shell.elapsed", seconds=format_duration(time.monotonic() - started)), err=True)
        return outcome

    def _execute_recovering(self, stmt: Statement, kind: Any) -> Outcome:
        """Execute, getting the session back when the submit itself failed in a way that proves it did not run.

        SessionNotFound on submit: the gateway refused it before running anything, so a new session (with the
        journal replayed) and one more submit cannot run it twice. A connection that could not even be opened:
        likewise. A timeout or a dropped connection after sending is not retried: the statement may have run.
        """
        from cdcshell.gateway.errors import GatewayUnreachable, SessionNotFound

        try:
            return self._execute(stmt, kind)
        except SessionNotFound:
            self.recreate_session()
            return self._execute(stmt, kind)
        except GatewayUnreachable as exc:
            if exc.request_sent or not self._reconnect():
                raise
            return self._execute(stmt, kind)

    def _report_lost(self, lost: _LostAfterSubmit, stmt: Statement, source: str | None) -> None:
        """The statement was accepted, then its session or connection went away: never re-submit it, say so."""
        from cdcshell.gateway.errors import SessionNotFound

        gone = isinstance(lost.cause, SessionNotFound)
        what = t("shell.lost_session") if gone else t("shell.lost_connection")
        job = t("shell.lost_job", job_id=lost.job_id) if lost.job_id else ""
        self.error(t("shell.lost_after_submit", what=what, job=job), location=self.location(stmt, source))
        self.print("  " + str(lost.cause), err=True)
        if gone:
            # The next statement needs a session: get one now, while the user reads the message.
            try:
                self.recreate_session()
            except Exception:
                self.state.connected = False
        else:
            self.state.connected = False

    def _still_there(self) -> bool:
        try:
            assert self.client is not None
            self.client.info()
            return True
        except Exception:
            return False

    def _execute(self, stmt: Statement, kind: Any) -> Outcome:
        from cdcshell.gateway.errors import GatewayUnreachable, SessionNotFound
        from cdcshell.render.output import make_writer

        assert self.client is not None and self.state.session is not None
        session = self.state.session
        self.cancel_event.clear()
        op = self.client.execute(session, stmt.text)  # failures here are before the gateway ran anything
        writer = None
        rows = 0
        job_id: str | None = None
        try:
            for page in self._pages(session, op):
                job_id = job_id or page.job_id
                if writer is None and page.columns is not None:
                    if page.is_query_result:
                        fmt = self.result_format(self.out)
                        streaming = self.streaming
                        writer = make_writer(fmt, self.out, color=self.color(self.out), streaming=streaming)
                        writer.start(page.columns, changelog=streaming)
                    elif job_id is not None or (page.result_kind == "SUCCESS" and _is_ok_only(page)):
                        continue
                    else:
                        writer = make_writer(self.result_format(self.out), self.out,
                                             color=self.color(self.out), streaming=False)
                        writer.start(page.columns, changelog=False)
                if writer is not None and page.rows:
                    writer.rows(page.rows)
                    rows += len(page.rows)
        except (SessionNotFound, GatewayUnreachable) as exc:
            if writer is not None:
                with contextlib.suppress(Exception):
                    writer.finish()
            raise _LostAfterSubmit(exc, job_id) from exc
        except KeyboardInterrupt:
            self._cancel(session, op)
            if writer is not None:
                writer.finish(status=t("shell.canceled"))
            else:
                self.print(t("shell.canceled"), err=True)
            return Outcome(ok=True, canceled=True, rows=rows, job_id=job_id)
        if writer is not None:
            writer.finish()
        elif job_id is not None:
            self.print(t("shell.job_submitted", job_id=job_id), err=self._machine_output())
        else:
            self.print(t("shell.ok"), err=self._machine_output())
        self._close_operation(session, op)
        return Outcome(ok=True, job_id=job_id, rows=rows)

    def _pages(self, session: str, op: str) -> Any:
        assert self.client is not None
        return self.client.results(session, op, stop=self.cancel_event)

    def _cancel(self, session: str, op: str) -> None:
        """Ctrl-C: tell the gateway at once (short timeouts: the user is waiting, not the gateway)."""
        assert self.client is not None
        with contextlib.suppress(Exception):
            self.client.cancel(session, op, timeout=CANCEL_TIMEOUT)
        with contextlib.suppress(Exception):
            self.client.close_operation(session, op, timeout=CANCEL_TIMEOUT)

    def _close_operation(self, session: str, op: str) -> None:
        assert self.client is not None
        with contextlib.suppress(Exception):
            self.client.close_operation(session, op)

    def _after_success(self, stmt: Statement, kind: Any, outcome: Outcome) -> None:
        from cdcshell.sql.facts import parse_set
        from cdcshell.sql.kinds import Kind

        self.state_journal.record(stmt.text)
        setting = parse_set(stmt.text) if kind is Kind.SET else None
        if setting is not None and setting.key is not None and setting.value is not None:
            self.state.session_config[setting.key] = setting.value  # what the gateway stores, without asking
        elif kind in (Kind.SET, Kind.RESET):
            self._refresh_session_info(where=False)  # RESET falls back to defaults only the gateway knows
        elif kind in (Kind.USE, Kind.USE_CATALOG, Kind.DROP) or kind.name.startswith("CREATE_CATALOG"):
            self._refresh_session_info(config=False)
        if outcome.job_id:
            # The journal on disk is masked; `\\resume` in this shell can still re-run the real text.
            self.submitted_statements[outcome.job_id] = stmt.text
            try:
                self.job_journal.record(
                    gateway=self.state.url, session=self.state.session, job_id=outcome.job_id,
                    statement=stmt.text, flink_version=self.state.flink_version,
                    recovery_path=self._recovery_path(),
                )
            except OSError as exc:
                self.warn(str(exc))
        if self._linter is not None:
            self._linter.feed(stmt.text)
        for listener in self.listeners:
            listener(kind.name, stmt.text)

    def _recovery_path(self) -> str | None:
        cfg = self.state.session_config
        return cfg.get("execution.state-recovery.path") or cfg.get("execution.savepoint.path")

    def recreate_session(self) -> None:
        """Open a new gateway session and replay what built the old one's state (SET, USE, temporary objects)."""
        assert self.client is not None
        self._stop_heartbeat()
        self.state.session = self.client.open_session(name="cdcshell")
        self.state.connected = True
        replayed = 0
        for text in self.state_journal.replay_statements():
            try:
                self.client.execute_and_collect(self.state.session, text)
                replayed += 1
            except Exception as exc:
                self.warn(_describe(exc))
        self._refresh_session_info()
        self._start_heartbeat()
        self.info(t("shell.session_recreated", count=replayed))

    # ------------------------------------------------------------------ risk checks
    def _lint_gate(self, stmt: Statement, kind: Any, source: str | None) -> bool:
        """Show findings before a statement runs; errors stop it unless --force or the user says yes."""
        try:
            linter = self.linter
            if linter is None:
                return True
            findings = linter.check(stmt.text)
        except Exception:  # the checks advise; they must never block a statement by crashing
            return True
        if not findings:
            return True
        import dataclasses

        from cdcshell.render.messages import render_findings

        placed = []
        for f in findings:  # positions are relative to the statement: point into the script instead
            line = stmt.line + f.line - 1
            column = stmt.column + f.column - 1 if f.line == 1 else f.column
            placed.append(dataclasses.replace(f, line=line, column=column))
        self.print(render_findings(placed, source=source or "input", color=self.color(self.err)), err=True)
        errors = [f for f in findings if getattr(f, "severity", "") == "error"]
        if not errors or self.options.force:
            return True
        if self.interactive and self.confirm is not None:
            if self.confirm(t("shell.confirm_errors")):
                return True
            self.print(t("shell.skipped"), err=True)
            return False
        self.error(t("batch.lint_blocked", location=self.location(stmt, source)))
        return False

    @property
    def linter(self) -> Any:
        if self._linter is None:
            try:
                from cdcshell.lint import IncrementalLinter
            except ImportError:
                return None
            self._linter = IncrementalLinter(
                flink_version=self.flink_version, cluster_config=dict(self.state.cluster_config),
                session_config=dict(self.state.session_config),
            )
        return self._linter

    # ------------------------------------------------------------------ cluster
    @property
    def cluster(self) -> Any:
        """JobManager client: `--jobmanager`, else the `rest.address`/`rest.port` the gateway session reports."""
        if self._cluster is None:
            from cdcshell.cluster.client import ClusterClient

            url = self.options.jobmanager
            if not url:
                cfg = self.state.session_config
                host = cfg.get("rest.address", "127.0.0.1")
                port = cfg.get("rest.port", "8081")
                url = f"http://{host}:{port}"
            self._cluster = ClusterClient(url, headers=self.options.headers, verify=self.options.verify)
        return self._cluster

    def close(self) -> None:
        self.running = False
        self.disconnect()
        if self.recorder is not None:
            self.recorder.close()


CANCEL_TIMEOUT = 1.0  # seconds for each cancel/close call after Ctrl-C


class _LostAfterSubmit(Exception):
    """The gateway accepted a statement, then the session or the connection went away while fetching."""

    def __init__(self, cause: Exception, job_id: str | None) -> None:
        super().__init__(str(cause))
        self.cause = cause
        self.job_id = job_id


class UsageError(Exception):
    """A meta-command called with arguments it cannot use; the message says how to call it."""


def _is_ok_only(page: Any) -> bool:
    cols = page.columns or []
    return len(cols) == 1 and cols[0].name == "result" and all(
        len(f) == 1 and f[0] == "OK" for _, f in page.rows
    )


def internal_error_text(exc: BaseException) -> str:
    """One line for an error nobody expected (a bug), instead of a traceback; masked, since the message may
    quote a statement and its password. `--debug` shows the traceback instead."""
    from cdcshell.sql.secrets import mask_text

    text = " ".join(f"{type(exc).__name__}: {exc}".split())
    if len(text) > 300:
        text = text[:297] + "..."
    return t("cli.internal_error", error=mask_text(text))


def _describe(exc: BaseException) -> str:
    text = str(exc).strip()
    return text or type(exc).__name__


class _Tee:
    """A text stream that also hands what is written to the transcript recorder (masked there)."""

    def __init__(self, stream: TextIO, recorder: Any, name: str) -> None:
        self._stream = stream
        self._recorder = recorder
        self._name = name

    def write(self, text: str) -> int:
        self._recorder.output(text, self._name)
        return self._stream.write(text)

    def flush(self) -> None:
        self._stream.flush()

    def isatty(self) -> bool:
        return bool(getattr(self._stream, "isatty", lambda: False)())

    def fileno(self) -> int:
        return self._stream.fileno()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)
