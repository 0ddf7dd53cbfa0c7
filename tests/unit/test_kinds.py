"""Statement kinds and SET/RESET parsing."""

from __future__ import annotations

import pytest

from cdcshell.sql.facts import parse_reset, parse_set
from cdcshell.sql.kinds import (
    Kind,
    classify,
    is_temporary,
    iter_tokens,
    leading_words,
    session_state_changing,
    submits_job,
    unquote,
)


@pytest.mark.parametrize(
    "text, kind",
    [
        ("SET 'a' = 'b'", Kind.SET),
        ("set", Kind.SET),
        ("RESET", Kind.RESET),
        ("INSERT INTO t SELECT 1", Kind.INSERT),
        ("insert overwrite t select 1", Kind.INSERT),
        ("EXECUTE INSERT INTO t SELECT 1", Kind.INSERT),
        ("SELECT 1", Kind.SELECT),
        ("WITH a AS (SELECT 1) SELECT * FROM a", Kind.SELECT),
        ("VALUES (1), (2)", Kind.SELECT),
        ("(SELECT 1) UNION (SELECT 2)", Kind.SELECT),
        ("EXECUTE SELECT 1", Kind.SELECT),
        ("-- leading comment\n/* and block */ SELECT 1", Kind.SELECT),
        ("BEGIN STATEMENT SET; INSERT INTO a SELECT 1; END", Kind.STATEMENT_SET),
        ("EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT 1; END", Kind.STATEMENT_SET),
        ("BEGIN", Kind.BEGIN),
        ("END", Kind.END),
        ("CREATE TABLE t (id INT, ts AS PROCTIME()) WITH ('connector' = 'datagen')", Kind.CREATE_TABLE),
        ("CREATE TEMPORARY TABLE t (a INT) LIKE s (EXCLUDING ALL)", Kind.CREATE_TABLE),
        (
            "CREATE TABLE IF NOT EXISTS t WITH ('connector' = 'print') AS SELECT * FROM s",
            Kind.CREATE_TABLE_AS,
        ),
        ("create or replace table t as select 1", Kind.CREATE_TABLE_AS),
        ("REPLACE TABLE t AS SELECT 1", Kind.CREATE_TABLE_AS),
        ("CREATE VIEW v AS SELECT 1", Kind.CREATE_VIEW),
        ("CREATE TEMPORARY VIEW v AS SELECT 1", Kind.CREATE_VIEW),
        ("CREATE TEMPORARY SYSTEM FUNCTION f AS 'com.x.F'", Kind.CREATE_FUNCTION),
        ("CREATE FUNCTION f AS 'com.x.F' LANGUAGE JAVA", Kind.CREATE_FUNCTION),
        ("CREATE CATALOG c WITH ('type' = 'jdbc')", Kind.CREATE_CATALOG),
        ("CREATE DATABASE IF NOT EXISTS d", Kind.CREATE_DATABASE),
        ("CREATE MODEL m WITH ('provider' = 'openai')", Kind.CREATE_OTHER),
        ("CREATE", Kind.CREATE_OTHER),
        ("DROP TABLE t", Kind.DROP),
        ("ALTER TABLE t SET ('a' = 'b')", Kind.ALTER),
        ("USE CATALOG c", Kind.USE_CATALOG),
        ("USE MODULES core, hive", Kind.USE_MODULES),
        ("USE db", Kind.USE),
        ("SHOW TABLES", Kind.SHOW),
        ("SHOW JOBS", Kind.SHOW),
        ("DESCRIBE t", Kind.DESCRIBE),
        ("DESC t", Kind.DESCRIBE),
        ("EXPLAIN PLAN FOR SELECT 1", Kind.EXPLAIN),
        ("ADD JAR '/tmp/x.jar'", Kind.ADD_JAR),
        ("REMOVE JAR '/tmp/x.jar'", Kind.REMOVE_JAR),
        ("LOAD MODULE hive WITH ('hive-version' = '3.1.3')", Kind.LOAD_MODULE),
        ("UNLOAD MODULE hive", Kind.UNLOAD_MODULE),
        ("COMPILE PLAN '/tmp/p.json' FOR INSERT INTO t SELECT 1", Kind.COMPILE_PLAN),
        ("EXECUTE PLAN '/tmp/p.json'", Kind.EXECUTE_PLAN),
        ("STOP JOB 'abc' WITH SAVEPOINT", Kind.STOP_JOB),
        ("DELETE FROM t WHERE a = 1", Kind.DELETE),
        ("UPDATE t SET a = 1", Kind.UPDATE),
        ("TRUNCATE TABLE t", Kind.TRUNCATE),
        ("ANALYZE TABLE t COMPUTE STATISTICS", Kind.ANALYZE),
        ("CALL sys.compact('t')", Kind.CALL),
        ("\\jobs", Kind.META),
        ("  \\checkpoints 42", Kind.META),
        ("/* c */ \\jobs", Kind.META),
        ("", Kind.OTHER),
        ("-- only a comment", Kind.OTHER),
        ("FROBNICATE everything", Kind.OTHER),
        ("'just a string'", Kind.OTHER),
        ("EXECUTE something", Kind.OTHER),
    ],
)
def test_classify(text: str, kind: Kind) -> None:
    assert classify(text) is kind


@pytest.mark.parametrize(
    "text, expected",
    [
        ("SET", (None, None)),
        ("set ;", (None, None)),
        ("SET 'execution.checkpointing.interval' = '10s'", ("execution.checkpointing.interval", "10s")),
        ("SET state.backend.type = rocksdb", ("state.backend.type", "rocksdb")),
        ("SET table.exec.sink.not-null-enforcer=DROP;", ("table.exec.sink.not-null-enforcer", "DROP")),
        ("SET `pipeline.name`='my job'", ("pipeline.name", "my job")),
        ('SET "k" = v', ("k", "v")),
        ("SET 'k' = 'it''s'", ("k", "it's")),
        ('SET "a""b" = "x""y"', ('a"b', 'x"y')),
        ("SET /* c */ 'k' /* d */ = /* e */ 'v'", ("k", "v")),
        ("SET 'k' = 10 s", ("k", "10 s")),
        ("SET 'k' = ''", ("k", "")),
        ("SET 'a=b' = 'c=d'", ("a=b", "c=d")),
        ("SELECT 1", None),
        ("RESET 'k'", None),
        ("SET 'k'", None),
        ("SET 'k' =", None),
        ("SET = 'v'", None),
        ("SETTINGS a = b", None),
    ],
)
def test_parse_set(text: str, expected: object) -> None:
    """The one SET reader (`sql.facts`, formerly also in `sql.kinds` with another return type)."""
    setting = parse_set(text)
    well_formed = setting is not None and (setting.key is None or setting.value is not None)
    assert ((setting.key, setting.value) if well_formed and setting else None) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("RESET", None),
        ("reset;", None),
        ("RESET 'execution.runtime-mode'", "execution.runtime-mode"),
        ("RESET state.backend.type", "state.backend.type"),
        ("RESET `k`", "k"),
        ("SET 'k' = 'v'", False),
        ("SELECT 1", False),
        ("", False),
    ],
)
def test_parse_reset(text: str, expected: object) -> None:
    reset = parse_reset(text)
    assert (False if reset is None else reset.key) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("CREATE TEMPORARY TABLE t (a INT)", True),
        ("CREATE TEMPORARY SYSTEM FUNCTION f AS 'x'", True),
        ("create temporary view v as select 1", True),
        ("CREATE OR REPLACE TEMPORARY VIEW v AS SELECT 1", True),
        ("CREATE TABLE t (a INT)", False),
        ("CREATE TABLE temporary_t (a INT)", False),
        ("DROP TEMPORARY TABLE t", False),
        ("SELECT 'CREATE TEMPORARY'", False),
    ],
)
def test_is_temporary(text: str, expected: bool) -> None:
    assert is_temporary(text) is expected


def test_submits_job() -> None:
    jobs = {k for k in Kind if submits_job(k)}
    assert {Kind.INSERT, Kind.STATEMENT_SET, Kind.SELECT, Kind.CREATE_TABLE_AS, Kind.EXECUTE_PLAN} <= jobs
    assert not {Kind.SET, Kind.CREATE_TABLE, Kind.SHOW, Kind.EXPLAIN, Kind.META, Kind.OTHER} & jobs


@pytest.mark.parametrize(
    "text, expected",
    [
        ("SET 'a' = 'b'", True),
        ("RESET", True),
        ("USE db", True),
        ("USE CATALOG c", True),
        ("USE MODULES core", True),
        ("ADD JAR '/x.jar'", True),
        ("REMOVE JAR '/x.jar'", True),
        ("LOAD MODULE hive", True),
        ("UNLOAD MODULE hive", True),
        ("CREATE CATALOG c WITH ('type' = 'generic_in_memory')", True),
        ("DROP CATALOG c", True),
        ("ALTER CATALOG c SET ('a' = 'b')", True),
        ("CREATE TEMPORARY TABLE t (a INT)", True),
        ("CREATE TEMPORARY VIEW v AS SELECT 1", True),
        ("CREATE TEMPORARY SYSTEM FUNCTION f AS 'x'", True),
        ("DROP TEMPORARY VIEW v", True),
        ("CREATE TABLE t (a INT)", False),
        ("DROP TABLE t", False),
        ("ALTER TABLE t RENAME TO u", False),
        ("INSERT INTO t SELECT 1", False),
        ("SELECT 1", False),
        ("SHOW TABLES", False),
    ],
)
def test_session_state_changing(text: str, expected: bool) -> None:
    assert session_state_changing(classify(text), text) is expected


def test_tokens_skip_comments_and_keep_positions() -> None:
    text = "SET /* c */ 'a''b' -- x\n= `q`;"
    toks = list(iter_tokens(text))
    assert [(t.kind, t.text) for t in toks] == [
        ("word", "SET"),
        ("quoted", "'a''b'"),
        ("symbol", "="),
        ("quoted", "`q`"),
        ("symbol", ";"),
    ]
    assert all(text[t.start : t.end] == t.text for t in toks)


def test_unterminated_quote_runs_to_end() -> None:
    toks = list(iter_tokens("SET 'k = v; SELECT 1"))
    assert toks[-1].text == "'k = v; SELECT 1"
    assert unquote(toks[-1].text) == "k = v; SELECT 1"


def test_unquote_and_leading_words() -> None:
    assert unquote("'it''s'") == "it's"
    assert unquote("`a``b`") == "a`b"
    assert unquote("plain") == "plain"
    assert leading_words("/* x */ ((select * from t", 3) == ["SELECT"]
    assert leading_words("create  or\nreplace table t", 3) == ["CREATE", "OR", "REPLACE"]


def test_huge_statement_classifies_without_reading_it_all() -> None:
    text = "INSERT INTO t VALUES " + ", ".join(f"({i}, 'x')" for i in range(100_000))
    assert classify(text) is Kind.INSERT
    assert submits_job(classify(text))
