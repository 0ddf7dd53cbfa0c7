"""The check before submit (REPL and `-f`) asks what `cdcshell lint` asks: the planner through the live gateway
session, the job journal of this gateway, the JobManager — only for the statement being submitted, never from
the per-keystroke toolbar."""

from __future__ import annotations

import io
import json
from pathlib import Path

import httpx
import pytest

from cdcshell.engine.shell import Shell
from cdcshell.gateway.client import GatewayClient
from cdcshell.options import Options
from cdcshell.sql.splitter import split
from cdcshell.store.job_journal import JobJournal
from tests.unit.test_shell_recovery import URL, FakeGateway

FIXTURES = Path(__file__).parent / "fixtures" / "explain"
OLD_JOB = "a" * 32

MYSQL = (
    "CREATE TABLE orders (id INT, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'mysql-cdc', "
    "'hostname' = 'db1', 'database-name' = 'shop', 'table-name' = 'orders', 'server-id' = '5400')"
)
KAFKA = "CREATE TABLE out (id INT) WITH ('connector' = 'kafka', 'topic' = 'out', 'format' = 'json')"
UPSERT = (
    "CREATE TABLE up (id INT, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka', 'topic' = 'u', "
    "'key.format' = 'json', 'value.format' = 'json')"
)


class PlannerGateway(FakeGateway):
    """Refuses `EXPLAIN CHANGELOG_MODE` of an INSERT into an append-only sink the way Flink 1.20.3 does (the
    recorded answer of tests/unit/fixtures/explain/)."""

    def __call__(self, request: httpx.Request) -> httpx.Response:
        answer = super().__call__(request)
        path = request.url.path
        if "/operations/op" in path and "/result/" in path:
            index = int(path.split("/operations/op")[1].split("/")[0]) - 1
            if self.submitted[index][1].startswith("EXPLAIN CHANGELOG_MODE"):
                body = json.loads((FIXTURES / "changelog_mode_append_only_sink.json").read_text())
                return httpx.Response(500, json=body)
        return answer

    def explains(self) -> list[str]:
        return [s for _, s in self.submitted if s.startswith("EXPLAIN")]


class Cluster:
    """The JobManager: `jobs` lists what it runs; it counts how often it was asked."""

    def __init__(self, running: dict[str, str]) -> None:
        self.running = running
        self.asked = 0

    def jobmanager_config(self) -> dict[str, str]:
        return {}

    def jobs(self) -> list[object]:
        from cdcshell.cluster.models import JobSummary

        self.asked += 1
        return [JobSummary.from_wire({"jid": j, "name": "x", "state": s}) for j, s in self.running.items()]


def _shell(gateway: FakeGateway, cluster: Cluster) -> Shell:
    sh = Shell(Options(gateway=URL, timeout=1), out=io.StringIO(), err=io.StringIO(), heartbeat=False)
    sh.client = GatewayClient(URL, transport=httpx.MockTransport(gateway), retry_backoff=0.0, timeout=1)
    sh._cluster = cluster  # type: ignore[assignment]
    assert sh.connect(quiet=True)
    for text in ("SET 'execution.checkpointing.interval' = '30s'", MYSQL, KAFKA, UPSERT):
        assert sh.run(split(text)[0], source="input").ok
    return sh


def _said(sh: Shell) -> str:
    return sh.err.getvalue()  # type: ignore[attr-defined]


@pytest.fixture
def gateway() -> PlannerGateway:
    return PlannerGateway()


def test_the_planners_refusal_decides_before_submit(gateway: PlannerGateway) -> None:
    sh = _shell(gateway, Cluster({}))
    outcome = sh.run(split("INSERT INTO out SELECT id FROM orders")[0], source="input")
    assert outcome.skipped and outcome.error == "lint"
    assert gateway.explains() == ["EXPLAIN CHANGELOG_MODE INSERT INTO out SELECT id FROM orders"]
    assert "QRY002" in _said(sh) and "the planner says out would receive updates" in _said(sh)
    assert "doesn't support consuming update changes" in _said(sh)
    assert not any(s.startswith("INSERT") for _, s in gateway.submitted)  # stopped before submit


def test_no_planner_question_when_nothing_is_suspected(gateway: PlannerGateway) -> None:
    sh = _shell(gateway, Cluster({}))
    assert sh.run(split("INSERT INTO up SELECT id FROM orders")[0], source="input").ok  # takes updates
    assert sh.run(split("INSERT INTO out VALUES (1)")[0], source="input").ok  # append-only into append-only
    assert gateway.explains() == []


def test_the_toolbar_never_asks_the_gateway(gateway: PlannerGateway) -> None:
    from cdcshell.lint import lint_statement_at

    sh = _shell(gateway, Cluster({OLD_JOB: "RUNNING"}))
    linter = sh.linter
    assert linter is not None
    before = len(gateway.submitted)
    text = "INSERT INTO out SELECT id FROM orders"
    findings = lint_statement_at(text, len(text), flink_version="1.20", linter=linter)
    assert len(gateway.submitted) == before
    assert linter.walker.probes is None
    assert all(f.rule != "QRY002" for f in findings)  # query-level rules are off on the keystroke path


def _journal_running_job(server_id: str = "5400-5401") -> None:
    class Context:
        settings = ()
        setup = (MYSQL.replace("'5400'", f"'{server_id}'").replace("orders", "old_orders"),)
        catalog = None
        database = None

    JobJournal.for_gateway(URL).record(
        gateway=URL,
        session="s0",
        job_id=OLD_JOB,
        statement="INSERT INTO up SELECT id FROM old_orders",
        flink_version="1.19.1",
        recovery_path="file:///sp/savepoint-aaaaaa-1",
        context=Context(),  # type: ignore[arg-type]
    )


def test_a_running_job_of_the_journal_blocks_a_clashing_server_id(gateway: PlannerGateway) -> None:
    _journal_running_job()
    cluster = Cluster({OLD_JOB: "RUNNING"})
    sh = _shell(gateway, cluster)
    outcome = sh.run(split("INSERT INTO up SELECT id FROM orders")[0], source="input")
    assert outcome.skipped
    assert "MY001" in _said(sh) and "aaaaaaaa" in _said(sh) and "still running" in _said(sh)
    assert cluster.asked == 1


def test_a_finished_job_of_the_journal_holds_no_ids(gateway: PlannerGateway) -> None:
    _journal_running_job()
    sh = _shell(gateway, Cluster({OLD_JOB: "CANCELED"}))
    assert sh.run(split("INSERT INTO up SELECT id FROM orders")[0], source="input").ok
    assert "MY001" not in _said(sh)


def test_no_mysql_source_no_journal_no_jobmanager(gateway: PlannerGateway) -> None:
    _journal_running_job()
    cluster = Cluster({OLD_JOB: "RUNNING"})
    sh = _shell(gateway, cluster)
    assert sh.run(split("INSERT INTO up VALUES (1)")[0], source="input").ok
    assert cluster.asked == 0


def test_resuming_a_savepoint_of_another_flink_version_warns_once(gateway: PlannerGateway) -> None:
    _journal_running_job("5500")
    sh = _shell(gateway, Cluster({}))
    assert sh.run(split("SET 'execution.state-recovery.path' = 'file:///sp/savepoint-aaaaaa-1'")[0]).ok
    assert sh.run(split("INSERT INTO up SELECT id FROM orders")[0], source="input").ok  # a warning only
    said = _said(sh)
    assert "QRY003" in said and "1.19.1" in said
    # the query changed too: the executor's drift warning says so; QRY003 does not say it a second time
    assert said.count("QRY003") == 1
