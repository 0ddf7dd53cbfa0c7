from __future__ import annotations

from pathlib import Path

from cdcshell.config import load_settings, parse_header


def test_config_file_sets_defaults_and_reports_bad_entries(tmp_path: Path) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_text(
        'gateway = "http://gw:9000"\nformat = "csv"\nlanguage = "zh"\nkey_bindings = "vi"\n'
        'history_size = "many"\nbogus = 1\n[headers]\nAuthorization = "Bearer abc"\n',
        encoding="utf-8",
    )
    s = load_settings(cfg, environ={})
    assert s.gateway == "http://gw:9000"
    assert s.format == "csv"
    assert s.language == "zh"
    assert s.key_bindings == "vi"
    assert s.headers == {"Authorization": "Bearer abc"}
    assert s.history_size == 10_000
    assert any("history_size" in w for w in s.warnings)
    assert any("bogus" in w for w in s.warnings)


def test_broken_toml_does_not_stop_the_shell(tmp_path: Path) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_text("gateway = [unterminated", encoding="utf-8")
    s = load_settings(cfg, environ={})
    assert s.gateway == "http://127.0.0.1:8083"
    assert s.warnings and str(cfg) in s.warnings[0]


def test_environment_overrides_file(tmp_path: Path) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_text('gateway = "http://file:1"\n', encoding="utf-8")
    s = load_settings(cfg, environ={"CDCSHELL_GATEWAY": "http://env:2", "CDCSHELL_HEADERS": "X-A: 1\nbad"})
    assert s.gateway == "http://env:2"
    assert s.headers == {"X-A": "1"}
    assert len(s.warnings) == 1


def test_parse_header() -> None:
    assert parse_header("Authorization: Basic Zm9v") == ("Authorization", "Basic Zm9v")
    for bad in ("NoColon", ": value"):
        try:
            parse_header(bad)
        except ValueError:
            continue
        raise AssertionError(bad)
