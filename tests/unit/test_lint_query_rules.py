"""QRY rules: what the query does to state and to its sink (sqlglot), the planner's answer winning when
present, the savepoint's origin from the journal, and none of it on the per-keystroke path."""

from __future__ import annotations

from cdcshell.lint.engine import lint_statement_at
from cdcshell.lint.planner import PlannerAnswer
from cdcshell.lint.probes import Probes, SavepointOrigin
from tests.unit.test_lint_helpers import CHECKPOINTED, only

MY = (
    "CREATE TABLE {name} (id INT, customer INT, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'mysql-cdc', "
    "'hostname' = 'db', 'database-name' = 'shop', 'table-name' = '{name}', 'server-id' = '{ids}');\n"
)
TABLES = MY.format(name="orders", ids="5400") + MY.format(name="customers", ids="5401")
SINK = "CREATE TABLE sink (id INT, n BIGINT, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'print');\n"
KAFKA = (
    "CREATE TABLE out (id INT, n BIGINT) WITH ('connector' = 'kafka', 'topic' = 'o', 'format' = 'json');\n"
)


def test_qry001_regular_join_and_group_by_over_changelogs() -> None:
    join = (
        CHECKPOINTED
        + SINK
        + TABLES
        + "INSERT INTO sink SELECT o.id, c.customer FROM orders o JOIN customers c ON o.customer = c.id;"
    )
    found = only(join, "QRY001")
    assert len(found) == 1 and "regular join" in found[0].message
    assert found[0].fix == "SET 'table.exec.state.ttl' = '7 d';"
    assert not only("SET 'table.exec.state.ttl' = '3 d';\n" + join, "QRY001")
    group = (
        CHECKPOINTED
        + SINK
        + TABLES
        + "INSERT INTO sink SELECT customer, COUNT(*) FROM orders GROUP BY customer;"
    )
    assert "GROUP BY" in only(group, "QRY001")[0].message
    # a temporal join, a window, or a plain projection keep bounded state: quiet
    temporal = join.replace("JOIN customers c", "JOIN customers FOR SYSTEM_TIME AS OF o.pt AS c")
    assert not only(temporal, "QRY001")
    plain = CHECKPOINTED + SINK + TABLES + "INSERT INTO sink SELECT id, customer FROM orders;"
    assert not only(plain, "QRY001")
    # append-only inputs are not what this rule is about
    gen = "CREATE TABLE g (id INT, customer INT) WITH ('connector' = 'datagen');\n"
    assert not only(
        CHECKPOINTED + SINK + gen + "INSERT INTO sink SELECT customer, COUNT(*) FROM g GROUP BY customer;",
        "QRY001",
    )


def test_qry002_changelog_into_append_only_sink() -> None:
    job = CHECKPOINTED + KAFKA + TABLES + "INSERT INTO out SELECT id, customer FROM orders;"
    found = only(job, "QRY002")
    assert len(found) == 1 and found[0].severity == "error" and "orders" in found[0].message
    upsert = job.replace("'format' = 'json'", "'format' = 'debezium-json'")
    assert not only(upsert, "QRY002")
    as_append = job.replace(
        "'server-id' = '5400'", "'server-id' = '5400', 'scan.read-changelog-as-append-only.enabled' = 'true'"
    )
    assert not only(as_append, "QRY002")
    gen = "CREATE TABLE g (id INT, customer INT) WITH ('connector' = 'datagen');\n"
    grouped = (
        CHECKPOINTED + KAFKA + gen + "INSERT INTO out SELECT customer, COUNT(*) FROM g GROUP BY customer;"
    )
    assert "GROUP BY" in only(grouped, "QRY002")[0].message
    assert not only(grouped.replace("GROUP BY customer", "").replace("COUNT(*)", "id"), "QRY002")


def test_qry002_prefers_the_planner() -> None:
    job = CHECKPOINTED + KAFKA + TABLES + "INSERT INTO out SELECT id, customer FROM orders;"
    says_fine = Probes(allowed=True, planner=lambda sql: PlannerAnswer(sink_input=frozenset({"I"})))
    assert not only(job, "QRY002", probes=says_fine)
    refuses = Probes(
        allowed=True,
        planner=lambda sql: PlannerAnswer(
            rejected="Table sink 'out' doesn't support consuming update changes"
        ),
    )
    found = only(job, "QRY002", probes=refuses)
    assert len(found) == 1 and "planner" in found[0].message
    no_answer = Probes(allowed=True, planner=lambda sql: None)
    assert only(job, "QRY002", probes=no_answer)  # falls back to what the query says
    no_sink_line = Probes(planner=lambda sql: PlannerAnswer())
    assert only(job, "QRY002", probes=no_sink_line)  # a plan it could not read: the query decides
    assert not only(job, "QRY002", probes=Probes(planner=says_fine.planner))  # used without `allowed` too


def test_qry003_judges_only_the_version_when_the_caller_compares_queries() -> None:
    """The REPL warns about a changed query itself (recovery drift): its origin carries no statement."""
    script = (
        CHECKPOINTED + "SET 'execution.state-recovery.path' = 'file:///sp/savepoint-1';\n" + SINK + TABLES
    )
    script += "INSERT INTO sink SELECT customer, MAX(id) FROM orders GROUP BY customer;"
    assert not only(
        script, "QRY003", probes=Probes(savepoint_origin=lambda p: SavepointOrigin(None, "1.20.3"))
    )
    found = only(script, "QRY003", probes=Probes(savepoint_origin=lambda p: SavepointOrigin(None, "1.19.1")))
    assert len(found) == 1 and "1.19.1" in found[0].message


def test_qry003_savepoint_of_another_query_or_version() -> None:
    taken = "INSERT INTO sink SELECT customer, COUNT(*) FROM orders GROUP BY customer"
    base = "SET 'table.exec.state.ttl' = '7 d';\nSET 'execution.state-recovery.path' = 'file:///sp/savepoint-1';\n"
    script = CHECKPOINTED + base + SINK + TABLES + taken + ";"
    same = Probes(savepoint_origin=lambda path: SavepointOrigin(taken, "1.20.3"))
    assert not only(script, "QRY003", probes=same)
    changed = script.replace("COUNT(*)", "MAX(id)")
    found = only(changed, "QRY003", probes=same)
    assert len(found) == 1 and "restore fails" in found[0].message
    lost = only(
        "SET 'execution.state-recovery.ignore-unclaimed-state' = 'true';\n" + changed, "QRY003", probes=same
    )
    assert "start empty" in lost[0].message
    older = Probes(savepoint_origin=lambda path: SavepointOrigin(taken, "1.19.1"))
    assert "COMPILE PLAN" in only(script, "QRY003", probes=older)[0].message
    assert not only(changed, "QRY003")  # no journal: nothing known


def test_query_rules_stay_off_the_keystroke_path() -> None:
    script = CHECKPOINTED + KAFKA + TABLES + "INSERT INTO out SELECT id, customer FROM orders;"
    at_cursor = lint_statement_at(script, len(script) - 3, flink_version="1.20", lang="en")
    assert not [f for f in at_cursor if f.rule.startswith("QRY")]
    assert only(script, "QRY002")


def test_qry003_from_the_gateways_job_journal(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """`cdcshell lint --gateway URL` reads this machine's journal for that gateway: the job a savepoint path
    resumes, with its statement and Flink version."""
    import io

    from cdcshell.lint.command import main
    from cdcshell.store.job_journal import JobJournal

    monkeypatch.setenv("CDCSHELL_HOME", str(tmp_path / "home"))
    gateway = "http://gw.test:8083"
    journal = JobJournal.for_gateway(gateway)
    taken = "INSERT INTO sink SELECT customer, COUNT(*) FROM orders GROUP BY customer"
    journal.record(gateway=gateway, session="s", job_id="a" * 32, statement=taken, flink_version="1.20.3")
    journal.note_recovery_path("a" * 32, "file:///sp/savepoint-1")
    script = tmp_path / "resume.sql"
    script.write_text(
        CHECKPOINTED
        + "SET 'table.exec.state.ttl' = '7 d';\nSET 'execution.state-recovery.path' = 'file:///sp/savepoint-1';\n"
        + SINK
        + TABLES
        + taken.replace("COUNT(*)", "MAX(id)")
        + ";\n"
    )
    out = io.StringIO()
    main([str(script), "--gateway", gateway, "--lang", "en"], stdout=out, stderr=io.StringIO())
    assert "QRY003" in out.getvalue() and "restore fails" in out.getvalue()
    out = io.StringIO()
    main([str(script), "--lang", "en"], stdout=out, stderr=io.StringIO())
    assert "QRY003" not in out.getvalue()  # without the journal nothing is known
