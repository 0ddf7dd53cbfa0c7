"""Paging through a statement's results without spinning.

The real gateway has no long poll: while a streaming job runs it answers at once with ``PAYLOAD`` pages whose
``data`` is empty (and ``NOT_READY`` until the job starts). Following ``nextResultUri`` in a tight loop makes
hundreds of requests a second, so the pager backs off exponentially on every page without rows and snaps back
to fast polling as soon as rows arrive. Waiting is done on the ``stop`` event so Ctrl-C ends it at once.

While rows flow, the next page is requested in the background as soon as a full page arrives, so the
gateway's work for page N+1 (serialising up to thousands of rows to JSON, the round trip) overlaps with the
caller's work on page N (decoding, formatting, writing). Without it every page costs the sum of both, and an
unthrottled stream printed by cdcshell ran at about half the rate of a bare loop that only decodes the pages
(bench/README.md, "Result stream").
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import Protocol

from cdcshell.gateway.models import EOS, NOT_READY, ResultPage

PREFETCH_MIN_ROWS = 64
"""A page with fewer rows is not worth a helper thread: formatting it takes less time than starting the thread,
and most statements (SET, SHOW, small SELECTs) answer with one such page and then EOS. In a script of 1,000
statements, a thread per statement cost about 0.3 ms of CPU each (bench/README.md, "Scripts"); a stream's
pages carry thousands of rows and keep the overlap."""


class Backoff:
    """Delays for polling: ``initial`` doubling (by ``factor``) up to ``maximum``; ``reset()`` when data flows."""

    def __init__(self, initial: float = 0.01, maximum: float = 1.0, factor: float = 2.0) -> None:
        if initial < 0 or maximum < initial or factor < 1:
            raise ValueError("Backoff needs 0 <= initial <= maximum and factor >= 1")
        self.initial = initial
        self.maximum = maximum
        self.factor = factor
        self._next = initial

    def next(self) -> float:
        delay = self._next
        self._next = min(self.maximum, self._next * self.factor if self._next else self.initial)
        return delay

    def reset(self) -> None:
        self._next = self.initial


class _Fetcher(Protocol):
    def fetch(self, session: str, operation: str, token_or_uri: int | str = 0) -> ResultPage: ...


def iter_results(
    client: _Fetcher,
    session: str,
    operation: str,
    *,
    poll: Backoff | None = None,
    stop: threading.Event | None = None,
    sleep: Callable[[float], object] | None = None,
) -> Iterator[ResultPage]:
    """Yield the pages that carry rows, plus the first page that carries columns; end at ``EOS`` or on ``stop``.

    Errors from the fetch (``StatementFailed``, ``OperationCanceled``, ...) propagate to the caller.
    """
    backoff = poll or Backoff()
    wait: Callable[[float], object]
    if sleep is not None:
        wait = sleep
    elif stop is not None:
        wait = stop.wait
    else:
        wait = time.sleep
    cursor: int | str = 0
    columns_seen = False
    ahead: _Prefetch | None = None
    while True:
        if stop is not None and stop.is_set():
            return
        if ahead is not None and ahead.cursor == cursor:
            page = ahead.result()
        else:
            page = client.fetch(session, operation, cursor)
        ahead = None
        if len(page.rows) >= PREFETCH_MIN_ROWS and page.next_uri and page.result_type != EOS:
            ahead = _Prefetch(client, session, operation, page.next_uri)
        carries_new_columns = page.columns is not None and not columns_seen
        if page.result_type != NOT_READY and (page.rows or carries_new_columns):
            columns_seen = columns_seen or page.columns is not None
            yield page
        if page.result_type == EOS:
            return
        if page.next_uri:
            cursor = page.next_uri
        if page.rows:
            backoff.reset()
        else:
            if stop is not None and stop.is_set():
                return
            wait(backoff.next())


class _Prefetch:
    """One page fetched on a helper thread while the caller works on the previous one.

    The helper only stores what the fetch gave (the page or the exception); `result()` hands it over on the
    caller's thread, so errors surface exactly where a direct fetch would raise them. A prefetch nobody collects
    (the caller stopped, Ctrl-C) ends with its HTTP request, bounded by the client's timeout, and is dropped.
    """

    def __init__(self, client: _Fetcher, session: str, operation: str, cursor: int | str) -> None:
        self.cursor = cursor
        self._page: ResultPage | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(
            target=self._run, args=(client, session, operation, cursor), name="cdcshell-prefetch", daemon=True
        )
        self._thread.start()

    def _run(self, client: _Fetcher, session: str, operation: str, cursor: int | str) -> None:
        try:
            self._page = client.fetch(session, operation, cursor)
        except BaseException as exc:  # handed to the caller's thread by result()
            self._error = exc

    def result(self) -> ResultPage:
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._page is not None
        return self._page
