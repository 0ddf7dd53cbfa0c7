#!/usr/bin/env python3
"""Scripts end to end: one script of SET, CREATE TEMPORARY VIEW, SHOW and small bounded SELECT statements run
by `cdcshell -f`, by Flink's `sql-client.sh gateway --endpoint … -f`, and by a bare loop of the same REST calls
with httpx (the floor), against the same gateway in the same run.

    python bench/bench_script.py [--quick|--full] [--gateway URL --flink-home DIR]
    python bench/bench_script.py --bare-loop SCRIPT --gateway URL     # the floor on its own

Quick: 200 statements; full: 1,000. Every program starts as a fresh process (interpreter or JVM start-up is
part of what a user waits for), writes its results to a pipe that is read and thrown away, and is timed from
spawn to exit; CPU time is its own rusage. Rounds are interleaved so the shared machine's load falls on all
three alike. Goals (issue 8): faster than Flink's SQL Client, and within 1.2× of the bare loop.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    MIN_ROUNDS,
    BareGateway,
    BenchError,
    Figure,
    RunResult,
    Target,
    add_size_args,
    add_target_args,
    cdcshell_command,
    figures_to_json,
    flink_env,
    interleaved,
    load_average,
    log,
    median,
    print_figures,
    resolve_target,
    run_measured,
    scratch_env,
    sql_client_argv,
)

HEADER = [
    "SET 'sql-client.execution.result-mode' = 'tableau'",  # Flink's client prints in place otherwise
    "SET 'execution.runtime-mode' = 'batch'",  # the SELECTs are bounded and end by themselves
]
SETS = [
    "SET 'pipeline.name' = 'bench-{i}'",
    "SET 'parallelism.default' = '1'",
    "SET 'table.exec.resource.default-parallelism' = '1'",
    "SET 'table.local-time-zone' = 'UTC'",
]
SHOWS = ["SHOW TABLES", "SHOW VIEWS", "SHOW DATABASES", "SHOW CATALOGS", "SHOW CURRENT DATABASE"]
VIEW = "CREATE TEMPORARY VIEW v_{i} AS SELECT {i} AS id, 'row-{i}' AS name"
SELECT = "SELECT * FROM (VALUES (1, 'a'), (2, 'b'), (3, 'c')) AS t(id, name)"


def make_script(statements: int) -> list[str]:
    """A deterministic mix: 40% SET, 25% CREATE TEMPORARY VIEW, 30% SHOW, 5% small bounded SELECT (each
    SELECT is a real Flink job, which is why they are few)."""
    out = list(HEADER)
    i = 0
    while len(out) < statements:
        slot = i % 20
        if slot < 8:
            out.append(SETS[slot % len(SETS)].format(i=i))
        elif slot < 13:
            out.append(VIEW.format(i=i))
        elif slot < 19:
            out.append(SHOWS[slot % len(SHOWS)])
        else:
            out.append(SELECT)
        i += 1
    return out[:statements]


def write_script(path: Path, statements: list[str]) -> None:
    path.write_text("".join(s + ";\n" for s in statements), encoding="utf-8")


def bare_loop(script: Path, gateway: str) -> int:
    """The floor: open a session, submit each statement, page through its results, close it — nothing else."""
    statements = [s.strip() for s in script.read_text(encoding="utf-8").split(";\n") if s.strip()]
    client = BareGateway(gateway)
    rows = 0
    try:
        client.open()
        for statement in statements:
            rows += len(client.run(statement))
    finally:
        client.close()
    print(f"{len(statements)} statements, {rows} rows")
    return 0


def collect(target: Target, full: bool, rounds: int | None = None) -> list[Figure]:
    count = 1000 if full else 200
    repeat, warmup = (8, 1) if full else (MIN_ROUNDS, 0)
    if rounds:
        repeat, warmup = rounds, 0
    statements = make_script(count)
    results: dict[str, list[RunResult]] = {}
    with scratch_env() as (env, scratch):
        script = scratch / "bench_script.sql"
        write_script(script, statements)

        def measured(name: str, argv: list[str], run_env: dict[str, str]) -> Callable[[], float]:
            def run() -> float:
                result = run_measured(argv, env=run_env, cwd=scratch, count_stdout=True, timeout=1800)
                if result.returncode != 0:
                    raise BenchError(f"{name} exited with {result.returncode}: {result.stderr_tail[-500:]}")
                results.setdefault(name, []).append(result)
                return result.wall

            return run

        runners = {
            "cdcshell": measured(
                "cdcshell",
                [*cdcshell_command(), "--gateway", target.gateway, "--format", "plain", "-f", str(script)],
                env,
            ),
            "bare httpx loop": measured(
                "bare httpx loop",
                [
                    sys.executable,
                    str(Path(__file__).resolve()),
                    "--bare-loop",
                    str(script),
                    "--gateway",
                    target.gateway,
                ],
                env,
            ),
        }
        why_not: dict[str, str] = {}
        if target.sql_client is None:
            why_not["Flink SQL Client"] = f"no bin/sql-client.sh under the Flink home ({target.flink_home})"
        else:
            runners["Flink SQL Client"] = measured(
                "Flink SQL Client",
                sql_client_argv(target, scratch, "-f", str(script)),
                flink_env(target, scratch),
            )
        log(f"scripts: {count} statements, {repeat} rounds (+{warmup} warm-up); {load_average()}")
        samples, failed = interleaved(runners, min(repeat, MIN_ROUNDS), warmup=warmup)
        if repeat > MIN_ROUNDS:
            # The rounds that narrow the ratio to the bare loop (common.median_interval): cdcshell and the bare
            # loop only. Flink's SQL Client (2 minutes a round, well clear of its goal) keeps the first rounds; its
            # figure pairs those rounds (Figure.baseline_in_first_rounds).
            core = {
                name: run
                for name, run in runners.items()
                if name != "Flink SQL Client" and name not in failed
            }
            more, more_failed = interleaved(core, repeat - MIN_ROUNDS, warmup=0)
            for name, values in more.items():
                samples[name].extend(values)
            failed.update(more_failed)
        why_not.update(failed)

    def med(name: str) -> float | None:
        return median(samples[name]) if samples.get(name) else None

    def cpu(name: str) -> float | None:
        kept = results.get(name, [])[warmup:]
        return median([r.cpu for r in kept]) if kept else None

    ours = med("cdcshell")
    detail = {"statements": count, "runs": {k: len(v) for k, v in samples.items()}}
    note = why_not.get("cdcshell", "")
    return [
        Figure(
            "script",
            f"{count} statements, wall clock (median)",
            "s",
            ours,
            "Flink SQL Client",
            med("Flink SQL Client"),
            max_ratio=1.0,
            note=note or why_not.get("Flink SQL Client", ""),
            detail=detail,
            samples=samples.get("cdcshell", []),
            baseline_samples=samples.get("Flink SQL Client", []),
            baseline_in_first_rounds=True,
        ),
        Figure(
            "script",
            f"{count} statements, wall clock (median)",
            "s",
            ours,
            "bare httpx loop",
            med("bare httpx loop"),
            max_ratio=1.2,
            note=note or why_not.get("bare httpx loop", ""),
            detail=detail,
            samples=samples.get("cdcshell", []),
            baseline_samples=samples.get("bare httpx loop", []),
        ),
        Figure(
            "script",
            f"{count} statements, CPU time of the client (median)",
            "s",
            cpu("cdcshell"),
            "bare httpx loop",
            cpu("bare httpx loop"),
            note="informational: what the client itself spends; the rest is waiting for the gateway",
        ),
        Figure(
            "script",
            f"{count} statements, CPU time of the client (median)",
            "s",
            cpu("cdcshell"),
            "Flink SQL Client",
            cpu("Flink SQL Client"),
            note="informational",
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_target_args(parser)
    add_size_args(parser)
    parser.add_argument("--bare-loop", metavar="SCRIPT", help="run only the floor on SCRIPT and exit")
    parser.add_argument(
        "--rounds", type=int, help="rounds, no warm-up (default: 3 quick; 8 after a warm-up full)"
    )
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args(argv)
    if args.bare_loop:
        if not args.gateway:
            parser.error("--bare-loop needs --gateway")
        return bare_loop(Path(args.bare_loop), args.gateway)
    try:
        target = resolve_target(args)
    except BenchError as exc:
        print(f"bench_script: {exc}", file=sys.stderr)
        return 2
    figures = collect(target, args.full, args.rounds)
    print_figures(figures)
    if args.json:
        Path(args.json).write_text(figures_to_json(figures), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
