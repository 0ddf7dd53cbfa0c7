"""The sandbox's own conf dir: shipped files carried over, our settings written, the shared home untouched."""

from __future__ import annotations

from pathlib import Path

import pytest

from cdcshell.sandbox.config import (
    FALLBACK_JAVA_OPTS,
    TASK_SLOTS,
    SandboxPorts,
    render_config,
    sandbox_settings,
    shipped_settings,
    write_conf_dir,
)

SHIPPED = """\
# comment
env:
  java:
    opts:
      all: --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED
jobmanager:
  bind-host: localhost
  rpc:
    address: localhost
    port: 6123
taskmanager:
  numberOfTaskSlots: 1
rest:
  address: 'localhost'
"""


def parse_flat(text: str) -> dict[str, str]:
    """Read back what render_config wrote: one `key: value` per line, JSON-quoted strings."""
    import json

    result = {}
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        key, _, value = line.partition(": ")
        result[key] = json.loads(value) if value.startswith('"') else value
    return result


@pytest.fixture
def home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    (home / "conf").mkdir(parents=True)
    (home / "conf" / "config.yaml").write_text(SHIPPED)
    (home / "conf" / "log4j-console.properties").write_text("rootLogger.level = INFO\n")
    (home / "conf" / "workers").write_text("localhost\n")
    return home


def test_flatten_reads_nested_blocks() -> None:
    flat = shipped_settings(SHIPPED)
    assert flat["env.java.opts.all"].startswith("--add-opens=java.base/java.lang=ALL-UNNAMED")
    assert flat["jobmanager.rpc.port"] == "6123"
    assert flat["jobmanager.bind-host"] == "localhost"
    assert flat["taskmanager.numberOfTaskSlots"] == "1"
    assert flat["rest.address"] == "localhost"  # quotes removed


def test_flatten_accepts_flat_keys_and_joins_lists_as_flink_does() -> None:
    # Read with a real YAML parser now (issue 15): a list is kept in Flink's ';'-joined form, not skipped.
    flat = shipped_settings("rest.port: 8081\nitems:\n  - a\n  - b\n")
    assert flat == {"rest.port": "8081", "items": "a;b"}


def test_an_unreadable_shipped_file_gives_no_settings() -> None:
    assert shipped_settings("a:\n  b: [unclosed\n") == {}


def test_written_config_has_ports_dirs_and_shipped_java_opts(home: Path, tmp_path: Path) -> None:
    sandbox = tmp_path / "sb"
    conf = write_conf_dir(home, sandbox, SandboxPorts(jobmanager=18081, gateway=18083, rpc=16123))
    settings = parse_flat((conf / "config.yaml").read_text())
    assert settings["rest.port"] == "18081"
    assert settings["sql-gateway.endpoint.rest.port"] == "18083"
    assert settings["jobmanager.rpc.port"] == "16123"
    assert settings["rest.bind-address"] == "127.0.0.1"
    assert settings["jobmanager.bind-host"] == "127.0.0.1"
    assert settings["taskmanager.bind-host"] == "127.0.0.1"
    assert int(settings["taskmanager.numberOfTaskSlots"]) >= 8
    assert settings["env.java.opts.all"] == shipped_settings(SHIPPED)["env.java.opts.all"]
    assert settings["execution.checkpointing.dir"] == (sandbox / "checkpoints").resolve().as_uri()
    assert settings["execution.checkpointing.savepoint-dir"] == (sandbox / "savepoints").resolve().as_uri()
    assert settings["execution.checkpointing.dir"].startswith("file:///")
    assert "state.checkpoints.dir" not in settings and "state.savepoints.dir" not in settings
    assert settings["restart-strategy.type"] == "exponential-delay"
    for folder in ("checkpoints", "savepoints", "log", "run", "tmp"):
        assert (sandbox / folder).is_dir()


def test_other_conf_files_copied_and_home_untouched(home: Path, tmp_path: Path) -> None:
    before = (home / "conf" / "config.yaml").read_text()
    conf = write_conf_dir(home, tmp_path / "sb", SandboxPorts(rpc=1))
    assert (conf / "log4j-console.properties").read_text() == "rootLogger.level = INFO\n"
    assert (conf / "workers").is_file()
    assert (home / "conf" / "config.yaml").read_text() == before
    assert sorted(p.name for p in (home / "conf").iterdir()) == [
        "config.yaml",
        "log4j-console.properties",
        "workers",
    ]


def test_extra_settings_override_ours(home: Path, tmp_path: Path) -> None:
    conf = write_conf_dir(
        home, tmp_path / "sb", SandboxPorts(rpc=1), {"taskmanager.numberOfTaskSlots": 2, "x.y": "z"}
    )
    settings = parse_flat((conf / "config.yaml").read_text())
    assert settings["taskmanager.numberOfTaskSlots"] == "2"
    assert settings["x.y"] == "z"


def test_missing_shipped_java_opts_falls_back(tmp_path: Path) -> None:
    settings = sandbox_settings(tmp_path, SandboxPorts(rpc=1), {})
    assert settings["env.java.opts.all"] == FALLBACK_JAVA_OPTS
    assert "--add-opens=java.base/java.util=ALL-UNNAMED" in FALLBACK_JAVA_OPTS
    assert settings["taskmanager.numberOfTaskSlots"] == TASK_SLOTS


def test_rendered_strings_are_quoted_safely(tmp_path: Path) -> None:
    text = render_config({"a.b": 'say "hi": now', "n": 3, "flag": True})
    assert parse_flat(text) == {"a.b": 'say "hi": now', "n": "3", "flag": "true"}
