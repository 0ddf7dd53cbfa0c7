"""The sandbox's own Flink configuration directory, next to its logs, pids, checkpoints and savepoints.

The Flink home in the cache is shared by every sandbox and stays as shipped; each sandbox gets a conf dir that
Flink's scripts find through `FLINK_CONF_DIR`. The written `config.yaml` uses flat keys (Flink 1.19+ reads both
the nested and the flat form) so it is easy to diff and to test.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

LOOPBACK = "127.0.0.1"
DEFAULT_JOBMANAGER_PORT = 8081
DEFAULT_GATEWAY_PORT = 8083
TASK_SLOTS = 8

# Sized for a developer box (the reference is 24 GB, 2 cores): enough for a handful of CDC jobs at
# parallelism 1, small enough to leave room for the IDE, PostgreSQL and the shell.
JOBMANAGER_MEMORY = "1024m"
TASKMANAGER_MEMORY = "2048m"

# What Java 17 needs when the shipped config cannot be read; the shipped value wins whenever it is there.
FALLBACK_JAVA_OPTS = " ".join(
    f"--add-opens=java.base/{pkg}=ALL-UNNAMED"
    for pkg in (
        "java.lang",
        "java.net",
        "java.io",
        "java.nio",
        "sun.nio.ch",
        "java.lang.reflect",
        "java.text",
        "java.time",
        "java.util",
        "java.util.concurrent",
        "java.util.concurrent.atomic",
        "java.util.concurrent.locks",
    )
)


@dataclass(frozen=True)
class SandboxPorts:
    jobmanager: int = DEFAULT_JOBMANAGER_PORT  # JobManager REST (web UI)
    gateway: int = DEFAULT_GATEWAY_PORT  # SQL Gateway REST
    rpc: int = 0  # jobmanager.rpc.port; the TaskManager must know it, so it is fixed when the sandbox starts


def shipped_settings(text: str) -> dict[str, str]:
    """The settings of the `config.yaml` Flink ships, flattened; {} if it cannot be read (the sandbox then
    falls back to its own values: a home with an odd file must still start)."""
    from cdcshell.flinkconf import FlinkConfigError, parse_flink_config

    try:
        return parse_flink_config(text)
    except FlinkConfigError:
        return {}


def _yaml_scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return json.dumps(str(value))  # a JSON string is a valid YAML double-quoted scalar


def sandbox_settings(
    sandbox_dir: Path, ports: SandboxPorts, shipped: Mapping[str, str] | None = None
) -> dict[str, object]:
    """The configuration of a one-machine sandbox whose state lives under `sandbox_dir`."""
    shipped = shipped or {}
    settings: dict[str, object] = {
        "env.java.opts.all": shipped.get("env.java.opts.all") or FALLBACK_JAVA_OPTS,
        "jobmanager.rpc.address": LOOPBACK,
        "jobmanager.rpc.port": ports.rpc,
        "jobmanager.bind-host": LOOPBACK,
        "jobmanager.memory.process.size": JOBMANAGER_MEMORY,
        "jobmanager.execution.failover-strategy": "region",
        "taskmanager.bind-host": LOOPBACK,
        "taskmanager.host": LOOPBACK,
        "taskmanager.numberOfTaskSlots": TASK_SLOTS,
        "taskmanager.memory.process.size": TASKMANAGER_MEMORY,
        "parallelism.default": 1,
        "rest.address": LOOPBACK,
        "rest.bind-address": LOOPBACK,
        "rest.port": ports.jobmanager,
        "sql-gateway.endpoint.rest.address": LOOPBACK,
        "sql-gateway.endpoint.rest.bind-address": LOOPBACK,
        "sql-gateway.endpoint.rest.port": ports.gateway,
        # The new key names, accepted by 1.20 and the only ones in 2.x: a session SET of the legacy
        # `state.checkpoints.dir` is silently overridden by these, which the linter warns about.
        "execution.checkpointing.dir": (sandbox_dir / "checkpoints").resolve().as_uri(),
        "execution.checkpointing.savepoint-dir": (sandbox_dir / "savepoints").resolve().as_uri(),
        # A CDC job that fails should come back soon, but a poison record must not spin the CPU.
        "restart-strategy.type": "exponential-delay",
        "restart-strategy.exponential-delay.initial-backoff": "1 s",
        "restart-strategy.exponential-delay.max-backoff": "30 s",
        "restart-strategy.exponential-delay.backoff-multiplier": "2.0",
        "restart-strategy.exponential-delay.reset-backoff-threshold": "10 min",
        "restart-strategy.exponential-delay.jitter-factor": "0.1",
        # A killed TaskManager is noticed in seconds instead of the default 50 s, which is what crash-recovery
        # experiments in the sandbox want; on one machine there is no network to be patient with.
        "heartbeat.interval": "2 s",
        "heartbeat.timeout": "20 s",
        "io.tmp.dirs": str((sandbox_dir / "tmp").resolve()),
        "web.upload.dir": str((sandbox_dir / "tmp").resolve()),
    }
    return settings


def render_config(settings: Mapping[str, object]) -> str:
    lines = [
        "# Written by `cdcshell sandbox up` for this sandbox only; it is rewritten on every start.",
        "# Flat keys are valid Flink YAML (1.19+).",
    ]
    lines += [f"{key}: {_yaml_scalar(value)}" for key, value in settings.items()]
    return "\n".join(lines) + "\n"


def write_conf_dir(
    home: Path,
    sandbox_dir: Path,
    ports: SandboxPorts,
    extra: Mapping[str, object] | None = None,
) -> Path:
    """Copy the home's conf dir into the sandbox and write its `config.yaml`; returns the conf dir.

    `extra` settings override ours (used by tests that need a broken or unusual cluster).
    """
    conf = sandbox_dir / "conf"
    conf.mkdir(parents=True, exist_ok=True)
    shipped_text = ""
    for item in (home / "conf").iterdir():
        if item.name == "config.yaml":
            shipped_text = item.read_text(encoding="utf-8", errors="replace")
        elif item.is_file():
            shutil.copyfile(item, conf / item.name)
    for folder in ("checkpoints", "savepoints", "tmp", "log", "run"):
        (sandbox_dir / folder).mkdir(parents=True, exist_ok=True)
    settings = sandbox_settings(sandbox_dir, ports, shipped_settings(shipped_text))
    settings.update(extra or {})
    (conf / "config.yaml").write_text(render_config(settings), encoding="utf-8")
    return conf
