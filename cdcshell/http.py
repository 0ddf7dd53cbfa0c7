"""HTTP transport shared by the SQL Gateway and JobManager clients: credentials, TLS, retries with backoff, and
one exception tree for what went wrong on the wire.

It sits below `gateway/` and `cluster/` (like `paths` and `i18n`), so that both clients treat a URL with a
password, a CA file or a flaky proxy the same way — and it is the only module that catches ``httpx``
exceptions. A failure leaves it as one of our own errors, by cause, with the request attached (method and the
URL fit for printing), like httpx's own tree: callers catch by cause and never parse text. What an error
*means* for Flink stays with each client: :class:`RestClient` hands a transport failure to the subclass's
``_transport_error`` to turn into that client's exception type.
"""

from __future__ import annotations

import functools
import logging
import os
import re
import ssl
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from urllib.parse import unquote

import httpx

from cdcshell.redact import redact_url

RETRY_STATUSES = frozenset({502, 503, 504})
USE_CLIENT: Any = httpx.USE_CLIENT_DEFAULT
_TLS_UNTRUSTED = re.compile(
    r"CERTIFICATE_VERIFY_FAILED|certificate verify failed|self[- ]signed certificate", re.IGNORECASE
)
Self = TypeVar("Self", bound="RestClient[Any]")
Answer = TypeVar("Answer")  # what a client's `_call` returns: the decoded JSON of an answer


# --------------------------------------------------------------------------------------------- exception tree


@dataclass(frozen=True)
class RequestInfo:
    """The request an error is about; `url` never carries credentials."""

    method: str
    url: str

    def __str__(self) -> str:
        return f"{self.method} {self.url}"


class HttpError(Exception):
    """Base of everything that can go wrong on the wire."""

    def __init__(self, reason: str, request: RequestInfo) -> None:
        super().__init__(reason)
        self.reason = reason
        self.request = request


class TransportError(HttpError):
    """No HTTP answer came back."""

    request_sent = True  # whether the server may have received (and acted on) the request


class ConnectFailed(TransportError):
    """The connection never opened: the request certainly did not reach the server."""

    request_sent = False


class TlsUntrusted(ConnectFailed):
    """The server's certificate is not trusted; waiting will not fix it, so it is never retried."""


class RequestTimeout(TransportError):
    def __init__(self, reason: str, request: RequestInfo, *, request_sent: bool) -> None:
        super().__init__(reason, request)
        self.request_sent = request_sent


class NetworkError(TransportError):
    """The connection broke after it opened (reset, closed, protocol garbage)."""


class StatusError(HttpError):
    """An answer whose status says the request failed."""

    def __init__(self, status: int, body: str, request: RequestInfo) -> None:
        super().__init__(f"HTTP {status}", request)
        self.status = status
        self.body = body


class RetryableStatus(StatusError):
    """A 502/503/504 from a proxy or a restarting server: worth another attempt."""


def _reason(exc: Exception) -> str:
    return str(exc).strip() or type(exc).__name__


def translate(exc: httpx.HTTPError, request: RequestInfo) -> TransportError:
    """httpx's exception as ours (the edge of the tree: nothing lower leaks)."""
    reason = _reason(exc)
    if isinstance(exc, httpx.TimeoutException):
        # Only a connection that never opened proves the request did not reach the server.
        sent = not isinstance(exc, (httpx.ConnectTimeout, httpx.PoolTimeout))
        return RequestTimeout(reason, request, request_sent=sent)
    if isinstance(exc, httpx.ConnectError):
        return (
            TlsUntrusted(reason, request) if _TLS_UNTRUSTED.search(reason) else ConnectFailed(reason, request)
        )
    return NetworkError(reason, request)


# --------------------------------------------------------------------------------------------- URLs and TLS


def split_credentials(base_url: str) -> tuple[str, tuple[str, str] | None]:
    """(URL without user info, query or fragment; (user, password) or None) — credentials become basic auth."""
    url = httpx.URL(base_url)
    creds = (unquote(url.username), unquote(url.password)) if url.userinfo else None
    clean = url.copy_with(userinfo=b"", query=None, fragment=None)
    return str(clean).rstrip("/"), creds


@functools.lru_cache(maxsize=8)
def tls_verify(verify: bool | str) -> bool | ssl.SSLContext:
    """``False`` (insecure), or the SSL context for ``True`` (httpx's default CAs, `SSL_CERT_FILE` and
    `SSL_CERT_DIR` honoured) or for a CA bundle file/directory — one per process for each, shared by every
    client. Why shared: building a context loads the whole CA bundle (about 25 ms here), and one `-f` run makes
    a client each for the gateway, the JobManager and the keep-alive, which would each load it again. An
    `SSLContext` is safe to share between clients and threads."""
    if verify is False:
        return False
    if verify is True:
        return httpx.create_ssl_context()
    if os.path.isdir(verify):
        return ssl.create_default_context(capath=verify)
    return ssl.create_default_context(cafile=verify)


def make_http_client(
    base_url: str,
    *,
    headers: Mapping[str, str] | None,
    timeout: float,
    verify: bool | str,
    transport: httpx.BaseTransport | None,
) -> tuple[httpx.Client, str, str]:
    """(client, clean base URL, URL to print) for one REST endpoint."""
    clean, creds = split_credentials(base_url)
    client = httpx.Client(
        base_url=clean,
        headers=dict(headers or {}),
        timeout=timeout,
        verify=tls_verify(verify),
        transport=transport,
        auth=httpx.BasicAuth(*creds) if creds else None,
    )
    return client, clean, redact_url(base_url)


# --------------------------------------------------------------------------------------------- sending


def send_with_retries(
    http: httpx.Client,
    method: str,
    path: str,
    *,
    body: Any = None,
    params: Mapping[str, str] | None = None,
    timeout: float | None = None,
    attempts: int,
    backoff: float,
    budget: float,
    display_url: str = "",
    log: logging.Logger | None = None,
) -> httpx.Response:
    """Send one request; on a transport error or a 502/503/504, try again with doubling delays while `attempts`
    and the time `budget` (seconds) allow. Raises a :class:`TransportError` when no answer came; returns the
    last answer otherwise (a persistent 503 included: what it means is the caller's business). An untrusted
    certificate fails at once. Callers pass `attempts=1` for requests that must never be repeated."""
    request = RequestInfo(method, display_url + path)
    delay = backoff
    deadline = time.monotonic() + budget
    for attempt in range(max(1, attempts)):
        last = attempt + 1 >= attempts
        error: HttpError
        try:
            resp = http.request(
                method, path, json=body, params=params, timeout=timeout if timeout is not None else USE_CLIENT
            )
        except httpx.HTTPError as exc:
            error = translate(exc, request)
            if isinstance(error, TlsUntrusted):
                raise error from None
        else:
            if resp.status_code not in RETRY_STATUSES or last or time.monotonic() + delay > deadline:
                return resp
            error = RetryableStatus(resp.status_code, body_text(resp), request)
        if last or time.monotonic() + delay > deadline:
            raise error
        if log is not None:
            log.info("%s %s failed (%s); retrying in %.1f s", method, path, error, delay)
        time.sleep(delay)
        delay *= 2
    raise AssertionError("unreachable")  # pragma: no cover


def get_json(url: str, *, timeout: float) -> Any:
    """One GET of a JSON document outside any client (a quick probe); HttpError or ValueError on failure."""
    request = RequestInfo("GET", redact_url(url))
    try:
        response = httpx.get(url, timeout=timeout)
    except httpx.HTTPError as exc:
        raise translate(exc, request) from None
    if response.status_code >= 400:
        error = RetryableStatus if response.status_code in RETRY_STATUSES else StatusError
        raise error(response.status_code, body_text(response), request)
    return response.json()


_DRAINED = httpx.ByteStream(b"")


def body_text(resp: httpx.Response) -> str:
    """A REST answer's body as text, decoded as UTF-8 (the encoding JSON answers use, RFC 8259).

    `httpx.Response.text` first works out the charset from the Content-Type header with the `email` package:
    about a tenth of the client's CPU per request on the gateway's small answers, where a script of 1,000
    statements makes 5,000 requests (bench/README.md, "Scripts"). Bytes that are not UTF-8 are replaced, so
    an odd answer still reaches the error that shows it."""
    return resp.content.decode("utf-8", errors="replace")


def release(resp: httpx.Response) -> None:
    """Let a read response go with its last reference instead of at the next full garbage collection.

    An httpx response and its stream refer to each other (`BoundSyncStream._response`), so a response — with
    its body, and the decoded text once `.text` was read — is only freed by Python's cyclic collector. A stream
    of result pages of ~0.5 MB each then kept tens of them alive between collections (peak memory 228 MB at a
    million rows against 66 MB at 100,000, once the collector ran less often; bench/README.md). The body is
    read by then (`send` without `stream=True`), so the stream is only replaced by an empty one: that breaks
    the cycle."""
    resp.stream = _DRAINED


class RestClient(Generic[Answer]):
    """What the SQL Gateway and JobManager clients share: one connection pool to one endpoint, its lifetime,
    and calls with retries. A subclass says what a transport failure means (`_transport_error`) and how an
    answer decodes (`_decode`, which raises the client's own error for an error answer)."""

    _log: logging.Logger | None = None
    retry_calls = True  # `_call`'s default; the gateway says no (a statement POSTed twice may run twice)
    default_timeout: float = (
        30.0  # seconds per request when the caller gives none; a subclass may say otherwise
    )

    def __init__(
        self,
        base_url: str,
        *,
        headers: Mapping[str, str] | None = None,
        timeout: float | None = None,
        verify: bool | str = True,
        transport: httpx.BaseTransport | None = None,
        retries: int = 3,
        retry_backoff: float = 0.2,
    ) -> None:
        timeout = self.default_timeout if timeout is None else timeout
        self._http, self.base_url, self.display_url = make_http_client(
            base_url, headers=headers, timeout=timeout, verify=verify, transport=transport
        )
        self.timeout = timeout
        self._retries = max(1, retries)
        self._retry_backoff = retry_backoff

    def close(self) -> None:
        self._http.close()

    def __enter__(self: Self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _send(
        self,
        method: str,
        path: str,
        *,
        body: Any = None,
        params: Mapping[str, str] | None = None,
        retry: bool = True,
        timeout: float | None = None,
    ) -> httpx.Response:
        limit = timeout or self.timeout
        try:
            return send_with_retries(
                self._http,
                method,
                path,
                body=body,
                params=params,
                timeout=timeout,
                attempts=self._retries if retry else 1,
                backoff=self._retry_backoff,
                budget=limit * 2,
                display_url=self.display_url,
                log=self._log,
            )
        except TransportError as exc:
            raise self._transport_error(exc, limit) from None

    def _call(
        self,
        method: str,
        path: str,
        *,
        body: Any = None,
        params: Mapping[str, str] | None = None,
        retry: bool | None = None,
        timeout: float | None = None,
        **about: object,
    ) -> Answer:
        """One request, its answer decoded. `about` says what the request concerns, for `_decode` to raise
        the right error (the gateway's `statement=True`, the JobManager's `job=<id>`)."""
        resp = self._send(
            method,
            path,
            body=body,
            params=params,
            retry=self.retry_calls if retry is None else retry,
            timeout=timeout,
        )
        try:
            return self._decode(resp, **about)
        finally:
            release(resp)

    def _decode(self, resp: httpx.Response, *args: Any, **about: Any) -> Answer:
        """The answer's JSON; the client's own exception for an error answer or one that is not JSON."""
        raise NotImplementedError

    def _transport_error(self, error: TransportError, limit: float) -> Exception:
        """The client's own exception for a request that got no answer within `limit` seconds."""
        return error
