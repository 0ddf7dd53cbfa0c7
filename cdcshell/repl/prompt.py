"""The prompt: where the user is (catalog.database) and whether the gateway is there."""

from __future__ import annotations

from typing import Any

from prompt_toolkit.formatted_text import StyleAndTextTuples


def prompt_message(shell: Any) -> StyleAndTextTuples:
    st = shell.state
    dot = ("class:prompt.connected", "● ") if shell.connected else ("class:prompt.offline", "○ ")
    where = f"{st.catalog}.{st.database}" if st.catalog else "—"
    return [
        dot,
        ("class:prompt.name", "Flink SQL"),
        ("", " "),
        ("class:prompt.where", f"[{where}]"),
        ("", "> "),
    ]


def continuation(width: int, line_number: int, wrap_count: int) -> StyleAndTextTuples:
    return [("class:prompt.continuation", " " * max(width - 2, 0) + "> ")]
