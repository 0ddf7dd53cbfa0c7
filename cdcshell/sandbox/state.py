"""The sandbox directory's state file (`sandbox.json`) and its lock: which directory a command means, what the
sandbox was started with, and where to reach it. What `up`, `down`, `status` and the crash helpers share
(`cdcshell.sandbox.lifecycle`); the file is written atomically and 0600, because it holds the demo database's DSN.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cdcshell import paths
from cdcshell.sandbox import assemble
from cdcshell.sandbox.config import LOOPBACK, SandboxPorts
from cdcshell.sandbox.processes import Layout


@dataclass(frozen=True)
class SandboxInfo:
    gateway_url: str
    jobmanager_url: str
    flink_version: str
    flink_home: Path | None  # None only for a cluster that is not ours (tests pointed at a running Flink)
    sandbox_dir: Path | None
    postgres_dsn: str | None = None
    mysql_url: str | None = None  # mysql://cdc:cdc@127.0.0.1:<port>/shop
    kafka_bootstrap: str | None = None  # 127.0.0.1:<port>


def default_dir(series: str) -> Path:
    return paths.state_dir() / f"sandbox-{series}"


def resolve_dir(
    sandbox_dir: Path | str | None, flink: str | None, flink_home: Path | str | None = None
) -> Path:
    """`--dir`, else the default directory of the version asked for (or of `--flink-home` / `FLINK_HOME`)."""
    if sandbox_dir is not None:
        return Path(sandbox_dir).expanduser().resolve()
    if flink is None:
        given = flink_home or os.environ.get("FLINK_HOME")
        version = assemble.dist_version(Path(given).expanduser()) if given else None
        if version:
            flink = ".".join(version.split(".")[:2])
    return default_dir(flink or assemble.DEFAULT_SERIES)


def read_state(layout: Layout) -> dict[str, Any] | None:
    try:
        data = json.loads(layout.state_file.read_text())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def write_state(layout: Layout, state: Mapping[str, Any]) -> None:
    layout.sandbox_dir.mkdir(parents=True, exist_ok=True)
    tmp = layout.state_file.with_suffix(".tmp")
    tmp.write_text(json.dumps(state, indent=2, default=str) + "\n")
    os.chmod(tmp, 0o600)  # it holds the demo database's DSN
    os.replace(tmp, layout.state_file)


def ports_of(state: Mapping[str, Any]) -> SandboxPorts:
    raw = state.get("ports", {})
    return SandboxPorts(int(raw["jobmanager"]), int(raw["gateway"]), int(raw["rpc"]))


def info_of(layout: Layout, state: Mapping[str, Any]) -> SandboxInfo:
    ports = ports_of(state)
    postgres = state.get("postgres") or {}
    return SandboxInfo(
        gateway_url=f"http://{LOOPBACK}:{ports.gateway}",
        jobmanager_url=f"http://{LOOPBACK}:{ports.jobmanager}",
        flink_version=str(state["flink_version"]),
        flink_home=Path(state["flink_home"]),
        sandbox_dir=layout.sandbox_dir,
        postgres_dsn=postgres.get("dsn"),
        mysql_url=(state.get("mysql") or {}).get("url"),
        kafka_bootstrap=(state.get("kafka") or {}).get("bootstrap"),
    )


_held: dict[Path, tuple[int, int]] = {}  # lock file → (fd, depth): re-entrant within this process


@contextlib.contextmanager
def exclusive(layout: Layout) -> Iterator[None]:
    """One `up`/`down`/`restart` at a time per sandbox directory, across processes (two test runs, say)."""
    path = layout.sandbox_dir / ".sandbox.lock"
    if path in _held:
        fd, depth = _held[path]
        _held[path] = (fd, depth + 1)
        try:
            yield
        finally:
            fd, depth = _held[path]
            _held[path] = (fd, depth - 1)
        return
    layout.sandbox_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        _held[path] = (fd, 1)
        yield
    finally:
        _held.pop(path, None)
        os.close(fd)  # closing releases the lock


def component_port(component: str, ports: SandboxPorts) -> int | None:
    return {"jobmanager": ports.jobmanager, "gateway": ports.gateway}.get(component)
