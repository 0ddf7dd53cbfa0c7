"""`cdcshell lsp`: a real Language Server Protocol conversation over stdio, and the answers it is built from."""

from __future__ import annotations

import asyncio
import sys

import pytest

from cdcshell.lsp.features import DocumentAnalyzer, word_at

pytest.importorskip("pygls")  # declared in the test extras: a missing pygls fails the skip allow-list

from lsprotocol import types
from pygls.lsp.client import LanguageClient

RISKY = (
    "CREATE TABLE orders (id INT) WITH (\n"
    "  'connector' = 'postgres-cdc', 'hostname' = 'db', 'username' = 'u', 'password' = 'p',\n"
    "  'database-name' = 'shop', 'schema-name' = 'public', 'table-name' = 'orders',\n"
    "  'slot.name' = 'orders_slot', 'decoding.plugin.name' = 'pgoutput');\n"
    "INSERT INTO sink SELECT * FROM orders;\n"
)


def test_word_at_finds_keys_codes_and_nothing_on_blanks() -> None:
    text = "SET 'execution.checkpointing.interval' = '10 s';  -- CK001"
    assert text[slice(*word_at(text, 10))] == "execution.checkpointing.interval"
    assert text[slice(*word_at(text, len(text) - 2))] == "CK001"
    assert word_at("a   b", 2) is None


def test_analyzer_answers_like_the_shell() -> None:
    analyzer = DocumentAnalyzer("1.20")
    text = "SET 'execution.checkpointing.inte"
    labels = [c.text for c in analyzer.complete(text, len(text))]
    assert any("execution.checkpointing.interval" in label for label in labels)
    hover = analyzer.hover("SET 'execution.checkpointing.interval' = '1 min';", 12)
    assert hover is not None and "execution.checkpointing.interval" in hover[0]
    codes = {d.code for d in analyzer.diagnostics(RISKY)}
    assert "CK001" in codes  # a CDC job without checkpointing


async def _conversation() -> tuple[types.CompletionList, types.Hover | None, list[types.Diagnostic]]:
    client = LanguageClient("test-client", "1")
    published: asyncio.Queue[types.PublishDiagnosticsParams] = asyncio.Queue()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_diagnostics(params: types.PublishDiagnosticsParams) -> None:
        published.put_nowait(params)

    await client.start_io(sys.executable, "-m", "cdcshell", "lsp", "--flink-version", "1.20")
    try:
        await asyncio.wait_for(
            client.initialize_async(
                types.InitializeParams(capabilities=types.ClientCapabilities(), process_id=None)
            ),
            30,
        )
        client.initialized(types.InitializedParams())
        uri = "file:///work/pipeline.sql"
        client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(uri=uri, language_id="sql", version=1, text=RISKY)
            )
        )
        diagnostics = (await asyncio.wait_for(published.get(), 60)).diagnostics
        # A second document, typed up to the middle of a key.
        typing = (
            "-- 检查点\nSET 'execution.checkpointing.interval' = '1 min';\nSET 'execution.checkpointing.inte"
        )
        uri2 = "file:///work/typing.sql"
        client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(uri=uri2, language_id="sql", version=1, text=typing)
            )
        )
        completion = await asyncio.wait_for(
            client.text_document_completion_async(
                types.CompletionParams(
                    text_document=types.TextDocumentIdentifier(uri=uri2),
                    position=types.Position(line=2, character=len("SET 'execution.checkpointing.inte")),
                )
            ),
            60,
        )
        hover = await asyncio.wait_for(
            client.text_document_hover_async(
                types.HoverParams(
                    text_document=types.TextDocumentIdentifier(uri=uri2),
                    position=types.Position(line=1, character=8),
                )
            ),
            60,
        )
        await asyncio.wait_for(client.shutdown_async(None), 30)
        client.exit(None)
        assert isinstance(completion, types.CompletionList)
        return completion, hover, list(diagnostics)
    finally:
        await client.stop()


def test_a_real_lsp_conversation_completes_hovers_and_diagnoses() -> None:
    completion, hover, diagnostics = asyncio.run(asyncio.wait_for(_conversation(), 120))
    texts = [item.text_edit.new_text for item in completion.items if item.text_edit is not None]
    assert any("execution.checkpointing.interval" in text for text in texts), texts[:10]
    first = next(i for i in completion.items if "execution.checkpointing.interval" in i.label)
    assert isinstance(first.text_edit, types.TextEdit)
    # The edit replaces what was typed of the key on line 2 (after a Chinese comment on line 0).
    assert first.text_edit.range.end == types.Position(line=2, character=33)
    assert first.text_edit.range.start.line == 2
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    assert "execution.checkpointing" in hover.contents.value
    by_code = {d.code: d for d in diagnostics}
    assert "CK001" in by_code, [d.code for d in diagnostics]
    ck = by_code["CK001"]
    assert ck.source == "cdcshell" and ck.severity in (
        types.DiagnosticSeverity.Error,
        types.DiagnosticSeverity.Warning,
    )
    assert ck.range.start.line >= 0
