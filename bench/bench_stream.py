#!/usr/bin/env python3
"""Result streams: a bounded SELECT over datagen rows printed to a pipe by `cdcshell -f` (plain and CSV) and by
Flink's SQL Client in tableau mode, on the same gateway in the same run: rows per second and peak memory.

    python bench/bench_stream.py [--quick|--full] [--gateway URL --flink-home DIR]

Quick: 100,000 rows (peak memory also at 10,000); full: 1,000,000 (and 100,000). Rows per second is counted
where a user's next program would see them: lines arriving on the pipe, from the first byte to the last (the
start-up and the job's scheduling are printed separately as time to first row). Peak memory is the process
tree's high-water mark (`ru_maxrss` from `os.wait4`), at two result sizes: bounded buffers mean the same peak.
Goals (issue 8): at least as many rows per second as Flink's SQL Client, and a peak under 150 MB that does not
grow with the number of rows.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
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
)

MEMORY_LIMIT_MB = 150.0
GROWTH_TOLERANCE = 1.15  # peak at 10× the rows may be at most this much higher: allocator noise, not buffering


# A result row starts with its change flag and id (a sequence from 1): `+I  1 …`, `+I,1,…`, `| +I |  1 | …`.
_ROW = re.compile(rb"^(?:\|\s*)?(?:[+-][IUD][\s,|]+)?\d+[\s,|\t]", re.MULTILINE)


class RowClock:
    """Watches the output as it arrives: when the first result row shows, when the last byte came."""

    def __init__(self) -> None:
        self.first_row_at: float | None = None
        self.last_at: float | None = None

    def __call__(self, chunk: bytes) -> None:
        now = time.perf_counter()
        if self.first_row_at is None and _ROW.search(chunk):
            self.first_row_at = now
        self.last_at = now


def stream_script(rows: int) -> str:
    """The same script for every client: a bounded datagen table read in streaming mode.

    Streaming, because there every client prints rows as they arrive; in batch mode Flink's tableau view
    gathers the whole result to size its columns before printing the first row, so the time between first and
    last row would measure its printing only."""
    return (
        "SET 'sql-client.execution.result-mode' = 'tableau';\n"
        "SET 'execution.runtime-mode' = 'streaming';\n"
        "SET 'parallelism.default' = '1';\n"
        "CREATE TEMPORARY TABLE gen (\n"
        "  id BIGINT, customer STRING, amount DECIMAL(10, 2), qty INT, updated_at TIMESTAMP(3)\n"
        ") WITH (\n"
        "  'connector' = 'datagen', 'number-of-rows' = '" + str(rows) + "',\n"
        "  'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '" + str(rows) + "',\n"
        "  'fields.customer.length' = '12', 'fields.qty.min' = '1', 'fields.qty.max' = '100'\n"
        ");\n"
        "SELECT * FROM gen;\n"
    )


def collect(target: Target, full: bool, rounds: int | None = None) -> list[Figure]:
    rows = 1_000_000 if full else 100_000
    small = rows // 10
    repeat = rounds or (3 if full else 2)
    results: dict[str, list[RunResult]] = {}
    why_not: dict[str, str] = {}
    with scratch_env() as (env, scratch):
        scripts = {}
        for n in (rows, small):
            scripts[n] = scratch / f"stream_{n}.sql"
            scripts[n].write_text(stream_script(n), encoding="utf-8")

        def measured(name: str, argv_for: Callable[[Path], list[str]], run_env: dict[str, str],
                     n: int) -> Callable[[], float]:
            def run() -> float:
                clock = RowClock()
                result = run_measured(argv_for(scripts[n]), env=run_env, cwd=scratch, count_stdout=True,
                                      timeout=3600, on_chunk=clock)
                if clock.first_row_at is not None and clock.last_at is not None:
                    result.first_byte = clock.first_row_at - result.started_at
                    result.last_byte = clock.last_at - result.started_at
                if result.returncode != 0:
                    raise BenchError(f"{name} exited with {result.returncode}: {result.stderr_tail[-500:]}")
                if result.lines < n:
                    raise BenchError(f"{name} printed {result.lines} lines for {n} rows")
                results.setdefault(f"{name}@{n}", []).append(result)
                return result.wall
            return run

        def cdc(fmt: str) -> Callable[[Path], list[str]]:
            return lambda script: [*cdcshell_command(), "--gateway", target.gateway, "--format", fmt,
                                   "-f", str(script)]

        runners: dict[str, Callable[[], float]] = {}
        for n in (rows, small):
            runners[f"cdcshell plain@{n}"] = measured("cdcshell plain", cdc("plain"), env, n)
            runners[f"cdcshell csv@{n}"] = measured("cdcshell csv", cdc("csv"), env, n)
        if target.sql_client is None:
            why_not["Flink SQL Client"] = f"no bin/sql-client.sh under the Flink home ({target.flink_home})"
        else:
            fenv = flink_env(target, scratch)

            def flink(script: Path) -> list[str]:
                assert target.sql_client is not None
                return [str(target.sql_client), "gateway", "--endpoint", target.endpoint,
                        "-hist", str(scratch / "flink-history"), "-f", str(script)]

            runners[f"Flink SQL Client@{rows}"] = measured("Flink SQL Client", flink, fenv, rows)
            runners[f"Flink SQL Client@{small}"] = measured("Flink SQL Client", flink, fenv, small)
        log(f"result streams: {rows:,} rows (and {small:,}), {repeat} rounds; {load_average()}")
        _, failed = interleaved(runners, repeat, warmup=0)
        for key, reason in failed.items():
            why_not[key.split("@")[0]] = reason

    def rate(name: str, n: int = rows) -> float | None:
        kept = [r for r in results.get(f"{name}@{n}", []) if r.stream_seconds]
        return median([n / r.stream_seconds for r in kept]) if kept else None  # type: ignore[operator]

    def peak(name: str, n: int = rows) -> float | None:
        kept = results.get(f"{name}@{n}", [])
        return max(r.maxrss_mb for r in kept) if kept else None

    def first_row(name: str) -> float | None:
        kept = [r.first_byte for r in results.get(f"{name}@{rows}", []) if r.first_byte is not None]
        return median(kept) if kept else None

    figures: list[Figure] = []
    flink_rate = rate("Flink SQL Client")
    for name in ("cdcshell plain", "cdcshell csv"):
        note = why_not.get(name, "") or why_not.get("Flink SQL Client", "")
        figures.append(Figure("stream", f"{rows:,} rows to a pipe, {name.split()[1]} (median)", "rows/s",
                              rate(name), "Flink SQL Client tableau", flink_rate, higher_is_better=True,
                              min_ratio=1.0, note=note))
    for name in ("cdcshell plain", "cdcshell csv"):
        big, little = peak(name), peak(name, small)
        figures.append(Figure("stream", f"peak memory at {rows:,} rows, {name.split()[1]}", "MB", big,
                              f"same at {small:,} rows", little, max_ratio=GROWTH_TOLERANCE,
                              limit=MEMORY_LIMIT_MB, note=why_not.get(name, "")))
    figures.append(Figure("stream", f"peak memory at {rows:,} rows, Flink SQL Client (its JVM)", "MB",
                          peak("cdcshell plain"), "Flink SQL Client tableau", peak("Flink SQL Client"),
                          note=why_not.get("Flink SQL Client", "") or "informational"))
    figures.append(Figure("stream", "time to first row (start-up, job submission, scheduling)", "s",
                          first_row("cdcshell plain"), "Flink SQL Client tableau", first_row("Flink SQL Client"),
                          note="informational"))
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_target_args(parser)
    add_size_args(parser)
    parser.add_argument("--rounds", type=int, help="rounds per candidate (default: 2 quick, 3 full)")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args(argv)
    try:
        target = resolve_target(args)
    except BenchError as exc:
        print(f"bench_stream: {exc}", file=sys.stderr)
        return 2
    figures = collect(target, args.full, args.rounds)
    print_figures(figures)
    if args.json:
        Path(args.json).write_text(figures_to_json(figures), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
