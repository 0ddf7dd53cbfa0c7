"""Answers no real Flink gateway gives, but proxies and broken deployments do: each is one clear line.

HTML error pages from a load balancer, invalid JSON, a 5xx whose body is a bare Java stack trace, an auth
proxy's 401: the shell prints one error line naming the gateway, never a Python traceback, and stays usable.
"""

from __future__ import annotations

import io

import httpx
import pytest

from cdcshell.engine.shell import Shell
from cdcshell.gateway.client import GatewayClient
from cdcshell.options import Options
from cdcshell.sql.splitter import split
from tests.unit.test_shell_recovery import URL, FakeGateway, _NoCluster

JAVA_TRACE = (
    'java.lang.NullPointerException: Cannot invoke "String.length()" because "s" is null\n'
    "\tat org.example.Proxy.handle(Proxy.java:42)\n\tat org.example.Proxy.run(Proxy.java:7)\n"
)
ANSWERS = {
    "html": (
        httpx.Response(
            502,
            text="<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad "
            "Gateway</h1></center><hr><center>nginx</center></body></html>",
            headers={"content-type": "text/html"},
        ),
        "HTTP 502",
    ),
    "invalid-json": (httpx.Response(200, text='{"operationHandle": '), "HTTP 200"),
    "java-trace": (
        httpx.Response(500, text=JAVA_TRACE, headers={"content-type": "text/plain"}),
        "NullPointerException",
    ),
    "auth": (httpx.Response(401, text="Unauthorized", headers={"www-authenticate": "Bearer"}), "HTTP 401"),
    "empty-500": (httpx.Response(500, text=""), "HTTP 500"),
}


@pytest.fixture
def fake() -> FakeGateway:
    return FakeGateway()


@pytest.fixture
def shell(fake: FakeGateway) -> Shell:
    sh = Shell(Options(gateway=URL, timeout=1), out=io.StringIO(), err=io.StringIO(), heartbeat=False)
    sh.client = GatewayClient(
        URL, transport=httpx.MockTransport(fake), retry_backoff=0.0, timeout=1, retries=1
    )
    sh._cluster = _NoCluster()
    assert sh.connect(quiet=True)
    return sh


@pytest.mark.parametrize("name", sorted(ANSWERS))
def test_bad_answer_to_a_statement_is_one_clear_line(shell: Shell, fake: FakeGateway, name: str) -> None:
    answer, expected = ANSWERS[name]
    fake.fail = lambda request: answer if request.url.path.endswith("/statements") else None
    outcome = shell.run(split("SELECT 1")[0], source="script.sql")
    assert not outcome.ok
    text = shell.err.getvalue()  # type: ignore[attr-defined]
    lines = [ln for ln in text.splitlines() if ln.strip()]
    assert len(lines) == 1, lines
    assert lines[0].startswith("script.sql:1:1: error:")
    assert expected in lines[0]
    assert "Traceback" not in text
    assert "\tat org.example" not in text
    fake.fail = None
    assert shell.run(split("SELECT 2")[0]).ok  # and the shell goes on


def test_bare_java_trace_names_the_root_exception(shell: Shell, fake: FakeGateway) -> None:
    fake.fail = lambda request: ANSWERS["java-trace"][0] if request.url.path.endswith("/statements") else None
    shell.run(split("SELECT 1")[0])
    text = shell.err.getvalue()  # type: ignore[attr-defined]
    assert "HTTP 500" in text and 'because "s" is null' in text


def test_auth_refusal_says_how_to_pass_credentials(shell: Shell, fake: FakeGateway) -> None:
    fake.fail = lambda request: ANSWERS["auth"][0] if request.url.path.endswith("/statements") else None
    shell.run(split("SELECT 1")[0])
    assert "--header 'Authorization:" in shell.err.getvalue()  # type: ignore[attr-defined]


def test_statement_text_with_a_password_is_masked_in_errors(shell: Shell, fake: FakeGateway) -> None:
    echo = httpx.Response(
        500,
        text="java.lang.IllegalStateException: bad statement CREATE TABLE t WITH "
        "('password' = 'hunter2-secret')\n\tat a.b(C.java:1)\n",
    )
    fake.fail = lambda request: echo if request.url.path.endswith("/statements") else None
    shell.run(split("CREATE TABLE t (a INT) WITH ('password' = 'hunter2-secret')")[0], echo=True)
    everything = shell.err.getvalue() + shell.out.getvalue()  # type: ignore[attr-defined]
    assert "IllegalStateException" in everything
    assert "hunter2-secret" not in everything


@pytest.mark.parametrize(
    "head",
    [
        "EXPLAIN STATEMENT SET BEGIN",
        "EXPLAIN PLAN FOR STATEMENT SET BEGIN",
        "EXPLAIN CHANGELOG_MODE, ESTIMATED_COST STATEMENT SET BEGIN",
        "EXPLAIN STATEMENT SET\nBEGIN",
    ],
)
def test_explained_statement_set_reaches_the_gateway_whole(
    shell: Shell, fake: FakeGateway, head: str
) -> None:
    """Issue 12: cut at its inner `;`, the second INSERT of an explained statement set ran as a job."""
    block = f"{head}\nINSERT INTO a SELECT 1;\nINSERT INTO b SELECT 2;\nEND"
    shell.run_text(f"{block};", echo=False)
    sent = [statement for _, statement in fake.submitted if not statement.startswith("SHOW CURRENT")]
    assert sent == [block]
    assert not any(statement.lstrip().upper().startswith("INSERT") for statement in sent)
