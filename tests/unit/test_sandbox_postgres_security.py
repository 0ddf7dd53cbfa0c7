"""Issue 17: the sandbox PostgreSQL trusts no local user, hides its socket, and says what it does as root."""

from __future__ import annotations

import stat
import subprocess
from pathlib import Path

import pytest

from cdcshell.sandbox import postgres
from cdcshell.sandbox.processes import Layout


def test_local_connections_are_not_trusted(tmp_path: Path) -> None:
    assert postgres.LOCAL_AUTH in ("peer", "scram-sha-256")
    hba = tmp_path / "pg_hba.conf"
    hba.write_text(
        "# TYPE DATABASE USER ADDRESS METHOD\n"
        "local   all             all                                     trust\n"
        "host    all             all             127.0.0.1/32            scram-sha-256\n"
        "local   replication     all                                     trust\n"
    )
    assert postgres.harden_hba(hba)
    text = hba.read_text()
    assert "trust" not in text.replace("# TYPE", "") and text.count("peer") == 2
    assert "scram-sha-256" in text
    assert not postgres.harden_hba(hba)  # already hardened: nothing to change


def test_socket_directory_is_private(tmp_path: Path) -> None:
    cluster = postgres.Cluster(tmp_path / "pg", None)
    postgres._prepare_dirs(cluster, Layout(tmp_path / "sb"))
    assert stat.S_IMODE(cluster.socket_dir.stat().st_mode) == 0o700


def test_root_says_before_useradd(monkeypatch: pytest.MonkeyPatch) -> None:
    events: list[str] = []

    def no_user(name: str):
        raise KeyError(name)

    def run(command, **kwargs):
        events.append("run:" + command[0])
        return subprocess.CompletedProcess(command, 1, "", "useradd: permission denied")

    monkeypatch.setattr(postgres.pwd, "getpwnam", no_user)
    monkeypatch.setattr(postgres.subprocess, "run", run)
    with pytest.raises(postgres.SandboxError):
        postgres._ensure_system_user(lambda text: events.append("say:" + text))
    assert events[0].startswith("say:") and "useradd" in events[0] and events[1] == "run:useradd"


def test_root_says_before_apt_get(monkeypatch: pytest.MonkeyPatch) -> None:
    from cdcshell.sandbox import packages

    events: list[str] = []

    def run(command, **kwargs):
        events.append("run")
        return subprocess.CompletedProcess(command, 1, "", "no network")

    monkeypatch.setattr(postgres, "find_bindir", lambda: None)
    monkeypatch.setattr(packages.os, "geteuid", lambda: 0)
    monkeypatch.setattr(packages.subprocess, "run", run)
    with pytest.raises(postgres.SandboxError):
        postgres.ensure_bindir(lambda text: events.append("say:" + text))
    said = events[: events.index("run")]
    assert any("root" in e and ("install" in e or "apt-get" in e) for e in said), events
