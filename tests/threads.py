"""A helper thread for tests that reports its own failure.

A plain `threading.Thread` that raises prints a traceback to stderr and ends; the test goes on without what the
thread was to do (a SIGINT never sent, rows never written) and fails later — or hangs — for a reason it cannot
name. `Helper.check()` joins the thread (bounded) and re-raises what it raised, on the test's thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable


class Helper(threading.Thread):
    def __init__(self, target: Callable[[], object], name: str = "test-helper") -> None:
        super().__init__(name=name, daemon=True)
        self._fn = target
        self.error: BaseException | None = None
        self.result: object = None

    def run(self) -> None:
        try:
            self.result = self._fn()
        except BaseException as exc:  # kept for check(), on the test's thread
            self.error = exc

    def check(self, timeout: float = 60.0) -> object:
        """Join within `timeout` and raise what the thread raised; → what its target returned."""
        self.join(timeout)
        if self.is_alive():
            raise AssertionError(f"helper thread {self.name!r} still running after {timeout:.0f} s")
        if self.error is not None:
            raise AssertionError(f"helper thread {self.name!r} failed: {self.error!r}") from self.error
        return self.result
