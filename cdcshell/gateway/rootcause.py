"""Reduce a Java stack trace from the SQL Gateway to the one line a user needs.

The gateway answers a failed statement with ~12 KB of nested Java exceptions. The useful part is almost always
the *last* ``Caused by:`` (the innermost cause); positions ("From line 1, column 15 to line 1, column 18") often
sit one or two causes further out (Calcite's context exception wraps the validator's message), so they are
looked up from the innermost cause outwards. The full text is kept elsewhere for ``\\trace``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FRAMING_START = "<Exception on server side:"
_FRAMING_END = "End of exception on server side>"
_HEADER = re.compile(
    r"^(?:Caused by: )?((?:[A-Za-z_$][\w$]*\.)*[A-Za-z_$][\w$]*(?:Exception|Error|Throwable|Failure))(?::\s?(.*))?$"
)
_CAUSED_BY = re.compile(r"^Caused by: ([\w.$]+)(?::\s?(.*))?$")
_FRAME = re.compile(r"^\s+(?:at |\.\.\. \d+ more|Suppressed: |Caused by: )")
_RANGE = re.compile(r"[Ff]rom line (\d+), column (\d+) to line (\d+), column (\d+)")
_AT = re.compile(r"\bat line (\d+), column (\d+)")
_RANGE_PREFIX = re.compile(r"^[Ff]rom line \d+, column \d+ to line \d+, column \d+:\s*")
# Parser errors list every token the grammar would accept: hundreds of lines nobody reads.
_NOISE_START = ("Was expecting one of:", "Was expecting:")
_MAX_MESSAGE = 400
# Exceptions from the JDK carry their meaning in the class name ("ClassNotFoundException: filesystem").
_NAME_MATTERS = ("java.", "javax.", "jdk.", "scala.")


@dataclass(frozen=True)
class RootCause:
    """The innermost cause of a server-side failure, with the statement position when the server gave one.

    ``message`` is the one line to show: the cause's message, prefixed with the class name when the class
    carries the meaning (JDK exceptions such as ``ClassNotFoundException: com.example.Fn``) or is all there is.
    """

    exception: str
    message: str
    line: int | None = None
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None
    qualified_exception: str = ""

    @property
    def text(self) -> str:
        """The one line to show the user (same as ``message``; kept for callers that read ``text``)."""
        return self.message


@dataclass
class _Block:
    qualified: str
    lines: list[str]


def _strip_framing(text: str) -> str:
    text = text.strip()
    if text.startswith(_FRAMING_START):
        text = text[len(_FRAMING_START) :]
    end = text.rfind(_FRAMING_END)
    if end >= 0:
        text = text[:end]
    return text.strip("\n")


def _blocks(text: str) -> list[_Block]:
    """Split a trace into (exception, message lines) blocks, top-level first, dropping stack frames."""
    blocks: list[_Block] = []
    in_frames = False
    for raw in text.splitlines():
        line = raw.rstrip()
        header = None
        if not raw[:1].isspace():
            header = (
                _CAUSED_BY.match(line)
                if line.startswith("Caused by: ")
                else (_HEADER.match(line) if not blocks else None)
            )
        if header:
            blocks.append(_Block(header.group(1), [header.group(2) or ""]))
            in_frames = False
            continue
        if not blocks:
            # Text before any exception header: keep it as an anonymous message.
            blocks.append(_Block("", [line]))
            continue
        if _FRAME.match(raw):
            in_frames = True
            continue
        if not in_frames:
            blocks[-1].lines.append(line)
    return blocks


def _one_line(lines: list[str]) -> str:
    """Join a multi-line message into one line; items under a "...:" heading become a comma list."""
    out = ""
    in_list = False
    first_item = False
    for raw in lines:
        line = raw.strip()
        if line.startswith(_NOISE_START):
            break
        if not line:
            continue
        if not out:
            out = line
        elif in_list and not first_item and not line.endswith(":"):
            out += ", " + line
        else:
            out += " " + line
            first_item = False
        if line.endswith(":"):
            in_list, first_item = True, True
        elif in_list and first_item:
            first_item = False
    if len(out) > _MAX_MESSAGE:
        out = out[: _MAX_MESSAGE - 1].rstrip() + "…"
    return out


def _position(blocks: list[_Block]) -> tuple[int | None, int | None, int | None, int | None]:
    for block in reversed(blocks):
        text = "\n".join(block.lines)
        m = _RANGE.search(text)
        if m:
            a, b, c, d = (int(g) for g in m.groups())
            return a, b, c, d
        m = _AT.search(text)
        if m:
            return int(m.group(1)), int(m.group(2)), None, None
    return None, None, None, None


def reduce_trace(server_text: str) -> RootCause:
    """The innermost cause of `server_text` (one gateway error string, or several joined by newlines)."""
    text = _strip_framing(server_text or "")
    blocks = [b for b in _blocks(text) if b.qualified or any(s.strip() for s in b.lines)]
    if not blocks:
        return RootCause(exception="", message=text.strip()[:_MAX_MESSAGE])
    root = blocks[-1]
    message = _one_line(root.lines)
    message = _RANGE_PREFIX.sub("", message)
    line, column, end_line, end_column = _position(blocks)
    qualified = root.qualified
    short = qualified.rsplit(".", 1)[-1]
    if not message:
        message = short
    elif qualified.startswith(_NAME_MATTERS):
        message = f"{short}: {message}"
    return RootCause(
        exception=short,
        message=message,
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        qualified_exception=qualified,
    )


def server_error_text(errors: list[object]) -> str:
    """The trace inside Flink's ``{"errors": [...]}``, without the generic "Internal server error." line."""
    parts = [str(e) for e in errors if str(e).strip() and str(e).strip() != "Internal server error."]
    return "\n".join(parts) if parts else "\n".join(str(e) for e in errors)
