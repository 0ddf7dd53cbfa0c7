"""What the language server answers, as plain data: completions, hover text and diagnostics for one document.

Kept apart from the protocol (`server.py`) so that it needs neither pygls nor an editor: a document is text, a
position is an offset into it, and the answers are our own dataclasses. The same engines as the REPL answer:
`CompletionEngine` for the menu, `lint_script` for the risk checks (the `cdcshell lint` verdicts, codes
included), `explain` for hover (the `\\explain` text of a rule code, a configuration key or a connector option).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from cdcshell.completion.engine import CompletionEngine
    from cdcshell.completion.metadata import MetadataCache

Severity = Literal["error", "warning"]

# A configuration key or connector option (`execution.checkpointing.interval`, `slot.name`), a rule code
# (`CK001`), or a plain identifier: what hover looks up. Quotes and backticks are not part of the word.
_WORD = re.compile(r"[A-Za-z0-9_.\-#]+")


@dataclass(frozen=True)
class Diagnostic:
    """One risk-check finding as an editor shows it: 0-based line and character range, code, message."""

    line: int
    start: int
    end: int
    severity: Severity
    code: str
    message: str


@dataclass(frozen=True)
class Completion:
    """One completion: `text` replaces the document between `replace_from` and the cursor (offsets)."""

    label: str
    text: str
    detail: str
    replace_from: int


def word_at(text: str, offset: int) -> tuple[int, int] | None:
    """The span of the hover word around `offset` (a key, option or rule code), or None on white space."""
    for match in _WORD.finditer(text, max(0, text.rfind("\n", 0, offset) + 1)):
        if match.start() > offset:
            break
        if match.start() <= offset <= match.end() and match.end() > match.start():
            return match.start(), match.end()
    return None


class DocumentAnalyzer:
    """Answers for documents of one Flink version; `metadata` (optional) brings the live gateway's names."""

    def __init__(self, flink_version: str, metadata: MetadataCache | None = None) -> None:
        self.flink_version = flink_version
        self._metadata = metadata
        self._engine: CompletionEngine | None = None

    def _completion_engine(self) -> CompletionEngine:
        if self._engine is None:
            from cdcshell.catalog.loader import load_catalog
            from cdcshell.completion.engine import CompletionEngine

            self._engine = CompletionEngine(load_catalog(self.flink_version), self._metadata)
        return self._engine

    def complete(self, text: str, offset: int) -> list[Completion]:
        items = self._completion_engine().complete(text, offset)
        return [
            Completion(
                label=item.display or item.text,
                text=item.text,
                detail=item.meta,
                replace_from=offset + item.start_position,
            )
            for item in items
        ]

    def hover(self, text: str, offset: int) -> tuple[str, tuple[int, int]] | None:
        """The explanation of the word at `offset` and its span, or None when it names nothing we know."""
        span = word_at(text, offset)
        if span is None:
            return None
        from cdcshell.lint.explainer import explain

        word = text[span[0] : span[1]]
        explanation = explain(word, flink_version=self.flink_version)
        return (explanation, span) if explanation else None

    def diagnostics(self, text: str) -> list[Diagnostic]:
        """The risk checks of the whole document, as `cdcshell lint` reports them (an unterminated string or
        comment at the end is tolerated: the user is still typing)."""
        from cdcshell.lint.engine import lint_script

        result = lint_script(text, flink_version=self.flink_version, strict=False)
        lines = text.split("\n")
        found = []
        for finding in result.findings:
            line = max(0, finding.line - 1)
            start = max(0, finding.column - 1)
            source_line = lines[line] if line < len(lines) else ""
            span = word_at(source_line, start)
            end = span[1] if span is not None and span[0] <= start else len(source_line)
            found.append(
                Diagnostic(
                    line=line,
                    start=start,
                    end=max(end, start + 1),
                    severity=finding.severity,
                    code=finding.rule,
                    message=finding.message if not finding.fix else f"{finding.message}\n{finding.fix}",
                )
            )
        return found
