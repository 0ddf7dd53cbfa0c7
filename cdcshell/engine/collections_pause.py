"""Fewer runs of Python's cyclic garbage collector while result pages stream in.

Why: every decoded page allocates two containers per row (the row's JSON object and its list of fields), and
the generation-0 collector runs after every 700 such allocations to look for reference cycles that these
objects never form: they die by reference counting as soon as the page is written. Over a million-row stream
that bookkeeping was 14-20% of the client's CPU (`cdcshell -f`, 1,000,000 datagen rows to a pipe: 7.9 s of
user time with the default thresholds, 6.3 s with a generation-0 threshold of 50,000, 6.7-6.9 s with the
collector off; bench/README.md, "Result stream"). On a machine whose other core runs the cluster that feeds
the stream, client CPU is throughput. Cycles still get collected, only in larger batches, and the thresholds
are restored when the statement ends, whatever way it ends.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

STREAMING_GEN0_THRESHOLD = 50_000


@contextlib.contextmanager
def fewer_collections(gen0: int = STREAMING_GEN0_THRESHOLD) -> Iterator[None]:
    """Raise the generation-0 threshold to at least `gen0` for the duration of the block."""
    before = gc.get_threshold()
    gc.set_threshold(max(before[0], gen0), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)
