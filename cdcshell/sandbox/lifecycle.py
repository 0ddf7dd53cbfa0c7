"""The sandbox as one thing: bring it up, look at it, take it down; the Python API behind `cdcshell sandbox`.

A sandbox is a directory (conf, logs, pids, checkpoints, savepoints, and PostgreSQL's data when asked for) plus
the processes started from it. What it was started with is kept in `sandbox.json`, so `status`, `down` and the
crash-recovery helpers need nothing but the directory.

Size (~520 lines): up, status, down, restart and the crash helpers (kill, stop, start) are one API over one
state file under one lock (`sandbox/state.py`); the services themselves live beside it (processes, ports,
postgres, mysql, kafka, assemble). The next seam, if it grows again: the crash helpers (kill, stop, start).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cdcshell.i18n import t
from cdcshell.sandbox import assemble
from cdcshell.sandbox.config import (
    DEFAULT_GATEWAY_PORT,
    DEFAULT_JOBMANAGER_PORT,
    SandboxPorts,
    write_conf_dir,
)
from cdcshell.sandbox.errors import SandboxError
from cdcshell.sandbox.ports import free_port
from cdcshell.sandbox.preflight import check_java, check_ports
from cdcshell.sandbox.processes import (
    COMPONENTS,
    Layout,
    PidRecord,
    component_name,
    kill_component,
    process_env,
    running,
    spawn,
    stop_records,
    tail,
    taskmanager_ids,
    wait_until_ready,
)
from cdcshell.sandbox.state import (
    SandboxInfo,
    component_port,
    exclusive,
    info_of,
    ports_of,
    read_state,
    resolve_dir,
    write_state,
)

if TYPE_CHECKING:
    from cdcshell.sandbox.postgres import PostgresInfo

Progress = Callable[[str], None]
DEFAULT_POSTGRES_PORT = 15432
DEFAULT_MYSQL_PORT = 13306
DEFAULT_KAFKA_PORT = 19092
SERVICES = ("postgres", "mysql", "kafka")  # what `--with` may name


def _quiet(_: str) -> None:
    return None


@dataclass(frozen=True)
class ComponentStatus:
    component: str
    pid: int | None
    port: int | None

    @property
    def running(self) -> bool:
        return self.pid is not None


@dataclass(frozen=True)
class SandboxStatus:
    sandbox_dir: Path
    info: SandboxInfo | None  # None: this directory never held a started sandbox
    components: list[ComponentStatus] = field(default_factory=list)
    postgres: ComponentStatus | None = None
    mysql: ComponentStatus | None = None
    kafka: ComponentStatus | None = None

    @property
    def running(self) -> bool:
        return any(c.running for c in self.components)

    @property
    def complete(self) -> bool:
        return bool(self.components) and all(c.running for c in self.components)


# ---------------------------------------------------------------------------------------------------------------
# up


def up(
    flink: str | None = None,
    *,
    flink_home: Path | str | None = None,
    sandbox_dir: Path | str | None = None,
    jobmanager_port: int = DEFAULT_JOBMANAGER_PORT,
    gateway_port: int = DEFAULT_GATEWAY_PORT,
    with_postgres: bool = False,
    postgres_port: int = DEFAULT_POSTGRES_PORT,
    extra_config: Mapping[str, object] | None = None,
    timeout: float = 180.0,
    progress: Progress = _quiet,
    with_mysql: bool = False,
    mysql_port: int = DEFAULT_MYSQL_PORT,
    with_kafka: bool = False,
    kafka_port: int = DEFAULT_KAFKA_PORT,
) -> SandboxInfo:
    """Start whatever part of the sandbox is not running, and return where to reach it.

    Calling it on a running sandbox is harmless: it says so and returns the same answer. Only the missing
    components are started, so `up` after a crash brings back just what crashed.
    """
    layout = Layout(resolve_dir(sandbox_dir, flink, flink_home))
    services = _Services(with_postgres, postgres_port, with_mysql, mysql_port, with_kafka, kafka_port)
    with exclusive(layout):
        return _up(
            layout,
            flink,
            flink_home,
            jobmanager_port,
            gateway_port,
            services,
            extra_config,
            timeout,
            progress,
        )


@dataclass(frozen=True)
class _Services:
    """Which databases and brokers `up` starts next to Flink, and on which ports."""

    postgres: bool = False
    postgres_port: int = DEFAULT_POSTGRES_PORT
    mysql: bool = False
    mysql_port: int = DEFAULT_MYSQL_PORT
    kafka: bool = False
    kafka_port: int = DEFAULT_KAFKA_PORT

    @property
    def any(self) -> bool:
        return self.postgres or self.mysql or self.kafka

    @property
    def connector_services(self) -> list[str]:
        """The services whose connector jars come on top of the PostgreSQL/JDBC set."""
        return [name for name in ("mysql", "kafka") if getattr(self, name)]


def _missing_connectors(state: Mapping[str, Any], services: _Services) -> list[str]:
    """The services asked for whose jars the running Flink was not started with."""
    from cdcshell.sandbox import connectors

    have = {Path(j).name for j in state.get("connectors") or []}
    names = [name for name in SERVICES if getattr(services, name)]
    return [
        name
        for name in names
        if not connectors.jar_names(str(state["flink_version"]), [name] if name != "postgres" else []) <= have
    ]


def _up(
    layout: Layout,
    flink: str | None,
    flink_home: Path | str | None,
    jobmanager_port: int,
    gateway_port: int,
    services: _Services,
    extra_config: Mapping[str, object] | None,
    timeout: float,
    progress: Progress,
) -> SandboxInfo:
    state = read_state(layout)
    live = {c: r for c in COMPONENTS if (r := running(layout, c)) is not None}

    if live and state is not None:
        found = str(state["flink_version"])
        if flink is not None and flink not in (found, ".".join(found.split(".")[:2])):
            raise SandboxError(
                t("sandbox.version_differs", dir=layout.sandbox_dir, found=found, wanted=flink)
            )
        if services.postgres and not state.get("connectors"):
            raise SandboxError(t("sandbox.needs_restart_for_postgres", dir=layout.sandbox_dir))
        if services.any and (lacking := _missing_connectors(state, services)):
            raise SandboxError(
                t(
                    "sandbox.needs_restart_for_connectors",
                    dir=layout.sandbox_dir,
                    what=", ".join(lacking),
                    with_=",".join(lacking),
                )
            )
        home = assemble.FlinkHome(Path(state["flink_home"]), str(state["flink_version"]), assembled=True)
        ports = ports_of(state)
        if len(live) == len(COMPONENTS):
            progress(t("sandbox.already_running", dir=layout.sandbox_dir, version=home.version))
    else:
        home = assemble.resolve_home(flink, flink_home, progress)
        if not home.assembled:
            progress(t("sandbox.home.using", path=home.path, version=home.version))
        check_java(home.version)
        ports = SandboxPorts(jobmanager_port, gateway_port, free_port())
        state = {
            "flink_version": home.version,
            "flink_home": str(home.path),
            "assembled": home.assembled,
            "ports": asdict(ports),
            "connectors": [],
            "postgres": None,
            "extra_config": dict(extra_config or {}),
        }
        if services.any:
            from cdcshell.sandbox import connectors

            state["connectors"] = [
                str(p)
                for p in connectors.fetch_connectors(home.version, progress, services.connector_services)
            ]
            state["services"] = services.connector_services

    missing = [c for c in COMPONENTS if c not in live]
    if missing:
        check_ports(
            [(component_name(c), p) for c in missing if (p := component_port(c, ports)) is not None]
            + ([(t("sandbox.port.rpc"), ports.rpc)] if "jobmanager" in missing else [])
        )
        write_conf_dir(home.path, layout.sandbox_dir, ports, state.get("extra_config"))
        write_state(layout, state)
        info = info_of(layout, state)
        started_at = time.monotonic()
        progress(
            t(
                "sandbox.starting",
                components=", ".join(component_name(c) for c in missing),
                version=home.version,
                dir=layout.sandbox_dir,
            )
        )
        records = _spawn(home.path, layout, state, missing, ports)
        try:
            wait_until_ready(layout, records, info.jobmanager_url, info.gateway_url, timeout=timeout)
        except BaseException:  # a component died, time ran out, or Ctrl-C: leave nothing half-started behind
            stop_records(layout, records.values(), grace=5.0)
            raise
        progress(t("sandbox.started", seconds=f"{time.monotonic() - started_at:.1f}"))

    if services.postgres:
        from cdcshell.sandbox import postgres

        running_pg = postgres.up(layout, services.postgres_port, progress)
        state["postgres"] = {"port": running_pg.port, "dsn": running_pg.dsn}
        write_state(layout, state)
    if services.mysql:
        from cdcshell.sandbox import mysql

        running_my = mysql.up(layout, services.mysql_port, progress)
        state["mysql"] = {"port": running_my.port, "url": running_my.url}
        write_state(layout, state)
    if services.kafka:
        from cdcshell.sandbox import kafka

        running_kafka = kafka.up(layout, services.kafka_port, progress)
        state["kafka"] = {"port": running_kafka.port, "bootstrap": running_kafka.bootstrap}
        write_state(layout, state)
    return info_of(layout, state)


def _lib_dir(layout: Layout, home: Path, state: Mapping[str, Any]) -> Path | None:
    jars = [Path(j) for j in state.get("connectors") or []]
    if not jars:
        return None
    from cdcshell.sandbox import connectors

    return connectors.build_lib_dir(home, layout.lib_dir, jars)


def _spawn(
    home: Path, layout: Layout, state: Mapping[str, Any], components: list[str], ports: SandboxPorts
) -> dict[str, PidRecord]:
    env = process_env(layout, _lib_dir(layout, home, state))
    return {c: spawn(home, layout, c, env, ports.gateway) for c in components}


# ---------------------------------------------------------------------------------------------------------------
# down, status, logs


def down(
    flink: str | None = None,
    *,
    sandbox_dir: Path | str | None = None,
    grace: float = 20.0,
    progress: Progress = _quiet,
) -> list[str]:
    """Stop what this sandbox started (gateway first, JobManager last); returns the components stopped."""
    layout = Layout(resolve_dir(sandbox_dir, flink))
    if not layout.sandbox_dir.is_dir():
        progress(t("sandbox.nothing_running", dir=layout.sandbox_dir))
        return []
    from cdcshell.sandbox import kafka, mysql, postgres

    with exclusive(layout):
        records = [r for c in reversed(COMPONENTS) if (r := running(layout, c)) is not None]
        stopped = [r.component for r in stop_records(layout, records, grace=grace)]
        for name, stop_service in (("kafka", kafka.down), ("mysql", mysql.down), ("postgres", postgres.down)):
            if stop_service(layout):
                stopped.append(name)
    progress(
        t("sandbox.stopped", components=", ".join(component_name(c) for c in stopped))
        if stopped
        else t("sandbox.nothing_running", dir=layout.sandbox_dir)
    )
    return stopped


def status(flink: str | None = None, *, sandbox_dir: Path | str | None = None) -> SandboxStatus:
    layout = Layout(resolve_dir(sandbox_dir, flink))
    state = read_state(layout)
    if state is None:
        return SandboxStatus(layout.sandbox_dir, None)
    ports = ports_of(state)
    components = []
    for component in COMPONENTS:
        record = running(layout, component)
        components.append(
            ComponentStatus(component, record.pid if record else None, component_port(component, ports))
        )
    pg_status = None
    if state.get("postgres"):
        from cdcshell.sandbox import postgres

        pg = postgres.running_info(layout)
        pg_status = ComponentStatus("postgres", pg.pid if pg else None, state["postgres"].get("port"))
    my_status = kafka_status = None
    if state.get("mysql"):
        from cdcshell.sandbox import mysql

        my = mysql.running_info(layout)
        my_status = ComponentStatus("mysql", my.pid if my else None, state["mysql"].get("port"))
    if state.get("kafka"):
        from cdcshell.sandbox import kafka

        broker = kafka.running_info(layout)
        kafka_status = ComponentStatus("kafka", broker.pid if broker else None, state["kafka"].get("port"))
    return SandboxStatus(
        layout.sandbox_dir, info_of(layout, state), components, pg_status, my_status, kafka_status
    )


def log_files(flink: str | None = None, *, sandbox_dir: Path | str | None = None) -> dict[str, Path]:
    layout = Layout(resolve_dir(sandbox_dir, flink))
    files = {c: layout.out_file(c) for c in COMPONENTS}
    from cdcshell.sandbox import kafka, mysql, postgres

    files["postgres"] = postgres.log_file(layout)
    files["mysql"] = mysql.log_file(layout)
    files["kafka"] = kafka.log_file(layout)
    return {c: p for c, p in files.items() if p.is_file()}


def logs(
    flink: str | None = None, *, sandbox_dir: Path | str | None = None, lines: int = 20
) -> dict[str, str]:
    """The last `lines` lines of each component's output, by component."""
    return {c: tail(p, lines) for c, p in log_files(flink, sandbox_dir=sandbox_dir).items()}


# ---------------------------------------------------------------------------------------------------------------
# Single components, for crash-recovery tests and `\sandbox` style commands


def _loaded(sandbox_dir: Path | str | None, flink: str | None) -> tuple[Layout, dict[str, Any]]:
    layout = Layout(resolve_dir(sandbox_dir, flink))
    state = read_state(layout)
    if state is None:
        raise SandboxError(t("sandbox.not_set_up", dir=layout.sandbox_dir))
    return layout, state


def kill(component: str, *, sandbox_dir: Path | str | None = None, flink: str | None = None) -> int | None:
    """SIGKILL one component, as a crash would; returns its pid, or None when it was not running."""
    if component not in COMPONENTS:
        raise SandboxError(t("sandbox.unknown_component", component=component, known=", ".join(COMPONENTS)))
    layout, _ = _loaded(sandbox_dir, flink)
    record = kill_component(layout, component)
    return record.pid if record else None


def stop(component: str, *, sandbox_dir: Path | str | None = None, flink: str | None = None) -> bool:
    """Stop one component gracefully; False when it was not running."""
    if component not in COMPONENTS:
        raise SandboxError(t("sandbox.unknown_component", component=component, known=", ".join(COMPONENTS)))
    layout, _ = _loaded(sandbox_dir, flink)
    record = running(layout, component)
    return bool(record and stop_records(layout, [record]))


def start(
    component: str, *, sandbox_dir: Path | str | None = None, flink: str | None = None, timeout: float = 120.0
) -> int:
    """Start one component of an existing sandbox (no-op when it runs) and wait until it answers; its pid."""
    if component not in COMPONENTS:
        raise SandboxError(t("sandbox.unknown_component", component=component, known=", ".join(COMPONENTS)))
    layout, state = _loaded(sandbox_dir, flink)
    existing = running(layout, component)
    if existing is not None:
        return existing.pid
    ports = ports_of(state)
    info = info_of(layout, state)
    if (port := component_port(component, ports)) is not None:
        check_ports([(component_name(component), port)])
    known = (taskmanager_ids(info.jobmanager_url) or set()) if component == "taskmanager" else None
    records = _spawn(Path(state["flink_home"]), layout, state, [component], ports)
    try:
        wait_until_ready(
            layout, records, info.jobmanager_url, info.gateway_url, timeout=timeout, known_taskmanagers=known
        )
    except SandboxError:
        stop_records(layout, records.values(), grace=5.0)
        raise
    return records[component].pid


def restart_taskmanager(
    *, sandbox_dir: Path | str | None = None, flink: str | None = None, timeout: float = 120.0
) -> int:
    """Stop the TaskManager gracefully and start a new one; returns when the JobManager has registered it."""
    stop("taskmanager", sandbox_dir=sandbox_dir, flink=flink)
    return start("taskmanager", sandbox_dir=sandbox_dir, flink=flink, timeout=timeout)


def restart(
    flink: str | None = None,
    *,
    sandbox_dir: Path | str | None = None,
    progress: Progress = _quiet,
    **up_options: Any,
) -> SandboxInfo:
    """Stop the Flink processes (PostgreSQL keeps running) and bring the sandbox up again."""
    layout = Layout(resolve_dir(sandbox_dir, flink))
    with exclusive(layout):
        records = [r for c in reversed(COMPONENTS) if (r := running(layout, c)) is not None]
        stop_records(layout, records)
        return _restart_up(layout, flink, progress, up_options)


def _restart_up(
    layout: Layout, flink: str | None, progress: Progress, up_options: dict[str, Any]
) -> SandboxInfo:
    state = read_state(layout)
    if state is not None:
        # the same Flink, ports and connectors as before, unless asked otherwise
        ports = ports_of(state)
        if flink is None and not up_options.get("flink_home"):
            if state.get("assembled", True):
                flink = ".".join(str(state["flink_version"]).split(".")[:2])
            else:
                up_options["flink_home"] = state["flink_home"]
        up_options.setdefault("jobmanager_port", ports.jobmanager)
        up_options.setdefault("gateway_port", ports.gateway)
        if state.get("connectors") and (state.get("postgres") or not state.get("services")):
            up_options.setdefault("with_postgres", True)  # a sandbox from before `services` meant PostgreSQL
        if state.get("postgres"):
            up_options.setdefault("postgres_port", state["postgres"]["port"])
        for service in ("mysql", "kafka"):
            if service in (state.get("services") or []) or state.get(service):
                up_options.setdefault(f"with_{service}", True)
            if state.get(service):
                up_options.setdefault(f"{service}_port", state[service]["port"])
    return up(flink, sandbox_dir=layout.sandbox_dir, progress=progress, **up_options)


def has_connectors(
    flink: str | None = None,
    *,
    sandbox_dir: Path | str | None = None,
    services: Iterable[str] = ("postgres",),
) -> bool:
    """True when the sandbox's Flink was started with the connector jars `services` need (CDC/JDBC by default)."""
    state = read_state(Layout(resolve_dir(sandbox_dir, flink)))
    if not (state and state.get("connectors")):
        return False
    wanted = set(services)
    return not _missing_connectors(
        state, _Services(postgres="postgres" in wanted, mysql="mysql" in wanted, kafka="kafka" in wanted)
    )


def postgres_up(
    flink: str | None = None,
    *,
    sandbox_dir: Path | str | None = None,
    port: int = DEFAULT_POSTGRES_PORT,
    progress: Progress = _quiet,
) -> PostgresInfo:
    """PostgreSQL alone (no Flink), in a sandbox directory: for tests against a Flink that is not ours."""
    from cdcshell.sandbox import postgres

    return postgres.up(Layout(resolve_dir(sandbox_dir, flink)), port, progress)


def postgres_running(flink: str | None = None, *, sandbox_dir: Path | str | None = None) -> bool:
    from cdcshell.sandbox import postgres

    return postgres.running_info(Layout(resolve_dir(sandbox_dir, flink))) is not None


def postgres_down(flink: str | None = None, *, sandbox_dir: Path | str | None = None) -> bool:
    from cdcshell.sandbox import postgres

    return postgres.down(Layout(resolve_dir(sandbox_dir, flink)))
