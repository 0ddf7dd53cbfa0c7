"""The shared HTTP base: httpx failures become our exception tree, by cause, with the request attached and the
URL's password masked; retries; the client lifetime both REST clients inherit."""

from __future__ import annotations

import httpx
import pytest

from cdcshell.http import (
    ConnectFailed,
    HttpError,
    NetworkError,
    RequestTimeout,
    RestClient,
    StatusError,
    TlsUntrusted,
    TransportError,
    get_json,
    send_with_retries,
)


def _client(handler) -> httpx.Client:  # type: ignore[no-untyped-def]
    return httpx.Client(base_url="http://h:1", transport=httpx.MockTransport(handler))


def _raiser(exc: Exception):  # type: ignore[no-untyped-def]
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        raise exc

    return handler, calls


@pytest.mark.parametrize(
    ("exc", "kind", "sent"),
    [
        (httpx.ConnectTimeout("slow"), RequestTimeout, False),
        (httpx.ReadTimeout("slow"), RequestTimeout, True),
        (httpx.ConnectError("refused"), ConnectFailed, False),
        (httpx.ConnectError("[SSL: CERTIFICATE_VERIFY_FAILED] self-signed"), TlsUntrusted, False),
        (httpx.RemoteProtocolError("garbage"), NetworkError, True),
    ],
)
def test_httpx_errors_map_to_one_cause_each(exc: Exception, kind: type, sent: bool) -> None:
    handler, _ = _raiser(exc)
    with pytest.raises(kind) as caught:
        send_with_retries(
            _client(handler), "GET", "/x", attempts=1, backoff=0, budget=1, display_url="http://u:***@h:1"
        )
    err = caught.value
    assert isinstance(err, TransportError) and isinstance(err, HttpError)
    assert err.request_sent is sent
    assert str(err.request) == "GET http://u:***@h:1/x"


def test_transport_errors_are_retried_but_an_untrusted_certificate_is_not() -> None:
    handler, calls = _raiser(httpx.ConnectError("refused"))
    with pytest.raises(ConnectFailed):
        send_with_retries(_client(handler), "GET", "/x", attempts=3, backoff=0, budget=5)
    assert len(calls) == 3
    handler, calls = _raiser(httpx.ConnectError("certificate verify failed"))
    with pytest.raises(TlsUntrusted):
        send_with_retries(_client(handler), "GET", "/x", attempts=3, backoff=0, budget=5)
    assert len(calls) == 1


def test_a_503_is_retried_and_a_later_answer_returned() -> None:
    answers = iter([503, 200])
    resp = send_with_retries(
        _client(lambda r: httpx.Response(next(answers))), "GET", "/x", attempts=3, backoff=0, budget=5
    )
    assert resp.status_code == 200


class _Failure(Exception):
    pass


class _Client(RestClient):
    def _transport_error(self, error: TransportError, limit: float) -> Exception:
        return _Failure(f"{type(error).__name__} after {limit:g}s: {error.request}")


def test_rest_client_hands_failures_to_the_subclass_with_a_masked_url() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused")

    with _Client("http://me:secret@h:1", timeout=2, transport=httpx.MockTransport(refuse), retries=1) as c:
        assert c.display_url == "http://me:******@h:1"  # the one masker's output (issue 17)
        with pytest.raises(_Failure, match=r"ConnectFailed after 2s: GET http://me:\*{6}@h:1/v1/info"):
            c._send("GET", "/v1/info")
    assert c._http.is_closed


def test_get_json_raises_status_errors_by_status() -> None:
    with pytest.raises(TransportError):
        get_json("http://127.0.0.1:1/v1/info", timeout=0.5)
    assert issubclass(StatusError, HttpError)


def test_clients_share_one_tls_context_per_trust_setting(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # Building a context loads the CA bundle; a -f run makes several clients (gateway, JobManager, keep-alive).
    import ssl

    from cdcshell.http import tls_verify

    default = tls_verify(True)
    assert isinstance(default, ssl.SSLContext) and default.verify_mode == ssl.CERT_REQUIRED
    assert tls_verify(True) is default
    assert tls_verify(False) is False
    capath = str(tmp_path)  # an empty CA directory: its own context, shared as well
    own = tls_verify(capath)
    assert isinstance(own, ssl.SSLContext) and own is not default and tls_verify(capath) is own
