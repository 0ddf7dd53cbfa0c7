"""End to end, as a user runs it: PostgreSQL → Flink CDC postgres-cdc → Flink → JDBC → PostgreSQL, driven with
`cdcshell -f` scripts (one process per step, as a workshop does it) and checked on the database with psycopg.

- checkpoints are visible and growing, with the configuration in force (`\\checkpoints`, batch output);
- a planned stop is exactly-once: `\\stop --savepoint`, rows written while stopped, `\\resume` in a *new* shell
  (the statement comes from the journal), and every source row reaches the sink once. The pipeline is
  append-only on purpose (`scan.read-changelog-as-append-only.enabled`, a sink table without a key), so a row
  delivered twice would show as two rows instead of being hidden by an upsert;
- a crash is survived: the TaskManager is killed while rows flow and started again; the job restores from its
  latest checkpoint, `\\checkpoints` shows the restore, and the (upsert) sink equals the source. The JDBC sink is
  at-least-once between checkpoints, so this one needs the primary key to converge — which is the lesson;
- `\\slots` shows the job's replication slot, and names it as a disk risk once the job is gone.

The crash test kills the TaskManager of the fixture's sandbox: point the tests at a sandbox of their own
(`CDCSHELL_TEST_SANDBOX_DIR` and the `CDCSHELL_TEST_*_PORT` variables) when other work shares the default one.
"""

from __future__ import annotations

import json
import re
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from cdcshell.sandbox.lifecycle import SandboxInfo
from tests.integration.shell_steps import (
    CHECKPOINTING,
    JOB_ID,
    LIVE,
    Shell,
    crash_taskmanager_while_writing,
    drop_slot_when_free,
    wait_for,
)

pytestmark = [pytest.mark.integration, pytest.mark.postgres]


# ------------------------------------------------------------------------------------------------- plumbing


@dataclass
class Pipeline:
    """One test's tables, slot and publication, and the cdcshell scripts that drive its job."""

    sandbox: SandboxInfo
    dsn: str
    work: Path
    append_only: bool
    suffix: str = field(default_factory=lambda: uuid.uuid4().hex[:8])

    def __post_init__(self) -> None:
        self.shell = Shell(self.sandbox, self.work)  # runs the scripts, keeps the jobs they submitted

    @property
    def home(self) -> Path:
        return self.shell.home

    @property
    def jobs(self) -> list[str]:
        """The jobs to cancel at the end: what the scripts submitted, and what a test adds."""
        return self.shell.jobs

    @property
    def src(self) -> str:
        return f"e2e_src_{self.suffix}"

    @property
    def sink(self) -> str:
        return f"e2e_sink_{self.suffix}"

    @property
    def slot(self) -> str:
        return f"e2e_slot_{self.suffix}"

    @property
    def publication(self) -> str:
        return f"e2e_pub_{self.suffix}"

    @property
    def pipeline_name(self) -> str:
        return f"cdcshell-e2e-{self.suffix}"

    def connect(self):  # type: ignore[no-untyped-def]
        import psycopg

        return psycopg.connect(self.dsn, autocommit=True)

    def create_tables(self) -> None:
        key = "" if self.append_only else ", PRIMARY KEY (id)"
        with self.connect() as conn:
            conn.execute(f"CREATE TABLE {self.src} (id INT PRIMARY KEY, v TEXT NOT NULL)")
            conn.execute(f"ALTER TABLE {self.src} REPLICA IDENTITY FULL")
            conn.execute(f"CREATE TABLE {self.sink} (id INT NOT NULL, v TEXT NOT NULL{key})")
            conn.execute(f"CREATE PUBLICATION {self.publication} FOR TABLE {self.src}")

    def insert(self, ids: range) -> None:
        with self.connect() as conn, conn.cursor() as cur:
            cur.executemany(f"INSERT INTO {self.src} (id, v) VALUES (%s, %s)", [(i, f"row-{i}") for i in ids])

    def sink_count(self) -> int:
        with self.connect() as conn:
            return int(conn.execute(f"SELECT COUNT(*) FROM {self.sink}").fetchone()[0])

    def rows(self, table: str) -> list[tuple[int, str]]:
        with self.connect() as conn:
            return [tuple(r) for r in conn.execute(f"SELECT id, v FROM {table} ORDER BY id, v").fetchall()]

    def ddl(self) -> str:
        d = urlsplit(self.dsn)
        database = d.path.lstrip("/")
        append = ",\n  'scan.read-changelog-as-append-only.enabled' = 'true'" if self.append_only else ""
        sink_key = "" if self.append_only else ", PRIMARY KEY (id) NOT ENFORCED"
        return f"""
CREATE TABLE src (id INT, v STRING, PRIMARY KEY (id) NOT ENFORCED) WITH (
  'connector' = 'postgres-cdc', 'hostname' = '{d.hostname}', 'port' = '{d.port}',
  'username' = '{d.username}', 'password' = '{d.password}', 'database-name' = '{database}',
  'schema-name' = 'public', 'table-name' = '{self.src}', 'slot.name' = '{self.slot}',
  'decoding.plugin.name' = 'pgoutput', 'debezium.publication.name' = '{self.publication}',
  -- the FLIP-27 source keeps its read position in split state and commits the slot only after a checkpoint:
  -- the setting the workshop example and the risk checks (CK006) recommend
  'scan.incremental.snapshot.enabled' = 'true'{append}
);
CREATE TABLE sink (id INT, v STRING{sink_key}) WITH (
  'connector' = 'jdbc', 'url' = 'jdbc:postgresql://{d.hostname}:{d.port}/{database}',
  'table-name' = '{self.sink}', 'username' = '{d.username}', 'password' = '{d.password}'
);
"""

    def settings(self) -> str:
        return CHECKPOINTING + f"SET 'pipeline.name' = '{self.pipeline_name}';\n"

    def cleanup(self) -> None:
        self.shell.cancel_all()
        with self.connect() as conn:
            drop_slot_when_free(conn, self.slot)  # a cancelled job lets go of its slot a moment later
            conn.execute(f"DROP PUBLICATION IF EXISTS {self.publication}")
            conn.execute(f"DROP TABLE IF EXISTS {self.src}")
            conn.execute(f"DROP TABLE IF EXISTS {self.sink}")


@pytest.fixture
def cdc_sandbox(cdc_flink_sandbox: SandboxInfo, postgres_dsn: str) -> SandboxInfo:
    return cdc_flink_sandbox  # only the series a Flink CDC release runs on (conftest: CDC_SERIES)


def _pipeline(sandbox: SandboxInfo, dsn: str, tmp_path: Path, *, append_only: bool) -> Iterator[Pipeline]:
    p = Pipeline(sandbox, dsn, tmp_path, append_only)
    p.create_tables()
    try:
        yield p
    finally:
        p.cleanup()


@pytest.fixture
def append_pipeline(cdc_sandbox: SandboxInfo, postgres_dsn: str, tmp_path: Path) -> Iterator[Pipeline]:
    yield from _pipeline(cdc_sandbox, postgres_dsn, tmp_path, append_only=True)


@pytest.fixture
def upsert_pipeline(cdc_sandbox: SandboxInfo, postgres_dsn: str, tmp_path: Path) -> Iterator[Pipeline]:
    yield from _pipeline(cdc_sandbox, postgres_dsn, tmp_path, append_only=False)


def _start(p: Pipeline) -> str:
    return p.shell.submit(p.settings() + p.ddl() + "INSERT INTO sink SELECT * FROM src;\n")


def _sink_reaches(p: Pipeline, count: int, job: str, timeout: float = 180) -> None:
    def reached() -> bool:
        state = p.shell.job_state(job)
        assert state in LIVE, f"job {job} is {state}"
        return p.sink_count() >= count

    wait_for(reached, timeout, f"{count} rows in {p.sink}")


# ------------------------------------------------------------------------------------------------- the tests


def test_checkpoints_grow_and_a_planned_stop_is_exactly_once(append_pipeline: Pipeline) -> None:
    p = append_pipeline
    p.insert(range(1, 51))
    job = _start(p)
    _sink_reaches(p, 50, job)

    # \checkpoints in batch mode: completed checkpoints growing, and the configuration in force
    first = p.shell.checkpoints(job)
    assert first["config"]["interval_ms"] == 2000 and first["config"]["mode"] == "EXACTLY_ONCE"  # type: ignore[index]
    assert first["config"]["externalized"] is True  # type: ignore[index]
    done = int(first["counts"]["completed"])  # type: ignore[index]
    wait_for(lambda: int(p.shell.checkpoints(job)["counts"]["completed"]) > done, 60, "more checkpoints")  # type: ignore[index]
    plain = p.shell.run(f"\\checkpoints {job}\n").stdout
    assert "every 2.00 s" in plain and "retained on cancel" in plain and "COMPLETED" in plain

    p.insert(range(51, 81))
    _sink_reaches(p, 80, job)

    savepoint = p.shell.stop_with_savepoint(job)
    assert p.shell.job_state(job) == "FINISHED"

    p.insert(range(81, 121))  # written while no job reads: the slot keeps them
    time.sleep(3)
    assert p.sink_count() == 80

    # a new shell (a new gateway session): the tables again, then \resume finds the statement in the journal
    resumed = p.shell.run(p.ddl() + f"\\resume {job}\n")
    assert f"SET 'execution.state-recovery.path' = '{savepoint}'" in resumed.stdout
    assert "RESET 'execution.state-recovery.path'" in resumed.stdout
    # as the journal kept it with the job (issue 12: the record holds the SETs in force at submit time)
    assert "SET 'execution.checkpointing.interval' = '2s'" in resumed.stdout
    assert "SET 'execution.checkpointing.dir'" not in resumed.stdout  # the sandbox's cluster config has it
    new_jobs = [j for j in JOB_ID.findall(resumed.stdout + resumed.stderr) if j != job]
    assert len(new_jobs) == 1, resumed.stdout + resumed.stderr
    new_job = new_jobs[0]

    _sink_reaches(p, 120, new_job)
    time.sleep(4)  # anything delivered twice would arrive now
    assert p.rows(p.sink) == p.rows(
        p.src
    )  # none missing, none twice (the sink has no key to hide duplicates)
    assert len(p.rows(p.sink)) == 120

    after = p.shell.checkpoints(new_job)
    restored = after["latest_restored"]
    assert restored is not None and restored["is_savepoint"] is True  # type: ignore[index]
    assert restored["external_path"] == savepoint  # type: ignore[index]
    # the new shell did not SET checkpointing: \resume carried the original job's over, and its name
    assert after["config"]["interval_ms"] == 2000  # type: ignore[index]
    assert after["job"]["name"] == p.pipeline_name  # type: ignore[index]

    # \slots: the job's slot is read, and once the job is gone it is named as a disk risk with its DROP
    slots = p.shell.run(p.ddl() + "\\slots\n", fmt="json").stdout
    mine = [
        s
        for s in json.loads(next(ln for ln in slots.splitlines() if ln.startswith("[")))
        if s["slot"] == p.slot
    ]
    assert mine and mine[0]["active"] is True and mine[0]["used_by"] == ["src"]
    httpx.patch(f"{p.sandbox.jobmanager_url}/jobs/{new_job}", params={"mode": "cancel"}, timeout=10)
    wait_for(lambda: p.shell.job_state(new_job) == "CANCELED", 60, "the cancel")

    def idle_slot_reported() -> str | None:
        out = p.shell.run(p.ddl() + "\\slots\n").stdout
        return out if f"SELECT pg_drop_replication_slot('{p.slot}');" in out else None

    out = str(wait_for(idle_slot_reported, 60, "the idle slot to be reported"))
    assert f"Slot {p.slot} is inactive" in out


def test_crash_of_the_taskmanager_restores_from_the_latest_checkpoint(upsert_pipeline: Pipeline) -> None:
    p = upsert_pipeline
    if p.sandbox.sandbox_dir is None:
        pytest.skip("needs a sandbox this test run controls, to kill and start its TaskManager")

    p.insert(range(1, 41))
    job = _start(p)
    _sink_reaches(p, 40, job)
    wait_for(lambda: int(p.shell.checkpoints(job)["counts"]["completed"]) >= 2, 60, "two checkpoints")  # type: ignore[index]

    written: list[int] = []

    def write(next_id: int) -> None:  # rows keep flowing through the crash
        p.insert(range(next_id, next_id + 5))
        written.append(next_id + 4)

    latest_before = crash_taskmanager_while_writing(p.shell, job, write, 41, 401)
    total = written[-1]
    _sink_reaches(p, total, job, timeout=240)
    time.sleep(4)
    assert p.rows(p.sink) == p.rows(p.src)
    assert len(p.rows(p.src)) == total

    data = p.shell.checkpoints(job)
    restore = data["latest_restored"]
    assert restore is not None and restore["is_savepoint"] is False  # type: ignore[index]
    assert job in str(restore["external_path"])  # type: ignore[index]  # one of its own checkpoints...
    assert restore["id"] >= latest_before  # type: ignore[index]  # ...the latest one at the crash
    plain = p.shell.run(f"\\checkpoints {job}\n").stdout
    assert re.search(r"Restored\s+from checkpoint #\d+", plain), plain


@pytest.mark.parametrize("case", ["unknown", "unreachable"])
def test_checkpoints_in_a_script_fails_clearly(cdc_sandbox: SandboxInfo, tmp_path: Path, case: str) -> None:
    p = Pipeline(cdc_sandbox, "", tmp_path, append_only=False)
    if case == "unknown":
        proc = p.shell.run("\\checkpoints no-such-pipeline\n", check=False)
        assert "No job matches 'no-such-pipeline'" in proc.stderr
    else:
        proc = p.shell.run("\\checkpoints\n", check=False, jobmanager="http://127.0.0.1:9")
        assert "Cannot reach the Flink JobManager at http://127.0.0.1:9" in proc.stderr
        assert "--jobmanager" in proc.stderr
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    assert (
        "Stopped after the failed statement (1 of 1 ran)" in proc.stderr
    )  # a failing command stops a script
