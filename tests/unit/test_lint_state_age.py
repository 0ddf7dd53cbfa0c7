"""MY003 counts the age of the state a job resumes from: a local savepoint's `_metadata`, else the journal's job
and the JobManager's latest checkpoint of it (`cdcshell lint --connect --gateway URL`)."""

from __future__ import annotations

import io
import os
import time
from pathlib import Path

import pytest

from cdcshell.cluster.models import CheckpointStats
from cdcshell.lint.jobmanager import LintJobManager
from cdcshell.lint.probes import Probes
from cdcshell.lint.state_age import from_journal, local_age, local_metadata, state_age
from cdcshell.store.job_journal import JobJournal, own_path
from tests.unit.test_lint_helpers import only
from tests.unit.test_lint_rules_issue13 import MY_JOB, MysqlProbes, binlog

GATEWAY = "http://gw.test:8083"
JOB = "c0ffee" + "1" * 26
DAY = 86400.0


def _savepoint(tmp_path: Path, age: float) -> Path:
    directory = tmp_path / f"savepoint-{JOB[:6]}-0123"
    directory.mkdir()
    metadata = directory / "_metadata"
    metadata.write_bytes(b"x")
    then = time.time() - age
    os.utime(metadata, (then, then))
    return directory


def _stats(taken_ms: int | None) -> CheckpointStats:
    latest = {"id": 7, "status": "COMPLETED", "trigger_timestamp": taken_ms} if taken_ms else None
    return CheckpointStats.from_wire({"counts": {}, "latest": {"completed": latest}, "history": []})


def test_local_metadata_of_file_urls_and_paths(tmp_path: Path) -> None:
    directory = _savepoint(tmp_path, 10)
    assert local_metadata(f"file://{directory}") == directory / "_metadata"
    assert local_metadata(str(directory)) == directory / "_metadata"
    assert local_metadata(f"file://{directory}/_metadata") == directory / "_metadata"
    assert local_metadata("s3://bucket/savepoint-1") is None
    assert local_metadata(f"file://{tmp_path}/missing") is None


def test_a_local_savepoint_says_its_own_age(tmp_path: Path) -> None:
    directory = _savepoint(tmp_path, 3 * DAY)
    age = local_age(f"file://{directory}")
    assert age is not None and 3 * DAY - 60 < age < 3 * DAY + 60
    assert local_age("s3://bucket/savepoint-1") is None


def test_elsewhere_the_journal_names_the_job_and_the_jobmanager_its_latest_checkpoint() -> None:
    now = 1_000_000.0
    JobJournal.for_gateway(GATEWAY).record(
        gateway=GATEWAY, session="s", job_id=JOB, statement="INSERT INTO a SELECT 1", flink_version="1.20.3"
    )
    asked: list[str] = []

    def checkpoints(job_id: str) -> CheckpointStats | None:
        asked.append(job_id)
        return _stats(int((now - 2 * DAY) * 1000))

    origin = JobJournal.for_gateway(GATEWAY).origin_of
    path = f"s3://bucket/checkpoints/{JOB}/chk-7"
    assert state_age(path, origin=origin, checkpoints=checkpoints, now=lambda: now) == 2 * DAY
    assert asked == [JOB]
    assert state_age("s3://bucket/other/chk-1", origin=origin, checkpoints=checkpoints) is None
    assert state_age(path, origin=origin, checkpoints=lambda j: _stats(None)) is None
    assert state_age(path, origin=origin, checkpoints=lambda j: None) is None
    assert from_journal(GATEWAY, lambda j: None)(path) is None


def test_origin_of_knows_recorded_and_own_paths() -> None:
    journal = JobJournal.for_gateway(GATEWAY)
    journal.record(gateway=GATEWAY, session="s", job_id=JOB, statement="X", flink_version=None)
    journal.note_recovery_path(JOB, "s3://sp/custom-name")
    assert own_path(JOB, f"file:///sp/savepoint-{JOB[:6]}-ab12")
    for path in ("s3://sp/custom-name/", f"file:///cp/{JOB}/chk-3", f"file:///sp/savepoint-{JOB[:6]}-ab12"):
        record = journal.origin_of(path)
        assert record is not None and record.job_id == JOB, path
    assert journal.origin_of("file:///sp/savepoint-ffffff-1") is None
    assert journal.origin_of("  ") is None


def test_my003_counts_the_age_of_the_state_it_resumes_from(tmp_path: Path) -> None:
    directory = _savepoint(tmp_path, 3 * DAY)
    resumed = f"SET 'execution.state-recovery.path' = 'file://{directory}';\n" + MY_JOB
    two_days = binlog(binlog_expire_logs_seconds=int(2 * DAY))
    asked: list[str] = []

    def age(path: str) -> float | None:
        asked.append(path)
        return local_age(path)

    found = only(resumed, "MY003", probes=MysqlProbes(two_days, recovery_age=age))
    assert len(found) == 1 and "no longer available" in found[0].message
    assert asked == [f"file://{directory}"]
    assert not only(MY_JOB, "MY003", probes=MysqlProbes(two_days, recovery_age=age))  # no resume: no age
    assert not only(
        resumed,
        "MY003",
        probes=MysqlProbes(binlog(binlog_expire_logs_seconds=int(7 * DAY)), recovery_age=age),
    )


def test_resume_age_prefers_what_the_caller_knows_and_never_raises() -> None:
    def broken(path: str) -> float | None:
        raise RuntimeError("boom")

    assert Probes(last_checkpoint_age=5.0, recovery_age=broken).resume_age("p") == 5.0
    assert Probes(recovery_age=broken).resume_age("p") is None
    assert Probes(recovery_age=lambda p: 9.0).resume_age(None) is None


def test_cli_connect_reads_a_local_savepoints_age(tmp_path: Path) -> None:
    from cdcshell.lint.command import main

    directory = _savepoint(tmp_path, 10 * DAY)
    script = tmp_path / "job.sql"
    script.write_text(
        f"SET 'execution.state-recovery.path' = 'file://{directory}';\n" + MY_JOB, encoding="utf-8"
    )
    argv = [str(script), "--connect", "--timeout", "1s"]
    captured: dict[str, object] = {}

    from cdcshell.lint import engine

    real = engine.lint_script

    def spy(source: str, **kw: object):  # type: ignore[no-untyped-def]
        captured["age"] = kw["probes"].resume_age(f"file://{directory}")  # type: ignore[union-attr]
        return real(source, **kw)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(engine, "lint_script", spy)
        main(argv, stdout=io.StringIO(), stderr=io.StringIO())
    age = captured["age"]
    assert isinstance(age, float) and age > 9 * DAY


def test_the_lint_jobmanager_is_asked_for_checkpoints(monkeypatch: pytest.MonkeyPatch) -> None:
    class Client:
        def checkpoints(self, job_id: str) -> CheckpointStats:
            return _stats(1000)

        def close(self) -> None:
            pass

    jobmanager = LintJobManager(GATEWAY, "http://jm.test:8081", 1.0)
    monkeypatch.setattr(jobmanager, "_client", Client())
    stats = jobmanager.checkpoints(JOB)
    assert stats is not None and stats.latest_completed is not None
