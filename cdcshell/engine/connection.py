"""The gateway link: opening a session, keeping it alive, getting it back after a loss, closing it.

A `Connection` is one open gateway session over one client; it exists only from the moment a session is open
until it is closed or replaced, so nothing that uses it has to ask whether there is a client or a session.
`GatewayLink` owns the lifecycle: it creates the client, opens a `Connection`, recovers from a lost network or
an expired session (replaying the state journal into a new session), and remembers why it is not connected.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from cdcshell.engine.console import Console, describe
from cdcshell.engine.state import ConnectionState
from cdcshell.i18n import t
from cdcshell.options import Options

if TYPE_CHECKING:
    from cdcshell.gateway.client import GatewayClient, KeepAlive
    from cdcshell.gateway.models import ResultPage, StatementResult

_log = logging.getLogger("cdcshell.shell")
_log.addHandler(logging.NullHandler())

CANCEL_TIMEOUT = 1.0  # seconds for each cancel/close call after Ctrl-C
HANDOVER_TIMEOUT = 3.0  # seconds for each status/result call while a Ctrl-C waits for the job's id


class Connection:
    """One open gateway session: the client, the session handle, its heartbeat. Writes what it learns (session
    configuration, current catalog and database) into the shared `ConnectionState`."""

    def __init__(self, client: GatewayClient, session: str, state: ConnectionState) -> None:
        self.client = client
        self.session = session
        self.state = state
        self.keeper: KeepAlive | None = None
        state.session = session
        state.connected = True

    # ------------------------------------------------------------------ statements
    def execute(self, text: str) -> str:
        """Submit a statement; the operation handle. Failures here are before the gateway ran anything."""
        return self.client.execute(self.session, text)

    def results(self, operation: str, stop: threading.Event) -> Iterator[ResultPage]:
        return self.client.results(self.session, operation, stop=stop)

    def cancel(self, operation: str) -> threading.Thread | None:
        """Ctrl-C: tell the gateway at once (short timeouts: the user is waiting, not the gateway).

        When neither the cancel nor the close got through in time (a loaded gateway), the job would run on after
        the prompt is back — a lost Ctrl-C. Then the close is retried in the background with the client's normal
        timeout (closing the operation is what cancels a streaming job); that thread is returned."""
        reached = False
        try:
            self.client.cancel(self.session, operation, timeout=CANCEL_TIMEOUT)
            reached = True
        except Exception as exc:
            _log.debug("cancel of %s failed: %s", operation, exc)
        try:
            self.client.close_operation(self.session, operation, timeout=CANCEL_TIMEOUT)
            reached = True
        except Exception as exc:
            _log.debug("close of %s failed: %s", operation, exc)
        if reached:
            return None
        later = threading.Thread(
            target=self._close_later, args=(operation,), name="cdcshell-cancel", daemon=True
        )
        later.start()
        return later

    def operation_status(self, operation: str) -> str:
        """The operation's status on the gateway (`RUNNING`, `FINISHED`, ...), asked with a short timeout: the
        caller is a Ctrl-C the user waits on (`cdcshell.engine.cancel_job.job_being_started`)."""
        return self.client.operation_status(self.session, operation, timeout=HANDOVER_TIMEOUT, retry=False)

    def job_of(self, operation: str) -> str | None:
        """The job a finished operation started, from its first result page (every page names it); None when
        it started none or the page cannot be read any more (the pager already moved past it)."""
        try:
            return self.client.fetch(self.session, operation, 0, timeout=HANDOVER_TIMEOUT).job_id
        except Exception as exc:
            _log.debug("cannot read the job of %s: %s", operation, exc)
            return None

    def _close_later(self, operation: str) -> None:
        for attempt in (self.client.cancel, self.client.close_operation):
            try:
                attempt(self.session, operation)
            except Exception as exc:
                _log.debug("retried %s of %s failed: %s", attempt.__name__, operation, exc)

    def close_operation(self, operation: str) -> None:
        with contextlib.suppress(Exception):
            self.client.close_operation(self.session, operation)

    def collect(self, sql: str) -> StatementResult:
        """Run a small statement and return its whole result (metadata queries, the journal's replay)."""
        return self.client.execute_and_collect(self.session, sql)

    # ------------------------------------------------------------------ what the prompt and the checks show
    def refresh_info(self, *, config: bool = True, where: bool = True) -> None:
        """Re-read the session's configuration (one GET) and the current catalog and database (two statements).
        Each is asked only when a statement can have changed it."""
        if config:
            try:
                self.state.session_config = self.client.session_config(self.session)
            except Exception:
                self.state.session_config = {}
        if not where:
            return
        try:
            cat = self.collect("SHOW CURRENT CATALOG")
            db = self.collect("SHOW CURRENT DATABASE")
            self.state.catalog = str(cat.rows[0][1][0]) if cat.rows else None
            self.state.database = str(db.rows[0][1][0]) if db.rows else None
        except Exception:
            pass

    # ------------------------------------------------------------------ keeping the session
    def start_heartbeat(self) -> None:
        """Beat at a pace the gateway's idle timeout allows, so that a long pause at the prompt or between script
        statements does not lose the session."""
        from cdcshell.gateway.heartbeat import heartbeat_interval

        self.stop_heartbeat()
        self.keeper = self.client.keep_alive(
            self.session, interval=heartbeat_interval(self.state.session_config)
        )

    def stop_heartbeat(self) -> None:
        keeper, self.keeper = self.keeper, None
        if keeper is not None:
            keeper.stop(timeout=1.0)

    def close(self, timeout: float) -> None:
        """Close the session, best effort: the shell is leaving, and an unreachable gateway must not hold it."""
        self.stop_heartbeat()
        with contextlib.suppress(Exception):
            self.client.close_session(self.session, timeout=timeout)


class GatewayLink:
    """Opens, recovers and closes the `Connection` of one shell; keeps the `ConnectionState` the prompt shows.

    A lost session or connection is recovered on the next statement, never by submitting again a statement the
    gateway may already have accepted (that is the executor's side of the contract).
    """

    def __init__(
        self,
        options: Options,
        console: Console,
        *,
        heartbeat: bool,
        replay: Callable[[], list[str]],
        on_connected: Callable[[], None],
    ) -> None:
        self.options = options
        self.console = console
        self.heartbeat_enabled = heartbeat  # off only in tests that need to watch a session expire
        self.state = ConnectionState(url=options.gateway)
        self.client: GatewayClient | None = (
            None  # kept across a lost connection: the next statement reconnects
        )
        self.connection: Connection | None = None
        self._replay = replay
        self._on_connected = on_connected
        self._lock = threading.RLock()
        self.on_new_state: list[Callable[[ConnectionState], None]] = []  # `\connect URL` starts a new state

    @property
    def connected(self) -> bool:
        return self.state.connected and self.connection is not None

    @property
    def heartbeat(self) -> KeepAlive | None:
        """The running KeepAlive (beats, last_error, interval), or None."""
        return self.connection.keeper if self.connection is not None else None

    def _client(self) -> GatewayClient:
        if self.client is None:
            from cdcshell.gateway.client import GatewayClient

            self.client = GatewayClient(
                self.state.url,
                headers=self.options.headers,
                timeout=self.options.timeout,
                verify=self.options.verify,
            )
        return self.client

    def _open(self, client: GatewayClient) -> Connection:
        """A new session on `client`, replacing (without closing) the one before: its heartbeat stops."""
        if self.connection is not None:
            self.connection.stop_heartbeat()
        # `-D key=value` options start every session this shell opens, a re-created one included.
        session = client.open_session(properties=self.options.properties or None, name="cdcshell")
        self.connection = Connection(client, session, self.state)
        return self.connection

    def _beat(self, connection: Connection) -> None:
        if self.heartbeat_enabled:
            connection.start_heartbeat()

    def connect(self, url: str | None = None, *, quiet: bool = False) -> bool:
        """Open a gateway session; on failure keep the shell usable and remember why."""
        from cdcshell.gateway.errors import GatewayError
        from cdcshell.redact import redact_url as mask_url

        with self._lock:
            if url and url != self.state.url:
                self.disconnect()
                self.state = ConnectionState(url=url)
                self.options.gateway = url
                for listener in self.on_new_state:
                    listener(self.state)
            client = self._client()
            try:
                self.state.api_version = client.negotiate()
                self.state.flink_version = client.info().version
                connection = self._open(client)
                self.state.error = None
                connection.refresh_info()
                self._on_connected()
                self._beat(connection)
            except GatewayError as exc:
                self.state.connected = False
                self.state.error = str(exc)
                _log.warning("not connected: %s", exc)
                if not quiet:
                    self.console.error(t("shell.not_connected", reason=str(exc)))
                return False
        _log.info(
            "connected to %s (Flink %s, REST %s), session %s",
            mask_url(self.state.url),
            self.state.flink_version,
            self.state.api_version,
            self.state.session,
        )
        if not quiet:
            self.console.info(
                t(
                    "shell.connected",
                    version=self.state.flink_version,
                    url=mask_url(self.state.url),
                    api=self.state.api_version,
                )
            )
        return True

    def disconnect(self) -> None:
        with self._lock:
            connection, self.connection = self.connection, None
            if connection is not None:
                connection.close(min(self.options.timeout, 5.0 if self.state.connected else 1.0))
            if self.client is not None:
                self.client.close()
            self.client = None
            self.state.connected = False
            self.state.session = None

    def lost(self) -> None:
        """The connection went away: the next statement tries to reconnect."""
        self.state.connected = False

    def reconnect(self) -> bool:
        """After the connection was lost: reach the gateway again and get a usable session back.

        The old session is kept when the gateway still knows it (a network blip); after a gateway restart or an
        expiry a new one is opened and the session journal replayed into it. One line says which happened.
        """
        from cdcshell.gateway.errors import GatewayError, SessionNotFound
        from cdcshell.redact import redact_url as mask_url

        with self._lock:
            if self.client is None:
                return False
            connection = self.connection
            if self.state.api_version is None or connection is None:
                return self.connect(quiet=False)  # never had a session: a plain first connect
            try:
                self.client.info()
                try:
                    self.client.session_config(connection.session)
                except SessionNotFound:
                    self.recreate_session()
                else:
                    self.console.info(t("shell.reconnected", url=mask_url(self.state.url)))
                    self._beat(connection)
            except GatewayError as exc:
                self.state.connected = False
                self.state.error = str(exc)
                return False
            self.state.connected = True
            self.state.error = None
            return True

    def recreate_session(self) -> None:
        """Open a new gateway session and replay what built the old one's state (SET, USE, temporary objects)."""
        connection = self._open(self._client())
        replayed = 0
        for text in self._replay():
            try:
                connection.collect(text)
                replayed += 1
            except Exception as exc:
                self.console.warn(describe(exc))
        connection.refresh_info()
        self._beat(connection)
        self.console.info(t("shell.session_recreated", count=replayed))

    def still_there(self) -> bool:
        """Whether the gateway answers at all (after an error that may or may not mean it is gone)."""
        if self.client is None:
            return False
        try:
            self.client.info()
            return True
        except Exception:
            return False
