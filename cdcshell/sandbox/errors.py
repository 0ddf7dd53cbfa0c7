"""The one exception the sandbox raises for things a user can fix.

Its text is already translated and says what went wrong, where, and what to do, so the command line prints it
as it is (no traceback) and the REPL can show it in its own frame.
"""

from __future__ import annotations


class SandboxError(Exception):
    """A sandbox failure with a message meant for the user."""

    def __init__(self, message: str, *, exit_code: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code

    def __str__(self) -> str:
        return self.message
