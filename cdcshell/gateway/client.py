"""A typed client for the Flink SQL Gateway REST API, built for the server as it really behaves.

Why it looks the way it does:

* Errors are mapped once, here, into :mod:`cdcshell.gateway.errors`: a caller never sees an httpx exception
  or a 12 KB Java trace, only a one-line message (the full text stays on the exception).
* Only requests that are safe to repeat are retried (GETs, the heartbeat); executing a statement or opening a
  session twice would have visible effects, so those fail at once.
* A failed statement is accepted with 200 by ``execute``; the error only shows on the *fetch* (HTTP 500). An
  unbounded SELECT's operation is ``FINISHED`` as soon as its job runs, so it cannot be "canceled" — closing the
  operation is what stops the job; :meth:`GatewayClient.cancel` does that fallback.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import threading
from collections.abc import Iterator, Mapping
from typing import Any

import httpx

from cdcshell.gateway.errors import (
    GatewayAuthError,
    GatewayError,
    GatewayTimeout,
    GatewayTlsError,
    GatewayUnreachable,
    OperationCanceled,
    OperationNotFound,
    ProtocolError,
    ServerError,
    SessionNotFound,
    StatementFailed,
    UnsupportedVersion,
)
from cdcshell.gateway.heartbeat import KeepAlive
from cdcshell.gateway.models import GatewayInfo, ResultPage, StatementResult
from cdcshell.gateway.results import Backoff, iter_results
from cdcshell.gateway.rootcause import reduce_trace, server_error_text
from cdcshell.http import RequestTimeout, RestClient, TlsUntrusted, TransportError, body_text
from cdcshell.http import split_credentials as split_credentials
from cdcshell.http import tls_verify as tls_verify
from cdcshell.i18n import t

KNOWN_VERSIONS = ("v4", "v3", "v2", "v1")
TERMINAL_STATUSES = frozenset({"FINISHED", "CANCELED", "CLOSED", "ERROR", "TIMEOUT"})
_SESSION_GONE = re.compile(r"Session '([^']*)' does not exist")
_OPERATION_GONE = re.compile(
    r"Can not find the submitted operation in the OperationManager with the ([\w-]+)"
)
_FINISHED_NOT_CANCELABLE = re.compile(r"Failed to convert the Operation Status from (\w+) to CANCELED")
_CANCELED = re.compile(r"Can not fetch results from the \S+ in CANCELED status")
_JAVA_TRACE = re.compile(
    r"^\s*(?:Caused by: )?(?:[A-Za-z_$][\w$]*\.)+[A-Za-z_$][\w$]*(?:Exception|Error)\b", re.MULTILINE
)
_log = logging.getLogger(__name__)
_log.addHandler(logging.NullHandler())


class GatewayClient(RestClient[dict[str, Any]]):
    """One HTTP connection pool to one SQL Gateway; thread-safe for concurrent calls like httpx.Client."""

    _log = _log  # retries of requests to the gateway are logged
    retry_calls = False  # only reads are retried, each call says so (`retry=True`)

    def __init__(
        self,
        base_url: str,
        *,
        headers: Mapping[str, str] | None = None,
        timeout: float = 30.0,
        verify: bool | str = True,
        transport: httpx.BaseTransport | None = None,
        api_version: str | None = None,
        retries: int = 3,
        retry_backoff: float = 0.2,
    ) -> None:
        super().__init__(
            base_url,
            headers=headers,
            timeout=timeout,
            verify=verify,
            transport=transport,
            retries=retries,
            retry_backoff=retry_backoff,
        )
        if api_version is not None:
            api_version = api_version.lower()
            if api_version not in KNOWN_VERSIONS:
                raise ValueError(
                    f"unknown SQL Gateway API version {api_version!r}: use one of {KNOWN_VERSIONS}"
                )
        self._version: str | None = api_version
        self._version_lock = threading.Lock()

    # -- plumbing ---------------------------------------------------------------------------------------------

    def _transport_error(self, error: TransportError, limit: float) -> GatewayError:
        if isinstance(error, RequestTimeout):
            return GatewayTimeout(self.display_url, limit, request_sent=error.request_sent)
        if isinstance(error, TlsUntrusted):
            return GatewayTlsError(self.display_url, error.reason)
        return GatewayUnreachable(self.display_url, error.reason, request_sent=error.request_sent)

    def _decode(self, resp: httpx.Response, *, statement: bool = False) -> dict[str, Any]:
        status = resp.status_code
        text = body_text(resp)
        if 200 <= status < 300:
            if not text.strip():
                return {}
            try:
                data = json.loads(text)
            except ValueError:
                raise ProtocolError(self.display_url, status, text) from None
            if not isinstance(data, dict):
                raise ProtocolError(self.display_url, status, text)
            return data
        if status in (401, 403, 407):
            raise GatewayAuthError(self.display_url, status, text)
        try:
            data = json.loads(text)
        except ValueError:
            if status >= 500 and _JAVA_TRACE.search(text):  # a proxy or servlet dumping the exception as text
                raise ServerError(reduce_trace(text), text, status) from None
            raise ProtocolError(self.display_url, status, text) from None
        errors = data.get("errors") if isinstance(data, dict) else None
        if not isinstance(errors, list) or not errors:
            raise ProtocolError(self.display_url, status, text)
        trace = server_error_text(errors)
        root = reduce_trace(trace)
        m = _SESSION_GONE.search(trace)
        if m:
            raise SessionNotFound(m.group(1), root, trace, status)
        m = _OPERATION_GONE.search(trace)
        if m:
            raise OperationNotFound(m.group(1), root, trace, status)
        if statement:
            raise StatementFailed(root, trace, status)
        raise ServerError(root, trace, status)

    def _field(self, data: dict[str, Any], name: str) -> Any:
        if name not in data:
            raise ProtocolError(self.display_url, 200, json.dumps(data))
        return data[name]

    def _path(self, tail: str) -> str:
        return f"/{self.negotiate()}{tail}"

    def _require(self, needed: str, feature: str) -> None:
        version = self.negotiate()
        if int(version[1:]) < int(needed[1:]):
            raise UnsupportedVersion(
                t(
                    "gateway.unsupported",
                    feature=feature,
                    needed=needed,
                    url=self.display_url,
                    version=version,
                )
            )

    # -- versions and info ------------------------------------------------------------------------------------

    def api_versions(self) -> list[str]:
        data = self._call("GET", "/api_versions", retry=True)
        versions = self._field(data, "versions")
        if not isinstance(versions, list):
            raise ProtocolError(self.display_url, 200, json.dumps(data))
        return [str(v).lower() for v in versions]

    @property
    def api_version(self) -> str | None:
        """The negotiated version, or None before the first request that needed it."""
        return self._version

    def negotiate(self) -> str:
        """The highest REST API version both sides speak; asked once, then cached."""
        if self._version is not None:
            return self._version
        with self._version_lock:
            if self._version is None:
                offered = self.api_versions()
                common = [v for v in KNOWN_VERSIONS if v in offered]
                if not common:
                    raise UnsupportedVersion(
                        t(
                            "gateway.no_common_version",
                            url=self.display_url,
                            offered=", ".join(offered) or "-",
                            known=", ".join(KNOWN_VERSIONS),
                        )
                    )
                self._version = common[0]
        return self._version

    def info(self) -> GatewayInfo:
        data = self._call("GET", self._path("/info"), retry=True)
        return GatewayInfo(
            product_name=str(data.get("productName", "")), version=str(self._field(data, "version"))
        )

    # -- sessions ---------------------------------------------------------------------------------------------

    def open_session(self, properties: Mapping[str, str] | None = None, name: str | None = None) -> str:
        body: dict[str, Any] = {"properties": {str(k): str(v) for k, v in (properties or {}).items()}}
        if name:
            body["sessionName"] = name
        data = self._call("POST", self._path("/sessions"), body=body)
        return str(self._field(data, "sessionHandle"))

    def session_config(self, session: str) -> dict[str, str]:
        data = self._call("GET", self._path(f"/sessions/{session}"), retry=True)
        props = self._field(data, "properties")
        if not isinstance(props, dict):
            raise ProtocolError(self.display_url, 200, json.dumps(data))
        return {str(k): str(v) for k, v in props.items()}

    def configure_session(self, session: str, statement: str, *, timeout_ms: int | None = None) -> None:
        """Run a DDL/USE/ADD JAR statement synchronously (v2+); it fails here, not on a later fetch."""
        self._require("v2", "configure-session")
        body: dict[str, Any] = {"statement": statement}
        if timeout_ms is not None:
            body["executionTimeout"] = timeout_ms
        self._call("POST", self._path(f"/sessions/{session}/configure-session"), body=body, statement=True)

    def heartbeat(self, session: str, *, timeout: float | None = None) -> None:
        self._call("POST", self._path(f"/sessions/{session}/heartbeat"), retry=True, timeout=timeout)

    def keep_alive(self, session: str, interval: float = 60.0) -> KeepAlive:
        """Heartbeat `session` every `interval` s from a daemon thread, so an idle prompt does not lose it.

        The gateway closes sessions idle for ``sql-gateway.session.idle-timeout`` (10 min by default). Failures
        are recorded on the returned object (``last_error``), never raised into the caller's thread.
        """
        keeper = KeepAlive(self, session, interval)
        keeper.start()
        return keeper

    def close_session(self, session: str, *, timeout: float | None = None) -> None:
        """Close; a session that is already gone (closed, expired) is what we wanted anyway."""
        with contextlib.suppress(SessionNotFound):
            self._call("DELETE", self._path(f"/sessions/{session}"), timeout=timeout)

    # -- statements -------------------------------------------------------------------------------------------

    def execute(
        self,
        session: str,
        statement: str,
        *,
        execution_config: Mapping[str, str] | None = None,
        timeout_ms: int | None = None,
    ) -> str:
        """Submit a statement; returns the operation handle. Never retried: the statement could run twice."""
        body: dict[str, Any] = {"statement": statement}
        if execution_config:
            body["executionConfig"] = {str(k): str(v) for k, v in execution_config.items()}
        if timeout_ms is not None:
            body["executionTimeout"] = timeout_ms
        data = self._call("POST", self._path(f"/sessions/{session}/statements"), body=body, statement=True)
        return str(self._field(data, "operationHandle"))

    def operation_status(
        self, session: str, operation: str, *, timeout: float | None = None, retry: bool = True
    ) -> str:
        data = self._call(
            "GET",
            self._path(f"/sessions/{session}/operations/{operation}/status"),
            retry=retry,
            timeout=timeout,
        )
        return str(self._field(data, "status"))

    def fetch(
        self,
        session: str,
        operation: str,
        token_or_uri: int | str = 0,
        *,
        row_format: str = "JSON",
        timeout: float | None = None,
    ) -> ResultPage:
        """One result page: by token (first is 0) or by a server-relative ``nextResultUri`` taken as it is."""
        if isinstance(token_or_uri, str):
            path, params = token_or_uri, None
        else:
            path = self._path(f"/sessions/{session}/operations/{operation}/result/{int(token_or_uri)}")
            params = {"rowFormat": row_format} if self.negotiate() != "v1" else None
        try:
            data = self._call("GET", path, params=params, retry=True, timeout=timeout, statement=True)
        except StatementFailed as exc:
            if _CANCELED.search(exc.trace):
                raise OperationCanceled(operation) from exc
            raise
        if "resultType" not in data:
            raise ProtocolError(self.display_url, 200, json.dumps(data))
        return ResultPage.from_wire(data)

    def results(
        self,
        session: str,
        operation: str,
        *,
        poll: Backoff | None = None,
        stop: threading.Event | None = None,
    ) -> Iterator[ResultPage]:
        """Pages with rows (and the first with columns) until EOS; see :func:`iter_results`."""
        return iter_results(self, session, operation, poll=poll, stop=stop)

    def cancel(self, session: str, operation: str, *, timeout: float | None = None) -> str | None:
        """Stop an operation; returns its final status, or None when it is already gone.

        A streaming SELECT or INSERT is ``FINISHED`` as soon as its job runs, and the gateway refuses to cancel a
        finished operation; closing it is what cancels the job, so that is the fallback.
        """
        try:
            data = self._call(
                "POST", self._path(f"/sessions/{session}/operations/{operation}/cancel"), timeout=timeout
            )
            return str(data.get("status", "CANCELED"))
        except (OperationNotFound, SessionNotFound):
            return None
        except ServerError as exc:
            if _FINISHED_NOT_CANCELABLE.search(exc.trace):
                return self.close_operation(session, operation, timeout=timeout)
            raise

    def close_operation(self, session: str, operation: str, *, timeout: float | None = None) -> str | None:
        """Release an operation (and cancel its job if one still runs); tolerant of one already gone."""
        try:
            data = self._call(
                "DELETE", self._path(f"/sessions/{session}/operations/{operation}/close"), timeout=timeout
            )
            return str(data.get("status", "CLOSED"))
        except (OperationNotFound, SessionNotFound):
            return None

    def complete_statement(self, session: str, statement: str, position: int) -> list[str]:
        """Completion candidates from the gateway (v2+); a GET with a JSON body, as the server expects."""
        self._require("v2", "complete-statement")
        data = self._call(
            "GET",
            self._path(f"/sessions/{session}/complete-statement"),
            body={"statement": statement, "position": int(position)},
            retry=True,
        )
        candidates = data.get("candidates") or []
        return [str(c) for c in candidates]

    def execute_and_collect(
        self,
        session: str,
        statement: str,
        *,
        max_rows: int | None = None,
        execution_config: Mapping[str, str] | None = None,
        poll: Backoff | None = None,
        stop: threading.Event | None = None,
    ) -> StatementResult:
        """Run a bounded statement and gather all of its rows (``max_rows`` caps it and closes the operation)."""
        operation = self.execute(session, statement, execution_config=execution_config)
        result = StatementResult(
            columns=[], rows=[], job_id=None, is_query=False, result_kind=None, operation=operation
        )
        try:
            for page in self.results(session, operation, poll=poll, stop=stop):
                if page.columns is not None and not result.columns:
                    result.columns = page.columns
                result.job_id = result.job_id or page.job_id
                result.is_query = bool(page.is_query_result) or result.is_query
                result.result_kind = page.result_kind or result.result_kind
                room = len(page.rows) if max_rows is None else max(0, max_rows - len(result.rows))
                result.rows.extend(page.rows[:room])
                if room < len(page.rows):
                    result.truncated = True
                    break
        finally:
            # Release the operation's resources on the server; for a query cut short this also cancels its job.
            # A failure to clean up must not hide the result (or the error) the statement itself produced.
            with contextlib.suppress(GatewayError):
                self.close_operation(session, operation)
        if result.job_id is None and not result.is_query:
            names = [c.name for c in result.columns]
            if names == ["job id"] and len(result.rows) == 1 and result.rows[0][1]:
                result.job_id = str(result.rows[0][1][0])
        return result
