"""GatewayClient against a real Flink SQL Gateway (the sandbox, or CDCSHELL_TEST_GATEWAY).

These are the tests that matter for the wire format: the real server's paging, errors and quirks.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import httpx
import pytest

from cdcshell.gateway import (
    Backoff,
    GatewayClient,
    OperationCanceled,
    OperationNotFound,
    SessionNotFound,
    StatementFailed,
)
from tests.integration.both_flinks import gateway_url_of_both, jobmanager_url_of_both  # noqa: F401  (Flink 1.20 and 2.2)

pytestmark = pytest.mark.integration

DATAGEN_5 = (
    "CREATE TEMPORARY TABLE seq5 (id INT NOT NULL, name STRING) WITH ("
    "'connector' = 'datagen', 'number-of-rows' = '5', "
    "'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '5', 'fields.name.length' = '4')"
)
UNBOUNDED = "CREATE TEMPORARY TABLE ticks (id BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '5')"


@pytest.fixture(scope="module")
def gw_url(gateway_url: str) -> str:
    """The gateway of the shared integration sandbox (tests/integration/conftest.py)."""
    return gateway_url


@pytest.fixture(scope="module")
def jm_url(jobmanager_url: str) -> str:
    return jobmanager_url


@pytest.fixture(scope="module")
def gw(gw_url: str) -> Iterator[GatewayClient]:
    with GatewayClient(gw_url) as client:
        yield client


@pytest.fixture
def session(gw: GatewayClient) -> Iterator[str]:
    handle = gw.open_session(name="cdcshell-test")
    yield handle
    gw.close_session(handle)


@pytest.fixture
def batch_session(gw: GatewayClient) -> Iterator[str]:
    handle = gw.open_session({"execution.runtime-mode": "batch"}, name="cdcshell-test-batch")
    yield handle
    gw.close_session(handle)


def _job_state(jm_url: str, job_id: str) -> str:
    return httpx.get(f"{jm_url.rstrip('/')}/jobs/{job_id}", timeout=10).json()["state"]


def _wait_job_state(jm_url: str, job_id: str, wanted: set[str], timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    state = ""
    while time.monotonic() < deadline:
        state = _job_state(jm_url, job_id)
        if state in wanted:
            return state
        time.sleep(0.3)
    return state


def test_version_and_info(gw: GatewayClient, flink_series: str):
    # The newest REST API both sides speak: v3 on 1.20, v4 (added in Flink 2.0) on 2.2.
    assert gw.negotiate() == {"1.20": "v3", "2.2": "v4"}.get(flink_series, gw.negotiate())
    assert gw.negotiate() in ("v2", "v3", "v4")
    info = gw.info()
    assert info.product_name == "Apache Flink"
    assert info.version[0].isdigit()


def test_bounded_select_returns_exactly_the_rows(gw: GatewayClient, batch_session: str):
    gw.execute_and_collect(batch_session, DATAGEN_5)
    result = gw.execute_and_collect(batch_session, "SELECT id FROM seq5")
    assert result.is_query is True
    assert [c.name for c in result.columns] == ["id"]
    assert result.columns[0].type == "INT NOT NULL"
    assert sorted(fields[0] for _, fields in result.rows) == [1, 2, 3, 4, 5]
    assert {kind for kind, _ in result.rows} == {"+I"}
    assert result.job_id and len(result.job_id) == 32


def test_max_rows_truncates_and_closes(gw: GatewayClient, batch_session: str):
    gw.execute_and_collect(batch_session, DATAGEN_5)
    result = gw.execute_and_collect(batch_session, "SELECT id FROM seq5", max_rows=2)
    assert len(result.rows) == 2
    assert result.truncated is True
    with pytest.raises(OperationNotFound):  # the client closed it
        gw.operation_status(batch_session, result.operation)


def test_show_tables_lists_the_table(gw: GatewayClient, session: str):
    gw.execute_and_collect(session, DATAGEN_5)
    result = gw.execute_and_collect(session, "SHOW TABLES")
    assert result.is_query is False
    assert result.result_kind == "SUCCESS_WITH_CONTENT"
    assert ["seq5"] in [fields for _, fields in result.rows]


def test_set_appears_in_session_config(gw: GatewayClient, session: str):
    result = gw.execute_and_collect(session, "SET 'pipeline.name' = 'cdcshell-set-test'")
    assert result.rows == [("+I", ["OK"])]
    assert gw.session_config(session)["pipeline.name"] == "cdcshell-set-test"


def test_open_session_with_properties(gw: GatewayClient):
    handle = gw.open_session({"table.local-time-zone": "Asia/Shanghai"})
    try:
        assert gw.session_config(handle)["table.local-time-zone"] == "Asia/Shanghai"
        gw.heartbeat(handle)
    finally:
        gw.close_session(handle)


def test_insert_returns_job_id_and_job_runs(gw: GatewayClient, session: str, jm_url: str):
    gw.execute_and_collect(session, UNBOUNDED)
    gw.execute_and_collect(
        session, "CREATE TEMPORARY TABLE sink (id BIGINT) WITH ('connector' = 'blackhole')"
    )
    result = gw.execute_and_collect(session, "INSERT INTO sink SELECT id FROM ticks")
    try:
        assert result.job_id and len(result.job_id) == 32
        assert result.rows == [("+I", [result.job_id])]
        assert _wait_job_state(jm_url, result.job_id, {"RUNNING"}) == "RUNNING"
    finally:
        if result.job_id:
            httpx.patch(f"{jm_url.rstrip('/')}/jobs/{result.job_id}?mode=cancel", timeout=10)
            assert _wait_job_state(jm_url, result.job_id, {"CANCELED"}) == "CANCELED"


def test_unbounded_select_is_stopped_by_the_client(gw: GatewayClient, session: str, jm_url: str):
    gw.execute_and_collect(session, UNBOUNDED)
    op = gw.execute(session, "SELECT id FROM ticks")
    stop = threading.Event()
    rows = []
    job_id = None
    for page in gw.results(session, op, poll=Backoff(0.01, 0.2), stop=stop):
        job_id = job_id or page.job_id
        rows.extend(page.rows)
        if len(rows) >= 3:
            stop.set()
    assert len(rows) >= 3
    assert job_id
    final = gw.cancel(session, op)
    assert final in ("CANCELED", "CLOSED")
    assert _wait_job_state(jm_url, job_id, {"CANCELED"}) == "CANCELED"


def test_paging_backs_off_while_a_streaming_job_produces_nothing(gw: GatewayClient, session: str):
    gw.execute_and_collect(
        session,
        "CREATE TEMPORARY TABLE slow (id BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '0')",
    )
    op = gw.execute(session, "SELECT id FROM slow")
    calls = 0
    real_fetch = gw.fetch

    class Counting:
        def fetch(self, *args, **kwargs):
            nonlocal calls
            calls += 1
            return real_fetch(*args, **kwargs)

    from cdcshell.gateway.results import iter_results

    stop = threading.Event()
    timer = threading.Timer(3.0, stop.set)
    timer.start()
    try:
        pages = list(iter_results(Counting(), session, op, poll=Backoff(0.01, 0.5), stop=stop))
    finally:
        timer.cancel()
        gw.cancel(session, op)
    # Without backoff the real gateway answers ~100 empty pages a second.
    assert calls < 40
    assert all(not p.rows for p in pages)


def test_cancel_a_running_batch_operation_then_fetch_says_canceled(gw: GatewayClient, batch_session: str):
    gw.execute_and_collect(
        batch_session,
        "CREATE TEMPORARY TABLE big (id INT) WITH ('connector' = 'datagen', 'number-of-rows' = '50000000')",
    )
    op = gw.execute(batch_session, "SELECT count(*) FROM big")
    status = gw.cancel(batch_session, op)
    assert status in ("CANCELED", "CLOSED")
    if status == "CANCELED":
        assert gw.operation_status(batch_session, op) == "CANCELED"
        with pytest.raises(OperationCanceled):
            gw.fetch(batch_session, op, 0)


def test_unknown_table_gives_one_line_root_cause_with_position(gw: GatewayClient, session: str):
    with pytest.raises(StatementFailed) as exc:
        gw.execute_and_collect(session, "SELECT *\nFROM nope")
    root = exc.value.root_cause
    assert root.message == "Object 'nope' not found"
    assert (root.line, root.column) == (2, 6)
    assert "\n" not in str(exc.value)
    assert "line 2, column 6" in str(exc.value)
    assert "Caused by:" in exc.value.trace
    assert len(exc.value.trace) > 1000


def test_parse_error_is_statement_failed(gw: GatewayClient, session: str):
    with pytest.raises(StatementFailed) as exc:
        gw.execute_and_collect(session, "SELECT id,\n  name\nFROM t WHERE AND")
    assert exc.value.root_cause.line == 3
    assert "Was expecting" not in str(exc.value)


def test_configure_session_runs_ddl_and_reports_errors_at_once(gw: GatewayClient, session: str):
    gw.configure_session(session, DATAGEN_5)
    tables = gw.execute_and_collect(session, "SHOW TABLES")
    assert ["seq5"] in [fields for _, fields in tables.rows]
    with pytest.raises(StatementFailed):
        gw.configure_session(session, "CREATE TEMPORARY TABLE broken (id INT) WITH ('connector' = ")


def test_execution_config_is_applied(gw: GatewayClient, session: str):
    result = gw.execute_and_collect(
        session, "SELECT 1 AS x", execution_config={"execution.runtime-mode": "batch"}
    )
    assert result.rows == [("+I", [1])]


def test_plain_text_row_format(gw: GatewayClient, session: str):
    op = gw.execute(session, "SHOW CATALOGS")
    page = gw.fetch(session, op, 0, row_format="PLAIN_TEXT")
    while page.result_type == "NOT_READY":
        time.sleep(0.05)
        page = gw.fetch(session, op, page.next_uri or 0)
    assert page.row_format == "PLAIN_TEXT"
    assert ("+I", ["default_catalog"]) in page.rows
    gw.close_operation(session, op)


def test_complete_statement_returns_candidates(gw: GatewayClient, session: str):
    assert "FROM" in gw.complete_statement(session, "SELECT * FR", len("SELECT * FR"))
    assert gw.complete_statement(session, "SHOW TAB", len("SHOW TAB")) == ["TABLES"]


def test_closing_unknown_session_is_tolerated_and_a_closed_session_is_not_found(gw: GatewayClient):
    gw.close_session("00000000-0000-0000-0000-000000000000")
    handle = gw.open_session()
    gw.close_session(handle)
    with pytest.raises(SessionNotFound) as exc:
        gw.session_config(handle)
    assert exc.value.session == handle
    with pytest.raises(SessionNotFound):
        gw.execute(handle, "SELECT 1")


def test_close_unknown_operation_is_tolerated(gw: GatewayClient, session: str):
    assert gw.close_operation(session, "00000000-0000-0000-0000-000000000000") in (None, "CLOSED")
    assert gw.cancel(session, "00000000-0000-0000-0000-000000000000") is None


def test_keep_alive_heartbeats_until_stopped(gw: GatewayClient):
    handle = gw.open_session()
    keeper = gw.keep_alive(handle, interval=0.1)
    try:
        deadline = time.monotonic() + 30
        while keeper.beats < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert keeper.beats >= 2
        assert keeper.last_error is None
    finally:
        keeper.stop()
        gw.close_session(handle)
    assert not keeper.alive


def test_keep_alive_ends_when_the_session_is_gone(gw: GatewayClient):
    handle = gw.open_session()
    gw.close_session(handle)
    keeper = gw.keep_alive(handle, interval=0.05)
    keeper.join(30)
    assert not keeper.alive
    assert isinstance(keeper.last_error, SessionNotFound)
