#!/usr/bin/env python3
"""The whole performance suite in one command: every figure of cdcshell next to its baseline, measured in the
same run, on the real gateway (the running sandbox by default).

    python bench/run.py                       # quick sizes (the default): a few minutes on 2 cores
    python bench/run.py --full                # the sizes of issue 8 (1,000 statements, 1,000,000 rows, 60 s)
    python bench/run.py --only startup,script --gateway URL --jobmanager URL --flink-home DIR
    python bench/run.py --readme              # also write the table into bench/README.md

Benchmarks: keystroke (completion and inline lint on a 1,000-line buffer, in this process), startup, script,
stream, cancel, watch, lint (bench_*.py, by import; lint = bench_lint_scale.py), and the older stand-alone ones (bench_completion.py, bench_lint.py,
bench_render.py) as subprocesses whose output is shown as it is.

Exit status: 0 when every benchmark ran, 1 when one crashed, 2 when there is no gateway to measure against.
With `--strict` also 1 when any goal is not met: MISSED, inconclusive (the goal lies within the rounds' interval
of the median — min–max up to 7 rounds —, or fewer than 3 rounds) or NOT MEASURED (a baseline or a figure could
not be taken). Every goal figure comes from at least 3 interleaved rounds; its spread (min–max of ours, the
baseline and the per-round ratio) is printed next to it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import os
import platform
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    BENCH_DIR,
    BenchError,
    Figure,
    Target,
    add_size_args,
    add_target_args,
    cpu_share,
    cpu_times,
    figures_from_json,
    figures_to_json,
    gateway_reachable,
    load_average,
    log,
    markdown_table,
    median,
    percentile,
    print_figures,
    resolve_target,
    strict_failures,
)

ALL = ("keystroke", "lint", "startup", "script", "stream", "cancel", "watch", "legacy")
README_BEGIN = "<!-- results:begin -->"
README_END = "<!-- results:end -->"
COMPLETION_P99_MS = 5.0
LINT_P99_MS = 10.0
BUFFER_LINES = 1000


# ---------------------------------------------------------------------------------------------------------------
# Per keystroke (in this process: it is a library call, not a program start)


def keystroke_figures(full: bool) -> list[Figure]:
    """Completion and lint per keystroke, typing real statements at the end of a 1,000-line buffer.

    CPU time of this thread is what is held to the budget (a keystroke's own cost, without the other processes
    of a shared machine); the wall clock is kept in the details. Baselines: prompt_toolkit's context-blind
    `WordCompleter` over the same words, and `split()` of the same buffer (the least a lint update must do).
    """
    import bench_completion
    import bench_lint
    from prompt_toolkit.completion import CompleteEvent, WordCompleter
    from prompt_toolkit.document import Document

    from cdcshell.catalog import load_catalog
    from cdcshell.completion.completer import FlinkCompleter
    from cdcshell.completion.metadata import MetadataCache
    from cdcshell.lint.engine import lint_statement_at
    from cdcshell.sql.splitter import split

    rounds = 5 if full else 3
    catalog = load_catalog("1.20")
    query, names = bench_completion.fake_query(bench_completion.TABLES)
    cache = MetadataCache(query)
    completer = FlinkCompleter(lambda: catalog, cache, meta_commands=lambda: [("\\jobs", ""), ("\\help", "")])
    for table in names:
        cache.columns((table,))
    for _ in range(5):  # fill the cache as the background thread would
        cache.wait_idle(60)
        cache.warm()
        for table in names:
            cache.columns((table,))
    cache.wait_idle(60)

    buffer = bench_lint.make_buffer(BUFFER_LINES)
    prefix = buffer if buffer.endswith("\n") else buffer + "\n"
    words = list(catalog.options) + names + list(catalog.keywords) + list(catalog.functions)
    word_completer = WordCompleter(words, ignore_case=True, WORD=True)
    event = CompleteEvent(completion_requested=False)
    lint_statement_at(
        prefix + "SELECT 1", len(prefix) + 8, flink_version="1.20"
    )  # rules imported, caches warm

    ours_c: list[float] = []
    base_c: list[float] = []
    ours_l: list[float] = []
    base_l: list[float] = []
    wall_c: list[float] = []
    wall_l: list[float] = []
    per_round: list[
        tuple[float, float, float, float]
    ] = []  # p99 of ours and the baseline, completion and lint
    for _ in range(rounds):
        marks = (len(ours_c), len(base_c), len(ours_l), len(base_l))
        for statement in bench_completion.SESSIONS:
            for text in bench_completion.keystrokes(prefix, statement):
                doc = Document(text, len(text))
                w0, c0 = time.perf_counter(), time.thread_time()
                list(completer.get_completions(doc, event))
                ours_c.append((time.thread_time() - c0) * 1000)
                wall_c.append((time.perf_counter() - w0) * 1000)
                c0 = time.thread_time()
                list(word_completer.get_completions(doc, event))
                base_c.append((time.thread_time() - c0) * 1000)
                w0, c0 = time.perf_counter(), time.thread_time()
                lint_statement_at(text, len(text), flink_version="1.20")
                ours_l.append((time.thread_time() - c0) * 1000)
                wall_l.append((time.perf_counter() - w0) * 1000)
                c0 = time.thread_time()
                split(text, strict=False)
                base_l.append((time.thread_time() - c0) * 1000)
        per_round.append(
            (
                percentile(ours_c[marks[0] :], 99),
                percentile(base_c[marks[1] :], 99),
                percentile(ours_l[marks[2] :], 99),
                percentile(base_l[marks[3] :], 99),
            )
        )
    cache.close()
    lines = prefix.count("\n")
    detail_c = {
        "keystrokes": len(ours_c),
        "buffer_lines": lines,
        "wall_p50_ms": median(wall_c),
        "wall_p99_ms": percentile(wall_c, 99),
    }
    detail_l = {
        "keystrokes": len(ours_l),
        "buffer_lines": lines,
        "wall_p50_ms": median(wall_l),
        "wall_p99_ms": percentile(wall_l, 99),
    }
    wall_note = "CPU time; wall p99 {:.2f} ms; 500 tables from an in-process fake gateway (no HTTP)"
    return [
        Figure(
            "keystroke",
            f"completion p50, {lines}-line buffer",
            "ms",
            median(ours_c),
            "WordCompleter",
            median(base_c),
            detail=detail_c,
            note="CPU time; 500 tables from an in-process fake gateway",
        ),
        Figure(
            "keystroke",
            f"completion p99, {lines}-line buffer",
            "ms",
            percentile(ours_c, 99),
            "WordCompleter",
            percentile(base_c, 99),
            limit=COMPLETION_P99_MS,
            detail=detail_c,
            note=wall_note.format(detail_c["wall_p99_ms"]),
            samples=[r[0] for r in per_round],
            baseline_samples=[r[1] for r in per_round],
        ),
        Figure(
            "keystroke",
            f"inline lint p50, {lines}-line buffer",
            "ms",
            median(ours_l),
            "split() of the buffer",
            median(base_l),
            detail=detail_l,
            note="CPU time",
        ),
        Figure(
            "keystroke",
            f"inline lint p99, {lines}-line buffer",
            "ms",
            percentile(ours_l, 99),
            "split() of the buffer",
            percentile(base_l, 99),
            limit=LINT_P99_MS,
            detail=detail_l,
            note=wall_note.format(detail_l["wall_p99_ms"]),
            samples=[r[2] for r in per_round],
            baseline_samples=[r[3] for r in per_round],
        ),
    ]


# ---------------------------------------------------------------------------------------------------------------
# The older stand-alone benchmarks


def legacy(full: bool) -> tuple[list[Figure], list[str]]:
    """Run bench_completion.py, bench_lint.py, bench_render.py and bench_scaling.py as they are; their own exit status 1 means a
    budget was exceeded — a figure that is MISSED (and fails `--strict`), not swallowed — anything else a
    crash."""
    runs = [
        ["bench_completion.py", "--rounds", "3" if full else "1"],
        ["bench_lint.py", "--lines", "1000", "--repeat", "200" if full else "50"],
        [
            "bench_render.py",
            "--rows",
            "1000000" if full else "100000",
            "--repeat",
            "3" if full else "1",
            "--memory-rows",
            "50000" if full else "10000",
        ],
        ["bench_scaling.py", *([] if full else ["--quick"])],
    ]
    crashes: list[str] = []
    figures: list[Figure] = []
    for argv in runs:
        log(f"{argv[0]} ({load_average()})")
        proc = subprocess.run(
            [sys.executable, str(BENCH_DIR / argv[0]), *argv[1:]],
            capture_output=True,
            text=True,
            cwd=BENCH_DIR.parent,
        )
        print(f"\n--- {' '.join(argv)} (exit {proc.returncode}) ---")
        print(proc.stdout.rstrip())
        if proc.returncode not in (0, 1):
            crashes.append(f"{argv[0]} exited with {proc.returncode}: {proc.stderr.strip()[-1500:]}")
            continue
        figures.append(
            Figure(
                "legacy",
                f"{argv[0]}: its own budgets",
                "exit",
                float(proc.returncode),
                limit=0,
                note="exit status of the script: 0 within every budget, 1 a budget exceeded",
            )
        )
    return figures, crashes


# ---------------------------------------------------------------------------------------------------------------
# The report


def versions(target: Target | None) -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": platform.python_version()}
    for dist in ("cdcshell", "prompt_toolkit", "httpx", "sqlglot", "rich", "pygments"):
        try:
            out[dist] = version(dist)
        except PackageNotFoundError:
            out[dist] = "-"
    venv = _bench_venv_bin()
    for tool in ("litecli", "pgcli"):
        exe = venv / tool if venv else None
        if exe and exe.exists():
            proc = subprocess.run(
                [
                    str(venv / "python"),
                    "-c",
                    f"from importlib.metadata import version; print(version('{tool}'))",
                ],
                capture_output=True,
                text=True,
            )
            out[tool] = proc.stdout.strip() or "?"
    if target is not None:
        try:
            import httpx

            out["flink"] = httpx.get(f"{target.gateway}/v1/info", timeout=10).json().get("version", "?")
        except Exception:
            out["flink"] = "?"
    return out


def _bench_venv_bin() -> Path | None:
    from cdcshell.paths import cache_dir

    path = cache_dir() / "bench-venv" / "bin"
    return path if path.is_dir() else None


def machine() -> str:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return f"{os.cpu_count()} CPUs ({model or platform.machine()}){mem}, {platform.system()} {platform.release()}"


def write_readme(table: str, header: str) -> None:
    """Replace the results block of bench/README.md (between the markers) and leave the analysis around it."""
    readme = BENCH_DIR / "README.md"
    text = (
        readme.read_text(encoding="utf-8")
        if readme.exists()
        else f"# Benchmarks\n\n{README_BEGIN}\n{README_END}\n"
    )
    if README_BEGIN not in text or README_END not in text:
        text += f"\n{README_BEGIN}\n{README_END}\n"
    head, _, rest = text.partition(README_BEGIN)
    _, _, tail = rest.partition(README_END)
    readme.write_text(f"{head}{README_BEGIN}\n{header}\n\n{table}\n{README_END}{tail}", encoding="utf-8")


def table_from(files: list[str]) -> int:
    """Merge saved runs (e.g. a quick run and a rerun of one benchmark) into one table, in benchmark order."""
    by_bench: dict[str, list[Figure]] = {}
    for name in files:
        saved = figures_from_json(Path(name).read_text(encoding="utf-8"))
        for bench in {f.bench for f in saved}:
            by_bench[bench] = [f for f in saved if f.bench == bench]
    order = {name: i for i, name in enumerate(ALL)}
    figures = [f for bench in sorted(by_bench, key=lambda b: order.get(b, 99)) for f in by_bench[bench]]
    table = markdown_table(figures)
    print(table)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_target_args(parser)
    add_size_args(parser)
    parser.add_argument("--only", default=",".join(ALL), help=f"comma-separated subset of {','.join(ALL)}")
    parser.add_argument("--postgres-dsn", help="PostgreSQL for pgcli (default: the sandbox's, if it runs)")
    parser.add_argument("--json", metavar="FILE", help="also write every figure as JSON")
    parser.add_argument(
        "--readme",
        action="store_true",
        help="write the results table into bench/README.md (only from one whole --full run)",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="exit 1 unless every goal is met (MISSED, inconclusive and NOT MEASURED fail)",
    )
    parser.add_argument(
        "--table-from",
        metavar="JSON",
        nargs="+",
        help="measure nothing: print the table of figures saved by --json; a later file "
        "replaces the figures of the benchmarks it holds (never written to the README: its "
        "table comes from one run)",
    )
    args = parser.parse_args(argv)
    if args.table_from:
        if args.readme:
            parser.error("--readme writes the table of one whole --full run, not a merge of saved runs")
        return table_from(args.table_from)
    chosen = [b.strip() for b in args.only.split(",") if b.strip()]
    unknown = set(chosen) - set(ALL)
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}; choose from {', '.join(ALL)}")
    if args.readme and (not args.full or set(chosen) != set(ALL)):
        parser.error("--readme needs one whole run at the issue's sizes: --full, without --only")

    needs_gateway = {"startup", "script", "stream", "cancel", "watch"} & set(chosen)
    target: Target | None = None
    if needs_gateway:
        try:
            target = resolve_target(args)
        except BenchError as exc:
            print(f"bench: {exc}", file=sys.stderr)
            return 2
        problem = gateway_reachable(target.gateway)
        if problem:
            print(
                f"bench: the SQL Gateway at {target.gateway} does not answer ({problem}); start the sandbox "
                "(`cdcshell sandbox up`) or pass --gateway URL",
                file=sys.stderr,
            )
            return 2

    started = dt.datetime.now(dt.timezone.utc)
    info = versions(target)
    size = "full (issue sizes)" if args.full else "quick (run with --full for the issue's sizes)"
    header_lines = [
        f"Run: {started:%Y-%m-%d %H:%M} UTC, {size}; machine: {machine()}; {load_average()} at the start.",
        "Versions: " + ", ".join(f"{k} {v}" for k, v in info.items()) + ".",
    ]
    if target is not None:
        header_lines.append(
            f"Gateway {target.gateway}, JobManager {target.jobmanager}, Flink home "
            f"{target.flink_home or '-'} (from {target.source})."
        )
    print("\n".join(header_lines), flush=True)

    figures: list[Figure] = []
    crashes: list[str] = []
    postgres_dsn = args.postgres_dsn
    if "startup" in chosen and not postgres_dsn:
        import bench_startup

        postgres_dsn = bench_startup.postgres_dsn_from_sandbox()
    steps: dict[str, Callable[[], list[Figure]]] = {
        "keystroke": lambda: keystroke_figures(args.full),
        "lint": lambda: importlib.import_module("bench_lint_scale").collect(args.full),
        "startup": lambda: importlib.import_module("bench_startup").collect(target, args.full, postgres_dsn),
        "script": lambda: importlib.import_module("bench_script").collect(target, args.full),
        "stream": lambda: importlib.import_module("bench_stream").collect(target, args.full),
        "watch": lambda: importlib.import_module("bench_watch").collect(target, args.full),
        "cancel": lambda: importlib.import_module("bench_cancel").collect(target, args.full),
    }
    for name in chosen:
        t0, cpu0 = time.perf_counter(), cpu_times()
        print(f"\n== {name} ==", flush=True)
        try:
            if name == "legacy":
                new, broke = legacy(args.full)
                crashes += broke
            else:
                new = steps[name]()
        except Exception:
            crashes.append(f"{name}: {traceback.format_exc()}")
            print(f"[{name}] CRASHED:\n{traceback.format_exc()}", flush=True)
            continue
        print_figures(new)
        log(f"{name} took {time.perf_counter() - t0:.0f} s; {cpu_share(cpu0, cpu_times())}")
        figures += new

    table = markdown_table(figures)
    verdicts = [f.verdict() for f in figures]
    print("\n== summary ==\n" + table, flush=True)
    print(
        f"\n{len(figures)} figures: {verdicts.count('met')} goals met, {verdicts.count('MISSED')} MISSED, "
        f"{verdicts.count('inconclusive')} inconclusive, {verdicts.count('NOT MEASURED')} NOT MEASURED; "
        f"{len(crashes)} benchmarks crashed."
    )
    for crash in crashes:
        print(f"CRASH: {crash}", file=sys.stderr)
    if args.json:
        Path(args.json).write_text(figures_to_json(figures), encoding="utf-8")
    if args.readme:
        ended = dt.datetime.now(dt.timezone.utc)
        header_lines.append(
            f"One run, `python bench/run.py --full --readme`, {started:%H:%M}–{ended:%H:%M} UTC; "
            f"{load_average()} at the end."
        )
        write_readme(table, "\n".join(header_lines))
    failing = strict_failures(figures)
    if args.strict and failing:
        print(
            f"--strict: {len(failing)} goal(s) not met: "
            + "; ".join(
                f"[{f.bench}] {f.metric} vs {f.baseline_name or 'limit'}: {f.verdict()}" for f in failing
            ),
            file=sys.stderr,
        )
    return 1 if crashes or (args.strict and failing) else 0


if __name__ == "__main__":
    sys.exit(main())
