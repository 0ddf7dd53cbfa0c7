"""How fast the result writers are, as ratios against bare standard-library writers measured in the same run.

    python bench/bench_render.py [--rows 1000000] [--sink pipe|devnull]

Rows go through a real pipe to `cat > /dev/null` by default, as when a user pipes `cdcshell -f` into
another program. Throughput (best of --repeat runs, because the machine is shared) is measured without tracing; peak memory is measured separately with
tracemalloc at two result sizes, to show that it does not grow with the number of rows.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TextIO

from cdcshell.render.output import make_writer

PAGE_SIZE = 1000


@dataclass
class Column:
    name: str
    type: str
    nullable: bool = True


COLUMNS = [
    Column("id", "BIGINT"),
    Column("customer", "STRING"),
    Column("amount", "DECIMAL(10, 2)"),
    Column("updated_at", "TIMESTAMP(3)"),
    Column("status", "VARCHAR(16)"),
    Column("qty", "INT"),
]
KINDS = ("+I", "-U", "+U", "-D")


def make_page(changelog: bool) -> list[tuple[str, list]]:
    """One page of varied rows; pages are reused so that the benchmark measures writers, not row building."""
    page = []
    for i in range(PAGE_SIZE):
        fields = [
            1_000_000 + i,
            f"customer-{i % 97}" if i % 13 else None,
            round(i * 1.25, 2),
            f"2026-11-25 15:{i % 60:02d}:{i % 60:02d}.123",
            ("NEW", "PAID", "SHIPPED")[i % 3],
            i % 17,
        ]
        page.append((KINDS[i % 4] if changelog else "+I", fields))
    return page


def pages(total: int, page: list[tuple[str, list]]) -> Iterator[list[tuple[str, list]]]:
    full, rest = divmod(total, len(page))
    for _ in range(full):
        yield page
    if rest:
        yield page[:rest]


class Sink:
    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.proc: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> TextIO:
        if self.kind == "pipe":
            self.proc = subprocess.Popen(["cat"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
            assert self.proc.stdin is not None
            self.stream = io.TextIOWrapper(self.proc.stdin, encoding="utf-8", newline="")
        else:
            self.stream = open(os.devnull, "w", encoding="utf-8", newline="")
        return self.stream

    def __exit__(self, *exc: object) -> None:
        self.stream.close()
        if self.proc is not None:
            self.proc.wait()


def run_writer(fmt: str, streaming: bool, changelog: bool) -> Callable[[TextIO, int], None]:
    def run(out: TextIO, total: int) -> None:
        writer = make_writer(fmt, out, color=False, max_width=120, streaming=streaming)
        writer.start(COLUMNS, changelog=changelog)
        for p in pages(total, make_page(changelog)):
            writer.rows(p)
        writer.finish(elapsed=1.0)

    return run


def baseline_csv(out: TextIO, total: int) -> None:
    w = csv.writer(out)
    w.writerow([c.name for c in COLUMNS])
    for p in pages(total, make_page(False)):
        w.writerows(fields for _, fields in p)


def baseline_json(out: TextIO, total: int) -> None:
    names = [c.name for c in COLUMNS]
    for p in pages(total, make_page(False)):
        for _, fields in p:
            out.write(json.dumps(dict(zip(names, fields, strict=False))) + "\n")


def baseline_print_tabs(out: TextIO, total: int) -> None:
    for p in pages(total, make_page(False)):
        for _, fields in p:
            out.write("\t".join(map(str, fields)) + "\n")


CASES: list[tuple[str, Callable[[TextIO, int], None], str]] = [
    ("baseline csv.writer", baseline_csv, ""),
    ("baseline json.dumps lines", baseline_json, ""),
    ("baseline tab-join str()", baseline_print_tabs, ""),
    ("csv", run_writer("csv", False, False), "baseline csv.writer"),
    ("csv changelog", run_writer("csv", False, True), "baseline csv.writer"),
    ("tsv", run_writer("tsv", False, False), "baseline csv.writer"),
    ("json", run_writer("json", False, False), "baseline json.dumps lines"),
    ("json changelog", run_writer("json", False, True), "baseline json.dumps lines"),
    ("plain", run_writer("plain", False, False), "baseline tab-join str()"),
    ("plain changelog", run_writer("plain", False, True), "baseline tab-join str()"),
    ("table streaming (tableau)", run_writer("table", True, True), "baseline tab-join str()"),
    ("table bounded (10k cap)", run_writer("table", False, False), "baseline tab-join str()"),
]


def throughput(fn: Callable[[TextIO, int], None], rows: int, sink: str) -> float:
    with Sink(sink) as out:
        start = time.perf_counter()
        fn(out, rows)
        out.flush()
        elapsed = time.perf_counter() - start
    return rows / elapsed


def peak_memory(fn: Callable[[TextIO, int], None], rows: int) -> int:
    with open(os.devnull, "w", encoding="utf-8", newline="") as out:
        tracemalloc.start()
        tracemalloc.reset_peak()
        fn(out, rows)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return peak


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--sink", choices=("pipe", "devnull"), default="pipe")
    parser.add_argument("--repeat", type=int, default=3, help="best of this many throughput runs")
    parser.add_argument("--memory-rows", type=int, default=50_000, help="rows for the smaller memory run")
    args = parser.parse_args(argv)

    print(f"{args.rows:,} rows, {len(COLUMNS)} columns, sink={args.sink}, best of {args.repeat}")
    print(f"{'case':28} {'rows/s':>12} {'baseline':>12} {'ratio':>7} {'peak@N':>10} {'peak@4N':>10}")
    small, large = args.memory_rows, 4 * args.memory_rows
    baselines = {name: fn for name, fn, against in CASES if not against}
    for name, fn, against in CASES:
        if not against:
            continue
        # Each case is timed alternately with its baseline, so that load from other processes on a shared
        # machine affects both sides of the ratio alike.
        case_rate = base_rate = 0.0
        for _ in range(args.repeat):
            base_rate = max(base_rate, throughput(baselines[against], args.rows, args.sink))
            case_rate = max(case_rate, throughput(fn, args.rows, args.sink))
        p_small, p_large = peak_memory(fn, small), peak_memory(fn, large)
        print(
            f"{name:28} {case_rate:12,.0f} {base_rate:12,.0f} {case_rate / base_rate:6.2f}x"
            f" {p_small / 1024:9,.0f}K {p_large / 1024:9,.0f}K",
            flush=True,
        )
    print(
        "baselines: csv, tsv -> bare csv.writer; json -> json.dumps per row; plain, table -> tab-join of str()"
    )
    print(
        f"(peak@N: tracemalloc peak with N={small:,} rows, peak@4N with {large:,}; equal peaks = bounded memory)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
