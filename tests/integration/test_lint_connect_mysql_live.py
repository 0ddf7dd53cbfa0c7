"""`cdcshell lint --connect` against the sandbox's real MariaDB, as CI runs it (the command's `main`, exit code
and JSON output): MY003 asks the server for binlog_format, binlog_row_image and the binlog retention and stays
quiet on the sandbox's healthy settings (ROW, FULL, 7 days), fires once the job may be down longer than that,
and says nothing at all without `--connect`; MY002 (no key for the incremental snapshot) fires beside it. With
`--gateway` the journal's jobs are checked against the JobManager the gateway's session leads to (MY001 across
jobs), up to a real mysql-cdc job submitted with `cdcshell -f` whose server ids a second script would reuse.
Nothing here changes the server's settings: the binlog is shared with the other mysql tests."""

from __future__ import annotations

import io
import json
import os
import random
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from cdcshell.lint.command import main
from cdcshell.sandbox.lifecycle import SandboxInfo
from tests.integration.shell_steps import Shell, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.mysql]

CHECKPOINTED = (
    "SET 'execution.checkpointing.interval' = '30s';\n"
    "SET 'execution.checkpointing.dir' = 'file:///tmp/cp';\n"
    "SET 'execution.checkpointing.externalized-checkpoint-retention' = 'RETAIN_ON_CANCELLATION';\n"
)


def _table(url: str, name: str, *, key: bool = True, server_id: str = "5400-5401") -> str:
    d = urlsplit(url)
    pk = ", PRIMARY KEY (id) NOT ENFORCED" if key else ""
    return (
        f"CREATE TABLE {name} (id INT, v STRING{pk}) WITH ('connector' = 'mysql-cdc', "
        f"'hostname' = '{d.hostname}', 'port' = '{d.port}', 'username' = '{d.username}', "
        f"'password' = '{d.password or ''}', 'database-name' = '{d.path.lstrip('/')}', "
        f"'table-name' = '{name}', 'server-id' = '{server_id}');\n"
    )


def _script(url: str, *, key: bool = True, server_id: str = "5400-5401") -> str:
    return (
        CHECKPOINTED
        + "SET 'parallelism.default' = '2';\n"
        + "CREATE TABLE sink (id INT, v STRING, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'blackhole');\n"
        + _table(url, "orders", key=key, server_id=server_id)
        + "INSERT INTO sink SELECT id, v FROM orders;\n"
    )


def _lint(tmp_path: Path, script: str, *args: str) -> tuple[int, list[dict[str, object]]]:
    path = tmp_path / "job.sql"
    path.write_text(script, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    code = main(
        [str(path), "--format", "json", "--timeout", "5s", "--lang", "en", *args], stdout=out, stderr=err
    )
    assert code in (0, 1), err.getvalue()
    return code, json.loads(out.getvalue())["findings"]


def _rules(findings: list[dict[str, object]], code: str) -> list[dict[str, object]]:
    return [f for f in findings if f["rule"] == code]


def test_healthy_binlog_is_quiet_and_a_long_outage_fires(mysql_url: str, tmp_path: Path) -> None:
    code, findings = _lint(tmp_path, _script(mysql_url), "--connect")
    assert _rules(findings, "MY003") == [], findings  # ROW, FULL, 7 days > 30 s + 1 h
    assert code == 0, findings

    code, findings = _lint(tmp_path, _script(mysql_url), "--connect", "--max-downtime", "30d")
    (expire,) = _rules(findings, "MY003")
    message = str(expire["message"])
    # the answer came from the real server: its retention, and MariaDB's own GTID scheme
    assert "keeps the binlog for 7 d" in message and "gtid_mode MariaDB" in message, message
    assert "binlog_expire_logs_seconds" in str(expire["fix"])
    assert expire["severity"] == "error" and code == 1

    # without --connect nothing connects: the same outage is not judged
    code, findings = _lint(tmp_path, _script(mysql_url), "--max-downtime", "30d")
    assert _rules(findings, "MY003") == [] and code == 0


def test_no_key_for_the_incremental_snapshot(mysql_url: str, tmp_path: Path) -> None:
    code, findings = _lint(tmp_path, _script(mysql_url, key=False), "--connect")
    (found,) = _rules(findings, "MY002")
    assert "orders" in str(found["message"]) and code == 1
    assert _rules(findings, "MY003") == []  # the server itself is fine


def test_jobs_of_the_journal_are_judged_by_the_jobmanager_the_gateway_names(
    mysql_url: str, gateway_url: str, jobmanager_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A journaled job the JobManager does not run holds no ids; the JobManager is found through the gateway's
    session (`rest.address` / `rest.port`) and answers, as it does when named with --jobmanager."""
    from cdcshell.lint.jobmanager import LintJobManager
    from cdcshell.store.job_journal import JobJournal

    monkeypatch.setenv("CDCSHELL_HOME", str(tmp_path / "home"))
    derived, named = LintJobManager(gateway_url, None, 5.0), LintJobManager(gateway_url, jobmanager_url, 5.0)
    try:
        assert isinstance(derived.live_job_ids(), set), derived.client()  # the JobManager answered
        assert isinstance(named.live_job_ids(), set), named.client()
    finally:
        derived.close()
        named.close()

    class Context:
        settings = ()
        setup = (_table(mysql_url, "old_orders", server_id="5400-5403").rstrip().rstrip(";"),)
        catalog = None
        database = None

    JobJournal.for_gateway(gateway_url).record(
        gateway=gateway_url,
        session="s",
        job_id="0" * 32,  # never a running job
        statement="INSERT INTO sink SELECT id, v FROM old_orders",
        flink_version="1.20.3",
        context=Context(),  # type: ignore[arg-type]
    )
    code, findings = _lint(tmp_path, _script(mysql_url), "--connect", "--gateway", gateway_url)
    assert _rules(findings, "MY001") == [], findings
    assert code == 0


def test_a_running_job_submitted_from_this_machine_clashes(
    cdc_flink_sandbox: SandboxInfo, mysql_url: str, tmp_path: Path
) -> None:
    """The real path end to end: `cdcshell -f` submits a mysql-cdc job (the journal records it), then
    `cdcshell lint --connect --gateway URL` of another script with an overlapping server-id names that job while
    it runs (the JobManager found through the gateway's session), and is quiet once it is cancelled."""
    import pymysql

    shell = Shell(cdc_flink_sandbox, tmp_path)
    base = random.randrange(6400, 7400, 2)  # an id no other test's job holds
    table = f"lint_clash_{uuid.uuid4().hex[:8]}"
    u = urlsplit(mysql_url)

    def mysql(statement: str) -> None:
        with pymysql.connect(
            host=u.hostname, port=u.port, user=u.username, password=u.password, database=u.path.lstrip("/"),
            autocommit=True,
        ) as conn, conn.cursor() as cur:  # fmt: skip
            cur.execute(statement)

    def script(server_id: str) -> str:
        return (
            CHECKPOINTED
            + "SET 'parallelism.default' = '1';\n"
            + "CREATE TABLE sink (id INT, v STRING, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'blackhole');\n"
            + _table(mysql_url, table, server_id=server_id).replace(
                "'server-id'", "'server-time-zone' = 'UTC', 'server-id'"
            )
            + f"INSERT INTO sink SELECT id, v FROM {table};\n"
        )

    def lint(server_id: str) -> tuple[int, list[dict[str, object]]]:
        path = tmp_path / f"lint-{server_id}.sql"
        path.write_text(script(server_id), encoding="utf-8")
        env = {**os.environ, "CDCSHELL_HOME": str(shell.home), "CDCSHELL_LANG": "en", "NO_COLOR": "1"}
        argv = [sys.executable, "-m", "cdcshell", "lint", str(path), "--connect", "--format", "json"]
        argv += ["--gateway", cdc_flink_sandbox.gateway_url, "--timeout", "5s"]
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=120, env=env)
        assert proc.returncode in (0, 1), proc.stderr
        return proc.returncode, json.loads(proc.stdout)["findings"]

    mysql(f"CREATE TABLE {table} (id INT PRIMARY KEY, v VARCHAR(64) NOT NULL)")
    try:
        job = shell.submit(script(str(base)).replace("'file:///tmp/cp'", f"'file://{tmp_path}/cp'"))
        wait_for(lambda: shell.job_state(job) == "RUNNING", 120, f"job {job} to run")

        code, findings = lint(f"{base}-{base + 1}")
        clash = _rules(findings, "MY001")
        assert len(clash) == 1 and code == 1, findings
        assert job[:8] in str(clash[0]["message"]) and "still running" in str(clash[0]["message"])
        assert str(clash[0]["fix"]) == f"STOP JOB '{job}' WITH SAVEPOINT;"

        code, findings = lint(f"{base + 2}")
        assert _rules(findings, "MY001") == [] and code == 0, findings

        shell.cancel_all()  # returns once the job left RUNNING; CANCELLING still holds its binlog connection
        wait_for(lambda: shell.job_state(job) == "CANCELED", 60, f"job {job} to be cancelled", interval=0.5)
        code, findings = lint(f"{base}-{base + 1}")
        assert _rules(findings, "MY001") == [] and code == 0, findings
    finally:
        shell.cancel_all()
        mysql(f"DROP TABLE IF EXISTS {table}")
