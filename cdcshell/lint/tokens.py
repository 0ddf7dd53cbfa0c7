"""A small Flink SQL tokenizer for the lint rules: just enough to read DDL options, table references and SET
statements, with the offset of every token so that findings point at the key the user has to change.

It never fails: text it cannot make sense of becomes `other` tokens. The rules read scripts while the user is
still typing, so an unterminated string simply runs to the end of the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Kind = Literal["word", "string", "ident", "number", "hint", "punct", "other"]

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<line_comment>--[^\n]*|//[^\n]*)
  | (?P<hint>/\*\+.*?(?:\*/|\Z))
  | (?P<block_comment>/\*.*?(?:\*/|\Z))
  | (?P<string>'(?:[^']|'')*(?:'|\Z))
  | (?P<backtick>`(?:[^`]|``)*(?:`|\Z))
  | (?P<dquote>"(?:[^"]|"")*(?:"|\Z))
  | (?P<number>\d+(?:\.\d+)?)
  | (?P<word>[A-Za-z_$][\w$]*)
  | (?P<punct>[(),;.=*])
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class Token:
    kind: Kind
    text: str  # the raw text, quotes included
    start: int  # offset in the text that was tokenized

    @property
    def value(self) -> str:
        """The token's meaning: a string or quoted identifier without its quotes (doubled quotes undone)."""
        if self.kind == "string":
            return _unquote(self.text, "'")
        if self.kind == "ident":
            return _unquote(self.text, self.text[0])
        return self.text

    @property
    def upper(self) -> str:
        return self.text.upper() if self.kind == "word" else ""

    def is_word(self, *words: str) -> bool:
        return self.kind == "word" and self.text.upper() in words


def _unquote(text: str, q: str) -> str:
    inner = text[1:-1] if len(text) >= 2 and text.endswith(q) else text[1:]
    return inner.replace(q + q, q)


def tokenize(text: str) -> list[Token]:
    """The significant tokens of `text` (no whitespace or comments; `/*+ ... */` hints are kept)."""
    out: list[Token] = []
    for m in _TOKEN.finditer(text):
        group = m.lastgroup
        if group in ("ws", "line_comment", "block_comment"):
            continue
        if group in ("backtick", "dquote"):
            out.append(Token("ident", m.group(), m.start()))
        else:
            out.append(Token(group, m.group(), m.start()))  # type: ignore[arg-type]
    return out


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
        t = tokens[j].text
        if tokens[j].kind != "punct":
            continue
        if t == "(":
            depth += 1
        elif t == ")":
            depth -= 1
            if depth == 0:
                return j
    return len(tokens)


def split_top_level(tokens: list[Token], sep: str = ",") -> list[list[Token]]:
    """Split a token list at `sep` punctuation that is not inside parentheses."""
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
