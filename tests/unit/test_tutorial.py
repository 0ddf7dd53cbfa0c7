"""The tutorial engine: steps presented at the prompt, checked after the user runs them, side trips ignored,
`--auto` for scripts; and the two real tutorials' definitions (texts in both languages, runnable statements).

The engine is driven here with a tutorial of `\\` commands that need no cluster; the real tutorials run to their
end against the sandbox in `tests/integration/test_tutorial_live.py`.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from cdcshell import i18n
from cdcshell.engine.connection import Connection
from cdcshell.engine.shell import Shell
from cdcshell.i18n import all_messages, set_language, t
from cdcshell.meta import tutorial as engine
from cdcshell.options import Options
from cdcshell.sql.splitter import split
from cdcshell.tutorials import all_tutorials, find_tutorial
from cdcshell.tutorials.model import CheckResult, Step, Tutorial, TutorialRun
from cdcshell.tutorials.postgres import TutorialDatabase

DSN = "postgresql://cdc:s3cret@127.0.0.1:15432/shop"


class FakeDatabase(TutorialDatabase):
    """No PostgreSQL: `connect()` succeeds and does nothing."""

    def connect(self) -> Any:
        class Conn:
            def close(self) -> None:
                return None

        return Conn()


def _timing_is_on(run: TutorialRun) -> CheckResult:
    return CheckResult(run.shell.timing, "timing is on" if run.shell.timing else "timing is still off")


def _prepared(run: TutorialRun) -> str:
    run.seen["prepared"] = True
    return "prepared the demo"


DEMO = Tutorial(
    name="demo",
    prefix="demo",
    pipeline="demo-pipeline",
    steps=(
        Step(
            "prepare",
            action=_prepared,
            check=lambda run: CheckResult(bool(run.seen.get("prepared")), "ready"),
        ),
        Step("timing", sql="\\timing on", check=_timing_is_on),
        Step(
            "format",
            sql="\\format plain",
            check=lambda run: CheckResult(run.shell.options.format == "plain", "plain it is"),
        ),
    ),
)


@pytest.fixture
def demo(monkeypatch: pytest.MonkeyPatch) -> None:
    import cdcshell.tutorials as registry

    monkeypatch.setattr(registry, "find_tutorial", lambda name: DEMO if name == "demo" else None)
    monkeypatch.setattr(registry, "all_tutorials", lambda: {"demo": DEMO})
    monkeypatch.setattr(
        TutorialDatabase, "from_dsn", classmethod(lambda cls, dsn: FakeDatabase("h", 1, "db", "u"))
    )
    for key in ("prepare", "timing", "format"):
        for part in ("title", "text"):
            monkeypatch.setitem(
                i18n._module_messages("tutorial"),
                f"tutorial.demo.{key}.{part}",
                {"en": f"demo {key} {part}", "zh": f"演示 {key} {part}"},
            )
    for key in ("title", "intro"):
        monkeypatch.setitem(
            i18n._module_messages("tutorial"),
            f"tutorial.demo.{key}",
            {"en": f"Demo {key}", "zh": f"演示 {key}"},
        )


class _NoGateway:
    """Stands in for the gateway client; the demo's `\\` commands never call it, closing the shell does."""

    def close_session(self, *args: Any, **kwargs: Any) -> None:
        return None

    def close(self) -> None:
        return None


def _shell(*, interactive: bool = True, record: Path | None = None) -> tuple[Shell, io.StringIO, io.StringIO]:
    out, err = io.StringIO(), io.StringIO()
    shell = Shell(
        Options(gateway="http://127.0.0.1:9", record=str(record) if record else None),
        out=out,
        err=err,
        interactive=interactive,
    )
    # "connected" without a gateway: the demo's steps are `\` commands that never reach it
    shell.client = _NoGateway()  # type: ignore[assignment]
    # an open session (marks the state connected) over the stand-in client
    shell.link.connection = Connection(shell.client, "session", shell.state)  # type: ignore[arg-type]
    return shell, out, err


def _enter(shell: Shell) -> None:
    """What the REPL does when the user presses Enter on the prefilled input."""
    text, shell.next_input = shell.next_input, None
    assert text is not None
    shell.run_text(text, echo=False)


# ----------------------------------------------------------------------------------------------- at a prompt
def test_each_step_is_put_at_the_prompt_checked_and_followed_by_the_next(demo: None) -> None:
    shell, _, err = _shell()
    assert shell.run_text(f"\\tutorial demo --dsn {DSN}", echo=False).ok
    assert "Demo intro" in err.getvalue() and "Step 1/3: demo prepare title" in err.getvalue()
    assert shell.next_input == "\\tutorial next"  # an action: Enter lets the tutorial do it
    _enter(shell)
    assert "prepared the demo" in err.getvalue() and "✔ ready" in err.getvalue()
    assert shell.next_input == "\\timing on"
    _enter(shell)
    assert shell.timing and "✔ timing is on" in err.getvalue()
    assert shell.next_input == "\\format plain"
    _enter(shell)
    assert t("tutorial.finished", name="demo", title="Demo title") in err.getvalue()
    assert engine.active_run(shell) is None
    assert not any(getattr(fn, "_cdcshell_tutorial", False) for fn in shell.after_run)


def test_a_side_trip_leaves_the_tutorial_where_it_was(demo: None) -> None:
    shell, out, _ = _shell()
    shell.run_text(f"\\tutorial demo --dsn {DSN}", echo=False)
    _enter(shell)  # prepare
    shell.next_input = None
    shell.run_text("\\help set", echo=False)  # the user looks something up
    assert "SET and RESET" in out.getvalue()
    run = engine.active_run(shell)
    assert run is not None and run.index == 1
    assert shell.next_input == "\\timing on"  # the step's statement comes back to the prompt


def test_an_edited_statement_counts_and_a_failed_check_keeps_the_step(demo: None) -> None:
    shell, _, err = _shell()
    shell.run_text(f"\\tutorial demo --dsn {DSN}", echo=False)
    _enter(shell)
    shell.next_input = None
    shell.run_text("\\timing off", echo=False)  # edited: same command, the wrong way round
    assert "✘ timing is still off" in err.getvalue()
    assert engine.active_run(shell).index == 1
    assert shell.next_input == "\\timing off"  # what they ran, to fix
    shell.next_input = None
    shell.run_text("\\timing on", echo=False)
    assert engine.active_run(shell).index == 2


def test_next_skip_status_and_stop(demo: None) -> None:
    shell, out, err = _shell()
    shell.run_text(f"\\tutorial demo --dsn {DSN}", echo=False)
    shell.run_text("\\tutorial next", echo=False)  # does the action
    shell.run_text("\\tutorial next", echo=False)  # runs `\timing on` itself
    assert shell.timing and engine.active_run(shell).index == 2
    shell.run_text("\\tutorial status", echo=False)
    assert err.getvalue().count("Step 3/3") == 2
    shell.run_text("\\tutorial", echo=False)
    assert "In progress: demo, step 3 of 3" in out.getvalue()
    shell.run_text("\\tutorial stop", echo=False)
    assert engine.active_run(shell) is None and "Tutorial demo stopped" in err.getvalue()
    assert not shell.run_text("\\tutorial skip", echo=False).ok  # nothing running any more


def test_skip_moves_on_without_checking(demo: None) -> None:
    shell, _, err = _shell()
    shell.run_text(f"\\tutorial demo --dsn {DSN}", echo=False)
    shell.run_text("\\tutorial skip", echo=False)
    assert "Step 1 skipped" in err.getvalue() and engine.active_run(shell).index == 1


# ----------------------------------------------------------------------------------------------- --auto
def test_auto_runs_every_step_and_records_a_hand_out(demo: None, tmp_path: Path) -> None:
    record = tmp_path / "demo.md"
    shell, _out, err = _shell(interactive=False, record=record)
    assert shell.run_text(f"\\tutorial demo --auto --dsn {DSN}", echo=False).ok
    assert shell.timing and shell.options.format == "plain"
    assert err.getvalue().count("Step 2/3") == 1
    shell.close()
    text = record.read_text()
    assert "## Demo title" in text and "### Step 2/3: demo timing title" in text
    assert "> ✔ timing is on" in text
    assert "```text\n\\timing on\n```" in text
    assert "s3cret" not in text


def test_auto_stops_at_the_first_failed_check(demo: None, monkeypatch: pytest.MonkeyPatch) -> None:
    broken = Tutorial(
        "demo",
        "demo",
        "demo-pipeline",
        steps=(Step("timing", sql="\\timing off", check=_timing_is_on), DEMO.steps[2]),
    )
    import cdcshell.tutorials as registry

    monkeypatch.setattr(registry, "find_tutorial", lambda name: broken)
    shell, _, err = _shell(interactive=False)
    assert not shell.run_text(f"\\tutorial demo --auto --dsn {DSN}", echo=False).ok
    assert "✘ timing is still off" in err.getvalue()
    assert t("tutorial.auto_stopped", step=1, name="demo") in err.getvalue()
    assert shell.options.format != "plain"  # the step after the failure did not run


def test_forced_steps_get_past_the_risk_checks_only_for_that_statement(demo: None) -> None:
    shell, _, _ = _shell(interactive=False)
    seen: list[bool] = []
    with engine._forced(shell, True):
        seen.append(shell.options.force)
    assert seen == [True] and shell.options.force is False


# ----------------------------------------------------------------------------------------------- errors
def test_in_a_script_a_tutorial_needs_auto(demo: None) -> None:
    shell, _, err = _shell(interactive=False)
    assert not shell.run_text(f"\\tutorial demo --dsn {DSN}", echo=False).ok
    assert "\\tutorial demo --auto" in err.getvalue()


def test_unknown_tutorial_offline_and_no_database_are_clear_errors(
    demo: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    shell, _, err = _shell()
    assert not shell.run_text("\\tutorial nope", echo=False).ok
    assert "No tutorial named 'nope'" in err.getvalue() and "demo" in err.getvalue()
    monkeypatch.setattr(engine, "sandbox_dsn", lambda url: None)
    assert not shell.run_text("\\tutorial demo", echo=False).ok
    assert "--dsn postgresql://" in err.getvalue()
    offline, _, err2 = _shell()
    offline.state.connected = False
    assert not offline.run_text("\\tutorial demo", echo=False).ok
    assert "not connected" in err2.getvalue()
    assert not shell.run_text("\\tutorial demo --bogus", echo=False).ok
    assert "Traceback" not in err.getvalue() + err2.getvalue()


def test_a_bad_dsn_is_explained_without_its_password() -> None:
    from cdcshell.tutorials.model import TutorialError

    with pytest.raises(TutorialError) as caught:
        TutorialDatabase.from_dsn("mysql://root:hunter2@h/db")
    assert "hunter2" not in str(caught.value) and "postgresql://USER:PASSWORD@HOST:PORT/DATABASE" in str(
        caught.value
    )


def test_the_sandbox_database_is_found_by_the_gateway_address() -> None:
    assert engine._same_gateway("http://localhost:18083", "http://127.0.0.1:18083/")
    assert not engine._same_gateway("http://127.0.0.1:18083", "http://127.0.0.1:8083")


def test_signature_recognises_an_edited_statement() -> None:
    sig = engine.signature
    assert sig("SET 'execution.checkpointing.interval' = '10s';") == sig(
        "set 'execution.checkpointing.interval'='3s'"
    )
    assert sig("\\stop tutorial-checkpointing --savepoint") == sig("\\stop 1a2b3c4d")
    assert sig("CREATE TABLE ck_orders_cdc (id INT) WITH ()") == sig("create table ck_orders_cdc(\n id INT)")
    assert sig("CREATE TABLE a (x INT)") != sig("CREATE TABLE b (x INT)")
    assert sig("INSERT INTO ck_orders_copy SELECT 1") != sig("SELECT 1")


# ----------------------------------------------------------------------------------------------- the real ones
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_tutorials_are_listed_in_both_languages(lang: str) -> None:
    set_language(lang)
    try:
        shell, out, _ = _shell()
        assert shell.run_text("\\tutorial", echo=False).ok
    finally:
        set_language("en")
    for name, tut in all_tutorials().items():
        assert name in out.getvalue() and t(tut.title_key, lang) in out.getvalue()


def test_both_required_tutorials_exist() -> None:
    assert set(all_tutorials()) == {"checkpointing", "no-checkpoints"}
    assert find_tutorial("CK") is find_tutorial("checkpointing")


@pytest.mark.parametrize("name", ["checkpointing", "no-checkpoints"])
def test_every_step_has_texts_in_both_languages_and_a_runnable_statement(name: str) -> None:
    tutorial = all_tutorials()[name]
    messages = all_messages()
    for key in (tutorial.title_key, tutorial.intro_key):
        assert set(messages[key]) == {"en", "zh"}
    names = FakeDatabase.from_dsn(DSN).names(tutorial.prefix) | {
        "flink_source": f"{tutorial.prefix}_orders_cdc"
    }
    for step in tutorial.steps:
        for key in (tutorial.step_title_key(step), tutorial.step_text_key(step)):
            assert key in messages and messages[key]["en"] and messages[key]["zh"], key
        assert step.check is not None, step.key
        assert step.is_action != bool(step.sql), step.key
        if step.sql:
            statement = step.sql.format(**names)
            assert len(split(statement)) == 1, step.key
            assert "{" not in statement, step.key


def test_the_checkpointing_tutorial_covers_the_workshop_concepts() -> None:
    steps = {s.key: s for s in all_tutorials()["checkpointing"].steps}
    sql = " ".join(s.sql for s in steps.values())
    assert "execution.checkpointing.interval" in sql and "RETAIN_ON_CANCELLATION" in sql
    assert "\\checkpoints" in sql and "\\stop tutorial-checkpointing --savepoint" in sql and "\\resume" in sql
    assert list(steps).index("change") > list(steps).index("stop")  # data changes while the job is stopped
    assert list(steps)[-1] == "cleanup"


def test_the_no_checkpoints_tutorial_is_forced_past_ck001_and_expects_resume_to_fail() -> None:
    steps = {s.key: s for s in all_tutorials()["no-checkpoints"].steps}
    assert steps["submit"].force and not steps["source"].force
    assert steps["resume"].expect_failure
    assert steps["off"].sql.startswith("RESET 'execution.checkpointing.interval'")
