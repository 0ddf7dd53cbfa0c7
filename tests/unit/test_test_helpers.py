"""The test suite's own helper thread: its failure is raised on the test's thread, and a hang is reported."""

from __future__ import annotations

import threading

import pytest

from tests.threads import Helper


def test_a_helpers_failure_is_raised_by_check() -> None:
    def boom() -> None:
        raise TimeoutError("slow JobManager")

    helper = Helper(boom, name="boom")
    helper.start()
    with pytest.raises(AssertionError, match="slow JobManager") as info:
        helper.check(timeout=10)
    assert isinstance(info.value.__cause__, TimeoutError)


def test_check_returns_the_result_and_reports_a_thread_that_does_not_end() -> None:
    done = Helper(lambda: 42)
    done.start()
    assert done.check(timeout=10) == 42
    release = threading.Event()
    stuck = Helper(lambda: release.wait(30), name="stuck")
    stuck.start()
    with pytest.raises(AssertionError, match="still running"):
        stuck.check(timeout=0.2)
    release.set()
    stuck.join(10)
