"""Words and colours shared by the job, checkpoint and detail views: how a state, an instant or an id reads."""

from __future__ import annotations

from cdcshell.humanize import UNKNOWN, format_duration, format_timestamp
from cdcshell.i18n import t
from cdcshell.render.ansi import DIM, GREEN, RED, YELLOW, paint

_STATE_COLORS = {
    "RUNNING": GREEN,
    "FAILED": RED,
    "FAILING": RED,
    "RESTARTING": YELLOW,
    "CANCELED": DIM,
    "CANCELLING": YELLOW,
    "FINISHED": DIM,
    "SUSPENDED": YELLOW,
}
_STATUS_COLORS = {"COMPLETED": GREEN, "FAILED": RED, "IN_PROGRESS": YELLOW}


def ago(epoch_ms: int | None, now_ms: int) -> str:
    if epoch_ms is None:
        return UNKNOWN
    return t("jobs.ago", duration=format_duration(max(0, now_ms - epoch_ms) / 1000))


def clock(epoch_ms: int | None) -> str:
    """Time of day only: checkpoints are seconds apart, the date is noise (it is in the header)."""
    text = format_timestamp(epoch_ms)
    return text[11:] if len(text) > 11 else text


def short_id(jid: str) -> str:
    return jid[:8]


def cut(text: str, width: int) -> str:
    """One line of at most `width` characters, whitespace runs folded."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def state_text(state: str, color: bool) -> str:
    """A job state, coloured by what it means (running green, failed red, on its way yellow)."""
    return paint(state, _STATE_COLORS.get(state, ""), color)


def status_text(status: str, color: bool) -> str:
    """A checkpoint status, coloured."""
    return paint(status, _STATUS_COLORS.get(status, ""), color)


def kind_text(is_savepoint: bool) -> str:
    return t("jobs.kind.savepoint") if is_savepoint else t("jobs.kind.checkpoint")


def acked_text(acked: int | None, total: int | None) -> str:
    return f"{acked if acked is not None else '?'}/{total if total is not None else '?'}"
