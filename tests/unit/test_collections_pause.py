"""The collector's threshold is raised while results stream and restored however the statement ends."""

from __future__ import annotations

import gc

import pytest

from cdcshell.engine.collections_pause import STREAMING_GEN0_THRESHOLD, fewer_collections


def test_the_threshold_is_raised_inside_and_restored_after_an_error() -> None:
    before = gc.get_threshold()
    with pytest.raises(KeyboardInterrupt), fewer_collections():
        assert gc.get_threshold()[0] == max(before[0], STREAMING_GEN0_THRESHOLD)
        assert gc.get_threshold()[1:] == before[1:]
        raise KeyboardInterrupt
    assert gc.get_threshold() == before


def test_a_higher_threshold_set_by_someone_else_is_kept() -> None:
    before = gc.get_threshold()
    gc.set_threshold(STREAMING_GEN0_THRESHOLD * 2, *before[1:])
    try:
        with fewer_collections():
            assert gc.get_threshold()[0] == STREAMING_GEN0_THRESHOLD * 2
    finally:
        gc.set_threshold(*before)
