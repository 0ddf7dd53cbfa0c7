"""Every user-facing message, English and Simplified Chinese side by side.

Messages live in `cdcshell/i18n/messages/<area>.py`, one module per area, each defining
`MESSAGES: dict[str, dict[str, str]]` as `{"area.key": {"en": "...", "zh": "..."}}`. Keeping both languages in
one entry is what keeps them in step: a parity test checks that every key has both texts with the same
placeholders. Modules are discovered on first use so that areas can be added without touching a shared list,
and nothing is imported before a message is actually needed.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import string
from collections.abc import Mapping

LANGUAGES = ("en", "zh")
_messages: dict[str, dict[str, str]] | None = None
_lang: str | None = None


def _load() -> dict[str, dict[str, str]]:
    global _messages
    if _messages is None:
        from cdcshell.i18n import messages as pkg

        merged: dict[str, dict[str, str]] = {}
        for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda i: i.name):
            module = importlib.import_module(f"{pkg.__name__}.{info.name}")
            for key, texts in getattr(module, "MESSAGES", {}).items():
                if key in merged:
                    raise RuntimeError(f"message key {key!r} defined twice (again in {info.name})")
                merged[key] = texts
        _messages = merged
    return _messages


def language_from_environment(environ: Mapping[str, str] | None = None) -> str:
    """Pick the language from the POSIX locale variables, in their order of precedence."""
    env = os.environ if environ is None else environ
    for var in ("CDCSHELL_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = env.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def normalize_language(lang: str | None) -> str:
    if not lang:
        return language_from_environment()
    low = lang.lower()
    if low.startswith("zh"):
        return "zh"
    if low.startswith("en"):
        return "en"
    raise ValueError(f"unknown language {lang!r}: use one of {', '.join(LANGUAGES)}")


def set_language(lang: str | None) -> str:
    """Set the language for every later message; None means: read it from the environment."""
    global _lang
    _lang = normalize_language(lang)
    return _lang


def current_language() -> str:
    global _lang
    if _lang is None:
        _lang = language_from_environment()
    return _lang


def t(key: str, lang: str | None = None, /, **params: object) -> str:
    """The message `key` in the current (or given) language, with `{placeholders}` filled in.

    A missing key is a programming error, but a user must never see a traceback for it: the key itself is
    shown, so the message is still traceable.
    """
    entry = _load().get(key)
    if entry is None:
        return key + (" " + " ".join(f"{k}={v}" for k, v in params.items()) if params else "")
    text = entry.get(lang or current_language()) or entry["en"]
    return text.format(**params) if params else text


def all_messages() -> dict[str, dict[str, str]]:
    return dict(_load())


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}
