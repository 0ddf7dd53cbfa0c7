"""Completions per cursor context, offline: catalog data, a fake metadata source, the prompt_toolkit adapter
and the `cdcshell complete` command."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from prompt_toolkit.completion import CompleteEvent, Completion
from prompt_toolkit.document import Document

from cdcshell.catalog import load_catalog
from cdcshell.completion.command import main as complete_main
from cdcshell.completion.completer import FlinkCompleter
from cdcshell.completion.engine import CompletionEngine, complete_text
from cdcshell.completion.metadata import MetadataCache
from cdcshell.i18n import set_language


@pytest.fixture(autouse=True)
def _english() -> None:
    set_language("en")


@pytest.fixture(autouse=True)
def _caches_closed(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every MetadataCache a test makes is closed, and its background thread has ended, before the test's
    output streams are: a worker left running logged into a closed stream ("I/O operation on closed file")."""
    made: list[MetadataCache] = []
    original = MetadataCache.__init__

    def recording(self: MetadataCache, *args: object, **kwargs: object) -> None:
        original(self, *args, **kwargs)  # type: ignore[arg-type]
        made.append(self)

    monkeypatch.setattr(MetadataCache, "__init__", recording)
    yield
    for cache in made:
        cache.close()
    for cache in made:
        worker = cache._worker
        if worker is not None:
            worker.join(10)
            assert not worker.is_alive(), "a metadata thread did not stop within 10 s of close()"


def texts(text: str, version: str = "1.20", cursor: int | None = None) -> list[str]:
    return [i.text for i in complete_text(text, cursor, version)]


# ------------------------------------------------------------------------------------------- statement start


def test_statement_start_offers_statement_keywords_and_meta_commands() -> None:
    engine = CompletionEngine(
        load_catalog("1.20"), meta_commands=lambda: [("\\jobs", "list jobs"), ("help", "")]
    )
    items = engine.complete("")
    shown = [i.text for i in items]
    assert {"SELECT", "INSERT", "CREATE", "SET", "SHOW"} <= set(shown)
    assert "\\jobs" in shown and "\\help" in shown
    assert next(i for i in items if i.text == "\\jobs").meta == "list jobs"
    assert [i.text for i in engine.complete("\\j")] == ["\\jobs"]
    assert [i.text for i in engine.complete("sel")] == ["select"]  # the user's case is kept


def test_follow_keywords() -> None:
    assert {"TABLES", "JOBS", "CREATE TABLE"} <= set(texts("SHOW "))
    assert texts("BEGIN ") == ["STATEMENT SET"]


# ------------------------------------------------------------------------------------------------- SET keys


def test_set_key_prefix_completes_the_key_after_the_quote() -> None:
    items = complete_text("SET 'execution.checkpointing.int", None, "1.20")
    assert items[0].text == "execution.checkpointing.interval"
    assert items[0].start_position == -len("execution.checkpointing.int")
    assert items[0].meta.startswith("Duration")


def test_set_key_without_quote_inserts_a_quoted_key() -> None:
    assert texts("SET execution.checkpointing.int")[0] == "'execution.checkpointing.interval'"


def test_set_key_fuzzy_segments() -> None:
    assert texts("SET 'exe.chk.int")[0] == "execution.checkpointing.interval"
    assert texts("SET 'tbl.exec.mini")[0].startswith("table.exec.mini-batch.")


def test_set_key_meta_shows_enum_values_and_default() -> None:
    (item,) = [i for i in complete_text("SET 'table.exec.sink.upsert-mat", None, "1.20")]
    assert item.meta == "NONE|AUTO|FORCE · default AUTO"


def test_deprecated_key_is_flagged_and_completes_to_its_replacement() -> None:
    for version in ("1.20", "2.2"):
        items = complete_text("SET 'state.checkpoints.d", None, version)
        assert [i.text for i in items] == ["execution.checkpointing.dir"]
        assert items[0].display == "state.checkpoints.dir → execution.checkpointing.dir"
        assert "deprecated" in items[0].meta and "execution.checkpointing.dir" in items[0].meta


def test_on_2_2_state_checkpoints_dir_is_not_offered_as_current() -> None:
    items = complete_text("SET 'state.", None, "2.2")
    assert "state.checkpoints.dir" not in [i.text for i in items]
    assert all(i.display != "state.checkpoints.dir" for i in items)
    assert "execution.checkpointing.dir" in texts("SET 'execution.checkpointing.d", "2.2")


def test_removed_key_is_flagged_when_typed() -> None:
    items = complete_text("SET 'table.exec.topn-cache", None, "2.2")
    flagged = [i for i in items if "table.exec.topn-cache-size" in i.display]
    assert flagged and flagged[0].text == "table.exec.rank.topn-cache-size"
    assert "removed in 2.2.1" in flagged[0].meta
    plain = [
        i
        for i in complete_text("SET 'jobmanager.heap.si", None, "2.2")
        if i.display == "jobmanager.heap.size"
    ]
    assert plain and plain[0].meta == "⚠ removed in 2.2.1"


def test_old_names_are_not_offered_while_browsing() -> None:
    shown = {i.display for i in complete_text("SET '", None, "1.20")}
    assert "execution.checkpointing.interval" in shown
    assert not any("→" in d for d in shown)
    assert not any(d.startswith("$internal") for d in shown)


def test_reset_completes_keys() -> None:
    assert texts("RESET 'pipeline.na")[0] == "pipeline.name"


# ---------------------------------------------------------------------------------------------- SET values


def test_value_hints_by_type() -> None:
    enum = texts("SET 'table.exec.sink.upsert-materialize' = ")
    assert enum[0] == "'AUTO'" and {"'NONE'", "'FORCE'"} <= set(enum)
    assert texts("SET 'table.exec.sink.upsert-materialize' = 'f") == ["FORCE"]
    assert set(texts("SET 'pipeline.object-reuse' = '")) == {"false", "true"}
    assert {"30 s", "5 min"} <= set(texts("SET 'execution.checkpointing.interval' = '"))
    assert {"128 mb", "1 gb"} <= set(texts("SET 'taskmanager.memory.process.size' = '"))
    assert texts("SET 'state.backend' = 'rock") == ["rocksdb"]  # through the alias


def test_legacy_values_are_flagged_on_2_2() -> None:
    items = {i.text: i.meta for i in complete_text("SET 'state.backend.type' = '", None, "2.2")}
    assert items["hashmap"].startswith("default")
    assert "forst" in items
    assert items["filesystem"].startswith("⚠") and "2.2.1" in items["filesystem"]
    on_120 = {i.text: i.meta for i in complete_text("SET 'state.backend.type' = '", None, "1.20")}
    assert not on_120["filesystem"].startswith("⚠")


def test_unknown_key_has_no_value_hints() -> None:
    assert texts("SET 'no.such.key' = '") == []


# ------------------------------------------------------------------------------------------------- WITH (...)

CREATE = "CREATE TABLE t (id INT) WITH ("


def test_connector_identifiers_with_origin() -> None:
    items = complete_text(CREATE + "'connector' = '", None, "1.20")
    by_text = {i.text: i.meta for i in items}
    assert {"datagen", "print", "blackhole", "filesystem", "kafka", "upsert-kafka", "jdbc"} <= set(by_text)
    assert {"postgres-cdc", "mysql-cdc", "mongodb-cdc"} <= set(by_text)
    assert "3.5.0" in by_text["postgres-cdc"]
    assert texts(CREATE + "'connector' = 'post") == ["postgres-cdc"]
    assert texts(CREATE + "'connector' = ")[0].startswith("'")


def test_cdc_connectors_are_flagged_unavailable_on_2_2() -> None:
    items = {i.text: i.meta for i in complete_text(CREATE + "'connector' = '", None, "2.2")}
    assert items["postgres-cdc"].startswith("⚠") and "2.2.1" in items["postgres-cdc"]
    assert not items["kafka"].startswith("⚠")


def test_option_keys_of_the_clauses_connector_required_first() -> None:
    items = complete_text(CREATE + "'connector' = 'postgres-cdc', '", None, "1.20")
    keys = [i.text for i in items]
    assert "connector" not in keys  # already there
    required = [i.text for i in items if i.meta.startswith("required")]
    assert keys[: len(required)] == required
    assert {"hostname", "slot.name", "table-name"} <= set(required)
    assert "scan.incremental.snapshot.enabled" in keys


def test_keys_already_in_the_clause_are_not_offered_again() -> None:
    keys = texts(CREATE + "'connector' = 'postgres-cdc', 'hostname' = 'h', '")
    assert "hostname" not in keys and "port" in keys


def test_connector_given_after_the_cursor() -> None:
    text = CREATE + "'host', 'connector' = 'mysql-cdc')"
    keys = texts(text, cursor=text.index("'host") + 5)
    assert keys[0] == "hostname"


def test_without_connector_only_connector_is_offered() -> None:
    assert texts(CREATE + "'") == ["connector"]
    assert texts("CREATE CATALOG pg WITH ('") == ["type"]


def test_format_options_are_prefixed() -> None:
    keys = texts(CREATE + "'connector' = 'kafka', 'value.format' = 'debezium-json', 'value.debezium-json.")
    assert "value.debezium-json.schema-include" in keys
    assert texts(CREATE + "'connector' = 'filesystem', 'format' = '")[:1] != []
    assert "json" in texts(CREATE + "'connector' = 'filesystem', 'format' = '")


def test_option_values_of_connector_options() -> None:
    text = CREATE + "'connector' = 'kafka', 'scan.startup.mode' = '"
    values = texts(text)
    assert {"earliest-offset", "latest-offset", "group-offsets"} <= set(values)


def test_option_keys_fuzzy() -> None:
    assert texts(CREATE + "'connector' = 'kafka', 'scan.st.mo")[0] == "scan.startup.mode"


# ------------------------------------------------------------------------------------------------- keywords


def test_keywords_and_functions_elsewhere() -> None:
    items = complete_text("SELECT a FROM t WHERE a = cou", None, "1.20")
    assert items[0].text == "count" and items[0].display == "count()" and items[0].meta == "function"
    assert "QUALIFY" not in texts("SELECT a FROM t QUAL", "1.20")
    assert "QUALIFY" in texts("SELECT a FROM t QUAL", "2.2")


def test_nothing_inside_comments_and_string_literals() -> None:
    assert texts("SELECT 1 -- SE") == []
    assert texts("SELECT 'SE") == []


# -------------------------------------------------------------------------------------------- live metadata


class FakeGateway:
    def __init__(self) -> None:
        self.tables = ["orders", "order_items", "select"]
        self.statements: list[str] = []
        self.release = threading.Event()
        self.release.set()

    def query(self, statement: str) -> list[list[object]]:
        self.release.wait(10)
        self.statements.append(statement)
        answers: dict[str, list[list[object]]] = {
            "SHOW CURRENT CATALOG": [["default_catalog"]],
            "SHOW CURRENT DATABASE": [["default_database"]],
            "SHOW CATALOGS": [["default_catalog"], ["pg"]],
            "SHOW DATABASES FROM `default_catalog`": [["default_database"], ["sales"]],
            "SHOW DATABASES FROM `pg`": [["public"]],
            "SHOW TABLES FROM `default_catalog`.`default_database`": [[t] for t in self.tables],
            "SHOW TABLES FROM `default_catalog`.`sales`": [["invoices"]],
            "DESCRIBE `default_catalog`.`default_database`.`orders`": [
                ["id", "INT", False, "PRI(id)", None, None],
                ["amount", "DECIMAL(10, 2)", True, None, None, None],
                ["user id", "BIGINT", True, None, None, None],
            ],
        }
        if statement not in answers:
            raise RuntimeError(f"table not found: {statement}")
        return answers[statement]


def warm(cache: MetadataCache, engine: CompletionEngine, *texts_: str) -> None:
    """Ask twice, waiting for the background in between, until nothing new is fetched."""
    for _ in range(4):
        for text in texts_:
            engine.complete(text)
        assert cache.wait_idle(10)


def test_tables_come_from_the_background_cache() -> None:
    gw = FakeGateway()
    cache = MetadataCache(gw.query)
    engine = CompletionEngine(load_catalog("1.20"), cache)
    warm(cache, engine, "SELECT * FROM ")
    items = engine.complete("SELECT * FROM ord")
    assert [i.text for i in items] == ["orders", "order_items"]
    assert items[0].meta == "table"
    names = {i.text: i.meta for i in engine.complete("SELECT * FROM ")}
    assert names["sales"] == "database" and names["pg"] == "catalog"
    assert names["`select`"] == "table"  # reserved word: quoted


def test_a_keystroke_never_waits_for_the_gateway() -> None:
    gw = FakeGateway()
    gw.release.clear()  # every query blocks until released
    cache = MetadataCache(gw.query)
    engine = CompletionEngine(load_catalog("1.20"), cache)
    assert engine.complete("SELECT * FROM ") == []  # returns while the fetch is stuck
    assert not cache.wait_idle(0.05)
    gw.release.set()
    warm(cache, engine, "SELECT * FROM ")
    assert "orders" in [i.text for i in engine.complete("SELECT * FROM ")]


def test_qualified_tables_and_databases() -> None:
    gw = FakeGateway()
    cache = MetadataCache(gw.query)
    engine = CompletionEngine(load_catalog("1.20"), cache)
    warm(cache, engine, "SELECT * FROM sales.", "SELECT * FROM pg.", "USE ", "USE CATALOG ")
    assert [i.text for i in engine.complete("SELECT * FROM sales.")] == ["invoices"]
    assert [i.text for i in engine.complete("SELECT * FROM pg.")] == ["public"]
    assert {"default_database", "sales", "pg", "CATALOG"} <= {i.text for i in engine.complete("USE ")}
    assert [i.text for i in engine.complete("USE CATALOG ")] == ["default_catalog", "pg"]


def test_columns_after_alias_and_in_select_list() -> None:
    gw = FakeGateway()
    cache = MetadataCache(gw.query)
    engine = CompletionEngine(load_catalog("1.20"), cache)
    text = "SELECT o. FROM orders o"
    cursor = text.index("o.") + 2
    for _ in range(4):
        engine.complete(text, cursor)
        cache.wait_idle(10)
    items = engine.complete(text, cursor)
    assert [i.text for i in items] == ["id", "amount", "`user id`"]
    assert items[1].meta == "column · DECIMAL(10, 2)"
    in_list = [i.text for i in engine.complete("SELECT am FROM orders", len("SELECT am"))]
    assert in_list[0] == "amount"


def test_invalidate_refetches_after_ddl() -> None:
    gw = FakeGateway()
    cache = MetadataCache(gw.query)
    engine = CompletionEngine(load_catalog("1.20"), cache)
    warm(cache, engine, "SELECT * FROM ")
    gw.tables.append("new_table")
    assert "new_table" not in [i.text for i in engine.complete("SELECT * FROM ")]
    cache.invalidate()
    warm(cache, engine, "SELECT * FROM ")
    assert "new_table" in [i.text for i in engine.complete("SELECT * FROM ")]


def test_a_failing_query_does_not_break_completion() -> None:
    def broken(statement: str) -> list[list[object]]:
        raise ConnectionError("gateway down")

    cache = MetadataCache(broken)
    try:
        engine = CompletionEngine(load_catalog("1.20"), cache)
        warm(cache, engine, "SELECT * FROM ")
        assert engine.complete("SELECT * FROM ") == []
        assert cache.errors > 0
        assert engine.complete("SET 'pipeline.na")[0].text == "pipeline.name"
    finally:
        cache.wait_idle(5)  # its fetches log their failure: not after this test's log capture is gone
        cache.close()


# ------------------------------------------------------------------------------------------ prompt_toolkit


def collect_async(completer: FlinkCompleter, doc: Document) -> list[Completion]:
    async def run() -> list[Completion]:
        return [c async for c in completer.get_completions_async(doc, CompleteEvent())]

    return asyncio.run(run())


def test_prompt_toolkit_completer_yields_completions_with_meta() -> None:
    completer = FlinkCompleter(lambda: load_catalog("1.20"))
    doc = Document("SET 'exe.chk.int")
    completions = list(completer.get_completions(doc, CompleteEvent()))
    assert completions[0].text == "execution.checkpointing.interval"
    assert completions[0].start_position == -len("exe.chk.int")
    assert completions[0].display_meta_text.startswith("Duration")


def test_catalog_provider_switches_version() -> None:
    version = {"v": "1.20"}
    completer = FlinkCompleter(lambda: load_catalog(version["v"]))
    doc = Document("SELECT a FROM t QUAL")
    assert not list(completer.get_completions(doc, CompleteEvent()))
    version["v"] = "2.2"
    assert [c.text for c in completer.get_completions(doc, CompleteEvent())] == ["QUALIFY"]


def test_gateway_answers_are_merged_after_the_local_ones() -> None:
    asked: list[tuple[str, int]] = []

    def gateway(statement: str, position: int) -> list[str]:
        asked.append((statement, position))
        return ["MY_UDF", "count", "TUMBLE", "TUMBLE_MY_WINDOW"]

    completer = FlinkCompleter(lambda: load_catalog("1.20"), gateway_complete=gateway)
    text = "SELECT 1;\nSELECT a FROM t WHERE "
    shown = collect_async(completer, Document(text + "x"))
    assert asked == [("SELECT a FROM t WHERE x", len("SELECT a FROM t WHERE x"))]
    assert not [c for c in shown if c.display_meta_text == "from the gateway"]  # none starts with x
    # Both parts at once: the catalog's TUMBLE functions first, then the gateway's own name; the gateway's
    # TUMBLE is not shown twice.
    merged = collect_async(completer, Document(text + "TUM"))
    names = [c.text for c in merged]
    assert names == [
        "TUMBLE",
        "TUMBLE_END",
        "TUMBLE_PROCTIME",
        "TUMBLE_ROWTIME",
        "TUMBLE_START",
        "TUMBLE_MY_WINDOW",
    ]
    assert merged[-1].display_meta_text == "from the gateway"
    assert all(c.display_meta_text != "from the gateway" for c in merged[:-1])
    completions = collect_async(completer, Document(text + "MY"))
    assert [c.text for c in completions] == ["MY_UDF"]
    assert completions[0].display_meta_text == "from the gateway"
    # answered before: the synchronous path merges the cached answer without asking again
    again = list(completer.get_completions(Document(text + "MY"), CompleteEvent()))
    assert [c.text for c in again] == ["MY_UDF"] and len(asked) == 3


def test_gateway_failure_is_silent() -> None:
    def gateway(statement: str, position: int) -> list[str]:
        raise TimeoutError("slow")

    completer = FlinkCompleter(lambda: load_catalog("1.20"), gateway_complete=gateway)
    completions = collect_async(completer, Document("SELECT a FROM t WHERE a = cou"))
    assert completions[0].text == "count"


def test_gateway_is_not_asked_for_set_keys() -> None:
    asked: list[str] = []
    completer = FlinkCompleter(
        lambda: load_catalog("1.20"), gateway_complete=lambda s, p: asked.append(s) or []
    )
    collect_async(completer, Document("SET 'pipe"))
    assert asked == []


# ----------------------------------------------------------------------------------------- the CLI command


def test_complete_command_plain(capsys: pytest.CaptureFixture[str]) -> None:
    assert complete_main(["SET 'execution.checkpointing.int"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "execution.checkpointing.interval"


def test_complete_command_json_and_cursor(capsys: pytest.CaptureFixture[str]) -> None:
    text = "SET 'exe.chk.int' = '1 min'"
    assert (
        complete_main(
            ["--format", "json", "--cursor", str(text.index("' =")), "--flink-version", "2.2", text]
        )
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert data[0]["text"] == "execution.checkpointing.interval"
    assert set(data[0]) >= {"text", "display", "meta"}


def test_complete_command_on_2_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert complete_main(["--flink-version", "2.2", "SET 'state.checkpoints.d"]) == 0
    assert capsys.readouterr().out.splitlines() == ["execution.checkpointing.dir"]


def test_complete_command_fallback_notice(capsys: pytest.CaptureFixture[str]) -> None:
    assert complete_main(["--flink-version", "1.18.1", "SET 'pipeline.na"]) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines()[0] == "pipeline.name"
    assert "1.18.1" in captured.err and "1.20" in captured.err


def test_complete_command_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert complete_main(["--cursor", "9", "abc"]) == 2
    assert "--cursor 9" in capsys.readouterr().err
    assert complete_main(["--flink-version", "newest", "x"]) == 2
    assert "newest" in capsys.readouterr().err


def test_complete_command_reads_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("SET 'pipeline.na"))
    assert complete_main(["-"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "pipeline.name"


def test_messages_in_chinese() -> None:
    set_language("zh")
    try:
        items = complete_text("SET 'state.checkpoints.d", None, "2.2")
        assert "已弃用" in items[0].meta
    finally:
        set_language("en")


def test_sync_path_asks_in_the_background_and_refreshes_when_the_answer_arrives() -> None:
    """prompt_toolkit's ThreadedCompleter uses the synchronous path: it must not wait for the gateway, and the
    menu is re-run once the answer is in."""
    release = threading.Event()
    refreshed: list[tuple[str, int]] = []
    arrived = threading.Event()

    def gateway(statement: str, position: int) -> list[str]:
        release.wait(10)
        return ["MY_UDF"]

    def refresh(key: tuple[str, int]) -> None:
        refreshed.append(key)
        arrived.set()

    completer = FlinkCompleter(lambda: load_catalog("1.20"), gateway_complete=gateway, refresh=refresh)
    doc = Document("SELECT a FROM t WHERE M")
    first = [
        c.text for c in completer.get_completions(doc, CompleteEvent())
    ]  # returns while the gateway waits
    assert "MY_UDF" not in first
    release.set()
    assert arrived.wait(10)
    assert refreshed == [("SELECT a FROM t WHERE M", len("SELECT a FROM t WHERE M"))]
    assert [c.text for c in completer.get_completions(doc, CompleteEvent())][-1] == "MY_UDF"


class FakeShell:
    def __init__(self) -> None:
        from types import SimpleNamespace

        self.flink_version = "1.20.3"
        self.state = SimpleNamespace(session="s1", api_version="v2")
        self.client = SimpleNamespace(complete_statement=lambda session, stmt, pos: ["FROM"])
        self.listeners: list = []
        self.warnings: list[str] = []
        self.connected = False
        self.gw = FakeGateway()

    def query_rows(self, sql: str) -> list[list[object]]:
        return self.gw.query(sql)

    def warn(self, message: str) -> None:
        self.warnings.append(message)


def test_build_completer_wires_shell_version_metadata_and_ddl() -> None:
    from cdcshell.completion.setup import build_completer
    from cdcshell.meta.registry import command_names

    shell = FakeShell()
    completer = build_completer(shell, command_names)
    doc = Document("SELECT * FROM ord")
    for _ in range(4):
        list(completer.get_completions(doc, CompleteEvent()))
        assert completer.metadata is not None and completer.metadata.wait_idle(10)
    assert [c.text for c in completer.get_completions(doc, CompleteEvent())][:2] == ["orders", "order_items"]
    assert shell.listeners
    shell.gw.tables.append("ordinals")
    shell.listeners[0]("CREATE_TABLE", "CREATE TABLE ordinals (a INT)")
    for _ in range(4):
        list(completer.get_completions(doc, CompleteEvent()))
        completer.metadata.wait_idle(10)
    assert "ordinals" in [c.text for c in completer.get_completions(doc, CompleteEvent())]
    assert "\\help" in [c.text for c in completer.get_completions(Document("\\he"), CompleteEvent())]
    shell.flink_version = "1.18"
    list(completer.get_completions(Document("SET 'pipe"), CompleteEvent()))
    list(completer.get_completions(Document("SET 'pipe"), CompleteEvent()))
    assert len(shell.warnings) == 1 and "1.18" in shell.warnings[0]


@given(st.text(alphabet=st.sampled_from(list("SETWITHFROMconector( )'`;,.=-\n\\")), max_size=50))
@settings(max_examples=150, deadline=None)
def test_completion_never_fails_on_odd_input(text: str) -> None:
    for item in complete_text(text, None, "1.20"):
        assert item.start_position <= 0
        assert len(text) + item.start_position >= 0
