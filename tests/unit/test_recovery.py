"""`\\resume` from any shell, without a cluster: the context journaled with a job, the plan built from it, the
secrets (asked, from a 0600 TOML file, from the environment), and the run that leaves the session as it was."""

from __future__ import annotations

import io
import os
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from cdcshell.recovery.context import capture
from cdcshell.recovery.plan import ResumePlan, Secret, as_temporary, fingerprints, plan_from_record
from cdcshell.recovery.run import collect_secrets, drift_warning, needed_setup, run_plan
from cdcshell.recovery.secrets import SecretsError, env_name, load_secrets_file, secret_source
from cdcshell.store.job_journal import JobJournal
from cdcshell.store.state_journal import StateJournal

SRC = (
    "CREATE TABLE orders_cdc (id INT) WITH ('connector' = 'postgres-cdc', 'username' = 'cdc', "
    "'password' = 'pw1')"
)
SINK = "CREATE TABLE orders_sink (id INT) WITH ('connector' = 'jdbc', 'password' = 'pw1')"
OTHER = "CREATE TABLE unrelated (id INT) WITH ('connector' = 'datagen')"
VIEW = "CREATE TEMPORARY VIEW recent AS SELECT * FROM orders_cdc"
INSERT = "INSERT INTO orders_sink SELECT * FROM recent"


def _journal(*statements: str) -> StateJournal:
    j = StateJournal()
    for s in statements:
        j.record(s)
    return j


def test_context_keeps_the_sets_in_force_and_only_what_the_statement_depends_on() -> None:
    j = _journal(
        "SET 'pipeline.name' = 'p'",
        "SET 'execution.state-recovery.path' = 'file:/sp'",
        SRC,
        OTHER,
        SINK,
        VIEW,
        "CREATE CATALOG c WITH ('type' = 'generic_in_memory')",
        "USE CATALOG c",
        "CREATE TABLE c.default.x (id INT) WITH ('connector' = 'datagen')",
    )
    ctx = capture(j.entries, j.current, INSERT)
    assert ctx.settings == [
        "SET 'pipeline.name' = 'p'"
    ]  # never the recovery path: it belongs to one submission
    joined = "\n".join(ctx.setup)
    assert (
        "orders_cdc" in joined and "orders_sink" in joined and "recent" in joined
    )  # followed through the view
    assert "unrelated" not in joined
    assert ctx.setup.index(SRC) < ctx.setup.index(VIEW)  # created before what reads it
    assert ctx.catalog == "c"
    assert ctx.setup[-1] == "USE CATALOG `c`"  # back to where the statement ran


def test_journal_record_keeps_the_context_masked_with_fingerprints(tmp_path: Path) -> None:
    j = _journal("SET 'pipeline.name' = 'p'", SRC, SINK)
    ctx = capture(j.entries, j.current, "INSERT INTO orders_sink SELECT * FROM orders_cdc")
    journal = JobJournal(tmp_path / "j.jsonl")
    prints = tuple(fingerprints([*ctx.settings, *ctx.setup, INSERT], key=b"k" * 32))
    journal.record(
        gateway="http://u:secret@gw:8083",
        session="s",
        job_id="a" * 32,
        statement=INSERT,
        flink_version="1.20.3",
        job_name="p",
        context=ctx,
        secret_fingerprints=prints,
    )
    raw = (tmp_path / "j.jsonl").read_text()
    assert "pw1" not in raw and "u:secret" not in raw
    [record] = journal.entries()
    assert record.settings == ("SET 'pipeline.name' = 'p'",)
    assert any("'password' = '******'" in s for s in record.setup)
    assert len(record.secret_fingerprints) == 2 and len(set(record.secret_fingerprints)) == 1  # same value
    assert journal.find("p") == record  # \resume NAME


def _plan(setup: list[str], prints: list[str] | None = None, statement: str = INSERT) -> ResumePlan:
    record = SimpleNamespace(
        job_id="a" * 32,
        job_name="p",
        settings=("SET 'pipeline.name' = 'p'",),
        setup=tuple(setup),
        statement=statement,
        catalog=None,
        database=None,
        secret_fingerprints=tuple(prints or ()),
    )
    return plan_from_record(
        record,
        recovery_key="execution.state-recovery.path",
        recovery_path="file:/sp",
        carried={"pipeline.name": "ignored", "execution.checkpointing.interval": "2000ms"},
    )


MASKED_SRC = SRC.replace("'pw1'", "'******'")
MASKED_SINK = SINK.replace("'pw1'", "'******'")


def test_plan_asks_once_per_distinct_secret_and_fills_every_slot() -> None:
    plan = _plan([MASKED_SRC, MASKED_SINK], ["f1", "f1"])
    assert plan.settings == ["SET 'pipeline.name' = 'p'", "SET 'execution.checkpointing.interval' = '2000ms'"]
    assert [s.table for s in plan.secrets()] == ["orders_cdc", "orders_sink"]
    [only] = plan.distinct_secrets()
    assert (only.table, only.option) == ("orders_cdc", "password")
    filled = plan.fill({only: "it's"})
    assert filled.setup == [SRC.replace("'pw1'", "'it''s'"), SINK.replace("'pw1'", "'it''s'")]


def test_plan_without_fingerprints_asks_for_each_and_a_missing_one_is_named() -> None:
    plan = _plan([MASKED_SRC, MASKED_SINK])
    assert len(plan.distinct_secrets()) == 2
    with pytest.raises(KeyError):
        plan.fill({Secret("orders_cdc", "password", None): "x"})


def test_create_becomes_temporary_even_after_a_comment() -> None:
    assert as_temporary("-- src\nCREATE TABLE t (a INT)") == "-- src\nCREATE TEMPORARY TABLE t (a INT)"
    assert as_temporary("CREATE VIEW v AS SELECT 1") == "CREATE TEMPORARY VIEW v AS SELECT 1"
    assert as_temporary("CREATE TEMPORARY TABLE t (a INT)") == "CREATE TEMPORARY TABLE t (a INT)"
    assert as_temporary("CREATE CATALOG c WITH ()") == "CREATE CATALOG c WITH ()"


def test_objects_the_session_has_are_not_created_again() -> None:
    plan = _plan([MASKED_SRC, MASKED_SINK])
    assert needed_setup(plan, {"orders_cdc"}) == [MASKED_SINK]


def test_secrets_file_must_be_private_and_well_formed(tmp_path: Path) -> None:
    f = tmp_path / "s.toml"
    f.write_text('[orders_cdc]\npassword = "pw"\n')
    f.chmod(0o644)
    with pytest.raises(SecretsError, match="chmod 600"):
        load_secrets_file(f)
    f.chmod(0o600)
    assert load_secrets_file(f) == {"orders_cdc": {"password": "pw"}}
    f.write_text("password = 'pw'\n")
    with pytest.raises(SecretsError, match="must be a table"):
        load_secrets_file(f)
    f.write_text("[x\n")
    with pytest.raises(SecretsError, match="not valid TOML"):
        load_secrets_file(f)
    with pytest.raises(SecretsError, match="cannot read"):
        load_secrets_file(tmp_path / "missing.toml")


def test_environment_names_and_file_over_environment(tmp_path: Path) -> None:
    assert env_name("orders_cdc", "password") == "CDCSHELL_SECRET_ORDERS_CDC_PASSWORD"
    assert env_name("t", "properties.sasl.jaas.config") == "CDCSHELL_SECRET_T_PROPERTIES_SASL_JAAS_CONFIG"
    f = tmp_path / "s.toml"
    f.write_text('[ORDERS_CDC]\npassword = "from-file"\n')
    os.chmod(f, 0o600)
    env = {"CDCSHELL_SECRET_ORDERS_CDC_PASSWORD": "from-env", "CDCSHELL_SECRET_ORDERS_SINK_PASSWORD": "e2"}
    source = secret_source(str(f), env)
    assert source.get("orders_cdc", "password") == "from-file"
    assert source.get("orders_sink", "password") == "e2"
    assert source.get("orders_sink", "token") is None


class RecordingShell:
    """What run_plan and collect_secrets use of the Shell; SET/RESET/USE/CREATE/DROP change its state."""

    def __init__(self, *, fail_on: str | None = None, interactive: bool = False) -> None:
        self.state = SimpleNamespace(
            session_config={"execution.checkpointing.interval": "5s"},
            catalog="default_catalog",
            database="default_database",
        )
        self.sql: list[str] = []
        self.objects: set[str] = set()
        self.fail_on = fail_on
        self.interactive = interactive
        self.options = SimpleNamespace(secrets=None)
        self.ask_secret: Any = None
        self.err = io.StringIO()
        self.meta_location = None

    def run_text(self, sql: str, *, echo: bool = True) -> Any:
        import re

        self.sql.append(sql)
        if self.fail_on and sql.startswith(self.fail_on):
            return SimpleNamespace(ok=False, job_id=None)
        if m := re.match(r"SET '([^']+)' = '(.*)'$", sql):
            self.state.session_config[m.group(1)] = m.group(2)
        elif m := re.match(r"RESET '([^']+)'$", sql):
            self.state.session_config.pop(m.group(1), None)
        elif m := re.match(r"CREATE TEMPORARY TABLE (\w+)", sql):
            self.objects.add(m.group(1))
        elif m := re.match(r"DROP TEMPORARY TABLE IF EXISTS .*`(\w+)`$", sql):
            self.objects.discard(m.group(1))
        return SimpleNamespace(ok=True, job_id="b" * 32 if sql.startswith("INSERT") else None)

    def info(self, message: str) -> None:
        self.err.write(message + "\n")

    def error(self, message: str, *, location: str | None = None, hint: str | None = None) -> None:
        self.err.write(message + "\n" + (hint or "") + "\n")

    def print(self, text: str = "", *, err: bool = False) -> None:
        self.err.write(text + "\n")

    warn = info


def _snapshot(shell: RecordingShell) -> tuple[dict[str, str], set[str]]:
    return dict(shell.state.session_config), set(shell.objects)


def test_a_failed_resume_undoes_every_set_and_drops_what_it_created() -> None:
    shell = RecordingShell(fail_on="INSERT")
    before = _snapshot(shell)
    plan = _plan([SRC, SINK])
    outcome = run_plan(shell, plan)
    assert not outcome.ok
    assert _snapshot(shell) == before
    assert "SET 'execution.state-recovery.path' = 'file:/sp'" in shell.sql
    assert shell.sql.index("SET 'execution.state-recovery.path' = 'file:/sp'") == shell.sql.index(INSERT) - 1
    assert "SET 'execution.checkpointing.interval' = '5s'" in shell.sql  # put back, not RESET


def test_a_successful_resume_keeps_the_objects_and_resets_the_recovery_path() -> None:
    shell = RecordingShell()
    outcome = run_plan(shell, _plan([SRC, SINK]))
    assert outcome.ok and outcome.job_id
    assert shell.objects == {"orders_cdc", "orders_sink"}
    assert "execution.state-recovery.path" not in shell.state.session_config
    assert shell.state.session_config == {"execution.checkpointing.interval": "5s"}


def test_a_failing_create_stops_before_the_statement_and_drops_the_earlier_ones() -> None:
    shell = RecordingShell(fail_on="CREATE TEMPORARY TABLE orders_sink")
    before = _snapshot(shell)
    assert not run_plan(shell, _plan([SRC, SINK])).ok
    assert INSERT not in shell.sql and not any("state-recovery.path' =" in s for s in shell.sql)
    assert _snapshot(shell) == before


def test_secrets_are_asked_once_per_value_at_the_prompt_and_read_from_the_file_in_scripts(
    tmp_path: Path,
) -> None:
    plan = _plan([MASKED_SRC, MASKED_SINK], ["f1", "f1"])
    shell = RecordingShell(interactive=True)
    asked: list[str] = []
    shell.ask_secret = lambda q: asked.append(q) or "pw1"
    values = collect_secrets(shell, plan)
    assert values is not None and len(asked) == 1 and "orders_cdc" in asked[0]
    shell.ask_secret = lambda q: None  # Ctrl-C at the question
    assert collect_secrets(shell, plan) is None
    batch = RecordingShell()
    assert collect_secrets(batch, plan) is None
    assert (
        "orders_cdc" in batch.err.getvalue() and "CDCSHELL_SECRET_ORDERS_CDC_PASSWORD" in batch.err.getvalue()
    )
    f = tmp_path / "s.toml"
    f.write_text('[orders_cdc]\npassword = "pw1"\n')
    f.chmod(0o600)
    batch.options.secrets = str(f)
    assert list((collect_secrets(batch, plan) or {}).values()) == ["pw1"]


def test_an_edited_statement_gets_the_operator_id_warning() -> None:
    assert drift_warning(INSERT, "INSERT  INTO orders_sink\nSELECT * FROM recent;") is None
    warning = drift_warning(INSERT, "INSERT INTO orders_sink SELECT id FROM recent WHERE id > 0")
    assert warning and "operator ids" in warning and "ignore-unclaimed-state" in warning
