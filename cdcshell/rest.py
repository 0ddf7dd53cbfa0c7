"""HTTP plumbing shared by the SQL Gateway and JobManager clients: credentials, TLS, retries with backoff.

It sits below `gateway/` and `cluster/` (like `paths` and `i18n`), so that both clients treat a URL with a
password, a CA file or a flaky proxy the same way. What an error *means* stays with each client: they pass a
function that turns a transport failure or a retryable answer into their own exception type.
"""

from __future__ import annotations

import logging
import os
import ssl
import time
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import quote, unquote

import httpx

RETRY_STATUSES = frozenset({502, 503, 504})
USE_CLIENT: Any = httpx.USE_CLIENT_DEFAULT


def split_credentials(base_url: str) -> tuple[str, tuple[str, str] | None]:
    """(URL without user info, query or fragment; (user, password) or None) — credentials become basic auth."""
    url = httpx.URL(base_url)
    creds = (unquote(url.username), unquote(url.password)) if url.userinfo else None
    clean = url.copy_with(userinfo=b"", query=None, fragment=None)
    return str(clean).rstrip("/"), creds


def mask_url(base_url: str) -> str:
    """The URL fit for printing: a password is replaced by ``***`` (the user name is kept, it helps debugging)."""
    try:
        url = httpx.URL(base_url)
    except Exception:  # an unparsable URL has nothing we could mask reliably
        return "<invalid URL>"
    plain = str(url.copy_with(userinfo=b"", query=None, fragment=None)).rstrip("/")
    if not url.userinfo:
        return plain
    scheme, _, rest = plain.partition("://")
    user = quote(unquote(url.username), safe="")
    return f"{scheme}://{user}:***@{rest}" if url.password else f"{scheme}://{user}@{rest}"


def tls_verify(verify: bool | str) -> bool | ssl.SSLContext:
    """``False`` (insecure), ``True`` (system CAs) or a CA bundle file/directory turned into an SSL context."""
    if isinstance(verify, bool):
        return verify
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
    return client, clean, mask_url(base_url)


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
    failure: Callable[[httpx.HTTPError | httpx.Response], Exception],
    log: logging.Logger | None = None,
) -> httpx.Response:
    """Send one request; on a transport error or a 502/503/504, try again with doubling delays while `attempts`
    and the time `budget` (seconds) allow. `failure` maps what went wrong to the exception to raise; it may raise
    at once for failures that waiting cannot fix (an untrusted certificate). Callers pass `attempts=1` for
    requests that must never be repeated (executing a statement)."""
    delay = backoff
    deadline = time.monotonic() + budget
    for attempt in range(max(1, attempts)):
        last = attempt + 1 >= attempts
        try:
            resp = http.request(method, path, json=body, params=params,
                                timeout=timeout if timeout is not None else USE_CLIENT)
        except httpx.HTTPError as exc:
            error = failure(exc)
        else:
            if resp.status_code not in RETRY_STATUSES or last or time.monotonic() + delay > deadline:
                return resp
            error = failure(resp)
        if last or time.monotonic() + delay > deadline:
            raise error
        if log is not None:
            log.info("%s %s failed (%s); retrying in %.1f s", method, path, error, delay)
        time.sleep(delay)
        delay *= 2
    raise AssertionError("unreachable")  # pragma: no cover
