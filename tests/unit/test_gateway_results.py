"""The pager: backs off on pages without rows, resets on rows, stops at EOS or on the stop event.

The scripted fetcher stands in for pages the real gateway does send (NOT_READY, empty PAYLOAD while a
streaming job runs, EOS); the waits are recorded instead of slept, so nothing here depends on time.
"""

from __future__ import annotations

import threading

import pytest

from cdcshell.gateway.models import ResultPage
from cdcshell.gateway.results import PREFETCH_MIN_ROWS, Backoff, iter_results

FULL = list(range(PREFETCH_MIN_ROWS))  # a page worth fetching the next one ahead for

COLS = {
    "columns": [{"name": "id", "logicalType": {"type": "INTEGER", "nullable": False}}],
    "rowFormat": "JSON",
}


def page(kind: str, rows: list[int] | None = None, nxt: int | None = None) -> ResultPage:
    if kind == "NOT_READY":
        return ResultPage.from_wire({"resultType": kind, "nextResultUri": "/v3/s/o/result/0"})
    raw = {
        "resultType": kind,
        "isQueryResult": True,
        "results": {**COLS, "data": [{"kind": "INSERT", "fields": [r]} for r in rows or []]},
    }
    if nxt is not None:
        raw["nextResultUri"] = f"/v3/s/o/result/{nxt}"
    return ResultPage.from_wire(raw)


class Scripted:
    def __init__(
        self, pages: list[ResultPage], stop: threading.Event | None = None, stop_after: int | None = None
    ):
        self.pages = list(pages)
        self.cursors: list[object] = []
        self.stop = stop
        self.stop_after = stop_after

    def fetch(self, session: str, operation: str, token_or_uri: int | str = 0) -> ResultPage:
        self.cursors.append(token_or_uri)
        if self.stop is not None and len(self.cursors) == self.stop_after:
            self.stop.set()
        return self.pages.pop(0)


def test_backoff_doubles_to_max_and_resets():
    b = Backoff(0.01, 0.08)
    assert [b.next() for _ in range(6)] == [0.01, 0.02, 0.04, 0.08, 0.08, 0.08]
    b.reset()
    assert b.next() == 0.01


def test_backoff_rejects_nonsense():
    with pytest.raises(ValueError):
        Backoff(1.0, 0.5)


def test_pages_followed_with_backoff_on_empty_and_reset_on_rows():
    script = Scripted(
        [
            page("NOT_READY"),
            page("NOT_READY"),
            page("PAYLOAD", [], nxt=1),
            page("PAYLOAD", [], nxt=2),
            page("PAYLOAD", [1, 2], nxt=3),
            page("PAYLOAD", [], nxt=4),
            page("PAYLOAD", [3], nxt=5),
            page("EOS", []),
        ]
    )
    waits: list[float] = []
    got = list(iter_results(script, "s", "o", poll=Backoff(0.01, 1.0), sleep=waits.append))
    # First page with columns (even without rows), then pages with rows; EOS without rows is not yielded.
    assert [p.rows for p in got] == [[], [("+I", [1]), ("+I", [2])], [("+I", [3])]]
    assert got[0].columns is not None
    assert waits == [0.01, 0.02, 0.04, 0.08, 0.01]
    assert script.cursors[0] == 0
    assert script.cursors[3:] == [
        "/v3/s/o/result/1",
        "/v3/s/o/result/2",
        "/v3/s/o/result/3",
        "/v3/s/o/result/4",
        "/v3/s/o/result/5",
    ]


def test_empty_result_still_yields_columns_once():
    script = Scripted([page("EOS", [])])
    got = list(iter_results(script, "s", "o", sleep=lambda s: None))
    assert len(got) == 1
    assert got[0].result_type == "EOS"
    assert [c.name for c in got[0].columns] == ["id"]


def test_eos_with_rows_is_yielded():
    script = Scripted([page("PAYLOAD", [1], nxt=1), page("EOS", [2])])
    got = list(iter_results(script, "s", "o", sleep=lambda s: None))
    assert [r for p in got for r in p.rows] == [("+I", [1]), ("+I", [2])]


def test_stop_event_ends_paging_without_waiting():
    stop = threading.Event()
    script = Scripted([page("PAYLOAD", [], nxt=i) for i in range(1, 100)], stop=stop, stop_after=3)
    waits: list[float] = []
    got = list(iter_results(script, "s", "o", stop=stop, sleep=waits.append))
    assert len(script.cursors) == 3
    assert len(got) == 1  # the first page carrying columns
    assert len(waits) == 2


def test_stop_already_set_makes_no_request():
    stop = threading.Event()
    stop.set()
    script = Scripted([page("EOS", [])])
    assert list(iter_results(script, "s", "o", stop=stop)) == []
    assert script.cursors == []


def test_errors_propagate():
    class Failing:
        def fetch(self, *a, **k):
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        list(iter_results(Failing(), "s", "o"))


def test_the_next_page_is_fetched_while_the_caller_works_on_this_one():
    """While rows flow, page N+1 is requested before the caller is done with page N (the overlap is what
    keeps an unthrottled stream near the bare loop's rate; see bench/README.md)."""
    second_requested = threading.Event()

    class Watching(Scripted):
        def fetch(self, session: str, operation: str, token_or_uri: int | str = 0) -> ResultPage:
            if token_or_uri == "/v3/s/o/result/1":
                second_requested.set()
            return super().fetch(session, operation, token_or_uri)

    script = Watching([page("PAYLOAD", FULL, nxt=1), page("PAYLOAD", FULL, nxt=2), page("EOS", [3])])
    pages = iter_results(script, "s", "o", sleep=lambda s: None)
    first = next(pages)
    assert len(first.rows) == PREFETCH_MIN_ROWS
    assert second_requested.wait(10)  # requested while the caller still holds page 1
    assert sum(len(p.rows) for p in pages) == PREFETCH_MIN_ROWS + 1
    assert script.cursors == [0, "/v3/s/o/result/1", "/v3/s/o/result/2"]


def test_a_small_page_is_followed_on_the_callers_thread_without_a_helper():
    """SET, SHOW and small SELECTs answer with one short page and then EOS: no thread is started for them
    (a thread per statement was a tenth of a script's client CPU)."""
    fetched_on: list[str] = []

    class Recording(Scripted):
        def fetch(self, session: str, operation: str, token_or_uri: int | str = 0) -> ResultPage:
            fetched_on.append(threading.current_thread().name)
            return super().fetch(session, operation, token_or_uri)

    small = list(range(PREFETCH_MIN_ROWS - 1))
    script = Recording([page("PAYLOAD", small, nxt=1), page("EOS", [])])
    got = list(iter_results(script, "s", "o", sleep=lambda s: None))
    assert [len(p.rows) for p in got] == [PREFETCH_MIN_ROWS - 1]
    assert fetched_on == [threading.current_thread().name] * 2


def test_a_prefetch_error_is_raised_on_the_callers_thread_in_order():
    class FailingSecond(Scripted):
        def fetch(self, session: str, operation: str, token_or_uri: int | str = 0) -> ResultPage:
            if token_or_uri == "/v3/s/o/result/1":
                raise RuntimeError("boom on page 2")
            return super().fetch(session, operation, token_or_uri)

    pages = iter_results(FailingSecond([page("PAYLOAD", FULL, nxt=1)]), "s", "o", sleep=lambda s: None)
    assert len(next(pages).rows) == PREFETCH_MIN_ROWS  # page 1 arrives whole; the failure belongs to page 2
    with pytest.raises(RuntimeError, match="page 2"):
        next(pages)


def test_a_stop_while_a_page_is_prefetched_ends_without_yielding_it():
    stop = threading.Event()
    script = Scripted([page("PAYLOAD", FULL, nxt=1), page("PAYLOAD", [2], nxt=2), page("EOS", [3])])
    pages = iter_results(script, "s", "o", stop=stop, sleep=lambda s: None)
    assert len(next(pages).rows) == PREFETCH_MIN_ROWS
    stop.set()
    assert list(pages) == []
