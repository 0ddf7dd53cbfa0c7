"""The job commands' logic against a fake shell and JobManager: naming jobs, arguments, \\resume, \\slots parsing."""

from __future__ import annotations

import json

import pytest

from cdcshell.meta import checkpoints as cps
from cdcshell.meta import jobs as jobs_mod
from cdcshell.meta import resume
from cdcshell.meta import savepoints as sps
from cdcshell.meta import slots as slots_mod
from cdcshell.meta.context import UsageError
from cdcshell.meta.registry import find
from cdcshell.store.job_journal import SubmittedJob
from tests.unit.test_meta_jobs_support import (
    JOB_A,
    JOB_B,
    NOW,
    FakeCluster,
    FakeJournal,
    FakeShell,
    FakeStateJournal,
    config_wire,
    cp_wire,
    job_wire,
    stats_wire,
)


def _running_cluster() -> FakeCluster:
    c = FakeCluster()
    c.jobs_wire = [
        job_wire(JOB_A, "orders-sync", "RUNNING"),
        job_wire(JOB_B, "old", "CANCELED", end=NOW - 1000),
    ]
    c.stats[JOB_A] = stats_wire([cp_wire(i, trigger=NOW - (10 - i) * 1000) for i in range(10, 0, -1)])
    c.stats[JOB_B] = stats_wire([])
    return c


def _record(jid: str, statement: str, session: str = "sess-1", path: str | None = None) -> SubmittedJob:
    return SubmittedJob(
        time="2026-11-25T16:00:00Z",
        gateway="http://gw:8083",
        session=session,
        job_id=jid,
        statement=statement,
        flink_version="1.20.3",
        recovery_path=path,
    )


# ---------------------------------------------------------------------------------------------- registration


def test_every_command_is_registered_with_usage_and_help() -> None:
    for name in ("jobs", "checkpoints", "checkpoint", "savepoint", "stop", "resume", "slots"):
        cmd = find(name)
        assert cmd is not None, name
        assert cmd.usage.startswith("\\" + name)
        assert cmd.topic == "checkpoints"


# ---------------------------------------------------------------------------------------------- naming a job


def test_no_job_named_and_one_running_means_that_one() -> None:
    shell = FakeShell(_running_cluster())
    assert jobs_mod.resolve_job(shell, None).jid == JOB_A


def test_no_job_named_and_none_running_is_a_usage_error() -> None:
    c = _running_cluster()
    c.jobs_wire[0]["state"] = "FINISHED"
    with pytest.raises(UsageError, match="no job is running"):
        jobs_mod.resolve_job(FakeShell(c), None)


def test_no_job_named_and_several_running_lists_them() -> None:
    c = _running_cluster()
    c.jobs_wire[1]["state"] = "RUNNING"
    with pytest.raises(UsageError, match="2 jobs are running") as exc:
        jobs_mod.resolve_job(FakeShell(c), None)
    assert JOB_A[:8] in str(exc.value) and JOB_B[:8] in str(exc.value)


def test_unknown_job_gives_one_clear_error_and_failure_code() -> None:
    shell = FakeShell(_running_cluster())
    assert cps.checkpoints_command(shell, "nosuchjob") == 1
    assert "nosuchjob" in shell.err.getvalue()
    assert "Traceback" not in shell.err.getvalue()


def test_unreachable_jobmanager_names_the_address_and_the_way_out() -> None:
    c = _running_cluster()
    c.unreachable = True
    shell = FakeShell(c)
    assert cps.checkpoints_command(shell, "") == 1
    err = shell.err.getvalue()
    assert "http://jm.example:8081" in err
    assert "--jobmanager" in err


# ---------------------------------------------------------------------------------------------- arguments


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ("", (None, None, 10)),
        ("orders-sync", ("orders-sync", None, 10)),
        ("--watch", (None, 2.0, 10)),
        ("30ea --watch 5", ("30ea", 5.0, 10)),
        ("--watch 1 30ea", ("30ea", 1.0, 10)),
        ("'my job' --last 3", ("my job", None, 3)),
    ],
)
def test_checkpoints_arguments(args: str, expected: tuple[object, ...]) -> None:
    assert cps.parse_checkpoints_args(args) == expected


@pytest.mark.parametrize("args", ["--frobnicate", "a b", "--last", "--last 0", "--watch 0.1", "'unclosed"])
def test_bad_checkpoints_arguments_are_usage_errors(args: str) -> None:
    with pytest.raises(UsageError):
        cps.parse_checkpoints_args(args)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ("job1", ("job1", False, None, False)),
        ("job1 --savepoint", ("job1", True, None, False)),
        ("job1 --savepoint file:///sp --drain", ("job1", True, "file:///sp", True)),
        ("--drain --savepoint job1", ("job1", True, None, True)),
    ],
)
def test_stop_arguments(args: str, expected: tuple[object, ...]) -> None:
    assert sps.parse_stop_args(args) == expected


@pytest.mark.parametrize("args", ["", "job1 --drain", "job1 job2", "job1 --force"])
def test_bad_stop_arguments_are_usage_errors(args: str) -> None:
    with pytest.raises(UsageError):
        sps.parse_stop_args(args)


def test_watch_in_a_script_prints_one_snapshot_and_says_so() -> None:
    shell = FakeShell(_running_cluster(), interactive=False)
    assert cps.checkpoints_command(shell, "--watch 1") == 0
    assert "--watch" in shell.err.getvalue()
    assert shell.out.getvalue().count("completed 10") == 1


# ---------------------------------------------------------------------------------------------- \checkpoints, \jobs


def test_checkpoints_json_has_counts_config_and_history() -> None:
    shell = FakeShell(_running_cluster(), fmt="json")
    assert cps.checkpoints_command(shell, "orders-sync") == 0
    data = json.loads(shell.out.getvalue())
    assert data["job"]["id"] == JOB_A
    assert data["counts"]["completed"] == 10
    assert data["config"]["interval_ms"] == 1000
    assert [h["id"] for h in data["history"]] == list(range(10, 0, -1))


def test_jobs_marks_this_sessions_jobs_with_their_statement() -> None:
    shell = FakeShell(_running_cluster())
    shell.job_journal = FakeJournal(
        [
            _record(JOB_A, "INSERT INTO sink SELECT * FROM orders"),
            _record(JOB_B, "INSERT INTO x SELECT 1", session="older"),
        ]
    )
    assert jobs_mod.jobs_command(shell, "") == 0
    out = shell.out.getvalue()
    assert f"* {JOB_A[:8]}  INSERT INTO sink SELECT * FROM orders" in out
    assert f"+ {JOB_B[:8]}  INSERT INTO x SELECT 1" in out
    assert "10 ok, 0 failed" in out  # the one-line checkpoint summary of the running job


def test_jobs_json() -> None:
    shell = FakeShell(_running_cluster(), fmt="json")
    shell.job_journal = FakeJournal([_record(JOB_A, "INSERT INTO s SELECT 1")])
    assert jobs_mod.jobs_command(shell, "") == 0
    rows = json.loads(shell.out.getvalue())
    assert rows[0]["id"] == JOB_A and rows[0]["this_session"] is True
    assert rows[0]["statement"] == "INSERT INTO s SELECT 1"


def test_details_from_another_jobs_cache_are_not_shown_as_this_jobs() -> None:
    from cdcshell.cluster.models import Checkpoint, CheckpointStats, JobSummary

    job = JobSummary.from_wire(job_wire(JOB_A, "a", "RUNNING", start=NOW - 5000))
    stats = CheckpointStats.from_wire(stats_wire([cp_wire(9, trigger=NOW - 1000)]))
    foreign = Checkpoint.from_wire(cp_wire(3, trigger=NOW - 60_000, path=f"file:/tmp/chk/{JOB_B}/chk-3"))
    own = Checkpoint.from_wire(cp_wire(9, trigger=NOW - 1000))
    assert cps.belongs_to(job, own, stats)
    assert not cps.belongs_to(job, foreign, stats)


# ---------------------------------------------------------------------------------------------- \resume


def test_recovery_key_follows_the_flink_version() -> None:
    assert (
        resume.recovery_key("1.20.3") == "execution.state-recovery.path"
    )  # the 1.20 catalog: the old key is an alias
    assert resume.recovery_key("2.2.1") == "execution.state-recovery.path"


def _stopped_cluster() -> FakeCluster:
    c = FakeCluster()
    c.jobs_wire = [job_wire(JOB_A, "orders-sync", "FINISHED", end=NOW)]
    c.stats[JOB_A] = stats_wire(
        [
            cp_wire(12, trigger=NOW - 500, savepoint=True, path="file:/sp/savepoint-30ea44-1"),
            cp_wire(11, trigger=NOW - 2000, discarded=True),
            cp_wire(10, trigger=NOW - 3000, discarded=True),
        ]
    )
    return c


def test_recovery_point_is_the_newest_retained_one() -> None:
    shell = FakeShell(_stopped_cluster())
    assert resume.recovery_point(shell, JOB_A) == ("file:/sp/savepoint-30ea44-1", "savepoint")


def test_resume_sets_the_path_reruns_the_statement_then_resets_it() -> None:
    shell = FakeShell(_stopped_cluster())
    shell.job_journal = FakeJournal([_record(JOB_A, "INSERT INTO sink SELECT * FROM orders")])
    assert resume.resume_command(shell, "orders-sync") == 0
    insert = shell.sql.index("INSERT INTO sink SELECT * FROM orders")
    sets = shell.sql[:insert]
    # the recovery path is set last, right before the statement it is for
    assert sets[-1] == "SET 'execution.state-recovery.path' = 'file:/sp/savepoint-30ea44-1'"
    # the original job's checkpointing and name come along, since a new session would not have them
    assert "SET 'execution.checkpointing.interval' = '1000ms'" in sets
    assert "SET 'pipeline.name' = 'orders-sync'" in sets
    assert (
        "SET 'execution.checkpointing.externalized-checkpoint-retention' = 'RETAIN_ON_CANCELLATION'" in sets
    )
    resets = shell.sql[insert + 1 :]
    assert sorted(resets) == sorted(s.replace("SET", "RESET", 1).split(" = ")[0] for s in sets)
    assert shell.state.session_config == {}
    # a later INSERT of the session does not restore from it, and no listener is left behind
    shell.run_text("INSERT INTO other SELECT 1")
    assert shell.sql[-1] == "INSERT INTO other SELECT 1"
    assert shell.listeners == []


def test_resume_keeps_what_the_session_already_sets() -> None:
    from cdcshell.cluster.models import CheckpointConfig

    cfg = CheckpointConfig.from_wire(config_wire(interval=2000))
    carried = resume.carried_settings(cfg, "orders-sync", {"execution.checkpointing.interval": "5s"})
    assert "execution.checkpointing.interval" not in carried
    assert carried["execution.checkpointing.mode"] == "EXACTLY_ONCE"
    assert resume.carried_settings(None, "insert-into_default_catalog.default_database.s", {}) == {}


def test_resume_on_flink_2_uses_the_new_key() -> None:
    shell = FakeShell(_stopped_cluster(), flink_version="2.2.1")
    shell.job_journal = FakeJournal([_record(JOB_A, "INSERT INTO sink SELECT * FROM orders")])
    assert resume.resume_command(shell, JOB_A) == 0
    insert = shell.sql.index("INSERT INTO sink SELECT * FROM orders")
    assert shell.sql[insert - 1].startswith("SET 'execution.state-recovery.path'")


def test_resume_declined_sends_nothing_and_leaves_the_session_as_it_was() -> None:
    # issue 12: the SETs used to be applied before the question and left behind when it was declined
    shell = FakeShell(_stopped_cluster(), interactive=True)
    shell.confirm = lambda question: False
    shell.job_journal = FakeJournal([_record(JOB_A, "INSERT INTO sink SELECT * FROM orders")])
    assert resume.resume_command(shell, "orders-sync") == 0
    assert shell.sql == []
    assert shell.state.session_config == {}
    assert shell.listeners == []
    assert "INSERT INTO sink SELECT * FROM orders" in shell.err.getvalue()  # it was shown before the question


def test_resume_of_a_masked_statement_without_its_secret_names_it_and_sends_nothing() -> None:
    shell = FakeShell(_stopped_cluster())
    shell.job_journal = FakeJournal(
        [
            _record(
                JOB_A,
                "EXECUTE STATEMENT SET BEGIN INSERT INTO s SELECT * FROM t /*+ OPTIONS('password'='******') */; END",
            )
        ]
    )
    assert resume.resume_command(shell, "orders-sync") == 1
    err = shell.err.getvalue()
    assert "'password'" in err and "CDCSHELL_SECRET_SESSION_PASSWORD" in err
    assert shell.sql == []  # nothing was submitted, nothing set
    assert shell.state.session_config == {}


def test_resume_prefers_the_clear_statement_kept_in_memory() -> None:
    shell = FakeShell(_stopped_cluster())
    shell.job_journal = FakeJournal(
        [_record(JOB_A, "INSERT INTO s SELECT * FROM t /*+ OPTIONS('password'='******') */")]
    )
    shell.submitted_statements = {JOB_A: "INSERT INTO s SELECT * FROM t /*+ OPTIONS('password'='pw') */"}
    assert resume.resume_command(shell, "orders-sync") == 0
    assert "INSERT INTO s SELECT * FROM t /*+ OPTIONS('password'='pw') */" in shell.sql


def test_resume_refuses_a_running_job() -> None:
    shell = FakeShell(_running_cluster())
    assert resume.resume_command(shell, "orders-sync") == 1
    assert "\\stop" in shell.err.getvalue()
    assert shell.sql == []


def test_resume_without_anything_retained_says_how_to_keep_one_next_time() -> None:
    c = _stopped_cluster()
    c.stats[JOB_A] = stats_wire([cp_wire(11, trigger=NOW - 2000, discarded=True)])
    shell = FakeShell(c)
    assert resume.resume_command(shell, "orders-sync") == 1
    assert "RETAIN_ON_CANCELLATION" in shell.err.getvalue()


def test_resume_with_a_path_sets_it_for_the_next_job_only() -> None:
    shell = FakeShell(_stopped_cluster())
    assert resume.resume_command(shell, "file:///sp/savepoint-1") == 0
    assert shell.state.session_config["execution.state-recovery.path"] == "file:///sp/savepoint-1"
    shell.run_text("SET 'parallelism.default' = '2'")
    assert "execution.state-recovery.path" in shell.state.session_config  # a SET is not a job
    shell.run_text("INSERT INTO sink SELECT 1")
    assert "execution.state-recovery.path" not in shell.state.session_config


def test_resume_that_fails_to_submit_leaves_the_session_as_it_was() -> None:
    # issue 12: a failed resume used to keep the recovery path, so the next job restored from it
    shell = FakeShell(_stopped_cluster())
    shell.job_journal = FakeJournal([_record(JOB_A, "INSERT INTO sink SELECT * FROM orders")])
    original = shell.run_text

    def run_text(sql: str, *, echo: bool = True) -> object:
        if sql.startswith("INSERT"):
            shell.sql.append(sql)
            from tests.unit.test_meta_jobs_support import Outcome

            return Outcome(ok=False)
        return original(sql, echo=echo)

    shell.run_text = run_text  # type: ignore[method-assign]
    assert resume.resume_command(shell, "orders-sync") == 1
    assert shell.state.session_config == {}
    assert "RESET 'execution.state-recovery.path'" in shell.sql


# ---------------------------------------------------------------------------------------------- \slots


CDC_DDL = """CREATE TABLE orders_src (id INT, PRIMARY KEY (id) NOT ENFORCED) WITH (
  'connector' = 'postgres-cdc', 'hostname' = 'db.internal', 'port' = '5433', 'username' = 'cdc',
  'password' = 'it''s secret', 'database-name' = 'shop', 'schema-name' = 'public', 'table-name' = 'orders',
  'slot.name' = 'flink_orders')"""


def test_slot_targets_come_from_the_sessions_cdc_tables() -> None:
    targets = slots_mod.targets_from([CDC_DDL, "CREATE TABLE s (x INT) WITH ('connector' = 'blackhole')"])
    assert len(targets) == 1
    t = targets[0]
    assert (t.host, t.port, t.database, t.user, t.password) == (
        "db.internal",
        "5433",
        "shop",
        "cdc",
        "it's secret",
    )
    assert t.tables == {"orders_src": "flink_orders"}
    assert t.dsn() == "postgresql://cdc:it%27s%20secret@db.internal:5433/shop"


def test_slots_without_cdc_tables_explains_what_to_do() -> None:
    shell = FakeShell()
    shell.state_journal = FakeStateJournal(["CREATE TABLE s (x INT) WITH ('connector' = 'blackhole')"])
    assert slots_mod.slots_command(shell, "") == 1
    assert "\\slots postgresql://" in shell.err.getvalue()


def test_slots_with_a_bad_dsn_is_a_usage_error() -> None:
    with pytest.raises(UsageError):
        slots_mod.slots_command(FakeShell(), "mysql://x@y/z")


def test_slots_reports_an_idle_slot_as_a_disk_risk(monkeypatch: pytest.MonkeyPatch) -> None:
    shell = FakeShell()
    shell.state_journal = FakeStateJournal([CDC_DDL])
    seen = []

    def read(target: slots_mod.Target) -> list[tuple[object, ...]]:
        seen.append(target.label)
        return [
            ("flink_orders", "pgoutput", "shop", False, 3 * 1024 * 1024, "reserved"),
            ("other", "pgoutput", "shop", True, 0, "reserved"),
        ]

    monkeypatch.setattr(slots_mod, "read_slots", read)
    assert slots_mod.slots_command(shell, "") == 0
    out = shell.out.getvalue()
    assert seen == ["db.internal:5433/shop"]
    assert "orders_src" in out
    assert "3.0 MiB" in out
    assert "SELECT pg_drop_replication_slot('flink_orders');" in out
    assert "pg_drop_replication_slot('other')" not in out


def test_slots_connection_failure_never_shows_the_password(monkeypatch: pytest.MonkeyPatch) -> None:
    shell = FakeShell()
    shell.state_journal = FakeStateJournal([CDC_DDL])

    def read(target: slots_mod.Target) -> list[tuple[object, ...]]:
        raise RuntimeError(f"connection to {target.dsn()} failed: refused")

    monkeypatch.setattr(slots_mod, "read_slots", read)
    assert slots_mod.slots_command(shell, "") == 1
    assert "secret" not in shell.err.getvalue() and "it%27s" not in shell.err.getvalue()


def test_a_journaled_path_the_job_was_restored_from_is_not_offered_to_resume_it() -> None:
    c = _stopped_cluster()
    c.stats[JOB_A] = stats_wire([cp_wire(11, trigger=NOW - 2000, discarded=True)])
    shell = FakeShell(c)
    shell.job_journal = FakeJournal(
        [_record(JOB_A, "INSERT INTO s SELECT 1", path="file:/sp/savepoint-abcdef-1")]
    )
    assert resume.recovery_point(shell, JOB_A) == (None, "")
    shell.job_journal = FakeJournal(
        [_record(JOB_A, "INSERT INTO s SELECT 1", path="file:/sp/savepoint-30ea44-9")]
    )
    assert resume.recovery_point(shell, JOB_A) == ("file:/sp/savepoint-30ea44-9", "savepoint")


# ---------------------------------------------------------------------------------------------- \savepoint, \stop


def test_savepoint_prints_the_path_and_notes_it_in_the_journal() -> None:
    shell = FakeShell(_running_cluster())
    assert sps.savepoint_command(shell, "orders-sync file:///sp") == 0
    assert shell.cluster.calls == [("savepoint", JOB_A, "file:///sp")]
    assert shell.out.getvalue().strip() == f"file:/sp/savepoint-{JOB_A[:6]}-trigger-1"
    assert shell.job_journal.notes == [(JOB_A, f"file:/sp/savepoint-{JOB_A[:6]}-trigger-1")]


def test_savepoint_without_a_directory_anywhere_says_how_to_give_one() -> None:
    c = _running_cluster()
    c.savepoint_dir_missing = True
    shell = FakeShell(c)
    assert sps.savepoint_command(shell, "") == 1
    assert "execution.checkpointing.savepoint-dir" in shell.err.getvalue()


def test_a_failed_savepoint_gives_the_reason() -> None:
    c = _running_cluster()
    c.savepoint_failure = "CheckpointException: Checkpoint expired before completing."
    shell = FakeShell(c)
    assert sps.savepoint_command(shell, "orders-sync") == 1
    assert "expired before completing" in shell.err.getvalue()
    assert shell.job_journal.notes == []


def test_stop_with_savepoint_and_drain() -> None:
    shell = FakeShell(_running_cluster())
    assert sps.stop_command(shell, "orders-sync --savepoint file:///sp --drain") == 0
    assert shell.cluster.calls == [("stop", JOB_A, "file:///sp", "True")]
    assert shell.out.getvalue().strip().startswith("file:/sp/savepoint-")
    assert "FINISHED" in shell.err.getvalue() and f"\\resume {JOB_A[:8]}" in shell.err.getvalue()


def test_stop_without_savepoint_cancels_after_asking_at_the_prompt() -> None:
    shell = FakeShell(_running_cluster(), interactive=True)
    shell.confirm = lambda question: False
    assert sps.stop_command(shell, "orders-sync") == 1
    assert shell.cluster.calls == []
    shell.confirm = lambda question: True
    assert sps.stop_command(shell, "orders-sync") == 0
    assert shell.cluster.calls == [("cancel", JOB_A)]
    assert "CANCELED" in shell.err.getvalue()


def test_watch_counts_wrapped_lines_as_the_terminal_shows_them() -> None:
    assert cps.screen_rows("a\n" + "x" * 250 + "\n\x1b[1mhi\x1b[0m", 100) == 5
    assert cps.screen_rows("订单" * 60, 100) == 3  # wide characters take two columns each


def test_resume_carries_the_checkpoint_directory_unless_the_cluster_has_it() -> None:
    from cdcshell.cluster.models import CheckpointConfig, CheckpointStats

    cfg = CheckpointConfig.from_wire(config_wire())
    stats = CheckpointStats.from_wire(
        stats_wire([cp_wire(3, trigger=NOW, path=f"file:/data/chk/{JOB_A}/chk-3")])
    )
    directory = resume.checkpoint_dir_of(JOB_A, stats)
    assert directory == "file:/data/chk"
    carried = resume.carried_settings(cfg, "", {}, checkpoint_dir=directory, cluster_config={})
    assert carried["execution.checkpointing.dir"] == "file:/data/chk"
    same = {"execution.checkpointing.dir": "file:///data/chk/"}
    assert "execution.checkpointing.dir" not in resume.carried_settings(
        cfg, "", {}, checkpoint_dir=directory, cluster_config=same
    )
    assert "execution.checkpointing.dir" not in resume.carried_settings(
        cfg, "", {"state.checkpoints.dir": "s3://b/c"}, checkpoint_dir=directory
    )
