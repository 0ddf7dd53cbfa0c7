"""Every user-facing message, English and Simplified Chinese side by side.

Messages live in `cdcshell/i18n/messages/<area>.py`, one module per area, each defining
`MESSAGES: dict[str, dict[str, str]]` as `{"area.key": {"en": "...", "zh": "..."}}`; an area may add text
modules that live beside the code that says them (`EXTRA_MODULES`, e.g. each lint rule family's `*_texts.py`),
and `<area>_<more>.py` beside it adds to the same area.
Keeping both languages in one entry is what keeps them in step: a parity test checks that every key has both
texts with the same placeholders. Only the area of a key is loaded, on its first message.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import re
import string
from collections.abc import Mapping

LANGUAGES = ("en", "zh")
# Keys are "<area>.<...>"; the area's module is cdcshell/i18n/messages/<area>.py except for these prefixes.
_AREA_MODULE = {"cli": "core", "shell": "core", "batch": "core", "config": "core", "teach": "teaching"}
_modules: dict[str, dict[str, dict[str, str]]] = {}
_lang: str | None = None


def area_module(key: str) -> str:
    """The module under cdcshell/i18n/messages/ that holds `key`: its area (the part before the first dot)."""
    area = key.split(".", 1)[0]
    return _AREA_MODULE.get(area, area)


def _module_messages(name: str) -> dict[str, dict[str, str]]:
    """The messages of one area module, loaded on the first message of that area (a REPL that never lints never
    imports the rule texts). An area module may name `EXTRA_MODULES`: text modules that live beside the code
    that says them (the lint rule families keep theirs next to their rules) and belong to the same area."""
    loaded = _modules.get(name)
    if loaded is None:
        loaded = {}
        try:
            module = importlib.import_module(f"cdcshell.i18n.messages.{name}")
        except ModuleNotFoundError:
            _modules[name] = loaded
            return loaded
        sources = [
            module,
            *(importlib.import_module(m) for m in getattr(module, "EXTRA_MODULES", ())),
            *(importlib.import_module(f"cdcshell.i18n.messages.{m}") for m in _extensions(name)),
        ]
        for source in sources:
            for key, texts in getattr(source, "MESSAGES", {}).items():
                if key in loaded:
                    raise RuntimeError(f"message key {key!r} defined twice (again in {source.__name__})")
                loaded[key] = texts
        _modules[name] = loaded
    return loaded


def _module_names() -> list[str]:
    from cdcshell.i18n import messages as pkg

    return sorted(info.name for info in pkgutil.iter_modules(pkg.__path__))


def _extensions(name: str) -> list[str]:
    """Modules that add to an area module by name: `sandbox_services.py` belongs to `sandbox`."""
    return [m for m in _module_names() if m.startswith(name + "_")]


def _load() -> dict[str, dict[str, str]]:
    """Every area (for the parity and dead-key tests, and `all_messages`)."""
    names = _module_names()
    primary = [n for n in names if not any(n.startswith(m + "_") for m in names)]
    merged: dict[str, dict[str, str]] = {}
    for name in primary:
        for key, texts in _module_messages(name).items():
            if key in merged:
                raise RuntimeError(f"message key {key!r} defined twice (again in {name})")
            merged[key] = texts
    return merged


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
    entry = _module_messages(area_module(key)).get(key)
    if entry is None:
        return key + (" " + " ".join(f"{k}={v}" for k, v in params.items()) if params else "")
    text = entry.get(lang or current_language()) or entry["en"]
    if not params:
        return text
    if "|" in text:
        text = _PLURAL.sub(lambda m: _plural(m, params), text)
    return text.format(**params)


# A plural choice inside a message: `{count|row|rows}` is "row" when count is 1, else "rows". English needs it
# ("1 row", "2 rows"); Chinese has no plural and writes "{count} 行".
_PLURAL = re.compile(r"\{(\w+)\|([^|{}]*)\|([^|{}]*)\}")


def _plural(m: re.Match[str], params: dict[str, object]) -> str:
    value = params.get(m.group(1))
    word = m.group(2) if value == 1 or value == "1" else m.group(3)
    return word.replace("{", "{{").replace("}", "}}")


def all_messages() -> dict[str, dict[str, str]]:
    return dict(_load())


def placeholders(text: str) -> set[str]:
    """The `{names}` a message fills in; a plural choice `{count|one|other}` counts as `count`."""
    text = _PLURAL.sub(lambda m: "{" + m.group(1) + "}", text)
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}
