"""How many terminal columns a text takes: the one display-width function (CJK characters take two, combining
marks none), for result tables, reports, help pages and the rule explainer alike.

At the bottom of the layers (like `paths` and `i18n`) so that `lint/` and `meta/` measure the way `render/`
does without importing it.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache


@lru_cache(maxsize=4096)
def char_width(ch: str) -> int:
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def cell_width(text: str) -> int:
    """Terminal columns taken by `text` (CJK characters take two)."""
    if text.isascii():
        return len(text)
    return sum(char_width(ch) for ch in text)
