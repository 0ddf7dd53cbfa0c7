"""The generated catalogs as the rest of cdcshell sees them through `cdcshell.catalog`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cdcshell.catalog import CatalogError, available_series, fallback_notice, load_catalog, resolve_series
from cdcshell.catalog import loader as catalog_loader


def test_both_supported_versions_have_a_catalog() -> None:
    assert {"1.20", "2.2"} <= set(available_series())
    assert load_catalog("1.20").flink_version == "1.20.3"
    assert load_catalog("2.2.1").flink_version == "2.2.1"
    assert load_catalog(None).series == "1.20"


def test_configuration_keys_carry_type_default_and_enum_values() -> None:
    cat = load_catalog("1.20")
    interval = cat.options["execution.checkpointing.interval"]
    assert interval.type == "Duration"
    mode = cat.options["execution.checkpointing.mode"]
    assert set(mode.enum_values) == {"EXACTLY_ONCE", "AT_LEAST_ONCE"}
    assert mode.default == "EXACTLY_ONCE"
    assert cat.options["table.exec.sink.upsert-materialize"].enum_values == ("NONE", "AUTO", "FORCE")
    assert cat.options["taskmanager.memory.process.size"].type == "MemorySize"
    assert cat.options["pipeline.name"].type == "String"


def test_renamed_keys_are_aliases_of_their_replacement() -> None:
    for series in ("1.20", "2.2"):
        cat = load_catalog(series)
        assert cat.deprecated["state.backend"] == "state.backend.type"
        assert cat.lookup("state.backend") is cat.options["state.backend.type"]
        assert "state.backend" not in cat.options
    cat22 = load_catalog("2.2")
    assert "state.checkpoints.dir" not in cat22.options
    assert cat22.replacement("state.checkpoints.dir") == "execution.checkpointing.dir"
    assert "execution.checkpointing.dir" in cat22.options
    assert cat22.replacement("execution.checkpointing.dir") is None


def test_key_declared_by_a_deprecated_class_and_a_current_one_is_current() -> None:
    # 1.20 keeps ExecutionCheckpointingOptions (deprecated) beside CheckpointingOptions, with the same keys
    option = load_catalog("1.20").options["execution.checkpointing.interval"]
    assert not option.deprecated
    assert option.source == "org.apache.flink.configuration.CheckpointingOptions"


def test_keys_gone_in_2_2_are_recorded_as_removed_with_replacement_when_known() -> None:
    cat = load_catalog("2.2")
    assert "jobmanager.heap.size" in cat.removed
    assert "jobmanager.heap.size" in load_catalog("1.20").options
    assert cat.removed["table.exec.topn-cache-size"] == "table.exec.rank.topn-cache-size"
    assert not set(cat.removed) & set(cat.options)
    assert load_catalog("1.20").removed == {}


def test_state_backend_names_and_legacy_values() -> None:
    assert {"hashmap", "rocksdb", "filesystem", "jobmanager"} <= set(
        load_catalog("1.20").value_hints["state.backend.type"]
    )
    cat22 = load_catalog("2.2")
    assert "filesystem" not in cat22.value_hints["state.backend.type"]
    assert set(cat22.legacy_values["state.backend.type"]) == {"filesystem", "jobmanager"}


def test_connectors_with_required_options_and_origin() -> None:
    cat = load_catalog("1.20")
    assert {"datagen", "print", "blackhole", "filesystem", "kafka", "upsert-kafka", "jdbc"} <= set(
        cat.connectors
    )
    assert {"postgres-cdc", "mysql-cdc", "mongodb-cdc"} <= set(cat.connectors)
    pg = cat.connectors["postgres-cdc"]
    assert "3.5.0" in pg.origin
    required = {k for k, o in pg.options.items() if o.required}
    assert {
        "hostname",
        "username",
        "password",
        "database-name",
        "schema-name",
        "table-name",
        "slot.name",
    } <= required
    assert not pg.options["port"].required and pg.options["port"].default == "5432"
    assert cat.connectors["datagen"].origin == "built-in 1.20.3"
    assert "json" in cat.formats and "ignore-parse-errors" in cat.formats["json"].options


def test_cdc_connectors_are_marked_unavailable_on_2_2() -> None:
    cat = load_catalog("2.2")
    assert "postgres-cdc" not in cat.connectors
    assert "Flink CDC 3.5.0" in cat.unavailable_connectors["postgres-cdc"]
    assert "5.0.0-2.2" in cat.connectors["kafka"].origin


def test_sql_words() -> None:
    cat = load_catalog("1.20")
    assert {"SELECT", "INSERT", "WATERMARK", "STATEMENT"} <= set(cat.keywords)
    assert "SELECT" in cat.reserved_keywords and "WATERMARK" in cat.reserved_keywords
    assert "JSON" not in cat.reserved_keywords and "ENFORCED" not in cat.reserved_keywords
    assert {"COUNT", "JSON_VALUE", "TO_TIMESTAMP", "ARRAY_APPEND"} <= set(cat.functions)
    assert "charLength".upper() not in cat.functions  # Table API spelling, not SQL
    assert "QUALIFY" in load_catalog("2.2").keywords and "QUALIFY" not in cat.keywords


def test_catalog_names_its_sources() -> None:
    cat = load_catalog("1.20")
    assert "flink-dist-1.20.3.jar" in cat.sources
    assert any(s.startswith("flink-sql-connector-postgres-cdc 3.5.0") for s in cat.sources)


def test_nearest_catalog_for_unknown_versions_and_notice_once() -> None:
    assert resolve_series("1.20.9").series == "1.20" and resolve_series("1.20.9").exact
    assert resolve_series("1.19").series == "1.20" and not resolve_series("1.19").exact
    assert resolve_series("2.0.1").series == "2.2"
    assert resolve_series("3.1").series == "2.2"
    assert fallback_notice("1.20.3") is None
    first = fallback_notice("1.17.2")
    assert first is not None and "1.17.2" in first and "1.20" in first
    assert fallback_notice("1.17.2") is None


def test_bad_version_is_a_clear_error() -> None:
    with pytest.raises(CatalogError, match="not a Flink version"):
        load_catalog("latest")


def test_missing_catalog_file_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "1.20").mkdir()
    (tmp_path / "1.20" / "options.json").write_text("{not json")
    monkeypatch.setenv("CDCSHELL_COMPLETIONS_DIR", str(tmp_path))
    catalog_loader._load_series.cache_clear()
    try:
        with pytest.raises(CatalogError, match=r"generate\.py"):
            load_catalog("1.20")
    finally:
        monkeypatch.delenv("CDCSHELL_COMPLETIONS_DIR")
        catalog_loader._load_series.cache_clear()


def test_catalog_is_cached() -> None:
    assert load_catalog("1.20") is load_catalog("1.20.3")


def test_importing_catalog_and_completion_loads_no_catalog() -> None:
    """The REPL imports these on its way to the first prompt: the catalog must load only when asked."""
    import subprocess
    import sys

    code = (
        "import cdcshell.catalog, cdcshell.completion.engine, cdcshell.completion.completer\n"
        "print(cdcshell.catalog.loader._load_series.cache_info().currsize)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "0"


def test_files_have_a_generator_header() -> None:
    root = catalog_loader.completions_dir()
    for series in ("1.20", "2.2"):
        for name in ("options.json", "connectors.json", "sql.json"):
            doc = json.loads((root / series / name).read_text())
            assert doc["generator"]["script"] == "completions/generator/generate.py"
            assert doc["series"] == series
            assert doc["sources"]
