"""`\\help TOPIC` pages and `\\help` for every rule, in both languages, through the shell's own command path."""

from __future__ import annotations

import io

import pytest

from cdcshell.engine.shell import Shell
from cdcshell.i18n import all_messages, set_language, t
from cdcshell.lint.registry import all_rules
from cdcshell.meta.help_topics import TOPICS, find_topic, help_for, render_topic
from cdcshell.meta.registry import all_commands
from cdcshell.options import Options


def _run(line: str, lang: str = "en") -> tuple[bool, str, str]:
    set_language(lang)
    try:
        out, err = io.StringIO(), io.StringIO()
        shell = Shell(Options(gateway="http://127.0.0.1:9"), out=out, err=err)
        outcome = shell.run_text(line, echo=False)
        return outcome.ok, out.getvalue(), err.getvalue()
    finally:
        set_language("en")


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("topic", [topic.name for topic in TOPICS])
def test_every_topic_renders_in_both_languages(topic: str, lang: str) -> None:
    ok, out, err = _run(f"\\help {topic}", lang)
    assert ok and err == ""
    page = find_topic(topic)
    assert page is not None
    assert out.startswith(t(page.title_key, lang))
    assert t(page.body_key, lang)[:10] in out


def test_checkpoints_page_lists_the_commands_settings_and_rules_of_the_concept() -> None:
    ok, out, _ = _run("\\help checkpoints")
    assert ok
    for usage in ("\\checkpoints", "\\stop JOB", "\\resume", "\\slots"):
        assert usage in out
    assert "execution.checkpointing.interval" in out
    assert "default 10 min" in out  # the timeout's default, from the catalog
    assert "CK001" in out and "KF001" in out and "CFG001" not in out
    assert "\\help savepoints" in out


def test_set_page_and_aliases() -> None:
    ok, out, _ = _run("\\help set")
    assert ok and "RESET 'key';" in out and "CFG002" in out and "\\explain RULE|KEY" in out
    assert help_for("RESET") == help_for("set") and help_for("检查点") == help_for("checkpoints")
    assert help_for("no-such-topic") is None


def test_topic_pages_show_the_project_explanation_first_sentence_in_chinese() -> None:
    page = render_topic(find_topic("cdc"), lang="zh")  # type: ignore[arg-type]
    assert "作业读取 WAL 所用的 PostgreSQL 复制槽。" in page
    assert "默认 decoderbufs" in page  # postgres-cdc's default, not another connector's
    assert max(len(line) for line in page.splitlines()) <= 130


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_help_for_every_rule(lang: str) -> None:
    for code in all_rules():
        ok, out, err = _run(f"\\help {code}", lang)
        assert ok and err == "", code
        assert out.startswith(code) and t(f"lint.{code}.title", lang) in out
        assert t(f"lint.{code}.fix", lang) in out


def test_help_for_a_command_still_works() -> None:
    ok, out, _ = _run("\\help timing")
    assert ok and out.startswith("\\timing [on|off]")


def test_plain_help_lists_the_topics_and_explain() -> None:
    ok, out, _ = _run("\\help")
    assert ok
    assert "\\explain RULE|KEY" in out
    assert "\\help TOPIC" in out and "checkpoints" in out.splitlines()[-1]


def test_unknown_topic_is_a_clear_error() -> None:
    ok, _out, err = _run("\\help nonsense-topic")
    assert not ok and "nonsense-topic" in err and "Traceback" not in err


def test_every_command_registered_by_this_area_has_help_in_both_languages() -> None:
    messages = all_messages()
    for cmd in all_commands():
        if cmd.name in ("explain", "tutorial"):
            assert set(messages[cmd.help_key]) == {"en", "zh"}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_help_on_a_key_explains_it(lang: str) -> None:
    for key in (
        "execution.checkpointing.interval",
        "state.checkpoints.dir",
        "slot.name",
        "table.exec.state.ttl",
    ):
        ok, out, err = _run(f"\\help {key}", lang)
        assert ok and err == "", key
        assert t("teach.explain.example", lang) in out, key
