"""One completion offered to the user, independent of prompt_toolkit so the CLI and tests can use it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CompletionItem:
    text: str  # what replaces the typed prefix
    display: str  # what the menu shows
    meta: str = ""  # the menu's second column: type/default, origin, "deprecated, use ..."
    start_position: int = (
        0  # where the replacement starts, relative to the cursor (<= 0), as prompt_toolkit wants
    )

    def as_json(self) -> dict[str, object]:
        return {
            "text": self.text,
            "display": self.display,
            "meta": self.meta,
            "start_position": self.start_position,
        }
