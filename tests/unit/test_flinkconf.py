"""Flink's config.yaml read with a real YAML parser; the legacy flat flink-conf.yaml form too."""

from __future__ import annotations

import pytest

from cdcshell.flinkconf import FlinkConfigError, parse_flink_config


def test_scalars_stay_the_text_written() -> None:
    cfg = parse_flink_config("a:\n  port: 6123\n  on: yes\n  flag: true\nb: '10 s'\nc: ~\n")
    assert cfg == {"a.port": "6123", "a.on": "yes", "a.flag": "true", "b": "10 s", "c": "~"}


def test_flow_and_block_lists_are_joined_and_empty_keys_dropped() -> None:
    text = "pipeline.jars: [a.jar, 'b.jar']\nitems:\n  - x\n  - y\nempty:\nnone: []\n"
    assert parse_flink_config(text) == {"pipeline.jars": "a.jar;b.jar", "items": "x;y"}


def test_legacy_flat_lines_that_are_not_yaml() -> None:
    text = "# legacy\nenv.java.opts: -Dx=a: b\nkey: v # note\n"
    assert parse_flink_config(text) == {"env.java.opts": "-Dx=a: b", "key": "v"}


def test_a_nested_file_with_a_yaml_error_names_its_line() -> None:
    with pytest.raises(FlinkConfigError) as caught:
        parse_flink_config("a:\n  b: 1\n  c: [unclosed\nd: 2\n")
    assert caught.value.line >= 3


def test_empty_file_and_non_mapping() -> None:
    assert parse_flink_config("") == {}
    assert parse_flink_config("# only comments\n") == {}
    with pytest.raises(FlinkConfigError):
        parse_flink_config("- a\n- b\n")
