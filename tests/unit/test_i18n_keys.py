"""Dead and missing message keys, for the whole catalog (issue 15 §5). Keys are literal strings in the code, so
reading the code's string constants finds every key in use; the few families a key is still computed for are
listed below with the place that computes them, and a new computed key fails this test until it is listed."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from cdcshell import i18n
from cdcshell.i18n import all_messages, area_module
from cdcshell.lint.registry import all_rules

ROOT = Path(__file__).resolve().parents[2] / "cdcshell"

# Families whose last part is data, not code: the key is computed from a value of that family.
COMPUTED = {
    "teach.key.": "teaching notes per Flink option (lint/explainer.py, meta/help_topics.py: has_note(key))",
    "jobs.kind.": "meta/resume.py: the kind of a recovery path (savepoint / checkpoint)",
    "render.severity.": "render/messages.py: the severity label of a finding",
    "teach.topic.": "meta/help_topics.py: a help topic's title_key/body_key from its name",
    "tutorial.": "tutorials/model.py: a tutorial's and its steps' texts, checked against the tutorials below",
    "lint.": "rule texts lint.<CODE>.title|rationale|fix|message[.variant], checked against the registry below",
}
_KEYLIKE = re.compile(r"^[a-z]+(?:\.[A-Za-z0-9_-]+)+$")


def _catalog_files() -> set[Path]:
    return {*ROOT.glob("i18n/messages/*.py"), *ROOT.glob("lint/rules/*_texts.py")}


def _code_files() -> list[Path]:
    skip = _catalog_files()
    return [p for p in ROOT.rglob("*.py") if p not in skip]


def _constants_and_prefixes() -> tuple[set[str], set[str]]:
    constants: set[str] = set()
    prefixes: set[str] = set()
    for path in _code_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                constants.add(node.value)
            elif isinstance(node, ast.JoinedStr) and node.values:
                first = node.values[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    head = first.value
                    if head.endswith(".") and _KEYLIKE.match(head.rstrip(".") + ".x"):
                        prefixes.add(head)
    return constants, prefixes


def _literals(node: ast.expr, fn: ast.FunctionDef) -> set[str]:
    """The strings a variant argument can be: a literal, either side of a conditional, or a name assigned
    literals (or returned as literals by a nested function) inside the check."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return _literals(node.body, fn) | _literals(node.orelse, fn)
    if isinstance(node, ast.Name):
        found: set[str] = set()
        for n in ast.walk(fn):
            if isinstance(n, (ast.Assign, ast.Return)) and n.value is not None:
                targets = [t for t in getattr(n, "targets", []) if isinstance(t, (ast.Name, ast.Tuple))]
                if isinstance(n, ast.Return) or any(
                    node.id in {x.id for x in ast.walk(t) if isinstance(x, ast.Name)} for t in targets
                ):
                    found |= {
                        c.value
                        for c in ast.walk(n.value)
                        if isinstance(c, ast.Constant)
                        and isinstance(c.value, str)
                        and c.value.startswith("message")
                    }
        return found
    raise AssertionError(f"a finding's variant the test cannot read: {ast.dump(node)} in {fn.name}")


def _rule_variant_keys() -> set[str]:
    """lint.<CODE>.<variant> for each `ctx.finding(..., "<variant>")` inside a check decorated `@rule("CODE")`;
    a call without a variant means `message`."""
    keys: set[str] = set()
    for path in ROOT.glob("lint/rules/*.py"):
        if path.name.endswith("_texts.py"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for fn in (n for n in tree.body if isinstance(n, ast.FunctionDef)):
            codes = [
                d.args[0].value
                for d in fn.decorator_list
                if isinstance(d, ast.Call)
                and getattr(d.func, "id", "") == "rule"
                and d.args
                and isinstance(d.args[0], ast.Constant)
            ]
            if not codes:
                continue
            for call in (n for n in ast.walk(fn) if isinstance(n, ast.Call)):
                if getattr(call.func, "attr", "") != "finding":
                    continue
                variants = {"message"} if len(call.args) < 2 else _literals(call.args[1], fn)
                keys |= {f"lint.{codes[0]}.{v}" for v in variants}
    return keys


def _tutorial_keys() -> set[str]:
    """A tutorial's texts are named by the tutorial and its steps (tutorials/model.py), so they are read from the
    tutorials themselves."""
    from cdcshell.tutorials import all_tutorials

    keys: set[str] = set()
    for tut in all_tutorials().values():
        keys |= {tut.title_key, tut.intro_key}
        for step in tut.steps:
            keys |= {tut.step_title_key(step), tut.step_text_key(step)}
    return keys


def test_every_key_is_used_and_every_used_key_exists() -> None:
    catalog = all_messages()
    constants, prefixes = _constants_and_prefixes()
    unlisted = sorted(
        p for p in prefixes if not any(p.startswith(c) for c in COMPUTED) and not p.startswith("cdcshell.")
    )
    assert not unlisted, f"keys computed at run time (make them literal): {unlisted}"

    rule_keys = {f"lint.{code}.{part}" for code in all_rules() for part in ("title", "rationale", "fix")}
    rule_keys |= _rule_variant_keys()
    rule_keys |= _tutorial_keys()
    missing_rule_keys = sorted(rule_keys - set(catalog))
    assert not missing_rule_keys, f"rule texts missing: {missing_rule_keys}"

    used = {c for c in constants if c in catalog} | rule_keys
    data_families = tuple(p for p in COMPUTED if p not in ("lint.", "tutorial."))
    dead = sorted(
        k
        for k in catalog
        if k not in used and not k.startswith(data_families) and not re.match(r"lint\.[A-Z]+\d+\.", k)
    )
    assert not dead, f"message keys nothing uses: {dead}"
    dead_rule_texts = sorted(k for k in catalog if re.match(r"lint\.[A-Z]+\d+\.", k) and k not in rule_keys)
    assert not dead_rule_texts, f"rule texts no rule says: {dead_rule_texts}"

    areas = {k.split(".", 1)[0] for k in catalog}
    missing = sorted(
        c
        for c in constants
        if _KEYLIKE.match(c)
        and c.split(".", 1)[0] in areas
        and c not in catalog
        and not c.startswith(tuple(COMPUTED))
        and not c.startswith("cdcshell.")
        and not re.search(
            r"\.(json|ya?ml|py|sql|md|txt|log|jar|sh|pid|properties|conf|toml)$", c
        )  # file names
    )
    assert not missing, f"keys the code uses that the catalog lacks: {missing}"


def test_each_key_lives_in_its_area_module() -> None:
    """t() loads only the area of a key, so a key must sit in the module its prefix names."""
    import importlib

    for key in all_messages():
        module = importlib.import_module(f"cdcshell.i18n.messages.{area_module(key)}")
        extra = [importlib.import_module(m) for m in getattr(module, "EXTRA_MODULES", ())]
        extra += [
            importlib.import_module(f"cdcshell.i18n.messages.{m}") for m in i18n._extensions(area_module(key))
        ]
        assert any(key in getattr(m, "MESSAGES", {}) for m in (module, *extra)), key
