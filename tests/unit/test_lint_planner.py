"""The planner's answer to EXPLAIN CHANGELOG_MODE, read from the gateway's real replies (captured from the Flink
1.20.3 sandbox into tests/unit/fixtures/explain/) through httpx's MockTransport."""

from __future__ import annotations

import json
from pathlib import Path

import httpx

from cdcshell.gateway.client import GatewayClient
from cdcshell.lint.planner import PlannerAnswer, explain_changelog, parse_plan

FIXTURES = Path(__file__).parent / "fixtures" / "explain"
BASE = "http://gateway.test:8083"


def gateway(fetch_status: int, fetch_body: dict[str, object]) -> GatewayClient:
    def handler(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path.endswith("/statements"):
            return httpx.Response(200, json={"operationHandle": "op-1"})
        if "/result/" in path:
            if not path.endswith("/result/0"):  # the page after the plan, as the real gateway ends it
                return httpx.Response(200, json={"resultType": "EOS", "isQueryResult": False, "results": {}})
            return httpx.Response(fetch_status, json=fetch_body)
        if path.endswith("/close"):
            return httpx.Response(200, json={"status": "CLOSED"})
        if path.endswith("/api_versions"):
            return httpx.Response(200, json={"versions": ["V1", "V2", "V3"]})
        return httpx.Response(404, json={"errors": ["Not found: " + path]})

    client = GatewayClient(BASE, transport=httpx.MockTransport(handler))
    client.negotiate()
    return client


def test_group_by_into_a_sink_that_takes_updates() -> None:
    body = json.loads((FIXTURES / "changelog_mode_group_by.json").read_text())
    answer = explain_changelog(
        gateway(200, body), "s-1", "INSERT INTO snk SELECT id, COUNT(*) FROM src GROUP BY id;"
    )
    assert answer == PlannerAnswer(sink_input=frozenset({"I", "UA"}))
    assert answer.updates_into_sink is True


def test_append_only_sink_refused_by_the_planner() -> None:
    body = json.loads((FIXTURES / "changelog_mode_append_only_sink.json").read_text())
    answer = explain_changelog(
        gateway(500, body), "s-1", "INSERT INTO app SELECT id, COUNT(*) FROM src GROUP BY id"
    )
    assert answer is not None and answer.updates_into_sink is True
    assert answer.rejected is not None and "doesn't support consuming update changes" in answer.rejected
    assert "GroupAggregate" in answer.rejected


def test_other_failures_are_no_answer() -> None:
    body = {
        "errors": ["Internal server error.", "<Exception on server side: ... Object 'nope' not found ...>"]
    }
    assert explain_changelog(gateway(500, body), "s-1", "INSERT INTO x SELECT * FROM nope") is None


def test_insert_only_plan() -> None:
    plan = (
        "== Optimized Physical Plan ==\n"
        "Sink(table=[c.d.snk], fields=[id], changelogMode=[NONE])\n"
        "+- TableSourceScan(table=[[c, d, src]], fields=[id], changelogMode=[I])\n"
    )
    assert parse_plan(plan).updates_into_sink is False
    assert parse_plan("no plan").updates_into_sink is None
