"""Job journal, session-state journal and script progress: what must survive the shell and the session."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from cdcshell.paths import data_dir
from cdcshell.sql.splitter import split
from cdcshell.store.job_journal import (
    AmbiguousJobRef,
    JobJournal,
    gateway_key,
    strip_credentials,
)
from cdcshell.store.script_progress import ScriptChanged, ScriptProgress, progress_path
from cdcshell.store.state_journal import StateJournal

CDC_DDL = (
    "CREATE TABLE orders (id INT) WITH ('connector' = 'mysql-cdc', 'hostname' = 'db', 'password' = 'hunter2')"
)
JOB_A = "a1b2c3d4e5f60718293a4b5c6d7e8f90"
JOB_B = "a1b2ffffe5f60718293a4b5c6d7e8f90"


def record(
    journal: JobJournal, job_id: str, statement: str = "INSERT INTO sink SELECT * FROM orders", **kw
) -> None:
    journal.record(
        gateway="http://admin:s3cret@127.0.0.1:8083",
        session="sess-1",
        job_id=job_id,
        statement=statement,
        flink_version="1.20.3",
        **kw,
    )


# --- gateway names -------------------------------------------------------------------------------------------


def test_gateway_key_and_credentials_are_stripped() -> None:
    assert gateway_key("http://admin:s3cret@127.0.0.1:8083") == "127.0.0.1_8083"
    assert gateway_key("https://Flink.Example.com/") == "flink.example.com_443"
    assert gateway_key("http://[::1]:8083/proxy/a") == "__1_8083_proxy_a".strip("_")
    assert gateway_key("localhost:8083") == "localhost_8083"
    assert strip_credentials("http://admin:s3cret@127.0.0.1:8083/x") == "http://127.0.0.1:8083/x"


def test_journal_path_per_gateway_in_data_dir() -> None:
    journal = JobJournal.for_gateway("http://u:p@127.0.0.1:8083")
    assert journal.path == data_dir() / "journal" / "127.0.0.1_8083.jsonl"


# --- job journal ---------------------------------------------------------------------------------------------


def test_record_is_private_masked_and_append_only(tmp_path: Path) -> None:
    journal = JobJournal(tmp_path / "j.jsonl")
    record(journal, JOB_A, f"INSERT INTO sink SELECT * FROM orders /* {CDC_DDL} */", job_name="orders-sync")
    record(journal, JOB_B)
    path = journal.path
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text("utf-8")
    assert "hunter2" not in text and "s3cret" not in text
    lines = [json.loads(line) for line in text.splitlines()]
    assert lines[0]["gateway"] == "http://127.0.0.1:8083"
    assert lines[0]["job_name"] == "orders-sync" and "recovery_path" not in lines[0]
    assert set(lines[1]) == {"time", "gateway", "session", "job_id", "statement", "flink_version"}
    before = path.read_bytes()
    record(journal, "c" * 32)
    assert path.read_bytes().startswith(before)


def test_find_by_id_prefix_and_name(tmp_path: Path) -> None:
    journal = JobJournal(tmp_path / "j.jsonl")
    record(journal, JOB_A, job_name="orders-sync")
    record(journal, JOB_B, job_name="orders-sync")
    assert journal.find(JOB_A.upper()).job_id == JOB_A
    assert journal.find("a1b2f").job_id == JOB_B
    assert journal.find("orders-sync").job_id == JOB_B  # the latest job of that name
    assert journal.find("ffff") is None and journal.find("") is None
    with pytest.raises(AmbiguousJobRef) as excinfo:
        journal.find("a1b2")
    assert {c.job_id for c in excinfo.value.candidates} == {JOB_A, JOB_B}
    assert "a1b2" in str(excinfo.value)


def test_recovery_path_is_merged_into_the_job(tmp_path: Path) -> None:
    journal = JobJournal(tmp_path / "j.jsonl")
    record(journal, JOB_A)
    journal.note_recovery_path(JOB_A, "file:///tmp/savepoints/savepoint-a1b2c3-1")
    assert journal.find(JOB_A).recovery_path == "file:///tmp/savepoints/savepoint-a1b2c3-1"
    assert len(journal.entries()) == 1


def test_latest_for_statement_ignores_whitespace_and_compares_masked(tmp_path: Path) -> None:
    journal = JobJournal(tmp_path / "j.jsonl")
    record(journal, JOB_A, "INSERT INTO s SELECT * FROM t WHERE pw = 'x'")
    record(journal, JOB_B, "INSERT INTO s\n  SELECT * FROM t;")
    record(journal, "c" * 32, "INSERT INTO other SELECT 1")
    assert journal.latest_for_statement("INSERT INTO s SELECT *   FROM t").job_id == JOB_B
    assert journal.latest_for_statement("SELECT 42") is None


def test_damaged_journal_lines_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "j.jsonl"
    journal = JobJournal(path)
    record(journal, JOB_A)
    with path.open("ab") as f:
        f.write(b'not json\n\xff\xfe\n[1,2]\n{"no": "job id"}\n{"job_id": "tor')
    record(journal, JOB_B)  # appended after a torn line: still readable
    assert [e.job_id for e in journal.entries()] == [JOB_A]
    assert journal.bad_lines == 5
    path.write_bytes(path.read_bytes().replace(b'{"job_id": "tor', b""))
    assert [e.job_id for e in journal.entries()] == [JOB_A, JOB_B]


def test_missing_journal_is_empty(tmp_path: Path) -> None:
    journal = JobJournal(tmp_path / "none.jsonl")
    assert journal.entries() == [] and journal.find(JOB_A) is None


# --- session-state journal -----------------------------------------------------------------------------------


def replay_of(*statements: str, journal: StateJournal | None = None) -> list[str]:
    journal = journal or StateJournal()
    for s in statements:
        journal.record(s)
    return journal.replay_statements()


def test_set_and_reset_semantics() -> None:
    assert replay_of("SET 'a' = '1'", "SET 'b' = '2'", "SET 'a' = '3'") == ["SET 'b' = '2'", "SET 'a' = '3'"]
    assert replay_of("SET 'a' = '1'", "SET 'b' = '2'", "RESET 'a'") == ["SET 'b' = '2'"]
    assert replay_of("SET 'a' = '1'", "ADD JAR '/x.jar'", "SET b = 2", "RESET") == ["ADD JAR '/x.jar'"]
    assert replay_of("SET", "SELECT 1", "SHOW TABLES", "INSERT INTO t SELECT 1") == []


def test_drop_temporary_removes_its_create() -> None:
    j = StateJournal()
    replay_of(
        "CREATE TEMPORARY TABLE src (a INT) WITH ('connector' = 'datagen')",
        "CREATE TEMPORARY VIEW v AS SELECT * FROM src",
        "CREATE TEMPORARY SYSTEM FUNCTION f AS 'com.example.F'",
        journal=j,
    )
    assert len(j.replay_statements()) == 3
    assert j.record("DROP TEMPORARY TABLE src")
    assert j.record("DROP TEMPORARY SYSTEM FUNCTION IF EXISTS f;")
    assert j.replay_statements() == ["CREATE TEMPORARY VIEW v AS SELECT * FROM src"]
    assert not j.record("DROP TEMPORARY VIEW other")


def test_or_replace_and_if_not_exists() -> None:
    assert replay_of(
        "CREATE TEMPORARY VIEW v AS SELECT 1", "CREATE OR REPLACE TEMPORARY VIEW v AS SELECT 2"
    ) == ["CREATE OR REPLACE TEMPORARY VIEW v AS SELECT 2"]
    assert replay_of(
        "CREATE TEMPORARY VIEW v AS SELECT 1", "CREATE TEMPORARY VIEW IF NOT EXISTS v AS SELECT 2"
    ) == ["CREATE TEMPORARY VIEW v AS SELECT 1"]


def test_permanent_objects_count_only_in_in_memory_catalogs() -> None:
    j = StateJournal()
    replay_of(
        CDC_DDL,  # default_catalog is in memory: lost with the session
        "CREATE CATALOG pg WITH ('type' = 'jdbc', 'base-url' = 'jdbc:postgresql://db:5432')",
        "CREATE CATALOG mem WITH ('type' = 'generic_in_memory')",
        "USE CATALOG pg",
        "CREATE TABLE kept_by_pg (a INT)",  # persistent catalog: not session state
        "USE CATALOG mem",
        "CREATE DATABASE d",
        "USE d",
        "CREATE TABLE t (a INT)",
        "USE CATALOG default_catalog",
        "CREATE TABLE s AS SELECT * FROM orders",  # CTAS: would submit a job again
        journal=j,
    )
    assert j.replay_statements() == [
        CDC_DDL,
        "CREATE CATALOG pg WITH ('type' = 'jdbc', 'base-url' = 'jdbc:postgresql://db:5432')",
        "CREATE CATALOG mem WITH ('type' = 'generic_in_memory')",
        "USE CATALOG `mem`",
        "CREATE DATABASE d",
        "USE `d`",
        "CREATE TABLE t (a INT)",
        "USE CATALOG `default_catalog`",
        "USE `default_database`",
    ]
    assert j.record("DROP CATALOG mem")
    assert j.replay_statements() == [
        CDC_DDL,
        "CREATE CATALOG pg WITH ('type' = 'jdbc', 'base-url' = 'jdbc:postgresql://db:5432')",
    ]


def test_use_statements_are_replayed_where_needed_and_current_is_restored() -> None:
    j = StateJournal()
    replay_of("USE CATALOG default_catalog", "USE default_database", "SET 'a' = '1'", journal=j)
    assert j.replay_statements() == ["SET 'a' = '1'"]
    replay_of(
        "CREATE DATABASE db2",
        "USE db2",
        "CREATE TEMPORARY TABLE x (a INT)",
        "USE default_database",
        journal=j,
    )
    assert j.replay_statements() == [
        "SET 'a' = '1'",
        "CREATE DATABASE db2",
        "USE `db2`",
        "CREATE TEMPORARY TABLE x (a INT)",
        "USE `default_database`",
    ]
    assert j.record("DROP DATABASE IF EXISTS db2 CASCADE")
    assert j.replay_statements() == ["SET 'a' = '1'"]


def test_alter_follows_its_object_and_goes_with_its_drop() -> None:
    j = StateJournal()
    replay_of(
        "CREATE TABLE t (a INT)",
        "ALTER TABLE t SET ('x' = 'y')",
        "ALTER TABLE unknown SET ('x' = 'y')",
        journal=j,
    )
    assert j.replay_statements() == ["CREATE TABLE t (a INT)", "ALTER TABLE t SET ('x' = 'y')"]
    j.record("DROP TABLE `default_catalog`.`default_database`.`t`")
    assert j.replay_statements() == []


def test_jars_and_modules() -> None:
    assert replay_of("ADD JAR '/a.jar'", "ADD JAR '/b.jar'", "REMOVE JAR '/a.jar'") == ["ADD JAR '/b.jar'"]
    assert replay_of(
        "LOAD MODULE hive WITH ('hive-version' = '3.1.3')", "USE MODULES hive, core", "UNLOAD MODULE hive"
    ) == ["USE MODULES hive, core"]


def test_replay_keeps_secrets_in_memory_but_persists_them_masked(tmp_path: Path) -> None:
    path = tmp_path / "state" / "gw.json"
    j = StateJournal(path)
    j.record(CDC_DDL)
    j.record("SET 'fs.s3a.secret.key' = 'AKIA-very-secret'")
    assert CDC_DDL in j.replay_statements()  # the replay needs the real password
    on_disk = path.read_text("utf-8")
    assert "hunter2" not in on_disk and "AKIA-very-secret" not in on_disk
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    persisted = StateJournal.read_persisted(path)
    assert len(persisted) == 2 and "'password' = '******'" in persisted[0]
    j.record("RESET")
    assert len(StateJournal.read_persisted(path)) == 1
    path.write_bytes(b"\xff{broken")
    assert StateJournal.read_persisted(path) == []
    assert StateJournal.read_persisted(tmp_path / "missing.json") == []


# --- script progress -------------------------------------------------------------------------------------------

SCRIPT = """SET 'execution.checkpointing.interval' = '10s';
CREATE TABLE src (a INT) WITH ('connector' = 'datagen');

INSERT INTO sink SELECT * FROM src;
INSERT INTO sink2 SELECT * FROM src;
"""


def test_resume_point_after_a_failure(tmp_path: Path) -> None:
    script = tmp_path / "deploy.sql"
    script.write_text(SCRIPT)
    statements = split(SCRIPT)
    progress = ScriptProgress.load(script)
    assert progress.resume_point(statements) == 0
    progress.mark_ok(0, statements[0].text)
    progress.mark_ok(1, statements[1].text)
    progress.mark_failed(2, statements[2].text)
    again = ScriptProgress.load(str(script))
    assert again.resume_point(statements) == 2
    assert again.failed is not None and again.failed[0] == 2
    assert stat.S_IMODE(again.store.stat().st_mode) == 0o600
    assert again.store.parent == data_dir() / "scripts"
    # whitespace-only edits above the resume point are not changes
    assert again.resume_point(split(SCRIPT.replace("CREATE TABLE src", "CREATE  TABLE\n  src"))) == 2


def test_changed_statement_above_resume_point_is_reported_with_its_line(tmp_path: Path) -> None:
    script = tmp_path / "deploy.sql"
    script.write_text(SCRIPT)
    statements = split(SCRIPT)
    progress = ScriptProgress.load(script)
    for i in range(2):
        progress.mark_ok(i, statements[i].text)
    changed = split(SCRIPT.replace("'datagen'", "'mysql-cdc'"))
    with pytest.raises(ScriptChanged) as excinfo:
        ScriptProgress.load(script).resume_point(changed)
    assert excinfo.value.line == 2 and excinfo.value.index == 1
    assert "deploy.sql:2:" in str(excinfo.value) and "--resume" in str(excinfo.value)
    # a change below the resume point (the failed statement, being fixed) is fine
    fixed = split(SCRIPT.replace("INSERT INTO sink SELECT", "INSERT INTO sink_fixed SELECT"))
    assert ScriptProgress.load(script).resume_point(fixed) == 2


def test_progress_is_per_absolute_path_and_tolerates_damage(tmp_path: Path) -> None:
    a, b = tmp_path / "a" / "deploy.sql", tmp_path / "b" / "deploy.sql"
    assert progress_path(a.resolve()) != progress_path(b.resolve())
    progress = ScriptProgress.load(a)
    progress.mark_ok(0, "SELECT 1")
    assert ScriptProgress.load(b).resume_point(["SELECT 1"]) == 0
    assert ScriptProgress.load(a).resume_point(["SELECT 1", "SELECT 2"]) == 1
    progress.store.write_bytes(b"{not json")
    damaged = ScriptProgress.load(a)
    assert damaged.unreadable and damaged.resume_point(["SELECT 1"]) == 0
    damaged.mark_ok(0, "SELECT 1")  # a damaged record is started afresh, not appended to
    again = ScriptProgress.load(a)
    assert not again.unreadable and again.ok == {0: damaged.ok[0]}
    assert json.loads(damaged.store.read_text().splitlines()[0])["script"] == str(a.resolve())
    damaged.clear()
    assert not damaged.store.exists()
    assert ScriptProgress.load(a).resume_point(["SELECT 1"]) == 0


def test_all_done_returns_the_number_of_statements(tmp_path: Path) -> None:
    progress = ScriptProgress.load(tmp_path / "s.sql")
    progress.mark_ok(0, "SELECT 1")
    progress.mark_ok(1, "SELECT 2;")
    assert progress.resume_point(["SELECT 1", "SELECT 2"]) == 2


def test_a_create_in_a_catalogs_unknown_default_database_is_replaced_by_its_full_name() -> None:
    """In a catalog other than default_catalog the journal cannot know the default database's name (None), so
    `mem.<default>.v` and `mem.d.v` are the same view to it: the later CREATE OR REPLACE replaces the earlier,
    whichever of them names the database (the fast path for keys without a None must not skip this)."""
    j = StateJournal()
    replay_of(
        "CREATE CATALOG mem WITH ('type' = 'generic_in_memory')",
        "USE CATALOG mem",
        "CREATE TEMPORARY VIEW v AS SELECT 1",
        "CREATE OR REPLACE TEMPORARY VIEW mem.d.v AS SELECT 2",
        journal=j,
    )
    assert [s for s in j.replay_statements() if "VIEW" in s] == [
        "CREATE OR REPLACE TEMPORARY VIEW mem.d.v AS SELECT 2"
    ]
    j.record("CREATE OR REPLACE TEMPORARY VIEW v AS SELECT 3")
    assert [s for s in j.replay_statements() if "VIEW" in s] == [
        "CREATE OR REPLACE TEMPORARY VIEW v AS SELECT 3"
    ]
