"""A changelog folded into the table it describes: the rows as they are now, for the live result view.

Flink's SQL Client does this in its `table` result mode (`MaterializedCollectStreamResult`): `+I`/`+U` add a
row, `-U`/`-D` remove an equal row. It appends the new version of an updated row at the end, so a `GROUP BY`
reshuffles on every change. Here a `-U` leaves a hole where the row stood and the `+U` that follows fills it,
so a key's row changes *in place*, which is what a person watching a dashboard expects. Only the current rows
are kept (plus one index entry per distinct row), so memory is bounded by the result's size, not the stream's.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field

Row = tuple[Hashable, ...]


def _frozen(value: object) -> Hashable:
    """Rows from JSON can hold lists and dicts (ARRAY, MAP, ROW): make them hashable for the index."""
    if isinstance(value, list):
        return tuple(_frozen(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((str(k), _frozen(v)) for k, v in value.items()))
    return value


@dataclass
class MaterializedResult:
    """The current rows of a changelog, in first-seen order, updated in place."""

    _rows: dict[int, list[object]] = field(default_factory=dict)  # slot -> row; dict order = display order
    _index: dict[Row, list[int]] = field(default_factory=dict)  # row value -> slots holding it
    _hole: int | None = None  # the slot a `-U` emptied, for the `+U` that follows
    _next_slot: int = 0
    changes: int = 0  # changelog rows applied

    def __len__(self) -> int:
        return len(self._rows)

    def apply(self, changes: Iterable[tuple[str, Sequence[object]]]) -> None:
        """Apply `(kind, fields)` pairs as the gateway sends them (`INSERT`/`+I`, `UPDATE_BEFORE`/`-U`, …)."""
        for kind, fields in changes:
            self.changes += 1
            op = _OPS.get(kind, "+")
            if op == "+":
                self._add(list(fields), reuse_hole=kind in ("UPDATE_AFTER", "+U"))
            else:
                self._remove(fields, leave_hole=kind in ("UPDATE_BEFORE", "-U"))

    def _add(self, fields: list[object], *, reuse_hole: bool) -> None:
        if reuse_hole and self._hole is not None:
            slot = self._hole
        else:
            self._drop_hole()
            slot = self._next_slot
            self._next_slot += 1
        self._hole = None
        self._rows[slot] = fields
        self._index.setdefault(tuple(_frozen(v) for v in fields), []).append(slot)

    def _remove(self, fields: Sequence[object], *, leave_hole: bool) -> None:
        self._drop_hole()
        key = tuple(_frozen(v) for v in fields)
        slots = self._index.get(key)
        if not slots:
            return  # a retraction of a row we never saw (the view started late): nothing to undo
        slot = slots.pop()  # the newest equal row, like Flink
        if not slots:
            del self._index[key]
        if leave_hole:
            self._rows[slot] = []  # keeps the slot's place in the dict's order
            self._hole = slot
        else:
            del self._rows[slot]

    def _drop_hole(self) -> None:
        """A `-U` not followed by its `+U`: the row is simply gone."""
        if self._hole is not None:
            self._rows.pop(self._hole, None)
            self._hole = None

    def rows(self, start: int = 0, count: int | None = None) -> list[list[object]]:
        """Rows `start` … `start + count` in display order (a hole awaiting its `+U` is not shown)."""
        visible = [row for slot, row in self._rows.items() if slot != self._hole]
        return visible[start:] if count is None else visible[start : start + count]

    @property
    def row_count(self) -> int:
        return len(self._rows) - (1 if self._hole is not None else 0)


_OPS = {
    "INSERT": "+",
    "+I": "+",
    "UPDATE_AFTER": "+",
    "+U": "+",
    "UPDATE_BEFORE": "-",
    "-U": "-",
    "DELETE": "-",
    "-D": "-",
}
