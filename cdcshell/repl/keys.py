"""Key bindings: Enter runs the input only when it holds a finished statement, as Flink's SQL Client does."""

from __future__ import annotations

from prompt_toolkit.filters import completion_is_selected, has_focus, is_done
from prompt_toolkit.key_binding import KeyBindings
from prompt_toolkit.key_binding.key_processor import KeyPressEvent


def build_key_bindings() -> KeyBindings:
    kb = KeyBindings()

    @kb.add("enter", filter=~completion_is_selected & ~is_done & has_focus("DEFAULT_BUFFER"))
    def _enter(event: KeyPressEvent) -> None:
        from cdcshell.sql.splitter import is_complete

        buf = event.current_buffer
        # Only the text up to the cursor decides when the cursor sits at the end; elsewhere Enter edits.
        if buf.document.is_cursor_at_the_end and is_complete(buf.text):
            buf.validate_and_handle()
        else:
            buf.newline(copy_margin=False)

    @kb.add("escape", "enter", filter=~is_done)
    def _force_newline(event: KeyPressEvent) -> None:
        event.current_buffer.newline(copy_margin=False)

    return kb
