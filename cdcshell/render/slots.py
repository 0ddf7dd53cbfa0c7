"""`\\slots`: replication slots, the WAL each holds, and for an idle one the risk and the statement that ends it."""

from __future__ import annotations

from collections.abc import Sequence

from cdcshell.humanize import UNKNOWN, format_bytes
from cdcshell.i18n import t
from cdcshell.pg import ReplicationSlot
from cdcshell.render.ansi import BOLD_RED, BOLD_YELLOW, GREEN, paint
from cdcshell.render.columns import format_table


def render_slots(rows: Sequence[ReplicationSlot], *, color: bool) -> str:
    if not rows:
        return t("jobs.slots.none")
    headers = [
        t("jobs.col.slot"),
        t("jobs.col.database"),
        t("jobs.col.active"),
        t("jobs.col.plugin"),
        t("jobs.col.wal_held"),
        t("jobs.col.wal_status"),
        t("jobs.col.used_by"),
    ]
    body = [
        [
            r.slot_name,
            r.database,
            paint(t("jobs.yes"), GREEN, color) if r.active else paint(t("jobs.no"), BOLD_RED, color),
            r.plugin or UNKNOWN,
            format_bytes(r.retained_bytes),
            r.wal_status or UNKNOWN,
            ", ".join(r.used_by) or UNKNOWN,
        ]
        for r in rows
    ]
    lines = format_table(headers, body, right=(4,), color=color)
    for r in rows:
        if not r.active:
            risk = t("jobs.slots.risk", slot=r.slot_name, size=format_bytes(r.retained_bytes))
            lines.extend(["", paint(risk, BOLD_YELLOW, color), "    " + r.drop_sql()])
    return "\n".join(lines)
