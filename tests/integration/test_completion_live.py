"""Completion against the live SQL Gateway: tables and columns created in a session appear, DDL refreshes
them, the gateway's own hints merge in, and the catalog follows the gateway's version."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Iterator

import pytest

httpx = pytest.importorskip("httpx")

from prompt_toolkit.completion import CompleteEvent  # noqa: E402
from prompt_toolkit.document import Document  # noqa: E402

from cdcshell.catalog import load_catalog, resolve_series  # noqa: E402
from cdcshell.completion.completer import FlinkCompleter  # noqa: E402
from cdcshell.completion.engine import CompletionEngine  # noqa: E402
from cdcshell.completion.metadata import MetadataCache  # noqa: E402
from tests.integration.both_flinks import gateway_url_of_both  # noqa: F401, E402  (Flink 1.20 and 2.2)

pytestmark = pytest.mark.integration


class Session:
    """Just enough of the SQL Gateway REST API (plain httpx) to run statements and fetch all their rows."""

    def __init__(self, base: str) -> None:
        self.client = httpx.Client(base_url=base, timeout=30)
        self.handle = self.client.post("/v1/sessions", json={}).raise_for_status().json()["sessionHandle"]

    def query(self, statement: str) -> list[list[object]]:
        response = self.client.post(f"/v1/sessions/{self.handle}/statements", json={"statement": statement})
        response.raise_for_status()
        op = response.json()["operationHandle"]
        rows: list[list[object]] = []
        token = 0
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            r = self.client.get(
                f"/v1/sessions/{self.handle}/operations/{op}/result/{token}", params={"rowFormat": "JSON"}
            )
            if r.status_code != 200:
                raise RuntimeError(r.text[:500])
            data = r.json()
            if data.get("resultType") == "NOT_READY":
                time.sleep(0.05)
                continue
            rows += [row["fields"] for row in data["results"]["data"]]
            nxt = data.get("nextResultUri")
            if data.get("resultType") == "EOS" or not nxt:
                return rows
            token = int(nxt.split("/result/")[1].split("?")[0])
        raise TimeoutError(statement)

    def complete_statement(self, statement: str, position: int) -> list[str]:
        r = self.client.request(
            "GET",
            f"/v2/sessions/{self.handle}/complete-statement",
            json={"statement": statement, "position": position},
        )
        r.raise_for_status()
        return list(r.json().get("candidates", []))

    def close(self) -> None:
        self.client.delete(f"/v1/sessions/{self.handle}")
        self.client.close()


@pytest.fixture(scope="module")
def session(gateway_url: str) -> Iterator[Session]:
    s = Session(gateway_url)
    yield s
    s.close()


@pytest.fixture(scope="module")
def names(session: Session) -> dict[str, str]:
    suffix = uuid.uuid4().hex[:8]
    n = {"orders": f"cc_orders_{suffix}", "db": f"cc_db_{suffix}", "items": f"cc_items_{suffix}"}
    session.query(
        f"CREATE TABLE {n['orders']} (order_id BIGINT, amount DECIMAL(10, 2), customer_name STRING) "
        "WITH ('connector' = 'datagen')"
    )
    session.query(f"CREATE DATABASE {n['db']}")
    session.query(
        f"CREATE TABLE {n['db']}.{n['items']} (item_id INT, sku STRING) WITH ('connector' = 'datagen')"
    )
    return n


def settle(cache: MetadataCache, engine: CompletionEngine, *requests: tuple[str, int | None]) -> None:
    for _ in range(5):
        for text, cursor in requests:
            engine.complete(text, cursor)
        assert cache.wait_idle(30)


def test_created_tables_appear(session: Session, names: dict[str, str]) -> None:
    cache = MetadataCache(session.query)
    engine = CompletionEngine(load_catalog("1.20"), cache)
    settle(cache, engine, ("SELECT * FROM cc_", None))
    assert names["orders"] in [i.text for i in engine.complete("SELECT * FROM cc_")]
    settle(cache, engine, (f"SELECT * FROM {names['db']}.", None))
    assert [i.text for i in engine.complete(f"SELECT * FROM {names['db']}.")] == [names["items"]]
    assert names["db"] in [i.text for i in engine.complete("USE ")]


def test_columns_of_created_tables(session: Session, names: dict[str, str]) -> None:
    cache = MetadataCache(session.query)
    engine = CompletionEngine(load_catalog("1.20"), cache)
    text = f"SELECT o. FROM {names['orders']} AS o"
    cursor = text.index("o.") + 2
    settle(cache, engine, (text, cursor))
    items = engine.complete(text, cursor)
    assert [i.text for i in items] == ["order_id", "amount", "customer_name"]
    assert items[1].meta == "column · DECIMAL(10, 2)"
    select_list = f"SELECT cus FROM {names['db']}.{names['items']} i, {names['orders']}"
    settle(cache, engine, (select_list, len("SELECT cus")))
    assert [i.text for i in engine.complete(select_list, len("SELECT cus"))][:1] == ["customer_name"]
    qualified = f"SELECT i. FROM {names['db']}.{names['items']} i"
    settle(cache, engine, (qualified, len("SELECT i.")))
    assert [i.text for i in engine.complete(qualified, len("SELECT i."))] == ["item_id", "sku"]


def test_ddl_then_invalidate_shows_new_table(session: Session, names: dict[str, str]) -> None:
    cache = MetadataCache(session.query)
    engine = CompletionEngine(load_catalog("1.20"), cache)
    settle(cache, engine, ("SELECT * FROM cc_", None))
    late = names["orders"] + "_late"
    session.query(f"CREATE TABLE {late} (x INT) WITH ('connector' = 'datagen')")
    cache.invalidate()
    settle(cache, engine, ("SELECT * FROM cc_", None))
    assert late in [i.text for i in engine.complete("SELECT * FROM cc_")]


def test_gateway_complete_statement_is_merged(session: Session, names: dict[str, str]) -> None:
    completer = FlinkCompleter(lambda: load_catalog("1.20"), gateway_complete=session.complete_statement)
    doc = Document(f"SELECT * FROM {names['orders']} WH")

    async def collect() -> list[str]:
        return [c.text async for c in completer.get_completions_async(doc, CompleteEvent())]

    texts = asyncio.run(collect())
    assert "WHERE" in texts
    assert session.complete_statement(doc.text, len(doc.text))  # the gateway really answered something


def test_catalog_follows_the_gateways_version(gateway_url: str) -> None:
    version = httpx.get(gateway_url + "/v1/info", timeout=3).json()["version"]
    resolution = resolve_series(version)
    assert resolution.exact
    assert load_catalog(version).flink_version.rsplit(".", 1)[0] == version.rsplit(".", 1)[0]


def test_complete_command_reads_version_from_gateway(
    gateway_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from cdcshell.completion.command import main

    assert main(["--gateway", gateway_url, "SET 'execution.checkpointing.int"]) == 0
    out = capsys.readouterr()
    assert out.out.splitlines()[0] == "execution.checkpointing.interval"
    assert out.err == ""
