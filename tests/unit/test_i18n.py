"""Every message exists in English and Chinese with the same placeholders: the two languages stay in step."""

from __future__ import annotations

import pytest

from cdcshell import i18n


def test_every_message_has_both_languages_with_same_placeholders() -> None:
    messages = i18n.all_messages()
    assert len(messages) > 50
    problems = []
    for key, texts in messages.items():
        if set(texts) != {"en", "zh"}:
            problems.append(f"{key}: languages {sorted(texts)}")
            continue
        if not texts["en"].strip() or not texts["zh"].strip():
            problems.append(f"{key}: empty text")
        if i18n.placeholders(texts["en"]) != i18n.placeholders(texts["zh"]):
            problems.append(f"{key}: placeholders differ")
    assert problems == []


def test_chinese_texts_are_really_translated() -> None:
    """A copy of the English text in the zh slot would pass parity; most messages must contain CJK characters."""
    messages = i18n.all_messages()
    untranslated = [
        k
        for k, v in messages.items()
        if v["en"] == v["zh"] and any(c.isalpha() for c in v["en"]) and len(v["en"]) > 12
    ]
    assert len(untranslated) < len(messages) * 0.05, untranslated[:20]


def test_language_follows_locale_and_override() -> None:
    assert i18n.language_from_environment({"LANG": "zh_CN.UTF-8"}) == "zh"
    assert i18n.language_from_environment({"LANG": "en_US.UTF-8"}) == "en"
    assert i18n.language_from_environment({"LC_ALL": "zh_TW", "LANG": "en_US"}) == "zh"
    assert i18n.language_from_environment({}) == "en"
    try:
        i18n.set_language("zh")
        assert i18n.t("shell.goodbye") == "再见。"
        i18n.set_language("en")
        assert i18n.t("shell.goodbye") == "Bye."
        assert i18n.t("shell.goodbye", "zh") == "再见。"
    finally:
        i18n.set_language("en")
    with pytest.raises(ValueError):
        i18n.set_language("fr")


def test_missing_key_is_shown_not_raised() -> None:
    assert i18n.t("no.such.key", x=1) == "no.such.key x=1"
