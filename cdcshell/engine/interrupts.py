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
def deferred_interrupt() -> Iterator[Callable[[], bool]]:
    """Within the block, hold the first SIGINT; yields `pressed()`, True when one arrived."""
    if threading.current_thread() is not threading.main_thread():
        yield lambda: False
        return
    count = [0]

    def hold(signum: int, frame: FrameType | None) -> None:
        count[0] += 1
        if count[0] > 1:
            raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGINT, hold)
    except ValueError:  # not the main interpreter / signals unavailable: nothing to defer
        yield lambda: False
        return
    try:
        yield lambda: count[0] > 0
    finally:
        signal.signal(signal.SIGINT, previous)
