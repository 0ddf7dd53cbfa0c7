"""Ctrl-C while a statement is being submitted: held until the gateway's answer names the operation.

Why: Ctrl-C raises KeyboardInterrupt wherever the main thread is. While the submit request is in flight, the
gateway may already have accepted the statement (a streaming SELECT or INSERT starts a job), but the shell does
not know the operation's handle yet, so it cannot cancel it: the Ctrl-C would print "canceled" and the job would
run on — a lost Ctrl-C. Inside `deferred_interrupt()` the first Ctrl-C is only recorded; the caller asks
`pressed()` once it has the handle and cancels the operation. A second Ctrl-C raises at once, for a user whose
gateway does not answer at all.

Only the main thread receives signals (and may install handlers); elsewhere this does nothing.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Callable, Iterator
from types import FrameType


@contextlib.contextmanager
def _on_sigint(press: Callable[[int], None]) -> Iterator[Callable[[], bool]]:
    """Within the block, each SIGINT calls `press(presses so far)`; yields `pressed()`, True once one arrived.
    Only the main thread receives signals (and may install handlers); elsewhere nothing is installed."""
    if threading.current_thread() is not threading.main_thread():
        yield lambda: False
        return
    count = [0]

    def handler(signum: int, frame: FrameType | None) -> None:
        count[0] += 1
        press(count[0])

    try:
        previous = signal.signal(signal.SIGINT, handler)
    except ValueError:  # not the main interpreter / signals unavailable: nothing to install
        yield lambda: False
        return
    try:
        yield lambda: count[0] > 0
    finally:
        signal.signal(signal.SIGINT, previous)


def deferred_interrupt() -> contextlib.AbstractContextManager[Callable[[], bool]]:
    """Within the block, hold the first SIGINT; yields `pressed()`, True when one arrived."""

    def press(presses: int) -> None:
        if presses > 1:
            raise KeyboardInterrupt

    return _on_sigint(press)


def noted_interrupt(stop: threading.Event) -> contextlib.AbstractContextManager[Callable[[], bool]]:
    """While a statement's results stream in: Ctrl-C raises KeyboardInterrupt as always, and is also noted and
    sets `stop`; yields `pressed()`.

    Why: a KeyboardInterrupt is raised wherever the main thread happens to be, and some places swallow it — a
    finalizer the garbage collector runs ("Exception ignored in ..."), a library's cleanup. The fetch loop then
    streams on: in a whole bench run (2026-12-03, 13:49) a streaming SELECT kept printing rows for 60 s after its
    Ctrl-C. With `stop` set the pager ends at its next page, and `pressed()` tells the executor to cancel the
    operation just as the KeyboardInterrupt would have.
    """

    def press(presses: int) -> None:
        stop.set()
        raise KeyboardInterrupt

    return _on_sigint(press)


def held_interrupt(stop: threading.Event) -> contextlib.AbstractContextManager[Callable[[], bool]]:
    """While a Ctrl-C is being acted on (waiting for the job's id, cancelling it): each further Ctrl-C only sets
    `stop`, which ends the wait. A KeyboardInterrupt there would skip the cancel that is about to go out, and
    the job would run on after "canceled" was printed."""

    def press(presses: int) -> None:
        stop.set()

    return _on_sigint(press)
