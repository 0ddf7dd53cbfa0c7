"""How typed text is matched against candidates: plain prefixes first, then substrings, then dotted segments.

Configuration keys are long and dotted (`execution.checkpointing.interval`), so the fuzzy match works segment by
segment: each typed segment is a subsequence of one key segment starting with the same letter, and typed
segments match key segments in order (`exe.chk.int`, or `chk.int` skipping `execution`). One regex per typed
pattern, compiled once, keeps a keystroke over a thousand keys well under a millisecond.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import TypeVar

T = TypeVar("T")


@lru_cache(maxsize=256)
def segment_pattern(typed: str) -> re.Pattern[str] | None:
    """The regex for a dotted fuzzy pattern (one group per typed segment), or None when `typed` is empty."""
    segments = typed.lower().split(".")
    if not any(segments):
        return None
    parts = []
    for seg in segments:
        if not seg:
            parts.append(r"()[^.]*")
            continue
        chars = [re.escape(c) for c in seg]
        parts.append("(" + chars[0] + "".join(r"[^.]*?" + c for c in chars[1:]) + r")[^.]*")
    body = r"\.(?:[^.]*\.)*?".join(parts)
    return re.compile(r"^(?:[^.]*\.)*?" + body)


def rank(typed: str, candidate: str) -> tuple[int, int, int] | None:
    """(tier, spread, length) when `candidate` matches `typed` (lower is better), None when it does not.

    tier 0: prefix; 1: a dotted/dashed word starts with it; 2: substring; 3: segment-wise fuzzy, where
    spread counts the letters skipped inside segments and the key segments skipped between them.
    """
    if not typed:
        return (0, 0, 0)  # nothing typed: keep the caller's order
    low = candidate.lower()
    t = typed.lower()
    if low.startswith(t):
        return (0, 0, len(candidate))
    pos = low.find(t)
    if pos > 0:
        return (1 if low[pos - 1] in ".-_" else 2, pos, len(candidate))
    pattern = segment_pattern(t)
    if pattern is not None:
        m = pattern.match(low)
        if m:
            typed_segments = t.split(".")
            gaps = sum(len(g) - len(seg) for g, seg in zip(m.groups(), typed_segments, strict=True))
            skipped = low.count(".") - t.count(".")
            return (3, gaps * 4 + skipped, len(candidate))
    return None


def _mask(text: str) -> int:
    m = 0
    for c in set(text):
        m |= 1 << (ord(c) & 63)
    return m


class KeyIndex:
    """Keys prepared for fast repeated matching: lower-cased once, and a bit mask of their characters so that
    most keys are rejected by one integer test before any string or regex work (a keystroke over a thousand
    keys then costs a fraction of a millisecond)."""

    def __init__(self, keys: Iterable[str]) -> None:
        self.keys = list(keys)
        self._lower = [k.lower() for k in self.keys]
        self._masks = [_mask(k) for k in self._lower]
        self._everything: list[tuple[tuple[int, int, int], str]] = [((0, 0, 0), k) for k in self.keys]

    def search(self, typed: str) -> list[tuple[tuple[int, int, int], str]]:
        """(rank, key) for every key matching `typed`, in index order (sort them by rank yourself)."""
        if not typed:
            return self._everything
        t = typed.lower()
        wanted = _mask(t.replace(".", ""))
        pattern = segment_pattern(t)
        segments = t.split(".")
        dots = t.count(".")
        found = []
        for key, low, m in zip(self.keys, self._lower, self._masks, strict=True):
            if m & wanted != wanted:
                continue
            if low.startswith(t):
                found.append(((0, 0, len(low)), key))
                continue
            pos = low.find(t)
            if pos > 0:
                found.append(((1 if low[pos - 1] in ".-_" else 2, pos, len(low)), key))
                continue
            if pattern is not None:
                hit = pattern.match(low)
                if hit:
                    gaps = sum(len(g) - len(seg) for g, seg in zip(hit.groups(), segments, strict=True))
                    found.append(((3, gaps * 4 + low.count(".") - dots, len(low)), key))
        return found


def filter_ranked(typed: str, candidates: Iterable[T], key: Callable[[T], str]) -> list[T]:
    """Candidates matching `typed`, best first, stable within a tier."""
    scored = []
    for index, cand in enumerate(candidates):
        r = rank(typed, key(cand))
        if r is not None:
            scored.append((r, index, cand))
    scored.sort(key=lambda x: (x[0], x[1]))
    return [c for _, _, c in scored]


def prefix_filter(typed: str, candidates: Iterable[str]) -> list[str]:
    """Words starting with `typed`, case-insensitively: keywords, identifiers."""
    t = typed.lower()
    return [c for c in candidates if c.lower().startswith(t)]
