"""The footer line under a result a person reads ("3 rows in set (0.12 s)").

Its own module because every human writer (table, tableau, plain) prints it and `render.output`, which picks
the writer, offers it too: were it in `output`, each writer and `output` would import each other.
"""

from __future__ import annotations


def summary_line(count: int, *, status: str | None = None, elapsed: float | None = None) -> str:
    """The footer after a result: "3 rows in set (0.12 s)", "Empty set", or `status` instead of the count.

    Public so that callers writing CSV/JSON (which must not contain it) can still print it to stderr.
    """
    from cdcshell.i18n import t

    if status is not None:
        text = status
    elif count == 0:
        text = t("render.empty_set")
    elif count == 1:
        text = t("render.one_row_in_set")
    else:
        text = t("render.rows_in_set", count=count)
    if elapsed is not None:
        text += t("render.elapsed", seconds=f"{elapsed:.2f}")
    return text
