"""The live result view: the changelog folded in place, and the full-screen view driven like a person would."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from cdcshell.render.materialized import MaterializedResult
from cdcshell.repl.live_table import LiveTableWriter


def test_update_replaces_the_row_in_place() -> None:
    m = MaterializedResult()
    m.apply([("INSERT", ["a", 1]), ("INSERT", ["b", 1]), ("INSERT", ["c", 1])])
    m.apply([("UPDATE_BEFORE", ["a", 1]), ("UPDATE_AFTER", ["a", 2])])
    assert m.rows() == [["a", 2], ["b", 1], ["c", 1]]  # Flink's table mode would move `a` to the end
    m.apply([("DELETE", ["b", 1])])
    assert m.rows() == [["a", 2], ["c", 1]]
    assert m.row_count == 2 and m.changes == 6


def test_retraction_without_its_update_removes_and_unknown_retractions_are_ignored() -> None:
    m = MaterializedResult()
    m.apply([("+I", ["a", [1, 2]]), ("-U", ["a", [1, 2]]), ("+I", ["b", {"k": 1}])])
    assert m.rows() == [["b", {"k": 1}]]
    m.apply([("-D", ["zzz", 0])])
    assert m.rows() == [["b", {"k": 1}]]


def test_duplicates_are_a_multiset_and_memory_is_the_result_not_the_stream() -> None:
    m = MaterializedResult()
    m.apply([("+I", ["x"]), ("+I", ["x"]), ("-D", ["x"])])
    assert m.rows() == [["x"]]
    counter = MaterializedResult()
    counter.apply([("+I", ["k", 0])])
    for i in range(10_000):
        counter.apply([("-U", ["k", i]), ("+U", ["k", i + 1])])
    assert counter.rows() == [["k", 10_000]]
    assert len(counter._rows) == 1 and len(counter._index) == 1


@dataclass
class _Col:
    name: str
    type: str


def test_the_view_leaves_on_q_and_cancels_while_running() -> None:
    left = threading.Event()
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        writer = LiveTableWriter(on_leave=left.set, refresh=0.1, input=pipe, output=DummyOutput())
        writer.start([_Col("name", "STRING"), _Col("cnt", "BIGINT")], changelog=True)
        writer.rows([("INSERT", ["a", 1])])
        writer.rows([("UPDATE_BEFORE", ["a", 1]), ("UPDATE_AFTER", ["a", 2])])
        time.sleep(0.3)
        text = "".join(t for _, t in writer._table_text())
        assert "a" in text and "2" in text
        pipe.send_text("q")
        assert left.wait(5), "q did not leave the view"
        writer.finish(status="canceled")
    assert writer.row_count == 3


def test_a_result_that_ends_stays_frozen_until_left_without_cancelling() -> None:
    left = threading.Event()
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        writer = LiveTableWriter(on_leave=left.set, refresh=0.1, input=pipe, output=DummyOutput())
        writer.start([_Col("n", "INT")], changelog=True)
        writer.rows([("INSERT", [1])])
        done = threading.Event()
        threading.Thread(target=lambda: (writer.finish(), done.set()), daemon=True).start()
        assert not done.wait(0.5), "the view must stay on screen after the result ended"
        assert "ended" in "".join(t for _, t in writer._status_text())
        pipe.send_text("q")
        assert done.wait(5)
    assert not left.is_set()  # nothing to cancel: the result had ended


def test_the_view_keeps_up_with_the_gateways_rate_and_holds_only_the_current_rows() -> None:
    """The stream benchmark measures ~10k rows/s out of the gateway (bench/README.md): the live view must fold a
    GROUP BY's upserts far faster than that while it draws (drawing is throttled, not per page)."""
    left = threading.Event()
    keys, pages, per_page = 1000, 100, 1000  # 100,000 changes, pages as large as the gateway's
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        writer = LiveTableWriter(on_leave=left.set, refresh=0.1, input=pipe, output=DummyOutput())
        writer.start([_Col("k", "INT"), _Col("cnt", "BIGINT")], changelog=True)
        counts = [0] * keys
        started = time.perf_counter()
        for p in range(pages):
            page: list[tuple[str, list]] = []
            for i in range(per_page // 2):
                k = (p * per_page // 2 + i) % keys
                if counts[k]:
                    page.append(("UPDATE_BEFORE", [k, counts[k]]))
                    page.append(("UPDATE_AFTER", [k, counts[k] + 1]))
                else:
                    page.append(("INSERT", [k, 1]))
                counts[k] += 1
            writer.rows(page)
        elapsed = time.perf_counter() - started
        pipe.send_text("q")
        assert left.wait(5)
        writer.finish(status="canceled")
    assert writer.row_count / elapsed > 20_000, f"{writer.row_count / elapsed:,.0f} changes/s"
    assert len(writer._model) == keys  # the table, not the stream
