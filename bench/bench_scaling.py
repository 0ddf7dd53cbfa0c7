"""Masking and lint against input size: both must grow linearly (issue 17).

    python bench/bench_scaling.py [--quick]

Masking: one statement holding a hex literal of 64 KB … 1 MB (the input that took 60 s in batch mode), a script
of `WITH (...)` options of the same sizes, and text dense in `=` and `://`. Lint: a generated migration script
with one postgres-cdc table and one INSERT per source table, 1,000 … 8,000 pipelines (10,000 without --quick).
Each line prints the time per unit of input; a linear algorithm keeps it flat, and the last column is the
ratio of the largest size's per-unit time to the smallest's (goal: below 3, i.e. no quadratic growth, which
would show as the size ratio itself). The best of a few rounds is used, since the machine is shared.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cdcshell.redact import redact

GOAL_RATIO = 3.0


def best_of(fn: Callable[[], object], rounds: int = 3) -> float:
    best = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def pipelines(n: int) -> str:
    out = ["SET 'execution.checkpointing.interval' = '30s';\n"]
    for i in range(n):
        out.append(
            f"CREATE TABLE src_{i} (id INT, v STRING, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = "
            f"'postgres-cdc', 'hostname' = 'db', 'database-name' = 'shop', 'schema-name' = 'public', "
            f"'table-name' = 't_{i}', 'slot.name' = 'slot_{i}', 'password' = 'pw');\n"
            f"INSERT INTO dst_{i} SELECT id, v FROM src_{i};\n"
        )
    return "".join(out)


MASK_CASES: dict[str, Callable[[int], str]] = {
    "hex literal": lambda n: "INSERT INTO t VALUES (X'" + "ab" * (n // 2) + "')",
    "WITH options": lambda n: ("'password' = 'x', 'hostname' = 'db', " * (n // 36 + 1))[:n],
    "dense = and ://": lambda n: ("a=b http://u:p@h/ " * (n // 18 + 1))[:n],
}


def report(name: str, sizes: list[int], unit: str, timings: list[float]) -> bool:
    per = [t / s for t, s in zip(timings, sizes, strict=True)]
    ratio = per[-1] / per[0] if per[0] > 0 else 1.0
    cells = "  ".join(f"{s:>9,} {unit}: {t * 1000:8.1f} ms" for s, t in zip(sizes, timings, strict=True))
    verdict = "ok" if ratio < GOAL_RATIO else "MISSED"
    print(f"{name:<18} {cells}   per-unit ratio {ratio:4.2f} ({verdict})")
    return ratio < GOAL_RATIO


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    ok = True
    sizes = [64 * 1024, 256 * 1024, 1024 * 1024]
    print("masking (redact) against input size")
    for name, make in MASK_CASES.items():
        texts = [make(n) for n in sizes]
        ok &= report(name, sizes, "B", [best_of(lambda x=x: redact(x)) for x in texts])
    from cdcshell.lint.engine import lint_script

    counts = [1000, 2000, 4000] if args.quick else [1000, 2000, 4000, 8000, 10000]
    print("lint against pipelines (one postgres-cdc table + INSERT each)")
    scripts = [pipelines(n) for n in counts]
    timings = [best_of(lambda s=s: lint_script(s, flink_version="1.20"), rounds=1) for s in scripts]
    ok &= report("lint", counts, "pipelines", timings)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
