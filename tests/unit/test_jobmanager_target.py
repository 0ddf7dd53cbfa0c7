"""Issue 17: the gateway's headers never go to another origin unless the user said so; the scheme is derived
sensibly; the choice is explained."""

from __future__ import annotations

import contextlib

import httpx

from cdcshell.jobmanager_target import choose_jobmanager

TOKEN = {"Authorization": "Bearer gw-token"}


def test_derived_other_host_gets_no_gateway_headers() -> None:
    target = choose_jobmanager(
        gateway_url="https://gw.example:8443",
        explicit_url=None,
        session_config={"rest.address": "10.0.0.7", "rest.port": "8081"},
        gateway_headers=TOKEN,
    )
    assert target.url == "https://10.0.0.7:8081"  # an https gateway does not silently lead to http
    assert target.headers == {}
    assert "10.0.0.7" in target.reason and "--jobmanager-header" in target.reason and target.worth_saying
    assert "gw-token" not in target.reason


def test_ssl_setting_decides_the_scheme() -> None:
    target = choose_jobmanager(
        gateway_url="https://gw:8443",
        explicit_url=None,
        session_config={"rest.address": "jm", "rest.port": "8081", "security.ssl.rest.enabled": "false"},
        gateway_headers={},
    )
    assert target.url == "http://jm:8081" and "security.ssl.rest.enabled" in target.reason


def test_same_origin_shares_headers_and_wildcard_address_means_gateway_host() -> None:
    target = choose_jobmanager(
        gateway_url="http://127.0.0.1:8081",
        explicit_url=None,
        session_config={"rest.address": "0.0.0.0", "rest.port": "8081"},
        gateway_headers=TOKEN,
    )
    assert target.url == "http://127.0.0.1:8081" and target.headers == TOKEN


def test_explicit_flags_and_jobmanager_headers() -> None:
    own = {"Authorization": "Bearer jm-token"}
    target = choose_jobmanager(
        gateway_url="http://gw:8083",
        explicit_url="http://jm:8081",
        session_config={},
        gateway_headers=TOKEN,
        jobmanager_headers=own,
    )
    assert target.headers == own
    shared = choose_jobmanager(
        gateway_url="http://gw:8083",
        explicit_url="http://jm:8081",
        session_config={},
        gateway_headers={"X-Team": "a", **TOKEN},
        share_gateway_headers=True,
    )
    assert shared.headers["Authorization"] == "Bearer gw-token"


def test_local_sandbox_is_quiet() -> None:
    target = choose_jobmanager(
        gateway_url="http://127.0.0.1:8083",
        explicit_url=None,
        session_config={"rest.address": "127.0.0.1", "rest.port": "8081"},
        gateway_headers={},
    )
    assert target.url == "http://127.0.0.1:8081" and not target.worth_saying


def test_shell_sends_no_gateway_header_to_the_derived_jobmanager(monkeypatch, capsys) -> None:
    from cdcshell.engine import shell as shell_mod
    from cdcshell.options import Options

    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=[])

    real = httpx.Client

    def client(*args, **kwargs):
        kwargs["transport"] = httpx.MockTransport(handler)
        return real(*args, **kwargs)

    monkeypatch.setattr(httpx, "Client", client)
    sh = shell_mod.Shell(Options(gateway="https://gw.example:8443", headers=dict(TOKEN)))
    sh.state.url = "https://gw.example:8443"
    sh.state.session_config = {"rest.address": "jm.internal", "rest.port": "8081"}
    with contextlib.suppress(Exception):
        sh.cluster.jobmanager_config()
    assert seen, "no request was made"
    assert all("authorization" not in r.headers for r in seen)
    assert str(seen[0].url).startswith("https://jm.internal:8081/")
    assert "JobManager: https://jm.internal:8081" in capsys.readouterr().err
