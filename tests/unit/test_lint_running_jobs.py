"""MY001 across jobs: the server-id ranges of the jobs this machine submitted to the same gateway (the job journal)
that the JobManager still runs, from `cdcshell lint --connect --gateway URL` and the check before submit."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from cdcshell.lint.engine import lint_script
from cdcshell.lint.jobmanager import LintJobManager
from cdcshell.lint.probes import Probes, RunningJob, ServerIdClaim
from cdcshell.lint.running_jobs import claims_of, from_journal, live_job_ids, running_jobs
from cdcshell.store.job_journal import JobJournal, SubmittedJob

GATEWAY = "http://gw.test:8083"
RUNNING = "a" * 32
STOPPED = "b" * 32

SETUP = (
    "CREATE TABLE orders (id INT, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'mysql-cdc', "
    "'hostname' = 'db1', 'port' = '3306', 'username' = 'flink', 'password' = 's3cret', "
    "'database-name' = 'shop', 'table-name' = 'orders', 'server-id' = '5400-5403')"
)
OLD_JOB = "INSERT INTO sink SELECT * FROM orders"


def _script(server_id: str, host: str = "db1") -> str:
    return f"""
SET 'execution.checkpointing.interval' = '30s';
CREATE TABLE items (id INT, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'mysql-cdc', 'hostname' = '{host}',
  'database-name' = 'shop', 'table-name' = 'items', 'server-id' = '{server_id}');
CREATE TABLE out (id INT, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka', 'topic' = 'o',
  'key.format' = 'json', 'value.format' = 'json');
INSERT INTO out SELECT id FROM items;
"""


def _record(journal: JobJournal, job_id: str, *, setup: str = SETUP, name: str | None = None) -> None:
    class Context:
        settings = ("SET 'parallelism.default' = '4'",)
        catalog = None
        database = None

    Context.setup = (setup,)  # type: ignore[attr-defined]
    journal.record(
        gateway=GATEWAY,
        session="s",
        job_id=job_id,
        statement=OLD_JOB,
        flink_version="1.20.3",
        job_name=name,
        context=Context(),  # type: ignore[arg-type]
    )


def _my001(source: str, probes: Probes) -> list:  # type: ignore[type-arg]
    return [f for f in lint_script(source, flink_version="1.20", probes=probes).findings if f.rule == "MY001"]


def _claim(first: int, last: int, host: str = "db1") -> RunningJob:
    return RunningJob(RUNNING, "orders-sync", (ServerIdClaim(host, "3306", first, last, "orders"),))


def test_claims_come_from_the_journaled_setup_with_secrets_masked() -> None:
    journal = JobJournal.for_gateway(GATEWAY)
    _record(journal, RUNNING)
    (record,) = journal.entries()
    assert "s3cret" not in journal.path.read_text(encoding="utf-8")
    assert claims_of(record) == (ServerIdClaim("db1", "3306", 5400, 5403, "orders"),)


def test_a_job_without_mysql_cdc_holds_no_ids() -> None:
    record = SubmittedJob(time="", gateway=GATEWAY, session=None, job_id=RUNNING, statement="INSERT INTO a SELECT 1",
                          flink_version=None)  # fmt: skip
    assert claims_of(record) == ()


def test_only_jobs_the_jobmanager_still_runs_count() -> None:
    journal = JobJournal.for_gateway(GATEWAY)
    _record(journal, RUNNING, name="orders-sync")
    _record(journal, STOPPED)
    jobs = running_jobs(journal.entries(), {RUNNING})
    assert [(j.job_id, j.name, j.running) for j in jobs] == [(RUNNING, "orders-sync", True)]
    unknown = running_jobs(journal.entries(), "Connection refused")
    assert {j.job_id for j in unknown} == {RUNNING, STOPPED}
    assert all(j.running is None and j.unknown_reason == "Connection refused" for j in unknown)


def test_overlap_with_a_running_job_is_an_error() -> None:
    findings = _my001(_script("5402-5405"), Probes(running_jobs=lambda: [_claim(5400, 5403)]))
    assert len(findings) == 1
    f = findings[0]
    assert f.severity == "error"
    assert "aaaaaaaa (orders-sync)" in f.message and "5400-5403" in f.message and "still running" in f.message
    assert f.fix == f"STOP JOB '{RUNNING}' WITH SAVEPOINT;"


@pytest.mark.parametrize(
    ("server_id", "host"),
    [("5404-5407", "db1"), ("5400-5403", "db2")],
    ids=["disjoint-range", "other-server"],
)
def test_no_overlap_stays_quiet(server_id: str, host: str) -> None:
    assert _my001(_script(server_id, host), Probes(running_jobs=lambda: [_claim(5400, 5403)])) == []


def test_unknown_state_is_a_warning_that_says_why() -> None:
    job = RunningJob(RUNNING, None, (ServerIdClaim("db1", "3306", 5400, 5403, "orders"),), None, "refused")
    (f,) = _my001(_script("5400"), Probes(running_jobs=lambda: [job]))
    assert f.severity == "warning" and "refused" in f.message and "aaaaaaaa" in f.message


def test_a_clash_inside_the_script_is_not_reported_twice() -> None:
    source = _script("5400-5403") + "INSERT INTO out SELECT id FROM items;\n"
    findings = _my001(source, Probes(running_jobs=lambda: [_claim(5400, 5403)]))
    assert ["line" in f.message for f in findings].count(True) == 1
    assert not any("still running" in f.message for f in findings if "line" in f.message)


def test_the_journal_is_read_and_the_jobmanager_asked_only_when_needed() -> None:
    asked: list[int] = []

    def live() -> set[str]:
        asked.append(1)
        return {RUNNING}

    lookup = from_journal(GATEWAY, live)
    assert lookup() == [] and asked == []  # no journal yet: no request
    _record(JobJournal.for_gateway(GATEWAY), RUNNING)
    (job,) = lookup()
    assert job.job_id == RUNNING and asked == [1]
    probes = Probes(running_jobs=lookup)
    assert _my001(_script("5400"), probes) and _my001(_script("5401"), probes)
    assert asked == [1, 1]  # asked once per lint (the Probes cache), not once per table


def test_only_running_mysql_jobs_are_replayed(monkeypatch: pytest.MonkeyPatch) -> None:
    from cdcshell.lint import running_jobs as module

    journal = JobJournal.for_gateway(GATEWAY)
    journal.record(gateway=GATEWAY, session="s", job_id="d" * 32, statement="INSERT INTO a SELECT 1",
                   flink_version=None)  # fmt: skip
    asked: list[int] = []
    lookup = from_journal(GATEWAY, lambda: asked.append(1) or {RUNNING})  # type: ignore[func-returns-value]
    assert lookup() == [] and asked == []  # no mysql-cdc job in the journal: the JobManager is not asked
    _record(journal, RUNNING)
    _record(journal, STOPPED)
    replayed: list[str] = []
    real = module.claims_of
    monkeypatch.setattr(module, "claims_of", lambda r: replayed.append(r.job_id) or real(r))
    assert [j.job_id for j in lookup()] == [RUNNING]
    assert replayed == [RUNNING]


def test_a_broken_lookup_never_breaks_the_lint() -> None:
    def broken() -> list[RunningJob]:
        raise RuntimeError("boom")

    assert _my001(_script("5400-5403"), Probes(running_jobs=broken)) == []


def test_live_job_ids_keeps_unfinished_jobs_and_reports_failures() -> None:
    from cdcshell.cluster.models import JobSummary

    jobs = [
        JobSummary.from_wire({"jid": RUNNING, "name": "a", "state": "RUNNING"}),
        JobSummary.from_wire({"jid": STOPPED, "name": "b", "state": "CANCELED"}),
        JobSummary.from_wire({"jid": "c" * 32, "name": "c", "state": "RESTARTING"}),
    ]
    assert live_job_ids(lambda: jobs) == {RUNNING, "c" * 32}

    def refused() -> list[JobSummary]:
        raise ConnectionError("Connection refused\nmore")

    assert live_job_ids(refused) == "Connection refused"


def test_an_unreachable_jobmanager_gives_a_reason_not_a_traceback() -> None:
    jobmanager = LintJobManager(GATEWAY, "http://127.0.0.1:9", 1.0)
    reason = jobmanager.live_job_ids()
    assert isinstance(reason, str) and reason
    assert jobmanager.checkpoints(RUNNING) is None
    jobmanager.close()
    no_gateway = LintJobManager("http://127.0.0.1:9", None, 1.0)  # nothing to ask for rest.address
    assert isinstance(no_gateway.client(), str) and isinstance(no_gateway.live_job_ids(), str)


def test_cli_connect_with_gateway_reports_the_running_job(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cdcshell.lint.command import main

    _record(JobJournal.for_gateway(GATEWAY), RUNNING, name="orders-sync")
    _record(JobJournal.for_gateway(GATEWAY), STOPPED)
    seen: list[tuple[str, str | None]] = []

    def fake_ids(self: LintJobManager) -> set[str]:
        seen.append((self.gateway_url, self.jobmanager_url))
        return {RUNNING}

    monkeypatch.setattr(LintJobManager, "live_job_ids", fake_ids)
    script = tmp_path / "job.sql"
    script.write_text(_script("5403"), encoding="utf-8")
    out = io.StringIO()
    argv = [str(script), "--connect", "--gateway", GATEWAY, "--jobmanager", "http://jm.test:8081"]
    code = main([*argv, "--timeout", "1s"], stdout=out, stderr=io.StringIO())
    assert seen == [(GATEWAY, "http://jm.test:8081")]
    assert code == 1 and "MY001" in out.getvalue() and "aaaaaaaa (orders-sync)" in out.getvalue()
    assert "bbbbbbbb" not in out.getvalue()


def test_cli_without_connect_does_not_ask_the_jobmanager(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cdcshell.lint.command import main

    _record(JobJournal.for_gateway(GATEWAY), RUNNING)
    monkeypatch.setattr(LintJobManager, "client", lambda self: pytest.fail("asked the JobManager"))
    script = tmp_path / "job.sql"
    script.write_text(_script("5403"), encoding="utf-8")
    assert main([str(script), "--gateway", GATEWAY], stdout=io.StringIO(), stderr=io.StringIO()) == 0
