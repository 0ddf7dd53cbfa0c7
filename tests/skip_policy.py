"""A pytest plugin that keeps a test run from going green by skipping, and gives every test a time limit.

Why: a skipped test is a test that did not run. A CI that needs PostgreSQL, Maven or a sandbox it controls
and silently skips when one is missing reports the same green as one that checked everything. So a skip fails
the run (exit status 1, and a section in the summary naming each test and its reason) unless the test is on the
allow-list in `tests/allowed_skips.py`, which names tests by node id and says why each may skip.

`--allow-skips` turns the check off for a developer who runs a subset by hand knowing what is missing;
`make test` and CI never pass it.

Time limits (pytest-timeout): a hang becomes a failure with a traceback instead of a job that runs until it is
killed. Unit tests get `UNIT_TIMEOUT` seconds, integration tests `INTEGRATION_TIMEOUT`; the first test that
needs the sandbox also pays for starting it (`SANDBOX_START_TIMEOUT`). A test that needs longer says so with its
own `@pytest.mark.timeout(N)`, which is kept.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping
from dataclasses import dataclass

import pytest

UNIT_TIMEOUT = 120
INTEGRATION_TIMEOUT = 600
SANDBOX_START_TIMEOUT = 900

_KEY = pytest.StashKey["SkipLedger"]()


@dataclass(frozen=True)
class Skip:
    nodeid: str
    reason: str


# Why a test may skip; or (why, text the skip's own reason must contain); or a list of such pairs (any may match).
Allowance = str | tuple[str, str] | list[tuple[str, str]]


class SkipLedger:
    """The skips of one run, split into allowed (matched by the allow-list) and not allowed."""

    def __init__(self, allowed: Mapping[str, Allowance]) -> None:
        self.allowed = dict(allowed)
        self.skips: list[Skip] = []

    def allowed_reason(self, nodeid: str, skip_reason: str = "") -> str | None:
        """The allow-list's reason for this node id; a pattern may use `*` (e.g. for parametrized ids). An entry
        `(why, text)` allows the skip only when its own reason contains `text` — e.g. a CDC test may skip on a
        Flink 2.2 sandbox because no CDC release supports it yet, but never on 1.20 for another reason."""
        for pattern, allowance in self.allowed.items():
            if nodeid == pattern or fnmatch.fnmatchcase(nodeid, pattern):
                if isinstance(allowance, str):
                    return allowance
                pairs = allowance if isinstance(allowance, list) else [allowance]
                for why, must_contain in pairs:
                    if must_contain in skip_reason:
                        return why
        return None

    def record(self, nodeid: str, reason: str) -> None:
        self.skips.append(Skip(nodeid, reason))

    @property
    def forbidden(self) -> list[Skip]:
        return [s for s in self.skips if self.allowed_reason(s.nodeid, s.reason) is None]


def _reason(report: pytest.TestReport | pytest.CollectReport) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr)


def _allow_list(config: pytest.Config) -> Mapping[str, Allowance]:
    """`ALLOWED_SKIPS` of the module the `skip_allowlist` ini option names (tests.allowed_skips by default)."""
    import importlib

    module = importlib.import_module(str(config.getini("skip_allowlist")))
    return dict(module.ALLOWED_SKIPS)


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("skip policy")
    group.addoption(
        "--allow-skips",
        action="store_true",
        default=False,
        help="do not fail the run on skipped tests outside tests/allowed_skips.py (never in CI)",
    )
    parser.addini(
        "skip_allowlist", "module whose ALLOWED_SKIPS maps node ids to reasons", default="tests.allowed_skips"
    )


def pytest_configure(config: pytest.Config) -> None:
    ledger = SkipLedger(_allow_list(config))
    config.stash[_KEY] = ledger
    config.pluginmanager.register(_Recorder(ledger), "skip-policy-recorder")


def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    sandbox_paid = False
    for item in items:
        if item.get_closest_marker("timeout") is not None:
            continue
        if item.get_closest_marker("integration") is None and "integration" not in item.nodeid.split("/"):
            item.add_marker(pytest.mark.timeout(UNIT_TIMEOUT))
            continue
        limit = INTEGRATION_TIMEOUT
        if not sandbox_paid and "sandbox" in getattr(item, "fixturenames", ()):
            limit += SANDBOX_START_TIMEOUT
            sandbox_paid = True
        item.add_marker(pytest.mark.timeout(limit))


class _Recorder:
    """Registered per run (see pytest_configure): the reports carry no config, so the ledger travels with this."""

    def __init__(self, ledger: SkipLedger) -> None:
        self.ledger = ledger

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.skipped and not hasattr(report, "wasxfail"):
            self.ledger.record(report.nodeid, _reason(report))

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.skipped:  # a whole module skipped (importorskip, a module-level pytest.skip)
            self.ledger.record(report.nodeid, _reason(report))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    config = session.config
    if config.getoption("--allow-skips"):
        return
    if config.stash[_KEY].forbidden and session.exitstatus in (
        pytest.ExitCode.OK,
        pytest.ExitCode.NO_TESTS_COLLECTED,
    ):
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, exitstatus: int, config: pytest.Config
) -> None:
    ledger = config.stash[_KEY]
    forbidden = ledger.forbidden
    if not forbidden:
        return
    verdict = "allowed by --allow-skips" if config.getoption("--allow-skips") else "these fail the run"
    terminalreporter.section(f"skipped tests not on the allow-list ({verdict})", sep="=", red=True)
    for skip in forbidden:
        terminalreporter.line(f"{skip.nodeid}: {skip.reason}")
    terminalreporter.line(
        "A skip is a test that did not run: install what it needs (see the reason), or add its node id with the "
        "reason it may skip to tests/allowed_skips.py."
    )
