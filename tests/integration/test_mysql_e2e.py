"""End to end on the sandbox's MariaDB: MySQL → mysql-cdc (incremental snapshot, parallelism 2, a server-id
range) → Flink → keyed JDBC sink → MySQL, driven with `cdcshell -f` scripts and checked with PyMySQL.

- a planned stop (`\\stop --savepoint`), inserts/updates/deletes while stopped, `\\resume` in a new shell, and a
  TaskManager killed while rows flow: after each, the sink equals the source and the job restored from the
  savepoint, then from its latest checkpoint;
- binlog retention: the job stopped, the server's retention shortened so it purges the binlog the savepoint
  points into; the probe (`lint --connect`'s) sees the purge before the resume, and the resumed job's root
  cause names the purged binlog file.

The crash test kills the TaskManager of the fixture's sandbox: point the tests at a sandbox of their own
(`CDCSHELL_TEST_SANDBOX_DIR` and the `CDCSHELL_TEST_*_PORT` variables) when other work shares the default one.
"""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from cdcshell.lint.probes import mysql as mysql_probe
from cdcshell.sandbox import mysql as sandbox_mysql
from cdcshell.sandbox.lifecycle import SandboxInfo
from cdcshell.sandbox.processes import Layout
from tests.integration.shell_steps import (
    CHECKPOINTING,
    LIVE,
    Shell,
    crash_taskmanager_while_writing,
    wait_for,
)

pytestmark = [pytest.mark.integration, pytest.mark.mysql]


@dataclass
class MysqlPipeline:
    shell: Shell
    url: str
    suffix: str
    server_ids: str

    @property
    def src(self) -> str:
        return f"my_src_{self.suffix}"

    @property
    def sink(self) -> str:
        return f"my_sink_{self.suffix}"

    def connect(self):  # type: ignore[no-untyped-def]
        import pymysql

        u = urlsplit(self.url)
        return pymysql.connect(
            host=u.hostname,
            port=u.port,
            user=u.username,
            password=u.password,
            database=u.path.lstrip("/"),
            autocommit=True,
        )

    def execute(self, *statements: str, rows: list[tuple[object, ...]] | None = None) -> None:
        with self.connect() as conn, conn.cursor() as cur:
            for statement in statements:
                if rows is not None:
                    cur.executemany(statement, rows)
                else:
                    cur.execute(statement)

    def insert(self, ids: range) -> None:
        self.execute(f"INSERT INTO {self.src} (id, v) VALUES (%s, %s)", rows=[(i, f"row-{i}") for i in ids])

    def rows(self, table: str) -> list[tuple[int, str]]:
        with self.connect() as conn, conn.cursor() as cur:
            cur.execute(f"SELECT id, v FROM {table} ORDER BY id")
            return [(int(a), str(b)) for a, b in cur.fetchall()]

    def ddl(self) -> str:
        u = urlsplit(self.url)
        db = u.path.lstrip("/")
        return f"""
SET 'parallelism.default' = '2';
CREATE TABLE src (id INT, v STRING, PRIMARY KEY (id) NOT ENFORCED) WITH (
  'connector' = 'mysql-cdc', 'hostname' = '{u.hostname}', 'port' = '{u.port}',
  'username' = '{u.username}', 'password' = '{u.password}', 'database-name' = '{db}', 'table-name' = '{self.src}',
  'server-id' = '{self.server_ids}', 'server-time-zone' = 'UTC',
  'scan.incremental.snapshot.enabled' = 'true', 'scan.incremental.snapshot.chunk.size' = '16'
);
CREATE TABLE sink (id INT, v STRING, PRIMARY KEY (id) NOT ENFORCED) WITH (
  'connector' = 'jdbc', 'url' = 'jdbc:mysql://{u.hostname}:{u.port}/{db}', 'table-name' = '{self.sink}',
  'username' = '{u.username}', 'password' = '{u.password}'
);
"""

    def start(self) -> str:
        return self.shell.submit(
            CHECKPOINTING
            + f"SET 'pipeline.name' = 'cdcshell-my-{self.suffix}';\n"
            + self.ddl()
            + "INSERT INTO sink SELECT * FROM src;\n"
        )

    def converges(self, job: str, timeout: float = 180) -> None:
        def equal() -> bool:
            state = self.shell.job_state(job)
            assert state in LIVE, f"job {job} is {state}: {self.shell.root_cause(job)}"
            return self.rows(self.sink) == self.rows(self.src)

        wait_for(equal, timeout, f"{self.sink} to equal {self.src}")


@pytest.fixture
def pipeline(cdc_flink_sandbox: SandboxInfo, mysql_url: str, tmp_path: Path) -> Iterator[MysqlPipeline]:
    sandbox = cdc_flink_sandbox  # only the series a Flink CDC release runs on (conftest: CDC_SERIES)
    base = random.randrange(5400, 6400, 2)  # two readers: a range of two ids no other test's job holds
    p = MysqlPipeline(Shell(sandbox, tmp_path), mysql_url, uuid.uuid4().hex[:8], f"{base}-{base + 1}")
    p.execute(
        f"CREATE TABLE {p.src} (id INT PRIMARY KEY, v VARCHAR(64) NOT NULL)",
        f"CREATE TABLE {p.sink} (id INT PRIMARY KEY, v VARCHAR(64) NOT NULL)",
    )
    try:
        yield p
    finally:
        p.shell.cancel_all()
        p.execute(f"DROP TABLE IF EXISTS {p.src}", f"DROP TABLE IF EXISTS {p.sink}")


def test_savepoint_resume_and_taskmanager_crash_keep_sink_equal_to_source(pipeline: MysqlPipeline) -> None:
    p, shell = pipeline, pipeline.shell
    if shell.sandbox.sandbox_dir is None:
        pytest.skip("needs a sandbox this test run controls, to kill and start its TaskManager")
    p.insert(range(1, 101))  # several snapshot chunks of 16 rows, read by two readers
    job = p.start()
    p.converges(job)
    wait_for(lambda: shell.completed_checkpoints(job) >= 1, 60, "a checkpoint")

    savepoint = shell.stop_with_savepoint(job)
    assert shell.job_state(job) == "FINISHED"
    p.insert(range(101, 131))  # written while no job reads: the binlog keeps them
    p.execute(
        f"UPDATE {p.src} SET v = CONCAT(v, '-upd') WHERE id % 10 = 0", f"DELETE FROM {p.src} WHERE id % 7 = 0"
    )
    time.sleep(2)
    assert p.rows(p.sink) != p.rows(p.src)

    resumed = shell.resume(p.ddl(), job)
    p.converges(resumed)
    restored = shell.checkpoints(resumed)["latest_restored"]
    assert restored is not None and restored["external_path"] == savepoint  # type: ignore[index]

    # a crash while rows flow: the job comes back from its latest checkpoint and converges again
    wait_for(lambda: shell.completed_checkpoints(resumed) >= 2, 60, "two checkpoints")

    def write(next_id: int) -> None:
        p.insert(range(next_id, next_id + 5))
        p.execute(f"UPDATE {p.src} SET v = CONCAT(v, '+') WHERE id = {next_id - 3}")

    latest_before = crash_taskmanager_while_writing(shell, resumed, write, 1000, 1300)
    p.converges(resumed, timeout=240)
    restore = shell.checkpoints(resumed)["latest_restored"]
    assert restore is not None and restore["is_savepoint"] is False  # type: ignore[index]
    assert restore["id"] >= latest_before  # type: ignore[index]


def test_purged_binlog_is_seen_before_resume_and_named_when_the_job_fails(pipeline: MysqlPipeline) -> None:
    p, shell = pipeline, pipeline.shell
    if shell.sandbox.sandbox_dir is None:
        pytest.skip("needs the sandbox's own MariaDB, whose binlogs the test purges")
    layout = Layout(shell.sandbox.sandbox_dir)
    u = urlsplit(p.url)
    params = {"host": u.hostname, "port": u.port, "user": u.username, "password": u.password}

    p.insert(range(1, 21))
    job = p.start()
    p.converges(job)
    savepoint = shell.stop_with_savepoint(job)
    needed = mysql_probe.binlog_files_in_state(Path(savepoint.removeprefix("file:")))
    assert needed, f"no binlog file name found in {savepoint}"
    before = mysql_probe.probe_params(params, 5.0)
    assert isinstance(before, mysql_probe.MysqlFacts), before
    assert before.binlog_format == "ROW" and before.binlog_row_image == "FULL" and before.log_bin
    assert before.is_mariadb and before.gtid_mode is None and before.retention_seconds == 604800
    assert not before.purged(needed[-1])

    # the job stays stopped "too long": a one-second retention, and the server rotates and purges
    p.insert(range(21, 31))
    try:
        sandbox_mysql.admin_sql(layout, "SET GLOBAL binlog_expire_logs_seconds = 1; FLUSH BINARY LOGS;")
        time.sleep(2)
        sandbox_mysql.admin_sql(layout, "FLUSH BINARY LOGS;")  # expiry is applied when the log rotates
        after = mysql_probe.probe_params(params, 5.0)
        assert isinstance(after, mysql_probe.MysqlFacts), after
        assert after.retention_seconds == 1
        assert after.purged(needed[-1]), (needed, after.binlog_files)  # seen before any resume
    finally:
        sandbox_mysql.admin_sql(layout, "SET GLOBAL binlog_expire_logs_seconds = 604800;")

    resumed = shell.resume(CHECKPOINTING + "SET 'restart-strategy.type' = 'none';\n" + p.ddl(), job)
    wait_for(lambda: shell.job_state(resumed) in ("FAILED", "FAILING"), 180, "the resumed job to fail")
    trace = shell.root_exception(resumed)
    assert needed[-1] in trace, trace[:3000]
    print(f"\n[root cause] {shell.root_cause(resumed)}")
