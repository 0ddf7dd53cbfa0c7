"""`\\explain KEY`: catalog facts for any key, and the project's own explanation with an example for the
checkpoint, state and CDC keys, in both languages."""

from __future__ import annotations

import io
import random

import pytest

from cdcshell.catalog.loader import load_catalog
from cdcshell.engine.shell import Shell
from cdcshell.i18n import all_messages, set_language, t
from cdcshell.lint.explainer import KEY_EXAMPLES, OPTION_EXAMPLES, explain, has_note, suggestions
from cdcshell.lint.registry import all_rules
from cdcshell.options import Options
from cdcshell.sql.splitter import split


def _explain_cmd(ref: str, lang: str = "en", version: str | None = None) -> tuple[bool, str, str]:
    set_language(lang)
    try:
        out, err = io.StringIO(), io.StringIO()
        shell = Shell(Options(gateway="http://127.0.0.1:9", flink_version=version), out=out, err=err)
        outcome = shell.run_text(f"\\explain {ref}", echo=False)
        return outcome.ok, out.getvalue(), err.getvalue()
    finally:
        set_language("en")


def test_every_explained_key_has_texts_in_both_languages() -> None:
    messages = all_messages()
    for key in (*KEY_EXAMPLES, *OPTION_EXAMPLES):
        entry = messages.get(f"teach.key.{key}")
        assert entry is not None and entry["en"] and entry["zh"], key
        assert any("\u4e00" <= c <= "\u9fff" for c in entry["zh"]), key


def test_every_explained_key_exists_in_the_catalog() -> None:
    catalog = load_catalog("1.20")
    for key in KEY_EXAMPLES:
        info = catalog.lookup(key)
        assert info is not None and info.key == key, key  # current names only
    options = {o for c in catalog.connectors.values() for o in c.options}
    assert set(OPTION_EXAMPLES) <= options


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_checkpoint_key_shows_facts_explanation_and_example(lang: str) -> None:
    ok, out, err = _explain_cmd("execution.checkpointing.externalized-checkpoint-retention", lang)
    assert ok and err == ""
    assert "Enum" in out
    assert "NO_EXTERNALIZED_CHECKPOINTS" in out and "RETAIN_ON_CANCELLATION, " in out.replace(
        "DELETE_ON_CANCELLATION, ", ""
    )
    assert t("teach.explain.in_short", lang) in out and t("teach.explain.example", lang) in out
    assert (
        "SET 'execution.checkpointing.externalized-checkpoint-retention' = 'RETAIN_ON_CANCELLATION';" in out
    )
    assert "CK003" in out


def test_deprecated_name_leads_to_the_current_key_and_lists_old_names() -> None:
    text = explain("execution.savepoint.path")
    assert text is not None
    assert "'execution.savepoint.path' is a deprecated name of 'execution.state-recovery.path'" in text
    assert "deprecated names: execution.savepoint.path" in text
    assert "SET 'execution.state-recovery.path' = 'file:///" in text and "RESET" in text


def test_cdc_option_gets_a_runnable_create_table_example() -> None:
    text = explain("slot.name")
    assert text is not None and "required" in text
    example = text[text.index("CREATE TABLE") : text.index(");") + 2]
    statements = split(example)
    assert len(statements) == 1
    assert "'connector' = 'postgres-cdc'" in example and "'slot.name' = 'flink_orders'" in example
    assert "'password' = '******'" in example  # an example never shows a real-looking password


def test_cdc_option_on_flink_2_explains_why_it_is_unavailable() -> None:
    text = explain("slot.name", "en", "2.2")
    assert text is not None and "not available for Flink 2.2" in text and "replication slot" in text


def test_every_example_statement_parses() -> None:
    for key in (*KEY_EXAMPLES, *OPTION_EXAMPLES):
        text = explain(key)
        assert text is not None, key
        marker = t("teach.explain.example", "en")
        example = text.split(marker, 1)[1].split("\n\n", 1)[0]
        assert len(split(example.strip())) == 1, key


def test_a_sample_of_keys_in_both_languages_renders_through_the_command() -> None:
    catalog = load_catalog("1.20")
    rng = random.Random(20261125)
    sample = rng.sample(sorted(catalog.options), 25) + rng.sample(sorted(catalog.deprecated), 5)
    for key in sample:
        for lang in ("en", "zh"):
            ok, out, err = _explain_cmd(key, lang)
            assert ok and err == "", (key, lang, err)
            assert catalog.lookup(key).key in out  # type: ignore[union-attr]
            assert t("teach.explain.example", lang) in out


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_explain_every_rule(lang: str) -> None:
    for code, rule in all_rules().items():
        ok, out, err = _explain_cmd(code.lower(), lang)
        assert ok and err == "", code
        assert t(f"lint.{code}.rationale", lang) in out
        assert rule.example_bad.strip().splitlines()[0] in out


def test_notes_are_only_for_checkpoint_state_and_cdc_keys() -> None:
    cdc_options = {
        o
        for c in ("postgres-cdc", "mysql-cdc", "mongodb-cdc")
        for o in load_catalog("1.20").connectors[c].options
    }
    for key in KEY_EXAMPLES:
        assert key.startswith(
            (
                "execution.checkpointing.",
                "execution.state-recovery.",
                "state.",
                "table.exec.state.",
                "restart-strategy.",
            )
        ), key
    assert set(OPTION_EXAMPLES) <= cdc_options
    assert has_note("slot.name") and not has_note("pipeline.name")


def test_unknown_key_is_a_clear_error_with_suggestions() -> None:
    ok, out, err = _explain_cmd("execution.checkpointing.intervall")
    assert not ok and out == ""
    assert "neither a rule code nor a configuration key" in err
    assert "Did you mean: execution.checkpointing.interval" in err
    assert suggestions("CK0001")[:1] == ["CK001"]


def test_explain_without_argument_says_how_to_call_it() -> None:
    ok, _, err = _explain_cmd("")
    assert not ok and "\\explain RULE|KEY" in err
