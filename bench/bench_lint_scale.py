#!/usr/bin/env python3
"""`cdcshell lint` on a whole script, against the script's size: 1,000, 10,000 and (with --full) 80,000
statements of a CDC pipeline (SETs, postgres-cdc tables, INSERT jobs), in interleaved rounds.

    python bench/bench_lint_scale.py [--quick|--full] [--rounds N]

Why: a CI lint of a generated 80k-statement file ran for hours, because rules compared each statement with
every earlier table or job. Goals: linear — the time per statement at the largest size at most 1.5x the time per
statement at 10,000 (the start-up of the process is in both, so the smallest size is not the reference) — and
the largest file within 60 s ("seconds, not minutes"). Findings are checked to be there, so that a lint that
stops early cannot pass.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    MIN_ROUNDS,
    BenchError,
    Figure,
    cdcshell_command,
    interleaved,
    load_average,
    log,
    median,
    print_figures,
    run_measured,
    scratch_env,
)

LINEAR_TOLERANCE = 1.5
LARGEST_LIMIT_S = 60.0
STATEMENTS_PER_BLOCK = 4


def make_script(statements: int) -> str:
    """`statements` statements (rounded up to whole blocks of bench_lint.BLOCK: 2 SETs, a table, a job)."""
    from bench_lint import BLOCK

    return "".join(BLOCK.format(i=i) for i in range(-(-statements // STATEMENTS_PER_BLOCK)))


def collect(full: bool, rounds: int | None = None) -> list[Figure]:
    sizes = (1_000, 10_000, 80_000) if full else (1_000, 10_000)
    repeat = rounds or MIN_ROUNDS
    samples: dict[int, list[float]] = {}
    with scratch_env() as (env, scratch):
        files = {}
        for n in sizes:
            files[n] = scratch / f"lint_{n}.sql"
            files[n].write_text(make_script(n), encoding="utf-8")

        def runner(n: int):
            def run() -> float:
                result = run_measured(
                    [*cdcshell_command(), "lint", str(files[n])],
                    env=env,
                    cwd=scratch,
                    count_stdout=True,
                    timeout=3600,
                )
                if result.returncode not in (0, 1):  # 1: findings (the script has some on purpose)
                    raise BenchError(
                        f"cdcshell lint exited with {result.returncode}: {result.stderr_tail[-500:]}"
                    )
                if result.lines < n // 8:  # every block has findings: a lint that stopped early has too few
                    raise BenchError(f"cdcshell lint printed {result.lines} lines for {n} statements")
                return result.wall

            return run

        log(
            f"lint scaling: {', '.join(f'{n:,}' for n in sizes)} statements, {repeat} rounds; {load_average()}"
        )
        got, failed = interleaved({str(n): runner(n) for n in sizes}, repeat, warmup=0)
        samples = {int(k): v for k, v in got.items()}
    figures: list[Figure] = []
    reference = 10_000
    ref = samples.get(reference, [])
    for n in sizes:
        if n == reference:
            continue
        ours = samples.get(n, [])
        note = failed.get(str(n), "") or failed.get(str(reference), "")
        per = [s / n * 1000 for s in ours]
        per_ref = [s / reference * 1000 for s in ref]
        figures.append(
            Figure(
                "lint",
                f"`cdcshell lint`, time per statement at {n:,} statements",
                "ms",
                median(per) if per else None,
                f"same at {reference:,}",
                median(per_ref) if per_ref else None,
                max_ratio=LINEAR_TOLERANCE if n > reference else None,
                samples=per,
                baseline_samples=per_ref,
                note=note
                or (
                    "linear: at most 1.5x the time per statement of 10,000"
                    if n > reference
                    else "informational: the process start-up weighs more here"
                ),
            )
        )
    largest = max(sizes)
    big = samples.get(largest, [])
    figures.append(
        Figure(
            "lint",
            f"`cdcshell lint` of {largest:,} statements, wall clock",
            "s",
            median(big) if big else None,
            limit=LARGEST_LIMIT_S if full else None,
            samples=big,
            note=failed.get(str(largest), "") or ("seconds, not minutes" if full else "informational"),
        )
    )
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--quick", dest="full", action="store_false")
    group.add_argument("--full", dest="full", action="store_true")
    parser.add_argument("--rounds", type=int, help=f"interleaved rounds (default {MIN_ROUNDS})")
    args = parser.parse_args(argv)
    print_figures(collect(args.full, args.rounds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
