"""GatewayClient against answers a real gateway cannot be made to give (proxies, outages, garbage).

Everything the real server does answer (results, statement errors, completion, sessions) is tested against
the live gateway in tests/integration/test_gateway_live.py.
"""

from __future__ import annotations

import base64
import json

import httpx
import pytest

from cdcshell.gateway.client import GatewayClient, split_credentials
from cdcshell.gateway.errors import (
    GatewayError,
    GatewayTimeout,
    GatewayUnreachable,
    OperationCanceled,
    ProtocolError,
    SessionNotFound,
    StatementFailed,
    UnsupportedVersion,
)
from cdcshell.redact import redact_url
from tests.answers import Recorder

BASE = "http://gw.example:8083"


def client(handler, **kw) -> GatewayClient:
    kw.setdefault("api_version", "v3")
    kw.setdefault("retry_backoff", 0.0)
    return GatewayClient(BASE, transport=httpx.MockTransport(handler), **kw)


def ok(body) -> httpx.Response:
    return httpx.Response(200, json=body)


HTML_502 = httpx.Response(
    502,
    text="<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>",
    headers={"content-type": "text/html"},
)


def test_html_error_page_is_a_protocol_error_showing_what_came_back():
    rec = Recorder(httpx.Response(404, text="<html><body><h1>Not Found</h1> nginx</body></html>"))
    with client(rec) as c, pytest.raises(ProtocolError) as exc:
        c.info()
    msg = str(exc.value)
    assert "HTTP 404" in msg
    assert "<h1>Not Found</h1>" in msg
    assert "gw.example:8083" in msg


def test_invalid_json_on_success_is_a_protocol_error():
    rec = Recorder(httpx.Response(200, text="{not json"))
    with client(rec) as c, pytest.raises(ProtocolError) as exc:
        c.info()
    assert "{not json" in str(exc.value)


def test_unexpected_shape_is_a_protocol_error():
    rec = Recorder(ok({"foo": 1}))
    with client(rec) as c, pytest.raises(ProtocolError):
        c.open_session()


def test_protocol_error_snippet_is_at_most_200_chars():
    rec = Recorder(httpx.Response(500, text="x" * 5000))
    with client(rec) as c, pytest.raises(ProtocolError) as exc:
        c.info()
    assert "x" * 200 in str(exc.value)
    assert "x" * 201 not in str(exc.value)


def test_502_on_a_get_is_retried_then_succeeds():
    rec = Recorder(HTML_502, HTML_502, ok({"productName": "Apache Flink", "version": "1.20.3"}))
    with client(rec) as c:
        assert c.info().version == "1.20.3"
    assert len(rec.requests) == 3


def test_502_persisting_gives_a_protocol_error_after_bounded_attempts():
    rec = Recorder(HTML_502)
    with client(rec, retries=3) as c, pytest.raises(ProtocolError) as exc:
        c.operation_status("s", "o")
    assert len(rec.requests) == 3
    assert "502" in str(exc.value)


def test_connection_refused_is_retried_for_gets_and_names_the_url():
    rec = Recorder(httpx.ConnectError("[Errno 111] Connection refused"))
    with client(rec, retries=3) as c, pytest.raises(GatewayUnreachable) as exc:
        c.session_config("s")
    assert len(rec.requests) == 3
    assert exc.value.url == BASE
    assert "Connection refused" in str(exc.value)
    assert BASE in str(exc.value)


def test_connection_refused_then_recovered():
    rec = Recorder(httpx.ConnectError("refused"), ok({"properties": {"a": "b"}}))
    with client(rec) as c:
        assert c.session_config("s") == {"a": "b"}
    assert len(rec.requests) == 2


def test_heartbeat_is_retried():
    rec = Recorder(httpx.ConnectError("refused"), httpx.Response(200, text=""))
    with client(rec) as c:
        c.heartbeat("s")
    assert len(rec.requests) == 2


@pytest.mark.parametrize("call", ["execute", "open_session"])
def test_execute_and_open_session_are_never_retried(call):
    rec = Recorder(
        httpx.ConnectError("refused"), HTML_502, ok({"operationHandle": "o", "sessionHandle": "s"})
    )
    with client(rec) as c, pytest.raises(GatewayUnreachable):
        if call == "execute":
            c.execute("s", "INSERT INTO t VALUES (1)")
        else:
            c.open_session()
    assert len(rec.requests) == 1


def test_execute_gets_502_once_without_retry():
    rec = Recorder(HTML_502, ok({"operationHandle": "o"}))
    with client(rec) as c, pytest.raises(ProtocolError):
        c.execute("s", "INSERT INTO t VALUES (1)")
    assert len(rec.requests) == 1


def test_timeout_is_its_own_error_and_an_unreachable():
    rec = Recorder(httpx.ReadTimeout("timed out"))
    with client(rec, retries=1, timeout=2.5) as c, pytest.raises(GatewayTimeout) as exc:
        c.info()
    assert isinstance(exc.value, GatewayUnreachable)
    assert "2.5" in str(exc.value)


def test_credentials_become_basic_auth_and_never_appear_in_messages():
    rec = Recorder(httpx.ConnectError("refused"))
    c = GatewayClient(
        "https://alice:s3cr%40t@gw.example:8443/flink",
        transport=httpx.MockTransport(rec),
        api_version="v3",
        retries=1,
    )
    with c, pytest.raises(GatewayUnreachable) as exc:
        c.info()
    req = rec.requests[0]
    assert req.headers["authorization"] == "Basic " + base64.b64encode(b"alice:s3cr@t").decode()
    assert str(req.url) == "https://gw.example:8443/flink/v3/info"
    assert "s3cr" not in str(exc.value)
    assert "s3cr" not in c.display_url and "s3cr" not in c.base_url
    assert c.display_url == "https://alice:******@gw.example:8443/flink"


def test_mask_and_split_helpers():
    # one masker for every output (issue 17): the same `******` everywhere, secret query values masked too
    assert redact_url("http://u:p@h:1/x?token=1") == "http://u:******@h:1/x?token=******"
    assert redact_url("http://h:1") == "http://h:1"
    assert split_credentials("http://u:p%3Aq@h:1/") == ("http://h:1", ("u", "p:q"))


def test_custom_headers_are_sent():
    rec = Recorder(ok({"productName": "Apache Flink", "version": "1.20.3"}))
    with client(rec, headers={"X-Tenant": "blue"}) as c:
        c.info()
    assert rec.requests[0].headers["x-tenant"] == "blue"


def test_negotiates_highest_known_version_once():
    rec = Recorder(
        ok({"versions": ["V1", "V2", "V3", "V4", "V9"]}),
        ok({"productName": "Apache Flink", "version": "2.2.1"}),
    )
    c = GatewayClient(BASE, transport=httpx.MockTransport(rec))
    with c:
        assert c.negotiate() == "v4"
        c.info()
        c.negotiate()
    assert [r.url.path for r in rec.requests] == ["/api_versions", "/v4/info"]


def test_v1_gateway_refuses_completion_clearly_and_sends_no_row_format():
    rec = Recorder(
        ok({"versions": ["V1"]}),
        ok({"resultType": "EOS", "results": {"columns": [], "data": []}}),
    )
    c = GatewayClient(BASE, transport=httpx.MockTransport(rec))
    with c:
        with pytest.raises(UnsupportedVersion) as exc:
            c.complete_statement("s", "SEL", 3)
        assert "v2" in str(exc.value)
        c.fetch("s", "o", 0)
    assert rec.requests[-1].url.query == b""


def test_no_common_version():
    rec = Recorder(ok({"versions": ["V7"]}))
    with GatewayClient(BASE, transport=httpx.MockTransport(rec)) as c, pytest.raises(UnsupportedVersion):
        c.negotiate()


def test_unknown_api_version_argument_is_rejected():
    with pytest.raises(ValueError):
        GatewayClient(BASE, api_version="v8")


def test_fetch_by_token_adds_row_format_and_uri_is_used_as_is():
    rec = Recorder(
        ok(
            {
                "resultType": "NOT_READY",
                "nextResultUri": "/v3/sessions/s/operations/o/result/0?rowFormat=JSON",
            }
        )
    )
    with client(rec) as c:
        c.fetch("s", "o", 0, row_format="PLAIN_TEXT")
        c.fetch("s", "o", "/v3/sessions/s/operations/o/result/7?rowFormat=JSON")
    assert str(rec.requests[0].url) == f"{BASE}/v3/sessions/s/operations/o/result/0?rowFormat=PLAIN_TEXT"
    assert str(rec.requests[1].url) == f"{BASE}/v3/sessions/s/operations/o/result/7?rowFormat=JSON"


def test_complete_statement_is_a_get_with_a_json_body():
    rec = Recorder(ok({"candidates": ["FROM"]}))
    with client(rec) as c:
        assert c.complete_statement("s", "SELECT * FR", 11) == ["FROM"]
    req = rec.requests[0]
    assert req.method == "GET"
    assert json.loads(req.content) == {"statement": "SELECT * FR", "position": 11}


def _errors(*lines: str) -> httpx.Response:
    return httpx.Response(500, json={"errors": list(lines)})


def test_statement_error_on_fetch_is_statement_failed():
    rec = Recorder(
        _errors(
            "Internal server error.",
            "<Exception on server side:\norg.x.SqlGatewayException: Failed to fetchResults.\n\tat a.b(C.java:1)\n"
            "Caused by: org.apache.calcite.runtime.CalciteContextException: From line 1, column 15 to line 1, column 18: "
            "Object 'nope' not found\n\t... 15 more\n"
            "Caused by: org.apache.calcite.sql.validate.SqlValidatorException: Object 'nope' not found\n\t... 34 more\n"
            "\nEnd of exception on server side>",
        )
    )
    with client(rec) as c, pytest.raises(StatementFailed) as exc:
        c.fetch("s", "o", 0)
    assert str(exc.value) == "Statement failed at line 1, column 15: Object 'nope' not found"
    assert exc.value.root_cause.line == 1
    assert "SqlValidatorException" in exc.value.trace


def test_session_gone_maps_to_session_not_found_and_close_tolerates_it():
    gone = _errors(
        "org.x.RestHandlerException: Failed to closeSession.\n\tat a\n"
        "Caused by: org.x.SqlGatewayException: Session 'abc' does not exist.\n\t... 49 more\n"
    )
    rec = Recorder(gone)
    with client(rec) as c:
        with pytest.raises(SessionNotFound) as exc:
            c.heartbeat("abc")
        assert exc.value.session == "abc"
        assert "abc" in str(exc.value)
        c.close_session("abc")  # no exception


def test_canceled_fetch_is_operation_canceled():
    rec = Recorder(
        _errors(
            "Internal server error.",
            "<Exception on server side:\nCaused by: org.x.SqlGatewayException: Can not fetch results from the o1 in CANCELED status.\n>",
        )
    )
    with client(rec) as c, pytest.raises(OperationCanceled):
        c.fetch("s", "o1", 0)


def test_every_error_is_a_gateway_error():
    for exc_type in (
        GatewayTimeout,
        ProtocolError,
        SessionNotFound,
        StatementFailed,
        OperationCanceled,
        UnsupportedVersion,
    ):
        assert issubclass(exc_type, GatewayError)


def test_errors_are_translated(monkeypatch):
    from cdcshell import i18n

    monkeypatch.setattr(i18n, "_lang", "zh")
    rec = Recorder(httpx.ConnectError("refused"))
    with client(rec, retries=1) as c, pytest.raises(GatewayUnreachable) as exc:
        c.info()
    assert "无法连接" in str(exc.value)
