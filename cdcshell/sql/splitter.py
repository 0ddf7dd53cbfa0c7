"""Cut Flink SQL source into statements, exactly where the SQL Gateway expects one statement each.

The gateway executes one statement per request, so the shell has to find statement boundaries itself. It must
do so without a real parser (the buffer is usually incomplete while the user types), yet never be fooled by a
`;` inside a string, a quoted identifier or a comment, and must treat a statement set
(`BEGIN STATEMENT SET; ...; END;` or `EXECUTE STATEMENT SET BEGIN ...; END;`) as the one statement the gateway
wants. Positions are kept so that errors reported by the gateway (relative to one statement) can be shown
relative to the script file.

The scanner is a single forward pass whose work per character is constant (quoted text and comments are skipped
with `str.find`, plain text in regex runs), so megabyte-sized statements split quickly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cdcshell.i18n import t
from cdcshell.sql.tokens import Token, skip_quoted_or_comment

__all__ = ["Chunk", "SplitError", "Statement", "is_complete", "split", "split_chunks", "statement_set_parts"]


@dataclass(frozen=True)
class Statement:
    """One statement as it will be sent, with where it came from.

    `text` is `source[start:end]`: from the first to the last significant character, without the terminating
    `;` and without the whitespace/comments around it (comments inside are kept). For a meta-command (a line
    starting with a backslash) `text` is the line without trailing whitespace and without a trailing `;`;
    meta-commands are always `terminated`, because the end of their line ends them.
    """

    text: str
    start: int
    end: int
    line: int
    column: int
    terminated: bool

    @property
    def is_meta(self) -> bool:
        return self.text.startswith("\\")

    def position_of(self, offset_in_text: int) -> tuple[int, int]:
        """(line, column) in the source, both 1-based, of `text[offset_in_text]` (clamped into the text)."""
        k = min(max(offset_in_text, 0), len(self.text))
        newlines = self.text.count("\n", 0, k)
        if newlines == 0:
            return self.line, self.column + k
        last_nl = self.text.rfind("\n", 0, k)
        return self.line + newlines, k - last_nl

    def source_position(self, line_in_stmt: int, col_in_stmt: int) -> tuple[int, int]:
        """Map a gateway error position (1-based, relative to `text`) to a (line, column) in the source.

        The gateway only sees `text`, and its parser (Calcite/JavaCC, checked against Flink 1.20.3) counts the
        way Java does: columns in UTF-16 code units (an emoji is two), a tab is one column, and `\r\n`, `\r`
        and `\n` each end a line. This converts that to the source's lines and character columns. Values below
        1 are clamped to 1 and a column past the end of its line is kept as an overshoot: error positions come
        from a remote parser, and a slightly off position is still more useful than none.
        """
        text = self.text
        want_line = max(line_in_stmt, 1)
        units_wanted = max(col_in_stmt, 1) - 1
        line_start = 0
        for _ in range(want_line - 1):
            m = _JAVA_LINE_BREAK.search(text, line_start)
            if m is None:
                break
            line_start = m.end()
        m = _JAVA_LINE_BREAK.search(text, line_start)
        line_end = m.start() if m else len(text)
        k, units = line_start, 0
        while k < line_end and units < units_wanted:
            units += 2 if ord(text[k]) > 0xFFFF else 1
            k += 1
        line, column = self.position_of(k)
        return line, column + max(units_wanted - units, 0)


@dataclass(frozen=True)
class Chunk:
    """A piece of the source. A statement's chunk runs from `statement.start` to just after its `;` (or to its
    end when it has none); everything else (whitespace, comments, stray `;`) is in chunks with `statement=None`.
    The chunks of `split_chunks()` concatenate back to the source exactly, which lets tools rewrite one statement
    and keep the rest of a file byte for byte."""

    start: int
    end: int
    statement: Statement | None


class SplitError(ValueError):
    """A string, quoted identifier or block comment is still open at the end of the input.

    `line`/`column` (1-based) are where the unterminated thing started, because that is where the user must
    look; the end of the file is never the interesting place.
    """

    def __init__(self, message: str, line: int, column: int, what: str) -> None:
        self.message = message
        self.line = line
        self.column = column
        self.what = what  # "single_quote", "double_quote", "backtick", "block_comment"
        super().__init__(t("sql.split.error_at", line=line, column=column, message=message))


_JAVA_LINE_BREAK = re.compile(r"\r\n|\r|\n")

# --- scanner -------------------------------------------------------------------------------------------------

_WS = re.compile(r"\s+")
# A run of plain text (no quote, comment start, `;`) that ends on a non-space character, so that its end is the
# end of the last significant character seen. The two alternatives are disjoint, so this never backtracks.
_RUN = re.compile(r"""[^'"`;\-/\s]+(?:\s+[^'"`;\-/\s]+)*""")
_WORD = re.compile(r"\w+")
_OTHER = re.compile(r"""[^\w\s'"`;\-/]+""")

_QUOTE_KIND = {"'": "single_quote", '"': "double_quote", "`": "backtick"}
_SET_BLOCK = ("STATEMENT", "SET", "BEGIN")
_EXPLAIN_DETAILS = frozenset({"ESTIMATED_COST", "CHANGELOG_MODE", "JSON_EXECUTION_PLAN", "PLAN_ADVICE"})


def _lead_state(lead: list[str]) -> str:
    """What the first words of a statement (upper-cased; `,` for a comma) say about a statement set.

    "begin": `BEGIN STATEMENT SET` (its parts end with `;` up to `END;`); "block": a form whose block starts
    with `BEGIN` and ends at `END;` — `EXECUTE STATEMENT SET BEGIN`, and `EXPLAIN [PLAN FOR | details]
    [EXECUTE] STATEMENT SET BEGIN`, which must stay whole too (cut at its inner `;`, the second INSERT would
    run as a job instead of being explained); "prefix": may still become one; "no": it is not one."""
    k = len(lead)
    if lead[0] == "BEGIN":
        want: tuple[str, ...] = ("BEGIN", "STATEMENT", "SET")
        return "begin" if tuple(lead) == want else ("prefix" if tuple(lead) == want[:k] else "no")
    i = 0
    if lead[0] == "EXPLAIN":
        i = 1
        if lead[1:2] == ["PLAN"]:
            if lead[2:3] not in ([], ["FOR"]):
                return "no"
            i = 3
        else:
            while i < k and lead[i] in _EXPLAIN_DETAILS:
                i += 1
                if i < k and lead[i] == ",":
                    i += 1
                    if i == k:
                        return "prefix"
                    if lead[i] not in _EXPLAIN_DETAILS:
                        return "no"
        if i < k and lead[i] == "EXECUTE":
            i += 1
    elif lead[0] == "EXECUTE":
        i = 1
    else:
        return "no"
    rest = tuple(lead[i:])
    if rest == _SET_BLOCK:
        return "block"
    return "prefix" if rest == _SET_BLOCK[: len(rest)] else "no"


@dataclass
class _Scan:
    statements: list[Statement]
    chunks: list[Chunk]
    unterminated: tuple[str, int] | None  # (what, offset where it started)
    set_forms: list[str | None]  # per statement: "begin", "execute" (a statement set in that form) or None
    ends_complete: bool  # the last significant thing was a statement-ending ';' or a meta-command line


class _Positions:
    """Turns increasing offsets into (line, column) with work proportional to the distance moved."""

    def __init__(self, s: str) -> None:
        self.s = s
        self.offset = 0
        self.line = 1
        self.line_start = 0

    def at(self, offset: int) -> tuple[int, int]:
        if offset < self.offset:  # not expected, but stay correct
            self.offset, self.line, self.line_start = 0, 1, 0
        n = self.s.count("\n", self.offset, offset)
        if n:
            self.line += n
            self.line_start = self.s.rfind("\n", self.offset, offset) + 1
        self.offset = offset
        return self.line, offset - self.line_start + 1


def _scan(s: str, detect_sets: bool = True) -> _Scan:
    """One pass over `s`. With `detect_sets=False` statement sets are not recognised, which cuts a statement
    set's text into its parts."""
    n = len(s)
    pos = _Positions(s)
    statements: list[Statement] = []
    set_forms: list[str | None] = []
    spans: list[tuple[int, int, Statement]] = []
    unterminated: tuple[str, int] | None = None
    ends_complete = False

    # state of the statement being read
    start = -1  # offset of its first significant character; -1 while between statements
    last_end = -1  # offset after its last significant character
    lead: list[str] = []  # its first words, upper-cased, while they may still open a statement set
    lead_open = False
    set_mode = False  # inside a statement set: ';' only ends it after END
    inner_start = False  # the next significant token starts an inner statement of the set
    end_pending = False  # the inner statement so far is just END
    set_form: str | None = None

    def finish(end_of_text: int, chunk_end: int, terminated: bool) -> None:
        nonlocal start
        line, column = pos.at(start)
        stmt = Statement(s[start:end_of_text], start, end_of_text, line, column, terminated)
        statements.append(stmt)
        set_forms.append(set_form if set_mode else None)
        spans.append((start, chunk_end, stmt))
        start = -1

    def significant(tok_start: int, tok_end: int, word: str | None) -> None:
        nonlocal start, last_end, lead_open, set_mode, inner_start, end_pending, ends_complete, set_form
        ends_complete = False
        if start < 0:
            start = tok_start
            lead.clear()
            lead_open = detect_sets
            set_mode = inner_start = end_pending = False
        if lead_open:
            if word is None:
                lead_open = False
            else:
                lead.append(word.upper())
                state = _lead_state(lead)
                if state == "begin":
                    set_mode, lead_open, set_form = True, False, "begin"
                elif state == "block":
                    set_mode, lead_open, inner_start, set_form = True, False, True, "execute"
                elif state == "no":
                    lead_open = False
        elif set_mode:
            if end_pending:
                end_pending = False
            if inner_start:
                inner_start = False
                end_pending = word is not None and word.upper() == "END"
        last_end = tok_end

    i = 0
    while i < n:
        c = s[i]
        if c.isspace():
            m = _WS.match(s, i)
            i = m.end() if m else i + 1
        elif c in "'\"`-/" and (j := skip_quoted_or_comment(s, i)) > i:
            # quoted text, a comment or a hint, by the one tokenizer's rules (`--` and `//` line comments)
            if c in _QUOTE_KIND:
                # quoted text can only be open when it runs to the very end of the input
                if j == n and not Token("string" if c == "'" else "ident", s[i:j], i, j).closed:
                    unterminated = (_QUOTE_KIND[c], i)
                significant(i, j, None)
            elif c == "/" and s.startswith("/*", i):
                if not s.endswith("*/", i + 2, j):
                    unterminated = ("block_comment", i)
                elif start >= 0 and s.startswith("/*+", i):
                    # An optimizer hint is part of the statement even at its very end: dropping it would send
                    # the gateway a different query.
                    significant(i, j, None)
            i = j
        elif c == "," and lead_open:  # EXPLAIN ESTIMATED_COST, CHANGELOG_MODE STATEMENT SET BEGIN ...
            significant(i, i + 1, ",")
            i += 1
        elif c == ";":
            if start < 0:
                ends_complete = True
            elif set_mode and not end_pending:
                significant(i, i + 1, None)
                inner_start = True
            else:
                finish(last_end, i + 1, True)
                ends_complete = True
            i += 1
        elif c == "\\" and start < 0:
            j = s.find("\n", i)
            line_end = n if j < 0 else j
            text_end = chunk_end = i + len(s[i:line_end].rstrip())
            if s[text_end - 1] == ";":  # tolerated out of SQL habit, but not part of the command
                text_end = i + len(s[i : text_end - 1].rstrip())
            start = i
            set_mode = False
            finish(text_end, chunk_end, True)
            ends_complete = True
            i = line_end
        elif lead_open or inner_start or start < 0:
            # words matter here (statement set detection), so read them one at a time
            m = _WORD.match(s, i)
            if m:
                significant(i, m.end(), m.group())
            else:
                m = _OTHER.match(s, i)
                significant(i, m.end() if m else i + 1, None)
            i = m.end() if m else i + 1
        else:
            m = _RUN.match(s, i)
            j = m.end() if m else i + 1  # a lone '-' or '/' that starts no comment
            significant(i, j, None)
            i = j

    if start >= 0:
        finish(last_end, last_end, False)

    chunks: list[Chunk] = []
    prev = 0
    for a, b, stmt in spans:
        if a > prev:
            chunks.append(Chunk(prev, a, None))
        chunks.append(Chunk(a, b, stmt))
        prev = b
    if prev < n:
        chunks.append(Chunk(prev, n, None))
    return _Scan(statements, chunks, unterminated, set_forms, ends_complete)


# One literal key per kind of unterminated text, so a test can tell used keys from dead ones.
_UNTERMINATED = {
    "single_quote": "sql.split.unterminated.single_quote",
    "double_quote": "sql.split.unterminated.double_quote",
    "backtick": "sql.split.unterminated.backtick",
    "block_comment": "sql.split.unterminated.block_comment",
}


def _error(s: str, what: str, offset: int) -> SplitError:
    line, column = _Positions(s).at(offset)
    return SplitError(t(_UNTERMINATED[what]), line, column, what)


def split(source: str, *, strict: bool = True) -> list[Statement]:
    """The statements of `source`, in order; statements made only of comments/whitespace are left out.

    With `strict=True` an unterminated string, quoted identifier or block comment raises `SplitError` (a script
    with one is broken, and guessing would send the wrong text). With `strict=False`, used while typing, the rest
    of the input counts as inside it and the last statement comes back with `terminated=False`.
    """
    scan = _scan(source)
    if strict and scan.unterminated is not None:
        raise _error(source, *scan.unterminated)
    return scan.statements


def split_chunks(source: str) -> list[Chunk]:
    """The source cut into statement and in-between chunks; never raises, even on unterminated input."""
    return _scan(source).chunks


def is_complete(buffer: str) -> bool:
    """Whether Enter in the REPL should run the buffer rather than start a new line.

    True for an empty (whitespace-only) buffer, when the buffer ends (ignoring trailing whitespace and comments)
    with a `;` outside strings, comments and statement-set blocks, or when its last statement is a meta-command
    (a line starting with a backslash, which ends at the end of its line). A buffer of only comments is not
    complete: the user is most likely about to type the statement the comment describes.
    """
    if not buffer.strip():
        return True
    scan = _scan(buffer)
    return scan.unterminated is None and scan.ends_complete


def statement_set_parts(statement: Statement) -> list[Statement]:
    """The requests to send to the SQL Gateway for one statement.

    The gateway takes `EXECUTE STATEMENT SET BEGIN ...; END` whole, but rejects `BEGIN STATEMENT SET; ...; END`
    sent as one request ("only single statement supported", Flink 1.20.3): that form must be sent part by part
    — `BEGIN STATEMENT SET`, each INSERT, `END` — the way Flink's own SQL client does. For such a statement this
    returns those parts, each with its own position in the source (so an error in the second INSERT points at
    it); for any other statement, `[statement]`.
    """
    scan = _scan(statement.text)
    if len(scan.statements) != 1 or scan.set_forms[0] != "begin":
        return [statement]
    parts: list[Statement] = []
    inner = _scan(statement.text, detect_sets=False).statements
    for index, part in enumerate(inner):
        line, column = statement.position_of(part.start)
        terminated = statement.terminated if index == len(inner) - 1 else True
        parts.append(
            Statement(
                part.text, statement.start + part.start, statement.start + part.end, line, column, terminated
            )
        )
    return parts
