"""A SQL script as a file: read and decoded into text with a clear error for each way it can be unusable, split
into statements that know their `file:line:col`, and run statement by statement.

One place for all of it, so that `cdcshell -f script.sql` and `\\i script.sql` at the prompt read, split, point
at errors and stop on a failure the same way. Running is handed a callable (the engine's `run`), so this module
needs nothing above the text layer.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from cdcshell.sql.splitter import Statement


@dataclass
class Script:
    path: str  # as the user named it; "-" for standard input
    display: str  # what error locations print
    text: str


class ScriptError(Exception):
    """The script cannot be run at all; the message already carries its location."""


class StatementOutcome(Protocol):
    @property
    def ok(self) -> bool: ...


def read_script(path: str) -> Script:
    """Read and decode a script the one way every front end reads SQL (`cdcshell.sourcefile`: size cap, no
    device files, UTF-8 with a BOM or not, a clear line for each way it can be unusable)."""
    from cdcshell.sourcefile import SourceError, read_source

    try:
        source = read_source(path)
    except SourceError as exc:
        raise ScriptError(str(exc)) from None
    return Script(source.path, source.display, source.text)


def split_script(script: Script) -> list[Statement]:
    from cdcshell.sql.splitter import SplitError, split

    try:
        return split(script.text, strict=True)
    except SplitError as exc:
        raise ScriptError(f"{script.display}:{exc.line}:{exc.column}: error: {exc.message}") from None


def run_statements(
    statements: Sequence[Statement],
    run: Callable[[Statement], StatementOutcome],
    *,
    continue_on_error: bool,
    start: int = 0,
    after: Callable[[int, Statement, StatementOutcome], None] | None = None,
) -> tuple[int, int | None]:
    """Run `statements[start:]` in order; `after(index, stmt, outcome)` follows each one (progress marks).

    Returns (failures, the index it stopped at or None): the first failure stops the run unless
    `continue_on_error`, and then the caller says so (`batch.stopped_on_error`).
    """
    failed = 0
    for index in range(start, len(statements)):
        stmt = statements[index]
        outcome = run(stmt)
        if after is not None:
            after(index, stmt, outcome)
        if outcome.ok:
            continue
        failed += 1
        if not continue_on_error:
            return failed, index
    return failed, None
