"""Java and port checks made before the sandbox starts anything."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from cdcshell.sandbox.errors import SandboxError
from cdcshell.sandbox.ports import free_port, port_in_use, who_listens
from cdcshell.sandbox.preflight import check_java, check_ports, java_executable, parse_java_version


@pytest.mark.parametrize(
    ("output", "major"),
    [
        ('openjdk version "17.0.15" 2025-04-15', 17),
        ('java version "1.8.0_392"', 8),
        ('openjdk version "21" 2023-09-19', 21),
        ('openjdk version "11.0.2" 2019-01-15', 11),
        ("nonsense", None),
    ],
)
def test_parse_java_version(output: str, major: int | None) -> None:
    assert parse_java_version(output) == major


def fake_java(root: Path, version_line: str) -> Path:
    java = root / "bin" / "java"
    java.parent.mkdir(parents=True)
    java.write_text(f"#!/bin/sh\necho '{version_line}' >&2\n")
    java.chmod(0o755)
    return root


def test_java_home_wins(tmp_path: Path) -> None:
    home = fake_java(tmp_path / "jdk", 'openjdk version "17.0.1"')
    assert java_executable({"JAVA_HOME": str(home), "PATH": ""}) == str(home / "bin" / "java")


def test_old_java_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JAVA_HOME", str(fake_java(tmp_path / "jdk8", 'java version "1.8.0_392"')))
    with pytest.raises(SandboxError) as err:
        check_java("1.20.3")
    assert "8" in str(err.value) and "11" in str(err.value) and "1.20.3" in str(err.value)


def test_new_enough_java_passes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JAVA_HOME", str(fake_java(tmp_path / "jdk17", 'openjdk version "17.0.15"')))
    assert check_java("2.2.1") == 17


def test_no_java(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(SandboxError) as err:
        check_java("1.20.3")
    assert "Java" in str(err.value) and "11" in str(err.value)


def test_port_in_use_and_who_holds_it() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        assert port_in_use(port)
        holder = who_listens(port)
        assert holder is not None and holder[0] == os.getpid()
        with pytest.raises(SandboxError) as err:
            check_ports([("SQL Gateway", port)])
        text = str(err.value)
        assert str(port) in text and "SQL Gateway" in text and str(os.getpid()) in text
        assert "--gateway-port" in text
    assert not port_in_use(port)
    check_ports([("SQL Gateway", port)])


def test_listener_on_all_interfaces_counts() -> None:
    with socket.socket() as sock:
        sock.bind(("0.0.0.0", 0))
        sock.listen()
        assert port_in_use(sock.getsockname()[1])


def test_free_port_is_free() -> None:
    port = free_port()
    assert 0 < port < 65536
    assert not port_in_use(port)
