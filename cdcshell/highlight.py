"""The Flink SQL lexer with the keywords of a Flink version: `sql.lexer`'s colours, the catalog's word list.

The lexer lives in `sql/` because it reads SQL text (with the one tokenizer); which words a Flink version's
parser reserves is catalog knowledge, a layer above `sql/`. This module joins the two, so that `sql/` never
imports the catalog. It is the lexer the REPL highlights with and the one registered as the Pygments plugin
(`pygments.lexers` entry point `flinksql`, so `pygmentize -l flinksql` highlights as the REPL does).
"""

from __future__ import annotations

from collections.abc import Iterable

from cdcshell.sql import lexer as _sql_lexer

__all__ = ["FlinkSqlLexer", "default_keywords"]

_default_keywords: frozenset[str] | None = None


def default_keywords() -> frozenset[str]:
    """The keywords of the primary Flink version from its catalog, or the built-in list when the catalog cannot
    be loaded (not generated yet, damaged): highlighting must never stop the shell from starting."""
    global _default_keywords
    if _default_keywords is None:
        words: Iterable[str] = ()
        try:
            from cdcshell.catalog.loader import load_keywords

            words = load_keywords("1.20")
        except Exception:  # any failure falls back: see the docstring
            words = ()
        _default_keywords = frozenset(w.upper() for w in words) or _sql_lexer.FALLBACK_KEYWORDS
    return _default_keywords


class FlinkSqlLexer(_sql_lexer.FlinkSqlLexer):
    """`cdcshell.sql.lexer.FlinkSqlLexer` whose default keywords are the Flink catalog's (read on the first word,
    not when the lexer is built: the REPL builds it while drawing the first prompt)."""

    def default_keywords(self) -> frozenset[str]:
        return default_keywords()
