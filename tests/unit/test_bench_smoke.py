"""The benchmark suite stays runnable: its modules import, figures judge their goals and print as documented,
and the pieces that need no gateway (scripts it generates, the README writer, the pty reader) do their job.
No timing is asserted: speed is what the suite reports, not what a unit test may fail on."""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

common = importlib.import_module("common")


BENCH_MODULES = sorted(p.stem for p in BENCH.glob("*.py"))


def test_every_bench_module_is_imported_below() -> None:
    assert {"common", "run", "bench_stream", "bench_lint", "bench_render"} <= set(BENCH_MODULES)


@pytest.mark.parametrize("name", BENCH_MODULES)
def test_bench_modules_import(name: str) -> None:
    module = importlib.import_module(name)
    assert module.__doc__, f"{name} explains what it measures"


def test_ratio_goal_met_and_missed() -> None:
    fast = common.Figure("startup", "start to prompt", "s", 0.5, "Flink SQL Client", 10.0, max_ratio=1 / 8)
    slow = common.Figure("startup", "start to prompt", "s", 2.0, "Flink SQL Client", 10.0, max_ratio=1 / 8)
    assert fast.ratio == pytest.approx(0.05)
    assert fast.met is True and fast.verdict() == "met"
    assert slow.met is False and slow.verdict() == "MISSED"


def test_higher_is_better_and_absolute_limit() -> None:
    rate = common.Figure(
        "stream", "rows", "rows/s", 90_000.0, "Flink", 100_000.0, higher_is_better=True, min_ratio=1.0
    )
    assert rate.met is False
    memory = common.Figure("stream", "peak", "MB", 60.0, "smaller run", 58.0, max_ratio=1.15, limit=150.0)
    assert memory.met is True
    over = common.Figure("stream", "peak", "MB", 160.0, "smaller run", 158.0, max_ratio=1.15, limit=150.0)
    assert over.met is False  # within the growth tolerance, but over the absolute limit


def test_unmeasured_figure_says_so() -> None:
    fig = common.Figure(
        "startup", "start to prompt", "s", 0.4, "pgcli", None, max_ratio=1.0, note="no PostgreSQL"
    )
    assert fig.ratio is None and fig.met is None
    assert fig.verdict() == "NOT MEASURED"
    line = common.format_line(fig)
    assert "pgcli n/a" in line and "NOT MEASURED" in line and "no PostgreSQL" in line


def test_format_line_shows_both_values_ratio_and_goal() -> None:
    fig = common.Figure("script", "200 statements", "s", 12.0, "bare httpx loop", 10.0, max_ratio=1.2)
    assert common.format_line(fig) == (
        "[script] 200 statements: cdcshell 12.0 s | bare httpx loop 10.0 s | ratio 1.20x | goal ratio <= 1.2 | met"
    )


def test_markdown_table_has_a_row_per_figure() -> None:
    figs = [
        common.Figure("keystroke", "completion p99", "ms", 3.2, "WordCompleter", 6.0, limit=5.0),
        common.Figure("watch", "CPU", "%", 0.5, "bare loop", 0.3, limit=3.0, note="frames: 15"),
    ]
    table = common.markdown_table(figs).splitlines()
    assert len(table) == 2 + len(figs)
    assert (
        "| keystroke | completion p99 | 3.20 ms | WordCompleter | 6.00 ms | 0.53x | - | <= 5.00 ms | met |"
        in table
    )
    assert "frames: 15" in table[-1]


def _rate(ours: list[float], base: list[float]) -> object:
    return common.Figure(
        "stream",
        "rows/s",
        "rows/s",
        sorted(ours)[len(ours) // 2],
        "bare loop",
        sorted(base)[len(base) // 2],
        higher_is_better=True,
        min_ratio=0.8,
        samples=ours,
        baseline_samples=base,
    )


def test_rounds_that_all_meet_the_goal_are_met_and_show_their_spread() -> None:
    fig = _rate([90.0, 85.0, 95.0], [100.0, 100.0, 100.0])
    assert fig.verdict() == "met"
    assert (
        fig.spread_text()
        == "85 rows/s–95 rows/s; baseline 100 rows/s–100 rows/s; ratio 0.85x–0.95x (3 rounds)"
    )
    assert "spread 85 rows/s–95 rows/s" in common.format_line(fig)


def test_a_goal_within_the_spread_of_the_rounds_is_inconclusive() -> None:
    fig = _rate([90.0, 70.0, 95.0], [100.0, 100.0, 100.0])
    assert fig.met is True  # the medians alone would say met
    assert fig.verdict() == "inconclusive"
    assert "within the spread" in common.format_line(fig)
    assert common.strict_failures([fig]) == [fig]


def test_rounds_that_all_miss_are_missed_and_too_few_rounds_are_inconclusive() -> None:
    assert _rate([50.0, 60.0, 55.0], [100.0, 100.0, 100.0]).verdict() == "MISSED"
    few = _rate([90.0, 95.0], [100.0, 100.0])
    assert few.verdict() == "inconclusive" and "fewer than 3" in (few.inconclusive_why() or "")


def test_the_median_interval_is_min_max_up_to_seven_rounds_and_narrower_after() -> None:
    assert common.median_interval([3.0, 1.0, 2.0]) == (1.0, 3.0, 1)
    assert common.median_interval([float(i) for i in range(7)])[2] == 1
    low, high, k = common.median_interval([float(i) for i in range(11)])
    assert (low, high, k) == (2.0, 8.0, 3)
    assert common.coverage(11, 3) >= common.MEDIAN_CONFIDENCE > common.coverage(11, 4)


def test_one_stray_round_of_eleven_does_not_decide_but_one_of_seven_does() -> None:
    """On this machine two runs of the same program differ by up to ±25% in a round: with min–max alone, more
    rounds would only make a verdict less conclusive."""
    eleven = _rate([90.0] * 10 + [70.0], [100.0] * 11)
    assert eleven.verdict() == "met"
    assert "93% interval of the median 0.90x–0.90x" in eleven.spread_text()
    seven = _rate([90.0] * 6 + [70.0], [100.0] * 7)
    assert seven.verdict() == "inconclusive"
    straddling = _rate([90.0] * 6 + [70.0] * 5, [100.0] * 11)  # the 3rd-lowest round misses: not decided
    assert straddling.verdict() == "inconclusive"
    assert "93% interval" in (straddling.inconclusive_why() or "")


def test_a_baseline_of_the_first_rounds_only_is_paired_with_those_rounds() -> None:
    """Flink's SQL Client runs in the first 3 of 8 rounds: its ratio pairs those 3 rounds, so a slow round of
    ours among the 5 rounds it took no part in neither decides nor blurs its verdict."""
    ours, flink = [68.0, 70.0, 66.0, 71.0, 57.0, 69.0, 72.0, 70.0], [50.0, 52.0, 51.0]
    unpaired = _rate(ours, flink)
    unpaired.min_ratio = 1.0
    assert unpaired.round_ratios() == [57.0 / 52.0, 72.0 / 50.0]  # extremes of rounds that never met
    paired = _rate(ours, flink)
    paired.min_ratio = 1.0
    paired.baseline_in_first_rounds = True
    assert paired.round_ratios() == [68.0 / 50.0, 70.0 / 52.0, 66.0 / 51.0]
    assert paired.verdict() == "met"
    slower = _rate([45.0] * 8, flink)
    slower.min_ratio = 1.0
    slower.baseline_in_first_rounds = True
    assert slower.verdict() == "MISSED"  # the goal still decides both ways


def test_interleaved_rounds_rotate_the_order_of_the_candidates() -> None:
    """No candidate always runs right after the same one: over as many rounds as candidates, each takes each
    place once, and its samples stay in round order."""
    calls: list[str] = []

    def runner(name: str) -> object:
        def run() -> float:
            calls.append(name)
            return float(len(calls))

        return run

    samples, failed = common.interleaved({n: runner(n) for n in "abc"}, 3, warmup=0)
    assert not failed
    assert calls == ["a", "b", "c", "b", "c", "a", "c", "a", "b"]
    assert samples == {"a": [1.0, 6.0, 8.0], "b": [2.0, 4.0, 9.0], "c": [3.0, 5.0, 7.0]}


def test_cpu_share_says_how_much_of_a_stage_the_host_took() -> None:
    # user, nice, system, idle, iowait, irq, softirq, steal: 100 ticks, 30 busy, 60 idle, 10 stolen
    assert (
        common.cpu_share((0,) * 8, (20, 0, 10, 55, 5, 0, 0, 10)) == "CPUs 30% busy, 10.0% stolen by the host"
    )
    assert "not available" in common.cpu_share((), (1,) * 8)
    assert "not available" in common.cpu_share((1,) * 8, (1,) * 8)
    if Path("/proc/stat").exists():
        assert len(common.cpu_times()) == 8


def test_full_stream_rounds_leave_the_two_most_extreme_rounds_each_side_out() -> None:
    stream = importlib.import_module("bench_stream")
    assert common.median_interval([float(i) for i in range(stream.FULL_ROUNDS)])[2] == 3


def test_strict_fails_on_missed_inconclusive_and_not_measured_only() -> None:
    met = _rate([90.0, 85.0, 95.0], [100.0, 100.0, 100.0])
    missed = _rate([50.0, 60.0, 55.0], [100.0, 100.0, 100.0])
    unmeasured = common.Figure("stream", "rows/s", "rows/s", None, "bare loop", 100.0, min_ratio=0.8)
    informational = common.Figure("stream", "first row", "s", 3.0, "Flink", 4.0)
    assert common.strict_failures([met, missed, unmeasured, informational]) == [missed, unmeasured]


def test_figures_to_json_round_trips() -> None:
    fig = common.Figure("stream", "rows", "rows/s", 2.0, "Flink", 1.0, higher_is_better=True, min_ratio=1.0)
    data = json.loads(common.figures_to_json([fig]))
    assert data[0]["ratio"] == 2.0 and data[0]["met"] is True and data[0]["verdict"] == "met"


def test_percentile_is_a_measured_value() -> None:
    values = [float(v) for v in range(1, 101)]
    assert common.percentile(values, 50) in values
    assert common.percentile(values, 99) == 99.0
    assert common.percentile([7.0], 99) == 7.0


def test_strip_ansi_keeps_the_prompt_text() -> None:
    drawn = (
        "\x1b[?25l\x1b[0m\x1b[38;5;2m● \x1b[1mFlink SQL\x1b[0m [default_catalog.default_database]> \x1b[?25h"
    )
    assert "● Flink SQL [default_catalog.default_database]> " in common.strip_ansi(drawn)


def test_pty_reader_finds_the_prompt_and_answers_cursor_requests(tmp_path: Path) -> None:
    code = (
        "import sys, os, tty\n"
        "tty.setraw(0)\n"  # as prompt_toolkit does before it asks where the cursor is
        "sys.stdout.write('\\x1b[6n'); sys.stdout.flush()\n"
        "answer = os.read(0, 32)\n"
        "sys.stdout.write('got ' + repr(answer) + '\\r\\nready> '); sys.stdout.flush()\n"
        "os.read(0, 1)\n"
    )
    run = common.spawn_pty([sys.executable, "-c", code], dict(common.os.environ), cwd=tmp_path)
    try:
        elapsed = run.read_until(__import__("re").compile("ready>"), 30)
        assert elapsed > 0
        assert "\\x1b[1;1R" in run.tail()  # the child received a terminal's cursor-position answer
    finally:
        run.stop(b"q")
        run.stop(None)  # stopping a program that is already gone is harmless


def test_script_generator_mix() -> None:
    bench_script = importlib.import_module("bench_script")
    statements = bench_script.make_script(200)
    assert len(statements) == 200
    kinds = {
        k: sum(s.startswith(k) for s in statements)
        for k in ("SET", "CREATE TEMPORARY VIEW", "SHOW", "SELECT")
    }
    assert kinds["SELECT"] >= 5 and kinds["SHOW"] >= 50 and kinds["CREATE TEMPORARY VIEW"] >= 40
    assert sum(kinds.values()) == 200


def test_stream_row_clock_sees_rows_of_every_format() -> None:
    bench_stream = importlib.import_module("bench_stream")
    for first_row in (
        b"+I     1  abc  1.00\n",
        b"+I,1,abc,1.00\n",
        b"| +I |                    1 | abc |\n",
        b"1,abc,1.00\n",
    ):
        clock = bench_stream.RowClock()
        clock(b"Flink SQL> SELECT * FROM gen;\nop,id,customer\n| op |   id |\n")
        assert clock.first_row_at is None
        clock(first_row)
        assert clock.first_row_at is not None


def test_readme_writer_replaces_only_the_results_block(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = importlib.import_module("run")
    readme = tmp_path / "README.md"
    readme.write_text(f"# Bench\nintro\n{run.README_BEGIN}\nold table\n{run.README_END}\nanalysis\n")
    monkeypatch.setattr(run, "BENCH_DIR", tmp_path)
    run.write_readme("| new | table |", "Run: today")
    text = readme.read_text()
    assert "old table" not in text and "| new | table |" in text
    assert text.startswith("# Bench\nintro\n") and text.rstrip().endswith("analysis")


def test_run_rejects_unknown_benchmarks() -> None:
    run = importlib.import_module("run")
    with pytest.raises(SystemExit) as exc:
        run.main(["--only", "nonsense"])
    assert exc.value.code == 2


def test_target_from_command_line() -> None:
    args = argparse.Namespace(
        gateway="http://127.0.0.1:8083/", jobmanager=None, flink_home="/opt/flink", flink_conf=None
    )
    target = common.resolve_target(args)
    assert target.gateway == "http://127.0.0.1:8083"
    assert target.jobmanager == "http://127.0.0.1:8081"
    assert target.endpoint == "127.0.0.1:8083"
    assert target.flink_conf == Path("/opt/flink/conf")
    assert target.sql_client is None  # no such file: reported as not measured, not a crash


def test_watch_counts_frames_by_their_header_clock_not_the_toolbar_hint() -> None:
    bench_watch = importlib.import_module("bench_watch")
    toolbar_only = b"\x1b[7m Ctrl-C to stop \x1b[0m" * 50
    assert bench_watch.count_frames(toolbar_only) == 0
    frames = (
        b"\x1b[2mevery 1 s, Ctrl-C to stop \xc2\xb7 2026-12-03 04:05:06\x1b[0m\r\n"
        b"\x1b[2mevery 1 s, Ctrl-C to stop \xc2\xb7 2026-12-03 04:05:06\x1b[0m\r\n"  # a redraw, same frame
        b"\x1b[2mevery 1 s, Ctrl-C to stop \xc2\xb7 2026-12-03 04:05:07\x1b[0m\r\n"
        + "每 1 秒刷新，Ctrl-C 停止 · 2026-12-03 04:05:08\r\n".encode()
    )
    assert bench_watch.count_frames(frames) == 3
    assert bench_watch._CDC_FIRST_FRAME.search(frames.decode())
    assert not bench_watch._CDC_FIRST_FRAME.search(toolbar_only.decode())
    assert bench_watch.count_frames(b"every 1 s \xc2\xb7 04:05:06\nevery 1 s \xc2\xb7 04:05:07\n") == 2


def test_peak_memory_is_the_programs_own_not_the_benchmarks() -> None:
    """A forked child's ru_maxrss starts at its parent's size: the launcher keeps the figure the program's."""
    ballast = bytearray(120 * 2**20)  # this process grows, as run.py does once the catalogs are loaded
    code = "x = bytearray(20 * 2**20); print(len(x))"
    env = dict(os.environ)
    inherited = common.run_measured([sys.executable, "-c", code], env=env, count_stdout=True)
    own = common.run_measured([sys.executable, "-c", code], env=env, count_stdout=True, peak_memory=True)
    failing = common.run_measured([sys.executable, "-c", "raise SystemExit(3)"], env=env, peak_memory=True)
    assert len(ballast) and inherited.maxrss_mb > 120
    assert 20 < own.maxrss_mb < 80 and own.lines == 1
    assert own.argv[0] == sys.executable and failing.returncode == 3
