"""The skip policy (tests/skip_policy.py) itself: a skip outside the allow-list fails the run, an allowed one
does not, and every test gets a time limit that turns a hang into a failure."""

from __future__ import annotations

import time

import pytest

from tests import skip_policy

pytest_plugins = ("pytester",)

CONFTEST = """
from tests.skip_policy import (
    pytest_addoption, pytest_collection_modifyitems, pytest_configure, pytest_sessionfinish,
    pytest_terminal_summary,
)
"""


@pytest.fixture
def inner(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(
        allowed_inner='ALLOWED_SKIPS = {"test_a.py::test_allowed*": "no widget on this machine"}'
    )
    pytester.makeini("[pytest]\nskip_allowlist = allowed_inner\n")
    return pytester


TESTS = """
import pytest

def test_runs():
    assert True

def test_allowed():
    pytest.skip("no widget")

@pytest.mark.parametrize("n", [1, 2])
def test_allowed_param(n):
    pytest.skip("no widget either")

@pytest.mark.xfail(reason="known bug", strict=True)
def test_expected_failure():
    assert False
"""


def test_a_skip_outside_the_allow_list_fails_the_run(inner: pytest.Pytester) -> None:
    inner.makepyfile(test_a=TESTS + '\ndef test_needs_mvn():\n    pytest.skip("mvn is needed")\n')
    result = inner.runpytest_inprocess("-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.assert_outcomes(passed=1, skipped=4, xfailed=1)
    result.stdout.fnmatch_lines(
        ["*skipped tests not on the allow-list*", "test_a.py::test_needs_mvn: mvn is needed"]
    )
    assert "test_a.py::test_allowed:" not in result.stdout.str()


def test_allowed_skips_and_xfails_keep_the_run_green(inner: pytest.Pytester) -> None:
    inner.makepyfile(test_a=TESTS)
    result = inner.runpytest_inprocess("-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.OK
    result.assert_outcomes(passed=1, skipped=3, xfailed=1)
    assert "not on the allow-list" not in result.stdout.str()


def test_a_skipped_module_fails_the_run(inner: pytest.Pytester) -> None:
    inner.makepyfile(
        test_b='import pytest\npytest.importorskip("no_such_module_here")\n\ndef test_x():\n    pass\n'
    )
    result = inner.runpytest_inprocess("-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(["test_b.py: *no_such_module_here*"])


def test_allow_skips_option_reports_but_does_not_fail(inner: pytest.Pytester) -> None:
    inner.makepyfile(test_a='import pytest\n\ndef test_needs_mvn():\n    pytest.skip("mvn is needed")\n')
    result = inner.runpytest_inprocess("-p", "no:cacheprovider", "--allow-skips")
    assert result.ret == pytest.ExitCode.OK
    result.stdout.fnmatch_lines(["*allowed by --allow-skips*", "test_a.py::test_needs_mvn: mvn is needed"])


def test_an_allowance_with_a_reason_covers_only_that_reason(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(
        allowed_inner="""ALLOWED_SKIPS = {"test_e.py::*": ("on 2.x only", "runs on Flink 2.")}"""
    )
    pytester.makeini("[pytest]\nskip_allowlist = allowed_inner\n")
    pytester.makepyfile(
        test_e="""
import pytest

def test_cdc_on_2x():
    pytest.skip("no Flink CDC release runs on Flink 2.2.1 yet")

def test_cdc_other_reason():
    pytest.skip("no PostgreSQL server installed")
"""
    )
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    out = result.stdout.str()
    assert "test_e.py::test_cdc_other_reason: no PostgreSQL server installed" in out
    assert "test_e.py::test_cdc_on_2x:" not in out


def test_the_projects_allow_list_is_short_and_gives_reasons() -> None:
    from tests.allowed_skips import ALLOWED_SKIPS

    assert len(ALLOWED_SKIPS) <= 10
    for nodeid, allowance in ALLOWED_SKIPS.items():
        assert nodeid.startswith("tests/") and "::" in nodeid
        pairs = [allowance] if isinstance(allowance, (str, tuple)) else allowance
        for pair in pairs:
            why = pair if isinstance(pair, str) else pair[0]
            assert len(why) > 20, nodeid


def test_a_failing_run_keeps_its_own_exit_status(inner: pytest.Pytester) -> None:
    inner.makepyfile(
        test_a='import pytest\n\ndef test_f():\n    assert 0\n\ndef test_s():\n    pytest.skip("x")\n'
    )
    result = inner.runpytest_inprocess("-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.assert_outcomes(failed=1, skipped=1)


def test_a_hanging_test_fails_at_its_time_limit(
    inner: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(skip_policy, "UNIT_TIMEOUT", 1)
    inner.makepyfile(
        test_c="import time\n\ndef test_hangs():\n    time.sleep(60)\n\ndef test_ok():\n    pass\n"
    )
    started = time.monotonic()
    result = inner.runpytest_inprocess("-p", "no:cacheprovider")
    assert time.monotonic() - started < 30
    result.assert_outcomes(failed=1, passed=1)
    result.stdout.fnmatch_lines(["*Timeout*"])


def test_integration_tests_get_the_longer_limit_and_the_first_sandbox_user_pays_for_the_start(
    inner: pytest.Pytester,
) -> None:
    inner.makeini("[pytest]\nskip_allowlist = allowed_inner\nmarkers =\n    integration: live\n")
    inner.makepyfile(
        test_d="""
import pytest

@pytest.fixture
def sandbox():
    return 1

def test_unit():
    pass

@pytest.mark.integration
def test_first(sandbox):
    pass

@pytest.mark.integration
def test_second(sandbox):
    pass

@pytest.mark.integration
@pytest.mark.timeout(5)
def test_own_limit():
    pass
"""
    )
    items, _ = inner.inline_genitems()
    limits = {item.name: item.get_closest_marker("timeout").args[0] for item in items}
    assert limits == {
        "test_unit": skip_policy.UNIT_TIMEOUT,
        "test_first": skip_policy.INTEGRATION_TIMEOUT + skip_policy.SANDBOX_START_TIMEOUT,
        "test_second": skip_policy.INTEGRATION_TIMEOUT,
        "test_own_limit": 5,
    }
