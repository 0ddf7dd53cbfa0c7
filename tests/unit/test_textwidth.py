"""The one display-width function: what tables, help pages and the explainer all align with."""

from __future__ import annotations

from cdcshell.render import cells
from cdcshell.textwidth import cell_width


def test_cjk_takes_two_columns_and_combining_marks_none() -> None:
    assert cell_width("abc") == 3
    assert cell_width("订单") == 4
    assert cell_width("e\u0301") == 1


def test_render_measures_with_the_same_function() -> None:
    assert cells.cell_width is cell_width
