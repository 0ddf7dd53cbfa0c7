"""The few ANSI styles the plain writers use, without pulling in rich for a million-line stream."""

from __future__ import annotations

RESET = "\x1b[0m"
BOLD = "\x1b[1m"
DIM = "\x1b[2m"
RED = "\x1b[31m"
GREEN = "\x1b[32m"
YELLOW = "\x1b[33m"
CYAN = "\x1b[36m"
BOLD_RED = "\x1b[1;31m"
BOLD_YELLOW = "\x1b[1;33m"

# A change kind's colour: inserts green, the new side of an update cyan, the retracted side yellow, and
# deletes red — so that a retraction storm is visible at a glance.
KIND_COLORS = {"+I": GREEN, "+U": CYAN, "-U": YELLOW, "-D": RED}


def paint(text: str, style: str, enabled: bool) -> str:
    return f"{style}{text}{RESET}" if enabled and style else text
