"""End to end on the sandbox's Kafka broker: PostgreSQL → postgres-cdc → Flink → Kafka (exactly-once), then
Kafka → Flink → PostgreSQL, driven with `cdcshell -f` scripts; the topic is read with the broker's own console
consumer in `read_committed` mode, as an operator would check it.

- the real failure the exactly-once timeout rule prevents: the sink's default `transaction.timeout.ms` (1 h)
  above the broker's `transaction.max.timeout.ms` (15 min) fails the job when its first transaction starts;
- with the timeout below the broker's maximum, every change reaches the topic exactly once across a
  stop-with-savepoint/resume and across a TaskManager kill (no change missing, none twice);
- a Kafka source resumes from the offsets in its savepoint: a second job reading the topic, stopped and resumed
  while the topic grows, copies each message exactly once.
"""

from __future__ import annotations

import json
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from cdcshell.lint.probes import kafka as kafka_probe
from cdcshell.sandbox import kafka as sandbox_kafka
from cdcshell.sandbox.lifecycle import SandboxInfo
from cdcshell.sandbox.processes import Layout
from tests.integration.shell_steps import (
    CHECKPOINTING,
    JOB_ID,
    LIVE,
    Shell,
    crash_taskmanager_while_writing,
    drop_slot_when_free,
    wait_for,
)

pytestmark = [pytest.mark.integration, pytest.mark.postgres, pytest.mark.kafka]

TIMEOUT_ERROR = (
    "The transaction timeout is larger than the maximum value allowed by the broker "
    "(as configured by transaction.max.timeout.ms)."
)


@dataclass
class KafkaPipeline:
    shell: Shell
    dsn: str
    bootstrap: str
    layout: Layout
    suffix: str

    @property
    def src(self) -> str:
        return f"k_src_{self.suffix}"

    @property
    def copy(self) -> str:
        return f"k_copy_{self.suffix}"

    @property
    def topic(self) -> str:
        return f"cdc_{self.suffix}"

    @property
    def slot(self) -> str:
        return f"k_slot_{self.suffix}"

    def connect(self):  # type: ignore[no-untyped-def]
        import psycopg

        return psycopg.connect(self.dsn, autocommit=True)

    def execute(self, *statements: str) -> None:
        with self.connect() as conn:
            for statement in statements:
                conn.execute(statement)

    def insert(self, ids: range) -> None:
        with self.connect() as conn, conn.cursor() as cur:
            cur.executemany(f"INSERT INTO {self.src} (id, v) VALUES (%s, %s)", [(i, f"row-{i}") for i in ids])

    def source_rows(self) -> dict[int, str]:
        with self.connect() as conn:
            return dict(conn.execute(f"SELECT id, v FROM {self.src}").fetchall())

    def copied(self) -> list[str]:
        with self.connect() as conn:
            return [r[0] for r in conn.execute(f"SELECT line FROM {self.copy}").fetchall()]

    def source_ddl(self, timeout_ms: int | None) -> str:
        d = urlsplit(self.dsn)
        timeout = f",\n  'properties.transaction.timeout.ms' = '{timeout_ms}'" if timeout_ms else ""
        return f"""
CREATE TABLE src (id INT, v STRING, PRIMARY KEY (id) NOT ENFORCED) WITH (
  'connector' = 'postgres-cdc', 'hostname' = '{d.hostname}', 'port' = '{d.port}',
  'username' = '{d.username}', 'password' = '{d.password}', 'database-name' = '{d.path.lstrip("/")}',
  'schema-name' = 'public', 'table-name' = '{self.src}', 'slot.name' = '{self.slot}',
  'decoding.plugin.name' = 'pgoutput', 'debezium.publication.name' = 'k_pub_{self.suffix}',
  'scan.incremental.snapshot.enabled' = 'true'
);
CREATE TABLE topic (id INT, v STRING) WITH (
  'connector' = 'kafka', 'topic' = '{self.topic}', 'properties.bootstrap.servers' = '{self.bootstrap}',
  'format' = 'debezium-json', 'sink.delivery-guarantee' = 'exactly-once',
  'sink.transactional-id-prefix' = 'cdcshell-{self.suffix}'{timeout}
);
"""

    def copy_ddl(self) -> str:
        d = urlsplit(self.dsn)
        return f"""
CREATE TABLE topic_in (line STRING) WITH (
  'connector' = 'kafka', 'topic' = '{self.topic}', 'properties.bootstrap.servers' = '{self.bootstrap}',
  'properties.group.id' = 'copy-{self.suffix}', 'properties.isolation.level' = 'read_committed',
  'scan.startup.mode' = 'earliest-offset', 'format' = 'raw'
);
CREATE TABLE copy_sink (line STRING) WITH (
  'connector' = 'jdbc', 'url' = 'jdbc:postgresql://{d.hostname}:{d.port}/{d.path.lstrip("/")}',
  'table-name' = '{self.copy}', 'username' = '{d.username}', 'password' = '{d.password}'
);
"""

    def messages(self) -> list[str]:
        """The committed messages of the topic (the values, as JSON text)."""
        return [
            line.split("\t", 1)[-1]
            for line in sandbox_kafka.read_topic(self.layout, self.topic, idle_ms=4000)
        ]


def replay(messages: list[str]) -> dict[int, str]:
    """The table the debezium-json changes describe: what a downstream consumer would rebuild."""
    table: dict[int, str] = {}
    for text in messages:
        change = json.loads(text)
        if change.get("before"):
            table.pop(int(change["before"]["id"]), None)
        if change.get("after"):
            table[int(change["after"]["id"])] = str(change["after"]["v"])
    return table


@pytest.fixture
def pipeline(
    cdc_flink_sandbox: SandboxInfo, postgres_dsn: str, kafka_bootstrap: str, tmp_path: Path
) -> Iterator[KafkaPipeline]:
    sandbox = cdc_flink_sandbox  # only the series a Flink CDC release runs on (conftest: CDC_SERIES)
    if sandbox.sandbox_dir is None:
        pytest.skip("needs a sandbox this test run controls (the broker's tools)")
    p = KafkaPipeline(
        Shell(sandbox, tmp_path),
        postgres_dsn,
        kafka_bootstrap,
        Layout(sandbox.sandbox_dir),
        uuid.uuid4().hex[:8],
    )
    p.execute(
        f"CREATE TABLE {p.src} (id INT PRIMARY KEY, v TEXT NOT NULL)",
        f"ALTER TABLE {p.src} REPLICA IDENTITY FULL",
        f"CREATE TABLE {p.copy} (line TEXT NOT NULL)",
        f"CREATE PUBLICATION k_pub_{p.suffix} FOR TABLE {p.src}",
    )
    sandbox_kafka.create_topic(p.layout, p.topic)
    try:
        yield p
    finally:
        p.shell.cancel_all()
        with p.connect() as conn:
            drop_slot_when_free(conn, p.slot)
            conn.execute(f"DROP PUBLICATION IF EXISTS k_pub_{p.suffix}")
            conn.execute(f"DROP TABLE IF EXISTS {p.src}")
            conn.execute(f"DROP TABLE IF EXISTS {p.copy}")


def test_default_transaction_timeout_above_the_brokers_maximum_fails_the_job(pipeline: KafkaPipeline) -> None:
    p, shell = pipeline, pipeline.shell
    assert sandbox_kafka.broker_config(p.layout, "transaction.max.timeout.ms") == "900000"
    seen = kafka_probe.broker_config([p.bootstrap], ["transaction.max.timeout.ms"])  # lint --connect's probe
    assert isinstance(seen, kafka_probe.BrokerConfig), seen
    assert (
        seen.int_value("transaction.max.timeout.ms") == 900_000
        and "transaction.max.timeout.ms" in seen.defaults
    )
    p.insert(range(1, 4))
    script = (
        CHECKPOINTING
        + "SET 'restart-strategy.type' = 'none';\n"
        + p.source_ddl(None)
        + "INSERT INTO topic SELECT * FROM src;\n"
    )
    refused = shell.run(script, check=False)  # the check before submit knows the sink's 1 h default (KF003)
    assert refused.returncode == 1 and "KF003" in refused.stdout + refused.stderr, refused.stderr
    assert not JOB_ID.findall(refused.stdout + refused.stderr)
    job = shell.submit(script, force=True)  # and Flink agrees: the job fails at start
    wait_for(lambda: shell.job_state(job) in ("FAILED", "FAILING"), 180, "the job to fail")
    cause = shell.root_cause(job)
    print(f"\n[root cause] {cause}")
    assert TIMEOUT_ERROR in shell.root_exception(job)
    assert "InitProducerIdResponse" in cause


def test_exactly_once_across_stop_resume_and_crash_and_source_offsets_restored(
    pipeline: KafkaPipeline,
) -> None:
    p, shell = pipeline, pipeline.shell
    ddl = p.source_ddl(600_000)  # 10 min: below the broker's 15 min maximum
    p.insert(range(1, 31))
    job = shell.submit(CHECKPOINTING + ddl + "INSERT INTO topic SELECT * FROM src;\n")

    def topic_matches_source(job_id: str) -> bool:
        assert shell.job_state(job_id) in LIVE, f"job {job_id}: {shell.root_cause(job_id)}"
        return replay(p.messages()) == p.source_rows()

    wait_for(lambda: topic_matches_source(job), 180, "the snapshot in the topic", interval=2)

    # a planned stop, changes while stopped, a resume in a new shell
    shell.stop_with_savepoint(job)
    p.insert(range(31, 51))
    p.execute(
        f"UPDATE {p.src} SET v = v || '-u' WHERE id <= 5", f"DELETE FROM {p.src} WHERE id BETWEEN 6 AND 8"
    )
    resumed = shell.resume(ddl, job)
    wait_for(lambda: topic_matches_source(resumed), 180, "the changes made while stopped", interval=2)

    # a crash while changes flow
    wait_for(lambda: shell.completed_checkpoints(resumed) >= 2, 60, "two checkpoints")

    def write(next_id: int) -> None:
        p.insert(range(next_id, next_id + 5))
        p.execute(f"UPDATE {p.src} SET v = v || '-c' WHERE id = {next_id - 2}")

    crash_taskmanager_while_writing(shell, resumed, write, 100, 400)
    wait_for(lambda: topic_matches_source(resumed), 240, "the topic to catch up after the crash", interval=3)
    messages = p.messages()
    twice = [m for m, n in Counter(messages).items() if n > 1]
    assert not twice, f"{len(twice)} changes delivered more than once, e.g. {twice[:3]}"

    # a Kafka source: copy the topic, stop with a savepoint, let the topic grow, resume: each message once
    copy_job = shell.submit(CHECKPOINTING + p.copy_ddl() + "INSERT INTO copy_sink SELECT * FROM topic_in;\n")
    wait_for(lambda: len(p.copied()) >= len(messages), 120, "the copy to catch up", interval=2)
    shell.stop_with_savepoint(copy_job)
    copied_before = len(p.copied())
    p.insert(range(500, 520))
    wait_for(lambda: topic_matches_source(resumed), 120, "the new rows in the topic", interval=2)
    copy_resumed = shell.resume(p.copy_ddl(), copy_job)
    final = p.messages()
    wait_for(lambda: len(p.copied()) >= len(final), 120, "the resumed copy to catch up", interval=2)
    time.sleep(3)  # anything read twice would arrive now
    assert Counter(p.copied()) == Counter(final)
    assert copied_before < len(final)
    restored = shell.checkpoints(copy_resumed)["latest_restored"]
    assert restored is not None and restored["is_savepoint"] is True  # type: ignore[index]
