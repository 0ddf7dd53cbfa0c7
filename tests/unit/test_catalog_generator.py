"""The generator's decisions (what is a SET key, deprecated, removed, legacy), checked on small dumps, and the
committed catalogs checked to be exactly what the generator writes."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def gen() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "catalog_generate", ROOT / "completions/generator/generate.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["catalog_generate"] = module
    spec.loader.exec_module(module)
    return module


def raw(key: str, cls: str = "org.apache.flink.configuration.XOptions", **kw: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "class": cls,
        "field": key.upper().replace(".", "_"),
        "public": True,
        "field_deprecated": False,
        "class_deprecated": False,
        "excluded_from_docs": False,
        "suffix_of": None,
        "jar": "flink-dist.jar",
        "key": key,
        "clazz": "java.lang.String",
        "list": False,
        "enum_values": [],
        "default": None,
        "fallback_keys": [],
        "description": "",
    }
    base.update(kw)
    return base


def test_deprecated_fallback_key_becomes_an_alias(gen: ModuleType) -> None:
    doc = gen.build_options([raw("new.key", fallback_keys=[{"key": "old.key", "deprecated": True}])])
    assert doc["deprecated"] == {"old.key": "new.key"}
    assert [o["key"] for o in doc["options"]] == ["new.key"]
    assert doc["options"][0]["deprecated_keys"] == ["old.key"]


def test_non_deprecated_fallback_is_not_an_alias(gen: ModuleType) -> None:
    doc = gen.build_options([raw("a.b", fallback_keys=[{"key": "c.d", "deprecated": False}])])
    assert doc["deprecated"] == {}
    assert doc["options"][0]["fallback_keys"] == ["c.d"]


def test_key_is_deprecated_only_when_every_declaring_field_is(gen: ModuleType) -> None:
    doc = gen.build_options(
        [
            raw("x.interval", cls="org.apache.flink.streaming.OldOptions", class_deprecated=True),
            raw("x.interval", cls="org.apache.flink.configuration.NewOptions", clazz="java.time.Duration"),
            raw("y.gone", field_deprecated=True),
        ]
    )
    by_key = {o["key"]: o for o in doc["options"]}
    assert "deprecated" not in by_key["x.interval"]
    assert by_key["x.interval"]["source"] == "org.apache.flink.configuration.NewOptions"
    assert by_key["x.interval"]["type"] == "Duration"
    assert by_key["y.gone"]["deprecated"] is True
    assert doc["deprecated"] == {"y.gone": ""}


def test_an_alias_that_is_also_a_deprecated_option_is_known_by_its_replacement(gen: ModuleType) -> None:
    doc = gen.build_options(
        [
            raw("state.backend", field_deprecated=True),
            raw("state.backend.type", fallback_keys=[{"key": "state.backend", "deprecated": True}]),
        ]
    )
    assert [o["key"] for o in doc["options"]] == ["state.backend.type"]
    assert doc["deprecated"] == {"state.backend": "state.backend.type"}


def test_connector_and_hint_option_classes_are_not_set_keys(gen: ModuleType) -> None:
    doc = gen.build_options(
        [
            raw("fields.#.kind", cls="org.apache.flink.connector.datagen.table.DataGenConnectorOptions"),
            raw("retry-strategy", cls="org.apache.flink.table.api.config.LookupJoinHintOptions"),
            raw("table.exec.x", cls="org.apache.flink.table.api.config.ExecutionConfigOptions"),
        ]
    )
    assert [o["key"] for o in doc["options"]] == ["table.exec.x"]


def test_suffix_options_get_their_documented_prefix(gen: ModuleType) -> None:
    doc = gen.build_options([raw("interval", suffix_of="metrics.reporter.<name>")])
    assert [o["key"] for o in doc["options"]] == ["metrics.reporter.<name>.interval"]


def test_types_and_rendering(gen: ModuleType) -> None:
    entry = gen.option_entry(
        raw(
            "m",
            clazz="x.Mode",
            enum_values=["A", "B"],
            default="A",
            description="<p>Use <code>A</code> &amp; B</p>",
        ),
        "src",
    )
    assert entry["type"] == "Enum" and entry["enum"] == ["A", "B"] and entry["default"] == "A"
    assert entry["description"] == "Use A & B"
    assert gen.type_name(raw("l", clazz="java.lang.String", list=True)) == "List<String>"
    assert gen.type_name(raw("s", clazz="org.apache.flink.configuration.MemorySize")) == "MemorySize"


def test_removed_keys_follow_the_previous_alias_chain(gen: ModuleType) -> None:
    previous = {
        "options": [{"key": "a.old"}, {"key": "b.kept"}, {"key": "c.gone"}],
        "deprecated": {"a.older": "a.old", "c.alias": "c.gone"},
    }
    now = gen.build_options(
        [raw("b.kept"), raw("a.new", fallback_keys=[{"key": "a.old", "deprecated": True}])], previous
    )
    assert now["removed"] == {"a.older": "a.new", "c.alias": "", "c.gone": ""}
    assert "a.old" not in now["removed"]  # still an alias on this version


def test_legacy_values(gen: ModuleType) -> None:
    prev = {"value_hints": {"state.backend.type": ["filesystem", "hashmap", "jobmanager", "rocksdb"]}}
    out = gen.build_legacy_values(["forst", "hashmap", "rocksdb"], prev)
    assert out["value_hints"] == {"state.backend.type": ["forst", "hashmap", "rocksdb"]}
    assert out["legacy_values"] == {"state.backend.type": {"filesystem": "", "jobmanager": ""}}


def test_connectors_merge_required_and_optional(gen: ModuleType) -> None:
    factory = {
        "class": "F",
        "kind": "connector",
        "origin": "x-connector 1.0 (built for Flink 1.20)",
        "identifier": "x",
        "required": [{k: v for k, v in raw("hostname").items()}],
        "optional": [raw("port", clazz="java.lang.Integer", default="5432")],
    }
    doc = gen.build_connectors([factory], {"y-cdc": "no release"})
    (conn,) = doc["connectors"]
    assert conn["identifier"] == "x" and conn["origin"].startswith("x-connector 1.0")
    assert [(o["key"], o.get("required", False)) for o in conn["options"]] == [
        ("hostname", True),
        ("port", False),
    ]
    assert doc["unavailable"] == {"y-cdc": "no release"}


def test_committed_catalogs_are_in_the_generators_canonical_form(gen: ModuleType) -> None:
    for series in gen.SPECS:
        for name in ("options.json", "connectors.json", "sql.json"):
            path = ROOT / "completions" / series / name
            text = path.read_text(encoding="utf-8")
            doc = json.loads(text)
            assert gen.serialize(doc) == text, f"{path} was edited by hand: regenerate it"
            assert doc["generator"]["version"] == gen.GENERATOR_VERSION
            assert doc["flink_version"] == gen.SPECS[series].flink_version
