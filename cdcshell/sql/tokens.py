"""The one Flink SQL tokenizer: every reader of SQL text (splitter, highlighter, completion context, statement
facts, lint, journals) takes its lexical rules from here, so a Flink syntax fix is made once.

Flink's lexical rules (its parser is generated from Calcite's `Parser.jj`, checked for Flink 1.20):

- line comments start with `--` *or* `//` and run to the end of the line (but a `//` glued to a word is part
  of it, see below);
- `/* ... */` is a block comment, but `/*+ ... */` is an optimizer hint, which is part of the statement;
- `'...'` is a string, a doubled `''` stands for one quote, there is no backslash escape;
- `` `...` `` (and, in the shell's tolerant reading, `"..."`) is a quoted identifier, doubled quotes likewise.

The tokenizer is tolerant because it reads text while it is being typed: it never fails, an unterminated string,
identifier, comment or hint simply runs to the end of the text, and every character belongs to exactly one token
(the tokens of `scan` concatenate back to the text). Quoted text is matched in the "unrolled loop" form, which
cannot backtrack, so the cost is linear in the length of the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Literal, NamedTuple

__all__ = [
    "BLOCK_COMMENT",
    "BQ",
    "DQ",
    "HINT",
    "LINE_COMMENT",
    "NUMBER",
    "SQ",
    "WORD",
    "Token",
    "TokenKind",
    "is_name_token",
    "matching_paren",
    "read_name",
    "scan",
    "skip_quoted_or_comment",
    "skippable_pattern",
    "split_top_level",
    "tokenize",
    "unquote",
]

TokenKind = Literal["ws", "comment", "hint", "string", "ident", "word", "number", "punct"]

# --- the lexical rules, as regex fragments (the pygments lexer builds its states from the same ones) ----------

SQ = r"'[^']*(?:''[^']*)*'?"
DQ = r'"[^"]*(?:""[^"]*)*"?'
BQ = r"`[^`]*(?:``[^`]*)*`?"
# `//` glued to a word is part of it (`hdfs://nn/x`, `a//b` in a legacy unquoted `SET key = value`, which Flink
# reads with a regex, not its lexer), not a comment: read as a comment, it would hide the `;` that ends the
# statement and swallow the statements after it. A `//` comment starts the line or follows white space or
# punctuation that ends a token (`;`, `(`, `)`, `,`).
LINE_COMMENT = r"(?:--|(?<![^\s;(),])//)[^\n]*"
HINT = r"/\*\+[\s\S]*?(?:\*/|\Z)"
BLOCK_COMMENT = r"/\*[\s\S]*?(?:\*/|\Z)"
# A word: a letter, `_` or `$`, then letters, digits, `_`, `$`; a leading backslash makes a meta-command word.
WORD = r"\\?(?:[^\W\d]|\$)[\w$]*|\\"
NUMBER = r"(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"

_TOKEN = re.compile(
    rf"""
    (?P<ws>\s+)
  | (?P<comment>{LINE_COMMENT}|/\*(?!\+)[\s\S]*?(?:\*/|\Z))
  | (?P<hint>{HINT})
  | (?P<string>{SQ})
  | (?P<ident>{BQ}|{DQ})
  | (?P<word>{WORD})
  | (?P<number>{NUMBER})
  | (?P<punct>[\s\S])
    """,
    re.VERBOSE,
)

# What hides a `;` from statement splitting: quoted text, comments and hints (hints are comments here).
_SKIPPABLE = re.compile(rf"{SQ}|{BQ}|{DQ}|{LINE_COMMENT}|{BLOCK_COMMENT}")


class Token(NamedTuple):
    """One token: its kind, its raw text (quotes included) and its offsets in the text that was scanned.

    A NamedTuple rather than a dataclass because the completion context creates hundreds per keystroke."""

    kind: TokenKind
    text: str
    start: int
    end: int

    @property
    def upper(self) -> str:
        """A word upper-cased (keywords are case-insensitive); "" for any other token."""
        return self.text.upper() if self.kind == "word" else ""

    def is_word(self, *words: str) -> bool:
        return self.kind == "word" and self.text.upper() in words

    @property
    def quoted(self) -> bool:
        return self.kind in ("string", "ident")

    @property
    def closed(self) -> bool:
        """Whether a string or quoted identifier has its closing quote (`'abc''` is open: it ends with an
        escaped quote). Always true for other tokens."""
        if self.kind not in ("string", "ident"):
            return True
        text = self.text
        q = text[0]
        if len(text) < 2 or not text.endswith(q):
            return False
        body = text[1:]
        return (len(body) - len(body.rstrip(q))) % 2 == 1

    @property
    def value(self) -> str:
        """The meaning: a string or quoted identifier without its quotes, doubled quotes undone; else the text."""
        if self.kind in ("string", "ident"):
            q = self.text[0]
            inner = self.text[1:-1] if self.closed else self.text[1:]
            return inner.replace(q + q, q)
        return self.text


def scan(text: str, start: int = 0, end: int | None = None) -> Iterator[Token]:
    """Every token of `text[start:end]`, whitespace and comments included, lazily; never raises."""
    stop = len(text) if end is None else end
    for m in _TOKEN.finditer(text, start, stop):
        yield Token(m.lastgroup, m.group(), m.start(), m.end())  # type: ignore[arg-type]


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """The significant tokens of `text[start:end]`: no whitespace or comments (optimizer hints are kept)."""
    stop = len(text) if end is None else end
    return [
        Token(kind, m.group(), m.start(), m.end())  # type: ignore[arg-type]
        for m in _TOKEN.finditer(text, start, stop)
        if (kind := m.lastgroup) not in ("ws", "comment")
    ]


def skip_quoted_or_comment(text: str, pos: int) -> int:
    """Where the string, quoted identifier, comment or hint starting at `text[pos]` ends (its end, or the end
    of the text when it is never closed); `pos` itself when nothing of that kind starts there."""
    m = _SKIPPABLE.match(text, pos)
    return m.end() if m else pos


def skippable_pattern() -> re.Pattern[str]:
    """The regex of everything that hides a `;` (quoted text, comments, hints), for one-pass boundary scans."""
    return _SKIPPABLE


def unquote(text: str) -> str:
    """The content of quoted text (`'...'`, `"..."`, `` `...` ``), doubled quotes resolved; other text as is."""
    if text[:1] in ("'", '"', "`"):
        q = text[0]
        body = text[1:-1] if len(text) >= 2 and text.endswith(q) else text[1:]
        return body.replace(q + q, q)
    return text


# --- reading helpers over significant tokens -----------------------------------------------------------------


def is_name_token(tok: Token) -> bool:
    return tok.kind in ("word", "ident")


def read_name(tokens: list[Token], i: int) -> tuple[list[str], int]:
    """Read a possibly qualified name (`cat`.db.tbl) at `tokens[i]`; returns its parts and the index after it."""
    parts: list[str] = []
    n = len(tokens)
    while i < n and is_name_token(tokens[i]):
        parts.append(tokens[i].value)
        if i + 2 < n and tokens[i + 1].text == "." and is_name_token(tokens[i + 2]):
            i += 2
            continue
        i += 1
        break
    return parts, i


def matching_paren(tokens: list[Token], i: int) -> int:
    """Index of the `)` closing the `(` at `tokens[i]`, or len(tokens) when it is never closed."""
    depth = 0
    for j in range(i, len(tokens)):
        tok = tokens[j]
        if tok.kind != "punct":
            continue
        if tok.text == "(":
            depth += 1
        elif tok.text == ")":
            depth -= 1
            if depth == 0:
                return j
    return len(tokens)


def split_top_level(tokens: list[Token], sep: str = ",") -> list[list[Token]]:
    """Split a token list at `sep` punctuation that is not inside parentheses; empty parts are dropped."""
    parts: list[list[Token]] = [[]]
    depth = 0
    for tok in tokens:
        if tok.kind == "punct":
            if tok.text == "(":
                depth += 1
            elif tok.text == ")":
                depth -= 1
            elif tok.text == sep and depth == 0:
                parts.append([])
                continue
        parts[-1].append(tok)
    return [p for p in parts if p]
