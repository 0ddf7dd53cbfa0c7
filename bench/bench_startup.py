#!/usr/bin/env python3
"""Start to prompt: how long from `exec` until the prompt is drawn on a terminal, next to the programs a user
would otherwise start, all measured in the same run.

    python bench/bench_startup.py [--quick|--full] [--gateway URL --flink-home DIR]

Each program runs on a fresh pseudo-terminal (120×40, TERM=xterm-256color) and the clock stops when its prompt
text appears on the screen (escape sequences removed; cursor-position requests are answered as a terminal
would). Candidates run in turn within each round, so that the machine's load falls on all of them alike; one
warm-up round (page cache, .pyc files, the JVM's class data) is thrown away and the medians are reported.

Goals (issue 8): at most 1/8 of Flink's SQL Client (`sql-client.sh gateway --endpoint …`), faster than litecli
and pgcli, and within 1.3× of a bare prompt_toolkit `PromptSession().prompt()` — the floor for this design.
Also measured: cdcshell pointed at a gateway that does not answer (the handshake must not delay the prompt) and
the time until the prompt shows it is connected (●), which is off the prompt's path by design.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    BenchError,
    Figure,
    Target,
    add_size_args,
    add_target_args,
    cdcshell_command,
    flink_env,
    interleaved,
    load_average,
    log,
    median,
    print_figures,
    proc_tree_cpu_seconds,
    resolve_target,
    scratch_env,
    spawn_pty,
    sql_client_argv,
)

FLOOR_CODE = "from prompt_toolkit import PromptSession; PromptSession().prompt('floor> ')"
VENV_PACKAGES = ("litecli", "pgcli")


def bench_venv() -> tuple[Path | None, str]:
    """A throwaway venv with litecli and pgcli (not project dependencies), made on first use.

    It sees this interpreter's site-packages, so every Python candidate starts under the same `site` (the same
    .pth files, the same prompt_toolkit): only the programs differ. → (bin dir or None, why not).
    """
    from cdcshell.paths import cache_dir

    venv = cache_dir() / "bench-venv"
    bindir = venv / "bin"
    if all((bindir / name).exists() for name in VENV_PACKAGES):
        return bindir, ""
    log(f"installing {', '.join(VENV_PACKAGES)} into {venv} (once)")
    try:
        if not (bindir / "python").exists():
            subprocess.run(
                [sys.executable, "-m", "venv", "--system-site-packages", str(venv)],
                check=True,
                capture_output=True,
                timeout=600,
            )
        subprocess.run(
            [str(bindir / "python"), "-m", "pip", "install", "--quiet", *VENV_PACKAGES],
            check=True,
            capture_output=True,
            timeout=1200,
        )
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        return (
            None,
            f"could not install {', '.join(VENV_PACKAGES)}: {exc} {detail.decode(errors='replace')[-200:]}",
        )
    return bindir, ""


def closed_port_url() -> str:
    """A loopback URL where nothing listens: the gateway that never answers."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def time_prompt(
    argv: list[str],
    env: dict[str, str],
    pattern: str,
    quit_keys: bytes | None,
    timeout: float = 180.0,
    cwd: Path | None = None,
    connected: list[float] | None = None,
    cpu: list[float] | None = None,
) -> float:
    """Seconds from spawn to `pattern` on the screen. With `cpu`, also append the CPU time the program had used
    by then (less sensitive than the wall clock to other processes on a shared machine); with `connected`, keep
    reading until the prompt shows the connected marker and append that time (one that never comes is simply
    not recorded)."""
    run = spawn_pty(argv, env, cwd=cwd)
    try:
        elapsed = run.read_until(re.compile(pattern), timeout)
        if cpu is not None:
            # Frozen while its CPU time is read: what a program does after drawing its prompt (cdcshell starts
            # its gateway handshake then) is not part of this figure, and reading /proc takes milliseconds, more
            # inside a whole run.py (the 15:01 run: 1.11x, interval 1.09-1.31x, against 1.04x alone).
            os.kill(run.pid, signal.SIGSTOP)
            try:
                with contextlib.suppress(OSError, ValueError, IndexError):
                    cpu.append(proc_tree_cpu_seconds(run.pid, precise=True))
            finally:
                os.kill(run.pid, signal.SIGCONT)
        if connected is not None:
            with contextlib.suppress(BenchError):
                connected.append(run.read_until(re.compile("\u25cf"), 60))
        return elapsed
    finally:
        run.stop(quit_keys, grace=15)


def collect(target: Target | None, full: bool, postgres_dsn: str | None = None) -> list[Figure]:
    if postgres_dsn:
        return _collect(target, full, postgres_dsn, "")
    with throwaway_postgres() as (dsn, why):
        return _collect(target, full, dsn, why)


def _collect(target: Target | None, full: bool, postgres_dsn: str | None, no_postgres: str) -> list[Figure]:
    # From 8 rounds on, one stray round no longer decides (common.median_interval). A start takes 0.2 s and two
    # starts of the same program differ by 0.62-1.28x in a round on this VM: with 11 rounds the interval of the
    # median of a 1.03-1.13x ratio still reached 1.31x (2026-12-03, 14:54), so `--full` takes 21.
    repeat = 21 if full else 9
    figures: list[Figure] = []
    with scratch_env() as (env, scratch):
        runners: dict[str, Callable[[], float]] = {}
        why_not: dict[str, str] = {}
        cpu: dict[str, list[float]] = {"floor": [], "cdcshell": []}
        runners["floor"] = lambda: time_prompt(
            [sys.executable, "-c", FLOOR_CODE], env, r"floor>", b"\x04", cpu=cpu["floor"]
        )
        connected: list[float] = []
        gateway = target.gateway if target else closed_port_url()
        cdc = [*cdcshell_command(), "--gateway", gateway]
        if target:
            cdc += ["--jobmanager", target.jobmanager]
        runners["cdcshell"] = lambda: time_prompt(
            cdc, env, r"Flink SQL", b"\x04", connected=connected if target else None, cpu=cpu["cdcshell"]
        )
        # A/A: the same program once more in every round, to show what the machine's noise alone does to a ratio.
        runners["cdcshell, again"] = lambda: time_prompt(cdc, env, r"Flink SQL", b"\x04")
        offline = [*cdcshell_command(), "--gateway", closed_port_url()]
        runners["cdcshell, gateway down"] = lambda: time_prompt(offline, env, r"Flink SQL", b"\x04")

        bindir, reason = bench_venv()
        if bindir is None:
            why_not["litecli"] = why_not["pgcli"] = reason
        else:
            db = scratch / "bench.db"
            import sqlite3

            with sqlite3.connect(db) as conn:
                conn.execute("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, name TEXT)")
            lite_env = {**env, "XDG_CONFIG_HOME": str(scratch / "xdg"), "HOME": str(scratch)}
            runners["litecli"] = lambda: time_prompt(
                [str(bindir / "litecli"), "--prompt", "litecli> ", str(db)], lite_env, r"litecli>", b"\x04"
            )
            if postgres_dsn:
                runners["pgcli"] = lambda: time_prompt(
                    [str(bindir / "pgcli"), "--less-chatty", "--prompt", "pgcli> ", postgres_dsn],
                    lite_env,
                    r"pgcli>",
                    b"\x04",
                )
            else:
                why_not["pgcli"] = no_postgres

        flink_runner = None
        if target is None:
            why_not["Flink SQL Client"] = "no gateway to point it at"
        elif target.sql_client is None:
            why_not["Flink SQL Client"] = f"no bin/sql-client.sh under the Flink home ({target.flink_home})"
        else:
            fenv = flink_env(target, scratch)
            fargv = sql_client_argv(target, scratch)
            flink_runner = lambda: time_prompt(fargv, fenv, r"Flink SQL>", b"QUIT;\r", timeout=300)  # noqa: E731
            runners["Flink SQL Client"] = flink_runner  # in the same rounds: its ratio is only fair that way

        log(f"start to prompt: {repeat} interleaved rounds after a warm-up; {load_average()}")
        samples, failed = interleaved(runners, repeat, settle=0.5)
        why_not.update(failed)

    def med(name: str) -> float | None:
        return median(samples[name]) if samples.get(name) else None

    ours = med("cdcshell")
    runs = {name: len(v) for name, v in samples.items()}
    spread = {name: (round(min(v), 3), round(max(v), 3)) for name, v in samples.items() if v}

    def fig(baseline: str, **goal: float) -> Figure:
        value = med(baseline)
        return Figure(
            "startup",
            "start to prompt (median)",
            "s",
            ours,
            baseline,
            value,
            note=why_not.get(baseline, ""),
            detail={"runs": runs, "min_max": spread},
            samples=samples.get("cdcshell", []),
            baseline_samples=samples.get(baseline, []),
            **goal,
        )

    figures.append(fig("Flink SQL Client", max_ratio=1 / 8))
    figures.append(fig("litecli", max_ratio=1.0))
    figures.append(fig("pgcli", max_ratio=1.0))
    figures.append(fig("floor", max_ratio=1.3))
    figures[-1].baseline_name = "bare PromptSession().prompt()"
    cpu_ours, cpu_floor = cpu["cdcshell"][1:], cpu["floor"][1:]  # the warm-up round is not counted
    figures.append(
        Figure(
            "startup",
            "CPU time used until the prompt is drawn (median)",
            "s",
            median(cpu_ours) if cpu_ours else None,
            "bare PromptSession().prompt()",
            median(cpu_floor) if cpu_floor else None,
            max_ratio=1.3,
            samples=cpu_ours,
            baseline_samples=cpu_floor,
            note=(
                "time on a CPU of the process tree's threads, in nanoseconds (schedstat, not 10 ms ticks); "
                "less disturbed by other processes than the wall clock"
            ),
        )
    )
    down = med("cdcshell, gateway down")
    figures.append(
        Figure(
            "startup",
            "start to prompt, gateway not answering",
            "s",
            down,
            "cdcshell, gateway up",
            ours,
            max_ratio=1.3,
            samples=samples.get("cdcshell, gateway down", []),
            baseline_samples=samples.get("cdcshell", []),
            note=why_not.get("cdcshell, gateway down", "") or "the handshake must not delay the prompt",
        )
    )
    figures.append(
        Figure(
            "startup",
            "start to prompt, the same program twice (A/A: the noise floor)",
            "s",
            med("cdcshell, again"),
            "cdcshell",
            ours,
            samples=samples.get("cdcshell, again", []),
            baseline_samples=samples.get("cdcshell", []),
            note="informational: any spread of this ratio around 1 is the machine's, not the program's",
        )
    )
    if connected:
        figures.append(
            Figure(
                "startup",
                "start to connected marker (background handshake)",
                "s",
                median(connected),
                note="informational: drawn after the prompt, not on its path",
            )
        )
    return figures


@contextlib.contextmanager
def throwaway_postgres() -> Iterator[tuple[str | None, str]]:
    """A PostgreSQL cluster of our own for pgcli when none runs (the sandbox's tooling, in the cache dir), torn
    down afterwards: → (DSN or None, why not)."""
    from cdcshell.paths import cache_dir
    from cdcshell.sandbox import postgres
    from cdcshell.sandbox.ports import free_port
    from cdcshell.sandbox.processes import Layout

    if postgres.find_bindir() is None:
        yield (
            None,
            "pgcli needs a PostgreSQL server: none runs and none is installed (scripts/install-postgres.sh)",
        )
        return
    layout = Layout(cache_dir() / "bench-pg")
    try:
        log("starting a throwaway PostgreSQL for pgcli")
        info = postgres.up(layout, port=free_port())
    except Exception as exc:  # whatever stops it, pgcli is then reported as not measured, with the reason
        yield None, f"pgcli needs a PostgreSQL server; starting one failed: {exc}"
        return
    try:
        yield info.dsn, ""
    finally:
        with contextlib.suppress(Exception):
            postgres.down(layout)


def postgres_dsn_from_sandbox() -> str | None:
    try:
        from cdcshell.sandbox.lifecycle import status

        for series in (None, "2.2", "1.20"):
            st = status(series)
            if st.info is not None and st.postgres is not None and st.postgres.running:
                return st.info.postgres_dsn
    except Exception:
        return None
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_target_args(parser)
    add_size_args(parser)
    parser.add_argument("--postgres-dsn", help="PostgreSQL for pgcli (default: the sandbox's, if it runs)")
    args = parser.parse_args(argv)
    try:
        target = resolve_target(args)
    except BenchError as exc:
        print(f"bench_startup: {exc}", file=sys.stderr)
        return 2
    print_figures(collect(target, args.full, args.postgres_dsn or postgres_dsn_from_sandbox()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
