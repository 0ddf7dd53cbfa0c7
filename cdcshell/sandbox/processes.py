"""Start, watch and stop the sandbox's Flink processes, by pid, and only the ones we started.

Each component runs its `start-foreground` script in a new session: the scripts `exec` all the way down to
`java`, so the pid we get from Popen is the JVM's and its process group is ours alone. Our pid files record the
process's start time too, which tells a live process of ours from an unrelated one that inherited the pid.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from cdcshell.i18n import t
from cdcshell.sandbox.errors import SandboxError

COMPONENTS: tuple[str, ...] = ("jobmanager", "taskmanager", "gateway")
# The display name of each component (and of the sandbox's PostgreSQL), as literal keys so that a test can tell
# used message keys from dead ones.
_COMPONENT_KEYS = {
    "jobmanager": "sandbox.component.jobmanager",
    "taskmanager": "sandbox.component.taskmanager",
    "gateway": "sandbox.component.gateway",
    "postgres": "sandbox.component.postgres",
}


def component_name(component: str) -> str:
    """The user-facing name of a sandbox component ("JobManager", "SQL Gateway", ...)."""
    key = _COMPONENT_KEYS.get(component)
    return t(key) if key else component


_SCRIPTS = {"jobmanager": "jobmanager.sh", "taskmanager": "taskmanager.sh", "gateway": "sql-gateway.sh"}
_PROC = Path("/proc")

# Children started by this Python process: polling them reaps them, so a dead child is not mistaken for a live
# zombie by a long-running caller (the REPL, a test session).
_children: dict[int, subprocess.Popen[bytes]] = {}


@dataclass(frozen=True)
class Layout:
    """Where one sandbox keeps its things."""

    sandbox_dir: Path

    @property
    def conf_dir(self) -> Path:
        return self.sandbox_dir / "conf"

    @property
    def log_dir(self) -> Path:
        return self.sandbox_dir / "log"

    @property
    def run_dir(self) -> Path:
        return self.sandbox_dir / "run"

    @property
    def lib_dir(self) -> Path:
        return self.sandbox_dir / "lib"

    @property
    def state_file(self) -> Path:
        return self.sandbox_dir / "sandbox.json"

    def pid_file(self, component: str) -> Path:
        return self.run_dir / f"{component}.pid"

    def out_file(self, component: str) -> Path:
        return self.log_dir / f"{component}.out"


@dataclass(frozen=True)
class PidRecord:
    pid: int
    start_ticks: int  # field 22 of /proc/<pid>/stat: survives exec, differs for a recycled pid
    component: str

    def to_json(self) -> str:
        return json.dumps({"pid": self.pid, "start_ticks": self.start_ticks, "component": self.component})


def start_ticks(pid: int, proc: Path = _PROC) -> int | None:
    try:
        stat = (proc / str(pid) / "stat").read_text()
    except OSError:
        return None
    # The command name (field 2) may contain spaces and parentheses: split after the last ')'.
    fields = stat[stat.rindex(")") + 2 :].split()
    return int(fields[19])


def _state_letter(pid: int, proc: Path = _PROC) -> str | None:
    try:
        stat = (proc / str(pid) / "stat").read_text()
    except OSError:
        return None
    return stat[stat.rindex(")") + 2 :].split()[0]


def read_pid_file(path: Path) -> PidRecord | None:
    """The record in `path`, or None when the file is missing or not ours (garbage is ignored, not trusted)."""
    try:
        data = json.loads(path.read_text())
        return PidRecord(int(data["pid"]), int(data["start_ticks"]), str(data["component"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_pid_file(path: Path, record: PidRecord) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(record.to_json() + "\n")
    os.replace(tmp, path)


def is_alive(record: PidRecord, proc: Path = _PROC) -> bool:
    """True when the process in `record` still runs and still is the one we started."""
    child = _children.get(record.pid)
    if child is not None:
        if child.poll() is None:
            return True  # includes a JVM whose main thread is gone while the others still shut down
        _children.pop(record.pid, None)
        return False
    if start_ticks(record.pid, proc) != record.start_ticks:
        return False
    return _any_thread_running(record.pid, proc)


def _any_thread_running(pid: int, proc: Path = _PROC) -> bool:
    """A process whose main thread shows `Z` is still alive while any other thread runs (a JVM shutting down);
    only when every thread is gone is it a zombie waiting for its parent."""
    if _state_letter(pid, proc) not in (None, "Z", "X"):
        return True
    try:
        tids = [entry.name for entry in (proc / str(pid) / "task").iterdir()]
    except OSError:
        return False
    for tid in tids:
        try:
            stat = (proc / str(pid) / "task" / tid / "stat").read_text()
        except OSError:
            continue
        if stat[stat.rindex(")") + 2 :].split()[0] not in ("Z", "X"):
            return True
    return False


def running(layout: Layout, component: str) -> PidRecord | None:
    """The live process of `component`, or None (a stale pid file is removed on the way)."""
    path = layout.pid_file(component)
    record = read_pid_file(path)
    if record is None:
        return None
    if is_alive(record):
        return record
    with contextlib.suppress(OSError):
        path.unlink()
    return None


def process_env(
    layout: Layout, lib_dir: Path | None, base: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The environment Flink's scripts read: our conf, log and pid dirs (and lib dir), never the home's."""
    env = dict(os.environ if base is None else base)
    env.pop("FLINK_HOME", None)  # config.sh derives it from the script's own location
    env.update(
        FLINK_CONF_DIR=str(layout.conf_dir),
        FLINK_LOG_DIR=str(layout.log_dir),
        FLINK_PID_DIR=str(layout.run_dir / "flink"),
        FLINK_IDENT_STRING="cdcshell",
    )
    if lib_dir is not None:
        env["FLINK_LIB_DIR"] = str(lib_dir)
    else:
        env.pop("FLINK_LIB_DIR", None)
    return env


def command_for(home: Path, component: str, gateway_port: int) -> list[str]:
    command = ["bash", str(home / "bin" / _SCRIPTS[component]), "start-foreground"]
    if component == "gateway":
        command += [
            "-Dsql-gateway.endpoint.rest.address=127.0.0.1",
            f"-Dsql-gateway.endpoint.rest.port={gateway_port}",
        ]
    return command


def spawn(home: Path, layout: Layout, component: str, env: Mapping[str, str], gateway_port: int) -> PidRecord:
    """Start one component in its own session, output to `log/<component>.out`, and record its pid.

    The previous run's output is kept as `<component>.out.1`, so a component that crashed and was brought back
    by `up` still has the story of its crash next to it.
    """
    layout.log_dir.mkdir(parents=True, exist_ok=True)
    out_file = layout.out_file(component)
    if out_file.is_file() and out_file.stat().st_size:
        os.replace(
            out_file, out_file.with_name(out_file.name + ".1")
        )  # the last run's output, e.g. of a crash
    with open(out_file, "wb") as out:
        child = subprocess.Popen(
            command_for(home, component, gateway_port),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=dict(env),
            cwd=str(layout.sandbox_dir),
            start_new_session=True,
            close_fds=True,
        )
    _children[child.pid] = child
    ticks = start_ticks(child.pid)
    if ticks is None:  # gone already: still record it so the caller reports its output
        ticks = -1
    record = PidRecord(child.pid, ticks, component)
    write_pid_file(layout.pid_file(component), record)
    return record


def _signal_group(record: PidRecord, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        if os.getpgid(record.pid) == record.pid:
            os.killpg(record.pid, sig)
        else:
            os.kill(record.pid, sig)


def stop_records(layout: Layout, records: Iterable[PidRecord], grace: float = 20.0) -> list[PidRecord]:
    """SIGTERM each live process, wait up to `grace` seconds, then SIGKILL what is left; returns the stopped."""
    live = [r for r in records if is_alive(r)]
    for record in live:
        _signal_group(record, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and any(is_alive(r) for r in live):
        time.sleep(0.2)
    for record in live:
        if is_alive(record):
            _signal_group(record, signal.SIGKILL)
    deadline = time.monotonic() + 5.0
    while time.monotonic() < deadline and any(is_alive(r) for r in live):
        time.sleep(0.1)
    for record in live:
        child = _children.get(record.pid)
        if child is not None and child.poll() is not None:
            _children.pop(record.pid, None)
        path = layout.pid_file(record.component)
        if read_pid_file(path) == record:
            with contextlib.suppress(OSError):
                path.unlink()
    return live


def kill_component(layout: Layout, component: str) -> PidRecord | None:
    """SIGKILL a component at once, the way a crash would end it; the pid file is left for `up` to clean."""
    record = running(layout, component)
    if record is None:
        return None
    _signal_group(record, signal.SIGKILL)
    deadline = time.monotonic() + 10.0
    while time.monotonic() < deadline and is_alive(record):
        time.sleep(0.05)
    return record


def tail(path: Path, lines: int = 20) -> str:
    """The last `lines` lines of a (possibly large) log file."""
    try:
        with open(path, "rb") as handle:
            handle.seek(0, os.SEEK_END)
            size = handle.tell()
            chunk = min(size, max(8192, lines * 400))
            handle.seek(size - chunk)
            data = handle.read().decode("utf-8", errors="replace")
    except OSError:
        return ""
    return "\n".join(data.splitlines()[-lines:])


# ---------------------------------------------------------------------------------------------------------------
# Readiness probes over REST (urllib: no proxies, small timeouts, nothing heavy to import)

_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def get_json(url: str, timeout: float = 2.0) -> object | None:
    """The JSON answer of `url`, or None when there is no answer (yet)."""
    try:
        with _opener.open(url, timeout=timeout) as response:
            return json.loads(response.read().decode("utf-8"))
    except (OSError, ValueError, urllib.error.URLError):
        return None


def taskmanager_ids(jobmanager_url: str, *, with_slots: bool = False) -> set[str] | None:
    """The TaskManagers the JobManager lists; `with_slots`: only those whose slots it has registered too.

    Why both: a TaskManager is listed once it registers, and its slots only with its slot report a moment
    later; until then `/overview` says 1 TaskManager, 0 slots, and a job submitted then waits for slots (a
    loaded CI machine caught `up` returning in that moment, 2026-12-03)."""
    data = get_json(f"{jobmanager_url}/taskmanagers")
    if not isinstance(data, dict):
        return None
    return {
        str(tm.get("id"))
        for tm in data.get("taskmanagers", [])
        if isinstance(tm, dict) and (not with_slots or _count(tm.get("slotsNumber")) > 0)
    }


def _count(value: object) -> int:
    return value if isinstance(value, int) else 0


def jobmanager_ready(jobmanager_url: str) -> bool:
    return isinstance(get_json(f"{jobmanager_url}/overview"), dict)


def gateway_ready(gateway_url: str) -> bool:
    return isinstance(get_json(f"{gateway_url}/v1/info"), dict)


def wait_until_ready(
    layout: Layout,
    records: Mapping[str, PidRecord],
    jobmanager_url: str,
    gateway_url: str,
    timeout: float = 180.0,
    known_taskmanagers: set[str] | None = None,
) -> None:
    """Return when every started component answers; raise with its log tail when one dies or time runs out.

    A TaskManager counts as ready when the JobManager lists, with its slots, a TaskManager it did not list before
    the start (`known_taskmanagers`), so a just-killed one still in the list (until its heartbeat times out) does
    not.
    """
    known = known_taskmanagers or set()
    pending = dict(records)
    deadline = time.monotonic() + timeout
    while pending:
        for component, record in list(pending.items()):
            if not is_alive(record):
                raise SandboxError(
                    t(
                        "sandbox.died",
                        component=component_name(component),
                        log=layout.out_file(component),
                        tail=tail(layout.out_file(component), 20) or t("sandbox.log_empty"),
                    )
                )
            if component == "jobmanager":
                ok = jobmanager_ready(jobmanager_url)
            elif component == "gateway":
                ok = gateway_ready(gateway_url)
            else:
                ids = taskmanager_ids(jobmanager_url, with_slots=True)
                ok = bool(ids and ids - known)
            if ok:
                pending.pop(component)
        if not pending:
            return
        if time.monotonic() > deadline:
            names = ", ".join(component_name(c) for c in pending)
            tails = "\n".join(f"--- {layout.out_file(c)}\n{tail(layout.out_file(c), 20)}" for c in pending)
            raise SandboxError(
                t("sandbox.start_timeout", components=names, seconds=int(timeout), tails=tails)
            )
        time.sleep(0.3)
