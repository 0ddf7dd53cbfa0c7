"""The Language Server Protocol side of `cdcshell lsp`, on pygls: documents in, `features` answers out.

Diagnostics are published when a document is opened, changed or saved; completion and hover answer on request.
Positions arrive in the client's units (UTF-16 by default) and are converted by pygls's document, so a Chinese
comment before the cursor does not shift the answers.
"""

from __future__ import annotations

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.workspace import TextDocument
from pygls.workspace.position_codec import ServerTextPosition

from cdcshell import __version__
from cdcshell.lsp.features import Diagnostic, DocumentAnalyzer

_SEVERITY = {"error": types.DiagnosticSeverity.Error, "warning": types.DiagnosticSeverity.Warning}
# Characters after which an editor should ask again without waiting for a word: a key's dot, an opening
# quote of a key or value, the `\` of a meta-command, the space after `=`.
TRIGGERS = [".", "'", "\\", " ", "("]


def _position(doc: TextDocument, offset: int) -> types.Position:
    """The client position of a character offset. pygls's own `client_position_at_offset` puts the end of a
    last line without a newline on the next line, which is exactly where a cursor stands while typing."""
    source = doc.source
    offset = min(max(0, offset), len(source))
    line = source.count("\n", 0, offset)
    character = offset - (source.rfind("\n", 0, offset) + 1)
    return doc.position_to_client_units(ServerTextPosition(line, character))


def _range(doc: TextDocument, start: int, end: int) -> types.Range:
    return types.Range(start=_position(doc, start), end=_position(doc, end))


def _lsp_diagnostic(doc: TextDocument, d: Diagnostic) -> types.Diagnostic:
    # Findings are in characters of a line; the client wants its own units.
    line_start = 0
    for _ in range(d.line):
        newline = doc.source.find("\n", line_start)
        if newline < 0:
            break
        line_start = newline + 1
    return types.Diagnostic(
        range=_range(doc, line_start + d.start, line_start + d.end),
        severity=_SEVERITY[d.severity],
        code=d.code,
        source="cdcshell",
        message=d.message,
    )


def build_server(analyzer: DocumentAnalyzer) -> LanguageServer:
    server = LanguageServer("cdcshell", __version__)

    def publish(ls: LanguageServer, uri: str) -> None:
        doc = ls.workspace.get_text_document(uri)
        found = analyzer.diagnostics(doc.source)
        ls.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=[_lsp_diagnostic(doc, d) for d in found])
        )

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: LanguageServer, params: types.DidOpenTextDocumentParams) -> None:
        publish(ls, params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: LanguageServer, params: types.DidChangeTextDocumentParams) -> None:
        publish(ls, params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: LanguageServer, params: types.DidSaveTextDocumentParams) -> None:
        publish(ls, params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: LanguageServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[])
        )

    @server.feature(types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=TRIGGERS))
    def completion(ls: LanguageServer, params: types.CompletionParams) -> types.CompletionList:
        doc = ls.workspace.get_text_document(params.text_document.uri)
        offset = doc.offset_at_position(params.position)
        items = [
            types.CompletionItem(
                label=c.label,
                detail=c.detail or None,
                text_edit=types.TextEdit(range=_range(doc, c.replace_from, offset), new_text=c.text),
                sort_text=f"{i:05d}",  # our ranking, not the editor's alphabet
            )
            for i, c in enumerate(analyzer.complete(doc.source, offset))
        ]
        return types.CompletionList(is_incomplete=False, items=items)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: LanguageServer, params: types.HoverParams) -> types.Hover | None:
        doc = ls.workspace.get_text_document(params.text_document.uri)
        answer = analyzer.hover(doc.source, doc.offset_at_position(params.position))
        if answer is None:
            return None
        text, (start, end) = answer
        return types.Hover(
            contents=types.MarkupContent(kind=types.MarkupKind.PlainText, value=text),
            range=_range(doc, start, end),
        )

    return server
