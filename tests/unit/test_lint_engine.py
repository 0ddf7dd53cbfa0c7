"""The lint engine's parts: reading DDL and SET, the effective configuration, cluster config files, values, the
toolbar entry point and the incremental linter of a live session."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cdcshell.lint.config import (
    ConfigFileError,
    EffectiveConfig,
    cluster_config_from_rest,
    parse_cluster_config,
)
from cdcshell.lint.engine import IncrementalLinter, catalog_for, lint_script, lint_statement_at
from cdcshell.lint.values import check_value, format_seconds, parse_duration, parse_memory
from cdcshell.sql.facts import JobDef, ResetStmt, SetStmt, TableDef, parse_statement
from tests.unit.test_lint_helpers import CHECKPOINTED

# --- DDL and SET -------------------------------------------------------------------------------------------


def test_create_table_full_form() -> None:
    text = (
        "CREATE TEMPORARY TABLE IF NOT EXISTS `my cat`.db.`or``ders` (\n"
        "  id INT NOT NULL, name STRING, ts TIMESTAMP(3) METADATA FROM 'op_ts' VIRTUAL,\n"
        "  total AS price * 2, WATERMARK FOR ts AS ts,\n"
        "  CONSTRAINT pk PRIMARY KEY (id, name) NOT ENFORCED\n"
        ") COMMENT 'x' WITH ('connector' = 'postgres-cdc', 'password' = 'it''s', 'slot.name' = 's')"
    )
    table = parse_statement(text)
    assert isinstance(table, TableDef)
    assert table.parts == ("my cat", "db", "or`ders") and table.temporary
    assert table.columns == ("id", "name", "ts", "total")
    assert table.primary_key == ("id", "name")
    assert table.option("password") == "it's"
    assert table.connector == "postgres-cdc"
    key = table.options["slot.name"]
    assert text[key.key_offset : key.key_offset + 11] == "'slot.name'"


def test_create_table_column_level_key_like_and_ctas() -> None:
    t1 = parse_statement(
        "CREATE TABLE t (id INT PRIMARY KEY NOT ENFORCED, v STRING) WITH ('connector' = 'x')"
    )
    assert isinstance(t1, TableDef) and t1.primary_key == ("id",)
    t2 = parse_statement("CREATE TABLE t2 WITH ('slot.name' = 'b') LIKE base (EXCLUDING OPTIONS)")
    assert isinstance(t2, TableDef) and t2.like == ("base",) and t2.option("slot.name") == "b"
    t3 = parse_statement("CREATE TABLE t3 WITH ('connector' = 'kafka') AS SELECT * FROM src")
    assert isinstance(t3, TableDef) and t3.as_select


@pytest.mark.parametrize(
    ("text", "sinks", "sources"),
    [
        ("INSERT INTO s SELECT * FROM a", ["s"], ["a"]),
        (
            "INSERT OVERWRITE cat.db.s SELECT * FROM a JOIN b ON a.id = b.id LEFT JOIN c FOR SYSTEM_TIME AS OF a.t ON 1=1",
            ["cat.db.s"],
            ["a", "b", "c"],
        ),
        (
            "INSERT INTO s SELECT * FROM a x, `b` AS y WHERE x.id IN (SELECT id FROM d)",
            ["s"],
            ["a", "b", "d"],
        ),
        ("WITH w AS (SELECT * FROM a) SELECT * FROM w", [], ["a"]),
        ("SELECT * FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '1' MINUTE))", [], ["clicks"]),
        ("SELECT * FROM a, LATERAL TABLE(split(a.s)) AS t(w)", [], ["a"]),
        (
            "EXECUTE STATEMENT SET BEGIN INSERT INTO s1 SELECT * FROM a; INSERT INTO s2 SELECT * FROM b; END",
            ["s1", "s2"],
            ["a", "b"],
        ),
        ("BEGIN STATEMENT SET; INSERT INTO s1 SELECT * FROM a; END", ["s1"], ["a"]),
        ("EXECUTE INSERT INTO s SELECT * FROM a", ["s"], ["a"]),
        ("INSERT INTO s VALUES (1), (2)", ["s"], []),
    ],
)
def test_job_sinks_and_sources(text: str, sinks: list[str], sources: list[str]) -> None:
    job = parse_statement(text)
    assert isinstance(job, JobDef)
    assert [r.name for r in job.sinks] == sinks
    assert [r.name for r in job.sources] == sources


def test_set_and_reset_forms() -> None:
    s = parse_statement("SET 'a.b' = 'it''s'")
    assert isinstance(s, SetStmt) and (s.key, s.value) == ("a.b", "it's")
    legacy = parse_statement("SET execution.checkpointing.interval = 10s")
    assert isinstance(legacy, SetStmt) and (legacy.key, legacy.value) == (
        "execution.checkpointing.interval",
        "10s",
    )
    assert parse_statement("SET") == SetStmt(None, None)
    number = parse_statement("SET 'parallelism.default' = 8")
    assert isinstance(number, SetStmt) and number.value == "8"
    commented = parse_statement("SET /* why */ 'k' = 'v' -- trailing")
    assert isinstance(commented, SetStmt) and (commented.key, commented.value) == ("k", "v")
    assert parse_statement("RESET") == ResetStmt(None)
    r = parse_statement("RESET 'a.b'")
    assert isinstance(r, ResetStmt) and r.key == "a.b"


@pytest.mark.parametrize(
    "text",
    [
        "CREATE TABLE",
        "CREATE TABLE t (id INT",
        "INSERT INTO",
        "SELECT * FROM",
        "SET 'x",
        "CREATE TABLE t (a INT) WITH ('k' = ",
        "((((",
        "INSERT INTO s SELECT ' ",
    ],
)
def test_half_typed_statements_never_raise(text: str) -> None:
    parse_statement(text)  # the point: no exception


# --- configuration -----------------------------------------------------------------------------------------


def test_effective_config_layers_and_aliases() -> None:
    catalog = catalog_for("1.20")
    cfg = EffectiveConfig(
        {"execution.checkpointing.dir": "s3://c"}, {"parallelism.default": "2"}, cluster_name="f"
    )
    assert cfg.resolve("state.checkpoints.dir", catalog).value == "s3://c"  # type: ignore[union-attr]
    cfg.set("state.checkpoints.dir", "file:///mine", 3)
    winner = cfg.resolve("execution.checkpointing.dir", catalog)
    assert winner is not None and winner.value == "s3://c" and winner.origin.kind == "cluster"
    cfg.set("execution.checkpointing.dir", "file:///x", 4)
    assert cfg.resolve("execution.checkpointing.dir", catalog).origin.line == 4  # type: ignore[union-attr]
    cfg.reset(None)
    assert cfg.resolve("execution.checkpointing.dir", catalog).origin.kind == "cluster"  # type: ignore[union-attr]
    assert cfg.raw("parallelism.default").origin.kind == "session"  # type: ignore[union-attr]


def test_session_config_repeating_the_cluster_keeps_the_cluster_origin() -> None:
    cfg = EffectiveConfig({"a": "1"}, {"a": "1", "b": "2"})
    assert cfg.raw("a").origin.kind == "cluster"  # type: ignore[union-attr]
    assert cfg.raw("b").origin.kind == "session"  # type: ignore[union-attr]


def test_cluster_config_nested_flat_and_lists() -> None:
    text = """
# Flink 1.20 config.yaml
jobmanager:
  rpc:
    address: localhost   # inline comment
    port: 6123
execution.checkpointing:
  interval: 10s
  dir: "file:///tmp/cp#1"
state.backend.type: rocksdb
env.java.opts.all: --add-opens=java.base/java.util=ALL-UNNAMED
pipeline.jars: [a.jar, 'b.jar']
classloader.parent-first-patterns.additional:
  - org.a
  - org.b
taskmanager.numberOfTaskSlots: 8
"""
    cfg = parse_cluster_config(text)
    assert cfg["jobmanager.rpc.address"] == "localhost"
    assert cfg["jobmanager.rpc.port"] == "6123"
    assert cfg["execution.checkpointing.interval"] == "10s"
    assert cfg["execution.checkpointing.dir"] == "file:///tmp/cp#1"
    assert cfg["state.backend.type"] == "rocksdb"
    assert cfg["env.java.opts.all"].startswith("--add-opens")
    assert cfg["pipeline.jars"] == "a.jar;b.jar"
    assert cfg["classloader.parent-first-patterns.additional"] == "org.a;org.b"
    assert cfg["taskmanager.numberOfTaskSlots"] == "8"
    assert parse_cluster_config("a.b: 1\nc: 'x'\n") == {"a.b": "1", "c": "x"}


def test_cluster_config_rejects_what_it_cannot_read() -> None:
    with pytest.raises(ConfigFileError) as e:
        parse_cluster_config("a: 1\nthis is not yaml\n")
    assert e.value.line == 2


def test_cluster_config_from_rest() -> None:
    assert cluster_config_from_rest([{"key": "a", "value": "1"}, {"key": "b", "value": "x"}]) == {
        "a": "1",
        "b": "x",
    }
    assert cluster_config_from_rest({"unexpected": True}) == {}


# --- values ------------------------------------------------------------------------------------------------


def test_values() -> None:
    assert parse_duration("3s") == 3 and parse_duration("10 min") == 600 and parse_duration("500") == 0.5
    assert parse_duration("1 fortnight") is None and parse_duration("") is None
    assert parse_memory("1g") == 1 << 30 and parse_memory("64 kb") == 64 << 10 and parse_memory("x") is None
    assert (
        format_seconds(600) == "10 min" and format_seconds(30) == "30 s" and format_seconds(0.2) == "200 ms"
    )
    assert check_value("Enum", "batch", ("STREAMING", "BATCH")) is None
    assert check_value("Boolean", "yes") is not None


# --- entry points ------------------------------------------------------------------------------------------


SCRIPT = """SET 'execution.checkpointing.interval' = '30s';
CREATE TABLE orders (id INT, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'postgres-cdc', 'slot.name' = 'o');
INSERT INTO sink SELECT * FROM orders;
RESET 'execution.checkpointing.interval';
INSERT INTO sink SELECT * FROM orders;
"""


def test_lint_statement_at_uses_the_statements_before_the_cursor() -> None:
    first_insert = SCRIPT.index("INSERT") + 5
    second_insert = SCRIPT.rindex("INSERT") + 5
    at_first = [f.rule for f in lint_statement_at(SCRIPT, first_insert, flink_version="1.20")]
    at_second = [f.rule for f in lint_statement_at(SCRIPT, second_insert, flink_version="1.20")]
    assert "CK001" not in at_first and "CK002" in at_first
    assert "CK001" in at_second
    # the same findings as the whole-script lint, for that statement
    whole = lint_script(SCRIPT, flink_version="1.20")
    assert [f.rule for f in whole.findings if f.statement_index == 4] == at_second


def test_lint_statement_at_half_typed_buffer_and_nothing_under_cursor() -> None:
    buffer = SCRIPT + "INSERT INTO sink SELECT * FROM ord"
    assert lint_statement_at(buffer, len(buffer), flink_version="1.20") == []  # unknown table: nothing to say
    assert lint_statement_at("   ", 1, flink_version="1.20") == []
    unterminated = "SET 'execution.checkpointing.interval' = '3"
    half_typed = lint_statement_at(unterminated, len(unterminated), flink_version="1.20")
    assert all(f.statement_index == 0 and f.line == 1 for f in half_typed)
    assert "CFG001" not in [
        f.rule for f in half_typed
    ]  # the key is known: no "unknown key" while typing its value


def test_incremental_linter_keeps_the_session_state() -> None:
    linter = IncrementalLinter(flink_version="1.20", cluster_config={"execution.checkpointing.dir": "s3://c"})
    linter.feed(
        "CREATE TABLE orders (id INT, PRIMARY KEY (id) NOT ENFORCED) WITH "
        "('connector' = 'postgres-cdc', 'slot.name' = 'o', 'scan.incremental.snapshot.enabled' = 'true')"
    )
    before = [f.rule for f in linter.check("INSERT INTO sink SELECT * FROM orders;")]
    assert before == ["CK001"]
    assert [f.rule for f in linter.check("SET 'state.checkpoints.dir' = 'file:///x'")] == ["CFG005"]
    linter.feed("SET 'execution.checkpointing.interval' = '30s';")
    linter.feed("SET 'execution.checkpointing.externalized-checkpoint-retention' = 'RETAIN_ON_CANCELLATION'")
    assert linter.check("INSERT INTO sink SELECT * FROM orders;") == []
    finding = linter.check("SET 'execution.checkpointing.intervall' = '1s'")[0]
    assert (finding.line, finding.column) == (1, 5)
    # the toolbar can start from the live session
    buffer = "SELECT 1;\nINSERT INTO sink SELECT * FROM orders;"
    assert lint_statement_at(buffer, len(buffer) - 2, flink_version="1.20", linter=linter) == []


def test_unknown_version_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="not a Flink version"):
        lint_script("SELECT 1;", flink_version="latest")


def test_statements_are_reported_like_dry_run() -> None:
    result = lint_script("SET 'a' = 'b';\n\n  SELECT 1;", flink_version="1.20")
    assert [s.to_dict() for s in result.statements] == [
        {"line": 1, "column": 1, "text": "SET 'a' = 'b'"},
        {"line": 3, "column": 3, "text": "SELECT 1"},
    ]


def test_meta_commands_are_skipped() -> None:
    assert lint_script("\\jobs\nSELECT 1;", flink_version="1.20").findings == []


def test_cluster_and_session_layers_reach_the_job_rules() -> None:
    table = (
        "CREATE TABLE orders (id INT, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'postgres-cdc', "
        "'slot.name' = 'o', 'scan.incremental.snapshot.enabled' = 'true');\n"
    )
    job = table + "INSERT INTO sink SELECT * FROM orders;"
    findings = lint_script(
        job,
        flink_version="1.20",
        cluster_config={"execution.checkpointing.interval": "30s"},
        session_config={
            "execution.checkpointing.dir": "s3://c",
            "execution.checkpointing.externalized-checkpoint-retention": "RETAIN_ON_CANCELLATION",
        },
    ).findings
    assert findings == []
    assert lint_script(CHECKPOINTED + job, flink_version="2.2").findings == []


# --- the toolbar's incremental split -----------------------------------------------------------------------

_EDIT_BASE = (
    "SET 'a' = 'b';\nCREATE TABLE t (id INT) WITH ('k' = 'v;w');\n-- a comment; with a semicolon\n"
    "BEGIN STATEMENT SET;\nINSERT INTO s SELECT * FROM t;\nEND;\n\\jobs\n  SELECT 1; SELECT /* ; */ 2;\n"
)


@settings(max_examples=500, deadline=None)
@given(
    position=st.integers(min_value=0, max_value=len(_EDIT_BASE)),
    delete=st.integers(min_value=0, max_value=4),
    insert=st.sampled_from(["", "x", ";", "'", "/*", "*/", "\n", " END;", "-- c\n", "BEGIN STATEMENT SET;"]),
)
def test_incremental_split_equals_a_fresh_split(position: int, delete: int, insert: str) -> None:
    from cdcshell.lint.engine import _split_tolerant
    from cdcshell.sql.splitter import split

    _split_tolerant(_EDIT_BASE)  # the previous keystroke's buffer
    edited = _EDIT_BASE[:position] + insert + _EDIT_BASE[position + delete :]
    assert _split_tolerant(edited) == split(edited, strict=False)


def test_incremental_linter_set_base_keeps_the_session_sets() -> None:
    linter = IncrementalLinter(flink_version="1.20")
    linter.feed("SET 'state.checkpoints.dir' = 'file:///mine'")
    assert [f.rule for f in linter.check("SET 'state.checkpoints.dir' = 'file:///again'")] == ["CFG002"]
    linter.set_base(cluster_config={"execution.checkpointing.dir": "s3://c"}, cluster_name="jobmanager")
    assert [f.rule for f in linter.check("SET 'state.checkpoints.dir' = 'file:///again'")] == ["CFG005"]
    assert linter.walker.config.raw("state.checkpoints.dir").value == "file:///mine"  # type: ignore[union-attr]


def test_public_api_is_importable_lazily() -> None:
    import cdcshell.lint as lint

    assert callable(lint.lint_script) and callable(lint.explain) and callable(lint.cluster_config_from_rest)
    with pytest.raises(AttributeError):
        _ = lint.nothing_here  # type: ignore[attr-defined]


@settings(max_examples=150, deadline=None)
@given(
    cursor_before=st.integers(min_value=0, max_value=len(SCRIPT)),
    position=st.integers(min_value=0, max_value=len(SCRIPT)),
    insert=st.sampled_from(
        ["", "x", ";", "RESET;", "\nSET 'execution.checkpointing.interval' = '1s';\n", "'"]
    ),
    cursor_after=st.integers(min_value=0, max_value=len(SCRIPT) + 60),
)
def test_toolbar_caches_give_the_same_findings_as_a_fresh_lint(
    cursor_before: int, position: int, insert: str, cursor_after: int
) -> None:
    from cdcshell.lint import engine

    lint_statement_at(SCRIPT, cursor_before, flink_version="1.20")  # warms the split and replay caches
    edited = SCRIPT[:position] + insert + SCRIPT[position:]
    cursor = min(cursor_after, len(edited))
    warm = lint_statement_at(edited, cursor, flink_version="1.20")
    engine._LAST_SPLIT = None
    engine._REPLAY = None
    assert warm == lint_statement_at(edited, cursor, flink_version="1.20")


_PIECES = [
    "SET ",
    "RESET ",
    "CREATE TABLE ",
    "CREATE TEMPORARY TABLE IF NOT EXISTS ",
    "INSERT INTO ",
    "SELECT * FROM ",
    "EXECUTE STATEMENT SET BEGIN ",
    "BEGIN STATEMENT SET;",
    "END;",
    "WITH (",
    "LIKE ",
    "AS ",
    "JOIN ",
    "t ",
    "`q` ",
    "'connector' = 'postgres-cdc'",
    "'connector' = 'mysql-cdc'",
    "'connector' = 'mongodb-cdc'",
    "'connector' = 'kafka'",
    "'slot.name' = 's'",
    "'server-id' = '5400-'",
    "'heartbeat.interval.ms' = 'x'",
    "'scan.incremental.snapshot.enabled' = 'true'",
    "'sink.delivery-guarantee' = 'exactly-once'",
    "'execution.checkpointing.interval' = '",
    "= ",
    "(",
    ")",
    ",",
    ";",
    "/*+ OPTIONS('server-id'='1') */",
    "PRIMARY KEY (id) NOT ENFORCED",
    "id INT",
    "'",
    "--c\n",
    "/*",
    "*/",
    "\n",
    "\\jobs\n",
    "DROP TABLE ",
    "ALTER TABLE t SET (",
    "ALTER TABLE t RESET (",
]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40))
def test_lint_never_raises_on_arbitrary_statements(pieces: list[str]) -> None:
    source = "".join(pieces)
    result = lint_script(source, flink_version="1.20", strict=False)
    for f in result.findings:
        assert f.line >= 1 and f.column >= 1 and f.rule
    lint_statement_at(source, len(source) // 2, flink_version="2.2")


def test_cluster_config_irregular_indentation_as_in_flinks_own_file() -> None:
    text = (
        "state:\n  backend:\n    type: hashmap\n    incremental: false\n"
        "  checkpoints:\n      dir: hdfs://namenode-host:port/flink-checkpoints\n"
        "  savepoints:\n      dir: hdfs://namenode-host:port/flink-savepoints\n"
        "execution:\n  checkpointing:\n    interval: 3min\n"
    )
    assert parse_cluster_config(text) == {
        "state.backend.type": "hashmap",
        "state.backend.incremental": "false",
        "state.checkpoints.dir": "hdfs://namenode-host:port/flink-checkpoints",
        "state.savepoints.dir": "hdfs://namenode-host:port/flink-savepoints",
        "execution.checkpointing.interval": "3min",
    }
    # a session SET of the new key wins over the cluster's deprecated one: quiet
    findings = lint_script(
        "SET 'execution.checkpointing.dir' = 'file:///mine';",
        flink_version="1.20",
        cluster_config=parse_cluster_config(text),
    ).findings
    assert findings == []
