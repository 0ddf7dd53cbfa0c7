"""Connector options declared with a `#` placeholder (datagen's `fields.#.kind`) are known options."""

from __future__ import annotations

from cdcshell.lint import lint_script


def test_datagen_field_options_are_not_unknown() -> None:
    sql = (
        "CREATE TEMPORARY TABLE g (id BIGINT, name STRING) WITH ('connector' = 'datagen', "
        "'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '5', "
        "'fields.name.length' = '3');"
    )
    assert [f.rule for f in lint_script(sql, flink_version="1.20").findings] == []


def test_a_misspelt_templated_option_is_still_unknown() -> None:
    sql = "CREATE TEMPORARY TABLE g (id BIGINT) WITH ('connector' = 'datagen', 'fields.id.knd' = 'sequence');"
    findings = lint_script(sql, flink_version="1.20").findings
    assert [f.rule for f in findings] == ["CON001"]
    assert "fields.#.kind" in findings[0].message
