"""What every benchmark shares: figures and their goals, the gateway under test, and measuring child processes.

Why it is built this way:

* Every figure is printed next to a baseline measured *in the same run*, because the machine is shared and its
  load changes from minute to minute; an absolute number from another run says little, a ratio says more.
* Programs are measured as a user meets them: a child process on a pseudo-terminal (start to prompt) or on a
  pipe (scripts, result streams). Only the standard library is used (`pty`, `os.wait4`, `/proc`), so the suite
  runs on a fresh machine without any profiler or benchmark tool.
* A missed goal is a *finding*, not an error: nothing here raises for a slow number. `BenchError` is for a
  measurement that could not be made (a program that crashed or never drew its prompt). `run.py --strict` turns
  every verdict other than "met" into a non-zero exit status.
* One sample says nothing on a shared machine: every goal figure carries the samples of its interleaved rounds
  (at least `MIN_ROUNDS`), its spread is printed, and a goal that lies within the rounds' interval of the
  median (min–max up to 7 rounds; see `median_interval`) is "inconclusive", not "met".
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import pty
import re
import select
import signal
import statistics
import struct
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent
MIN_ROUNDS = 3


class BenchError(Exception):
    """A measurement could not be made; the message says which program did what."""


# ---------------------------------------------------------------------------------------------------------------
# Figures


@dataclass
class Figure:
    """One measured number, its baseline from the same run, and the goal it is held to.

    The goal is a ratio to the baseline (`max_ratio` / `min_ratio`), an absolute limit (`limit`), or both; a
    figure without `ours` was not measured and `note` says why.
    """

    bench: str
    metric: str
    unit: str
    ours: float | None
    baseline_name: str | None = None
    baseline: float | None = None
    higher_is_better: bool = False
    max_ratio: float | None = None
    min_ratio: float | None = None
    limit: float | None = None
    note: str = ""
    detail: dict[str, Any] = field(default_factory=dict)
    samples: list[float] = field(default_factory=list)  # ours, one per round (rounds interleaved)
    baseline_samples: list[float] = field(default_factory=list)  # the baseline's, same rounds
    # The baseline ran in the first rounds only (Flink's SQL Client, two minutes a round; the tenth-size memory
    # runs): `samples` holds those rounds first, then the rounds that narrow another figure.
    baseline_in_first_rounds: bool = False

    @property
    def ratio(self) -> float | None:
        if self.ours is None or not self.baseline:
            return None
        return self.ours / self.baseline

    @property
    def has_goal(self) -> bool:
        return self.max_ratio is not None or self.min_ratio is not None or self.limit is not None

    def _checks(self, ours: float | None, ratio: float | None) -> list[bool]:
        checks: list[bool] = []
        if ratio is not None and self.max_ratio is not None:
            checks.append(ratio <= self.max_ratio)
        if ratio is not None and self.min_ratio is not None:
            checks.append(ratio >= self.min_ratio)
        if ours is not None and self.limit is not None:
            checks.append(ours >= self.limit if self.higher_is_better else ours <= self.limit)
        return checks

    @property
    def met(self) -> bool | None:
        """True/False against every goal that could be checked (on the medians); None when nothing could be."""
        checks = self._checks(self.ours, self.ratio)
        return all(checks) if checks else None

    def round_ratios(self) -> list[float]:
        """The ratio of each round: paired when both sides have a sample per round (they ran interleaved, so
        a round's load fell on both) or when the baseline ran in our first rounds only (paired over those), else
        the extremes (fastest of one against slowest of the other)."""
        ours, base = self.samples, self.baseline_samples
        if not ours or not base or not all(base):
            return []
        if self.baseline_in_first_rounds and len(ours) > len(base):
            ours = ours[: len(base)]
        if len(ours) == len(base):
            return [o / b for o, b in zip(ours, base, strict=True)]
        return [min(ours) / max(base), max(ours) / min(base)]

    def rounds(self) -> int:
        return len(self.samples)

    def inconclusive_why(self) -> str | None:
        """Why the medians' verdict cannot be trusted: too few rounds, or a goal that lies within the interval
        the rounds give for the median (see `median_interval`): for each criterion of the goal, its two ends
        must agree."""
        if not self.has_goal or not self.samples:
            return None
        n = len(self.samples)
        if n < MIN_ROUNDS:
            return f"{n} round(s), fewer than {MIN_ROUNDS}"
        ratios = self.round_ratios()
        criteria: list[tuple[list[float], Callable[[float], bool]]] = []
        if ratios:
            if self.max_ratio is not None:
                criteria.append((ratios, lambda r, m=self.max_ratio: r <= m))
            if self.min_ratio is not None:
                criteria.append((ratios, lambda r, m=self.min_ratio: r >= m))
        if self.limit is not None:
            limit = self.limit
            criteria.append(
                (self.samples, (lambda v: v >= limit) if self.higher_is_better else (lambda v: v <= limit))
            )
        for values, ok in criteria:
            low, high, k = median_interval(values)
            if ok(low) != ok(high):
                if k == 1:
                    return "the goal lies within the spread of the rounds"
                return (
                    f"the goal lies within the {coverage(len(values), k):.0%} interval of the median "
                    f"(rounds {k} to {len(values) + 1 - k} of {len(values)}, sorted)"
                )
        return None

    def spread_text(self) -> str:
        """min–max of ours, of the baseline and of the per-round ratio, and the number of rounds; with enough
        rounds also the interval of the median that the verdict uses."""
        if not self.samples:
            return "-"
        parts = [f"{format_value(min(self.samples), self.unit)}–{format_value(max(self.samples), self.unit)}"]
        if self.baseline_samples:
            parts.append(
                f"baseline {format_value(min(self.baseline_samples), self.unit)}–"
                f"{format_value(max(self.baseline_samples), self.unit)}"
            )
        ratios = self.round_ratios()
        if ratios:
            parts.append(f"ratio {format_ratio(min(ratios))}–{format_ratio(max(ratios))}")
        rounds = f"{len(self.samples)} rounds"
        values = ratios if ratios else self.samples
        low, high, k = median_interval(values)
        if k > 1:
            shown = (
                f"{format_ratio(low)}–{format_ratio(high)}"
                if ratios
                else f"{format_value(low, self.unit)}–{format_value(high, self.unit)}"
            )
            rounds += f"; {coverage(len(values), k):.0%} interval of the median {shown}"
        return f"{'; '.join(parts)} ({rounds})"

    def goal_text(self) -> str:
        parts = []
        if self.max_ratio is not None:
            parts.append(f"ratio <= {self.max_ratio:g}")
        if self.min_ratio is not None:
            parts.append(f"ratio >= {self.min_ratio:g}")
        if self.limit is not None:
            parts.append(f"{'>=' if self.higher_is_better else '<='} {format_value(self.limit, self.unit)}")
        return ", ".join(parts) or "-"

    def verdict(self) -> str:
        """NOT MEASURED, "-" (no goal), met, MISSED, or inconclusive (see `inconclusive_why`)."""
        met = self.met
        if self.ours is None or (self.baseline_name and self.baseline is None and self.limit is None):
            return "NOT MEASURED"
        if met is None:
            return "-"
        if self.inconclusive_why():
            return "inconclusive"
        return "met" if met else "MISSED"


MEDIAN_CONFIDENCE = 0.90


def coverage(n: int, k: int) -> float:
    """How often the k-th smallest and k-th largest of n samples enclose the true median (distribution-free:
    the number of samples below the median is binomial(n, 1/2))."""
    return 1 - 2 * sum(math.comb(n, i) for i in range(k)) / 2**n


def median_interval(
    values: Sequence[float], confidence: float = MEDIAN_CONFIDENCE
) -> tuple[float, float, int]:
    """(low, high, k): the narrowest interval of sorted samples, the k-th smallest to the k-th largest, that
    holds the median with at least `confidence`.

    Why not always min–max: the range of individual rounds widens with every round, so on a noisy machine more
    measuring would make every verdict less conclusive (two runs of the *same* program at start-up differ by
    ±25% per round here). Up to 7 rounds the 90% interval is min–max anyway (k = 1); from 8 rounds on the most
    extreme rounds stop deciding alone (8 and 9: 2nd to 2nd-last, 93% and 96%; 11: 3rd to 9th, 93%)."""
    ordered = sorted(values)
    n = len(ordered)
    k = 1
    while k + 1 <= (n + 1) // 2 and coverage(n, k + 1) >= confidence:
        k += 1
    return ordered[k - 1], ordered[n - k], k


def strict_failures(figures: Sequence[Figure]) -> list[Figure]:
    """The figures that make `run.py --strict` fail: a goal not met (MISSED, inconclusive) or not measured."""
    return [f for f in figures if f.verdict() in ("MISSED", "inconclusive", "NOT MEASURED")]


def format_value(value: float | None, unit: str) -> str:
    """Numbers at a precision that suits their unit, so that a table of mixed figures stays readable."""
    if value is None:
        return "n/a"
    if unit == "s":
        return f"{value:.3f} s" if value < 10 else f"{value:.1f} s"
    if unit == "ms":
        return f"{value:.2f} ms" if value < 100 else f"{value:.0f} ms"
    if unit == "rows/s":
        return f"{value:,.0f} rows/s"
    if unit == "MB":
        return f"{value:.1f} MB"
    if unit == "%":
        return f"{value:.2f} %"
    return f"{value:g} {unit}".strip()


def format_ratio(ratio: float | None) -> str:
    if ratio is None:
        return "n/a"
    return f"{ratio:.3f}x" if ratio < 0.1 else f"{ratio:.2f}x"


def format_line(fig: Figure) -> str:
    """One line per figure: ours, baseline, ratio, goal, verdict — what a person reads at the end of a run."""
    base = (
        f"{fig.baseline_name} {format_value(fig.baseline, fig.unit)}"
        if fig.baseline_name
        else "(no baseline)"
    )
    line = (
        f"[{fig.bench}] {fig.metric}: cdcshell {format_value(fig.ours, fig.unit)} | {base}"
        f" | ratio {format_ratio(fig.ratio)} | goal {fig.goal_text()} | {fig.verdict()}"
    )
    if fig.samples:
        line += f" | spread {fig.spread_text()}"
    why = fig.inconclusive_why() if fig.verdict() == "inconclusive" else None
    if why:
        line += f" [{why}]"
    if fig.note:
        line += f"  ({fig.note})"
    return line


def markdown_table(figures: Sequence[Figure]) -> str:
    rows = [
        "| bench | figure | cdcshell | baseline | baseline value | ratio | spread (min–max) | goal | verdict |",
        "| --- | --- | ---: | --- | ---: | ---: | --- | --- | --- |",
    ]
    for f in figures:
        why = f.inconclusive_why() if f.verdict() == "inconclusive" else None
        rows.append(
            f"| {f.bench} | {f.metric} | {format_value(f.ours, f.unit)} | {f.baseline_name or '-'} | "
            f"{format_value(f.baseline, f.unit) if f.baseline_name else '-'} | {format_ratio(f.ratio)} | "
            f"{f.spread_text()} | {f.goal_text()} | {f.verdict()}{' (' + why + ')' if why else ''}"
            f"{' — ' + f.note if f.note else ''} |"
        )
    return "\n".join(rows)


def print_figures(figures: Sequence[Figure], out: Any = None) -> None:
    out = out or sys.stdout
    for fig in figures:
        print(format_line(fig), file=out, flush=True)


def figures_to_json(figures: Sequence[Figure]) -> str:
    return json.dumps(
        [
            {**asdict(f), "ratio": f.ratio, "met": f.met, "verdict": f.verdict(), "spread": f.spread_text()}
            for f in figures
        ],
        indent=2,
    )


def figures_from_json(text: str) -> list[Figure]:
    """Figures saved by `figures_to_json` (the derived fields are recomputed, not trusted)."""
    names = set(Figure.__dataclass_fields__)
    return [Figure(**{k: v for k, v in item.items() if k in names}) for item in json.loads(text)]


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile: with few samples it reports a value that was really measured."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("no samples")
    k = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


def log(message: str) -> None:
    """Progress on stderr, so that stdout holds only the figures."""
    print(f"  .. {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------------------------
# The gateway under test


@dataclass
class Target:
    gateway: str
    jobmanager: str
    flink_home: Path | None
    flink_conf: Path | None
    source: str  # where these came from: "command line" or the sandbox directory

    @property
    def endpoint(self) -> str:
        """host:port, as Flink's `sql-client.sh gateway --endpoint` wants it."""
        return re.sub(r"^https?://", "", self.gateway).rstrip("/")

    @property
    def sql_client(self) -> Path | None:
        if self.flink_home is None:
            return None
        script = self.flink_home / "bin" / "sql-client.sh"
        return script if script.is_file() else None


def add_target_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--gateway", metavar="URL", help="SQL Gateway (default: the running sandbox)")
    parser.add_argument("--jobmanager", metavar="URL", help="JobManager REST (default: the running sandbox)")
    parser.add_argument("--flink-home", metavar="DIR", help="Flink home with bin/sql-client.sh")
    parser.add_argument(
        "--flink-conf", metavar="DIR", help="FLINK_CONF_DIR for sql-client.sh (default: HOME/conf)"
    )


def add_size_args(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--quick", dest="full", action="store_false", help="small sizes (the default)")
    group.add_argument("--full", dest="full", action="store_true", help="the sizes the issue names")
    parser.set_defaults(full=False)


def resolve_target(args: argparse.Namespace) -> Target:
    """Command-line URLs first, else the sandbox that `cdcshell sandbox up` started (any Flink series)."""
    flink_home = Path(args.flink_home).expanduser() if getattr(args, "flink_home", None) else None
    conf = Path(args.flink_conf).expanduser() if getattr(args, "flink_conf", None) else None
    if args.gateway:
        jobmanager = args.jobmanager or re.sub(r":\d+/?$", ":8081", args.gateway.rstrip("/"))
        if conf is None and flink_home is not None:
            conf = flink_home / "conf"
        return Target(args.gateway.rstrip("/"), jobmanager.rstrip("/"), flink_home, conf, "command line")
    from cdcshell.sandbox.lifecycle import status

    for series in (None, "2.2", "1.20"):
        try:
            st = status(series)
        except Exception:  # a broken state file of one series must not hide another running sandbox
            continue
        if st.info is not None and st.running:
            info = st.info
            home = flink_home or info.flink_home
            sandbox_conf = st.sandbox_dir / "conf"
            return Target(
                info.gateway_url,
                args.jobmanager or info.jobmanager_url,
                home,
                conf or (sandbox_conf if sandbox_conf.is_dir() else (home / "conf" if home else None)),
                str(st.sandbox_dir),
            )
    raise BenchError(
        "no running sandbox found: start one with `cdcshell sandbox up`, or pass --gateway URL "
        "(and --jobmanager URL, --flink-home DIR)"
    )


def gateway_reachable(url: str, timeout: float = 5.0) -> str | None:
    """None when the gateway answers, else why not (one line)."""
    import httpx

    try:
        httpx.get(url.rstrip("/") + "/api_versions", timeout=timeout).raise_for_status()
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    return None


class BareGateway:
    """The least a client must do to run statements over the SQL Gateway REST API: the floor for scripts.

    Polling mirrors cdcshell's pager (10 ms doubling to 1 s, reset when rows arrive), so the floor makes the same
    requests and differs only in everything cdcshell adds around them.
    """

    def __init__(self, url: str, timeout: float = 120.0) -> None:
        import httpx

        self.http = httpx.Client(base_url=url.rstrip("/"), timeout=timeout)
        versions = [v.lower() for v in self.http.get("/api_versions").json()["versions"]]
        self.version = max(versions, key=lambda v: int(v[1:]))
        self.session = ""

    def open(self, properties: Mapping[str, str] | None = None) -> str:
        resp = self.http.post(
            f"/{self.version}/sessions", json={"properties": dict(properties or {}), "sessionName": "bench"}
        )
        resp.raise_for_status()
        self.session = resp.json()["sessionHandle"]
        return self.session

    def submit(self, statement: str) -> str:
        resp = self.http.post(
            f"/{self.version}/sessions/{self.session}/statements", json={"statement": statement}
        )
        resp.raise_for_status()
        return str(resp.json()["operationHandle"])

    def pages(self, op: str) -> Iterator[dict[str, Any]]:
        uri = f"/{self.version}/sessions/{self.session}/operations/{op}/result/0?rowFormat=JSON"
        delay = 0.01
        while True:
            resp = self.http.get(uri)
            if resp.status_code != 200:
                raise BenchError(f"statement failed: HTTP {resp.status_code}: {resp.text[:300]}")
            page = resp.json()
            yield page
            if page.get("resultType") == "EOS":
                return
            uri = page.get("nextResultUri") or uri
            if (page.get("results") or {}).get("data"):
                delay = 0.01
            else:
                time.sleep(delay)
                delay = min(1.0, delay * 2)

    def close_operation(self, op: str) -> None:
        with contextlib.suppress(Exception):
            self.http.delete(f"/{self.version}/sessions/{self.session}/operations/{op}/close")

    def run(self, statement: str) -> list[list[Any]]:
        """Submit, fetch every page, close: all rows' fields."""
        op = self.submit(statement)
        rows: list[list[Any]] = []
        try:
            for page in self.pages(op):
                rows.extend(r.get("fields", []) for r in (page.get("results") or {}).get("data") or [])
        finally:
            self.close_operation(op)
        return rows

    def job_id(self, statement: str) -> str:
        """Submit a statement that starts a job (INSERT) and return the job's id."""
        op = self.submit(statement)
        try:
            for page in self.pages(op):
                if page.get("jobID"):
                    return str(page["jobID"])
                data = (page.get("results") or {}).get("data") or []
                if data:
                    return str(data[0]["fields"][0])
        finally:
            self.close_operation(op)
        raise BenchError(f"no job id for: {statement}")

    def close(self) -> None:
        if self.session:
            with contextlib.suppress(Exception):
                self.http.delete(f"/{self.version}/sessions/{self.session}")
        self.http.close()


def cancel_job(jobmanager: str, job_id: str) -> None:
    """Cancel a job this benchmark started; quiet when it is already gone."""
    import httpx

    with contextlib.suppress(Exception):
        httpx.patch(f"{jobmanager.rstrip('/')}/jobs/{job_id}?mode=cancel", timeout=30)


# ---------------------------------------------------------------------------------------------------------------
# Programs under test


def cdcshell_command() -> list[str]:
    """The `cdcshell` console script next to this interpreter (what a user runs), else `python -m cdcshell`."""
    script = Path(sys.executable).parent / "cdcshell"
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)]
    return [sys.executable, "-m", "cdcshell"]


def pycache_dir() -> Path:
    from cdcshell.paths import cache_dir

    return cache_dir() / "bench-pycache"


_PRIMED = False
PRIME_PACKAGES = (
    "cdcshell",
    "prompt_toolkit",
    "pygments",
    "httpx",
    "httpcore",
    "h11",
    "anyio",
    "idna",
    "certifi",
    "sniffio",
    "rich",
    "wcwidth",
)


def prime_bytecode() -> None:
    """Compile the packages on the start path into the benchmark's bytecode cache once.

    Programs are measured as installed: pip compiles .pyc files at install time, but an editable checkout run
    with PYTHONDONTWRITEBYTECODE=1 (as on some CI and sandbox machines) compiles every module from source on
    every start, which is not what a user waits for. The cache lives outside the source tree
    (PYTHONPYCACHEPREFIX), so nothing is written next to the code; later runs only check timestamps.
    """
    global _PRIMED
    if _PRIMED:
        return
    import importlib.util
    import subprocess

    dirs = []
    for name in PRIME_PACKAGES:
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.submodule_search_locations:
            dirs.extend(spec.submodule_search_locations)
    env = dict(os.environ, PYTHONPYCACHEPREFIX=str(pycache_dir()))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", "-j", "0", *dirs],
        env=env,
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _PRIMED = True


@contextlib.contextmanager
def scratch_env(extra: Mapping[str, str] | None = None) -> Iterator[tuple[dict[str, str], Path]]:
    """An environment whose cdcshell files (history, journals, config) live in a throwaway directory, so that a
    benchmark neither reads a developer's settings nor leaves anything behind."""
    with tempfile.TemporaryDirectory(prefix="cdcshell-bench-") as tmp:
        env = dict(os.environ)
        env.update(
            CDCSHELL_HOME=tmp,
            TERM="xterm-256color",
            LANG=env.get("LANG") or "C.UTF-8",
            LC_ALL="C.UTF-8",
            COLUMNS="120",
            LINES="40",
        )
        env.pop("NO_COLOR", None)
        # bytecode as after `pip install`: see prime_bytecode
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(pycache_dir())
        env.update(extra or {})
        prime_bytecode()
        yield env, Path(tmp)


def flink_env(target: Target, scratch: Path) -> dict[str, str]:
    """What Flink's scripts need: our conf dir, and a log dir of our own so the home's logs stay untouched."""
    env = dict(os.environ)
    env.pop("FLINK_HOME", None)
    if target.flink_conf is not None:
        env["FLINK_CONF_DIR"] = str(target.flink_conf)
    log_dir = scratch / "flink-log"
    log_dir.mkdir(exist_ok=True)
    env["FLINK_LOG_DIR"] = str(log_dir)
    env.setdefault("TERM", "xterm-256color")
    return env


def sql_client_argv(target: Target, scratch: Path, *extra: str) -> list[str]:
    """Flink's SQL Client in gateway mode against the target, with a history file of its own in `scratch`."""
    assert target.sql_client is not None
    return [
        str(target.sql_client),
        "gateway",
        "--endpoint",
        target.endpoint,
        "-hist",
        str(scratch / "flink-history"),
        *extra,
    ]


_ANSI = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-Za-z]|[=>78cM])")


def strip_ansi(text: str) -> str:
    return _ANSI.sub("", text)


@dataclass
class PtyRun:
    """A program running on a pseudo-terminal, read until the text we wait for shows on its screen."""

    pid: int
    fd: int
    started: float
    output: bytearray = field(default_factory=bytearray)

    def read_until(self, pattern: re.Pattern[str], timeout: float) -> float:
        """Seconds since the start when `pattern` first appears (escape sequences removed); answers cursor
        position requests like a terminal, since prompt_toolkit and JLine ask for one while drawing."""
        deadline = time.monotonic() + timeout
        scanned = 0
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise BenchError(
                    f"timed out after {timeout:.0f} s waiting for {pattern.pattern!r}; "
                    f"screen so far: {self.tail()!r}"
                )
            ready, _, _ = select.select([self.fd], [], [], min(remaining, 0.5))
            if not ready:
                continue
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:
                chunk = b""
            now = time.perf_counter()
            if not chunk:
                raise BenchError(f"the program ended before {pattern.pattern!r} appeared: {self.tail()!r}")
            self.output += chunk
            if b"\x1b[6n" in chunk:
                os.write(self.fd, b"\x1b[1;1R")
            text = strip_ansi(self.output[max(0, scanned - 200) :].decode("utf-8", "replace"))
            if pattern.search(text):
                return now - self.started
            scanned = len(self.output)

    def drain(self, seconds: float) -> None:
        """Keep reading (so the program never blocks on a full terminal) for `seconds`."""
        deadline = time.monotonic() + seconds
        while (remaining := deadline - time.monotonic()) > 0:
            ready, _, _ = select.select([self.fd], [], [], min(remaining, 0.5))
            if ready:
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:
                    return
                if not chunk:
                    return
                self.output += chunk[-65536:]
                if b"\x1b[6n" in chunk:
                    os.write(self.fd, b"\x1b[1;1R")
                if len(self.output) > 1 << 20:
                    del self.output[: len(self.output) - (1 << 16)]

    def send(self, data: bytes) -> None:
        os.write(self.fd, data)

    def tail(self, chars: int = 600) -> str:
        return strip_ansi(self.output[-4 * chars :].decode("utf-8", "replace"))[-chars:]

    def stop(self, quit_keys: bytes | None = None, grace: float = 10.0) -> None:
        """Ask politely (quit keys), then SIGTERM, then SIGKILL the program's whole process group."""
        if self.pid <= 0:  # already reaped
            return self._close()
        with contextlib.suppress(OSError):
            if quit_keys:
                self.send(quit_keys)
                if self._wait(grace):
                    return self._close()
            os.killpg(self.pid, signal.SIGTERM)
            if self._wait(5.0):
                return self._close()
            os.killpg(self.pid, signal.SIGKILL)
        self._wait(10.0)
        self._close()

    def _wait(self, seconds: float) -> bool:
        if self.pid <= 0:
            return True
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self.drain(0.1)
            try:
                pid, _ = os.waitpid(self.pid, os.WNOHANG)
            except ChildProcessError:
                pid = self.pid
            if pid:
                self.pid = -abs(self.pid)  # reaped: never signal a recycled pid
                return True
        return False

    def _close(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self.fd)
        if self.pid > 0:
            with contextlib.suppress(OSError, ChildProcessError):
                os.killpg(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)


def spawn_pty(
    argv: Sequence[str],
    env: Mapping[str, str],
    cwd: str | Path | None = None,
    rows: int = 40,
    cols: int = 120,
) -> PtyRun:
    """Start `argv` as the session leader of a new pseudo-terminal of rows×cols (its controlling terminal)."""
    import fcntl
    import termios

    started = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # the child: size the terminal before anything reads it, then become the program
        try:
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
            if cwd is not None:
                os.chdir(cwd)
            os.execvpe(argv[0], list(argv), dict(env))
        finally:
            os._exit(127)
    return PtyRun(pid, fd, started)


def proc_cpu_seconds(pid: int) -> float:
    """User + system CPU time of a live process (all its threads), from /proc/<pid>/stat."""
    with open(f"/proc/{pid}/stat") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks  # utime, stime (fields 14 and 15 of the whole line)


def proc_oncpu_seconds(pid: int) -> float:
    """Time on a CPU of a live process's live threads, from /proc/<pid>/task/*/schedstat (nanoseconds).

    For short figures: /proc/<pid>/stat counts in clock ticks of 10 ms, which is ±7% of a 0.15 s start-up
    on each side of a ratio, more than the effect being measured. Threads that have already exited are not
    counted (use `proc_cpu_seconds` for long runs)."""
    total = 0
    for task in os.listdir(f"/proc/{pid}/task"):
        with (
            contextlib.suppress(OSError, IndexError, ValueError),
            open(f"/proc/{pid}/task/{task}/schedstat") as fh,
        ):
            total += int(fh.read().split()[0])
    return total / 1e9


def proc_tree_cpu_seconds(pid: int, *, precise: bool = False) -> float:
    """CPU time of a process and its live descendants (a shell script that starts a JVM, say); `precise`
    reads nanoseconds of the live threads (`proc_oncpu_seconds`) instead of clock ticks."""
    total = 0.0
    measure = proc_oncpu_seconds if precise else proc_cpu_seconds
    for p in [pid, *descendants(pid)]:
        with contextlib.suppress(OSError, IndexError, ValueError):
            total += measure(p)
    return total


def descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        with contextlib.suppress(OSError, IndexError, ValueError):
            with open(f"/proc/{entry}/stat") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


@dataclass
class RunResult:
    """What one finished child process cost: wall clock, CPU, peak resident memory (its own and its children's)."""

    argv: list[str]
    returncode: int
    wall: float
    user: float
    system: float
    maxrss_mb: float
    lines: int = 0
    first_byte: float | None = None  # seconds from start to the first byte on stdout (counted runs)
    last_byte: float | None = None
    stderr_tail: str = ""
    started_at: float = 0.0  # perf_counter() at spawn, to relate the times an `on_chunk` callback records

    @property
    def cpu(self) -> float:
        return self.user + self.system

    @property
    def stream_seconds(self) -> float | None:
        if self.first_byte is None or self.last_byte is None:
            return None
        return max(self.last_byte - self.first_byte, 1e-9)


def run_measured(
    argv: Sequence[str],
    *,
    env: Mapping[str, str],
    cwd: str | Path | None = None,
    stdin_path: str | Path | None = None,
    count_stdout: bool = False,
    timeout: float = 1800.0,
    on_chunk: Callable[[bytes], None] | None = None,
    peak_memory: bool = False,
) -> RunResult:
    """Run to the end with stdout on a pipe (read and counted here, as `| wc -l` would) or on /dev/null.

    `os.wait4` gives the child's own rusage: CPU, and ru_maxrss of the child and of the descendants it waited
    for, which is what a shell script that starts a JVM needs. But a forked child's high-water mark starts
    at its parent's resident size (the kernel carries the old address space's peak over `exec`), so from
    this process — 85 MB once the keystroke bench has loaded the catalogs — every child's peak read 85.1 MB,
    whatever it used. With `peak_memory` the program is started by a tiny launcher (`python -S`, a few MB)
    that forks it and reports its ru_maxrss: the peak of the program itself.
    """
    import subprocess

    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL  # noqa: SIM115
    err_file = tempfile.TemporaryFile()  # noqa: SIM115 - closed below, after wait4
    peak_file = None
    if peak_memory:
        fd, name = tempfile.mkstemp(prefix="bench-peak-")
        os.close(fd)
        peak_file = Path(name)
        argv = [sys.executable, "-S", "-c", _LAUNCHER, str(peak_file), *argv]
    started = time.perf_counter()
    proc = subprocess.Popen(
        list(argv),
        env=dict(env),
        cwd=cwd,
        stdin=stdin,
        stdout=subprocess.PIPE if count_stdout else subprocess.DEVNULL,
        stderr=err_file,
        start_new_session=True,
    )
    lines = 0
    first = last = None
    timer = threading.Timer(timeout, lambda: _kill_group(proc.pid))
    timer.start()
    try:
        if count_stdout:
            assert proc.stdout is not None
            fd = proc.stdout.fileno()
            while chunk := os.read(fd, 1 << 16):
                now = time.perf_counter()
                if first is None:
                    first = now - started
                last = now - started
                lines += chunk.count(b"\n")
                if on_chunk is not None:
                    on_chunk(chunk)
            proc.stdout.close()
        _, status, usage = os.wait4(proc.pid, 0)
    finally:
        timer.cancel()
        if stdin is not subprocess.DEVNULL:
            stdin.close()  # type: ignore[union-attr]
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    err_file.seek(0, os.SEEK_END)
    size = err_file.tell()
    err_file.seek(max(0, size - 2000))
    tail = err_file.read().decode("utf-8", "replace")
    err_file.close()
    maxrss_kb = usage.ru_maxrss
    if peak_file is not None:
        with contextlib.suppress(OSError, ValueError):
            maxrss_kb = int(peak_file.read_text() or maxrss_kb)
        peak_file.unlink(missing_ok=True)
        argv = argv[5:]  # without the launcher
    return RunResult(
        list(argv),
        proc.returncode,
        wall,
        usage.ru_utime,
        usage.ru_stime,
        maxrss_kb / 1024,
        lines,
        first,
        last,
        tail,
        started,
    )


# Forks the program, waits for it and writes its ru_maxrss (KB) to argv[1]; exits as the program did.
_LAUNCHER = """
import os, sys
pid = os.fork()
if pid == 0:
    try:
        os.execvp(sys.argv[2], sys.argv[2:])
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as fh:
    fh.write(str(usage.ru_maxrss))
code = os.waitstatus_to_exitcode(status)
os._exit(code if code >= 0 else 128 - code)
"""


def _kill_group(pid: int) -> None:
    with contextlib.suppress(OSError):
        os.killpg(pid, signal.SIGKILL)


def load_average() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.1f}/{five:.1f} (1/5 min) on {os.cpu_count()} CPUs"


def cpu_times() -> tuple[int, ...]:
    """The machine's CPU time by state since boot, in ticks (`/proc/stat`'s first line: user, nice, system,
    idle, iowait, irq, softirq, steal, …); empty where there is no /proc."""
    try:
        with open("/proc/stat", encoding="ascii") as stat:
            first = stat.readline().split()
    except OSError:
        return ()
    return tuple(int(v) for v in first[1:9]) if first[:1] == ["cpu"] else ()


def cpu_share(before: Sequence[int], after: Sequence[int]) -> str:
    """How the machine's CPUs spent a stage: busy (ours and every other process of this VM) and stolen by the
    hypervisor for other guests. Why: on a shared 2-vCPU VM a stage whose rounds are noisy with an idle load
    average was slowed from outside; steal says so, where the load average cannot."""
    if len(before) < 8 or len(after) < 8:
        return "CPU share not available (no /proc/stat)"
    delta = [b - a for a, b in zip(before, after, strict=True)]
    total = sum(delta)
    if total <= 0:
        return "CPU share not available (no ticks)"
    idle = delta[3] + delta[4]
    steal = delta[7]
    busy = total - idle - steal
    return f"CPUs {100 * busy / total:.0f}% busy, {100 * steal / total:.1f}% stolen by the host"


def interleaved(
    runners: Mapping[str, Callable[[], float]], repeat: int, warmup: int = 1, settle: float = 0.0
) -> tuple[dict[str, list[float]], dict[str, str]]:
    """Run each candidate once per round, in turn, so that load from other processes falls on all of them alike;
    the first `warmup` rounds fill caches and are thrown away. `settle` seconds pass before each run, so that
    what the previous candidate left running (a JVM exiting, a job being cleaned up) does not fall on the next
    one only. The order rotates by one place each round, so that no candidate always runs right after the same
    one (at 14:15 the start-up bench's cdcshell, always next after the floor and two after Flink's JVM, took
    0.202 s against 0.170 s for the same program one place later). A candidate that fails once is dropped and
    its reason kept: → (samples by name, reasons by name)."""
    samples: dict[str, list[float]] = {name: [] for name in runners}
    failed: dict[str, str] = {}
    names = list(runners)
    for round_no in range(warmup + repeat):
        shift = round_no % len(names) if names else 0
        for name in names[shift:] + names[:shift]:
            fn = runners[name]
            if name in failed:
                continue
            if settle:
                time.sleep(settle)
            try:
                value = fn()
            except BenchError as exc:
                failed[name] = str(exc)
                log(f"{name}: {exc}")
                continue
            if round_no >= warmup:
                samples[name].append(value)
    return samples, failed
