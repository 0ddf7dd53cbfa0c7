"""The interactive shell: a prompt_toolkit session wired to the engine in `cdcshell.engine`.

The first prompt is drawn before anything slow happens: the gateway handshake runs in a background thread and
the prompt marker turns from ○ to ● when it is done; completion metadata loads later still.
"""

from __future__ import annotations

import contextlib
import sys
import threading
from typing import TYPE_CHECKING, Any

from cdcshell.i18n import t
from cdcshell.options import Options

if TYPE_CHECKING:
    from cdcshell.engine.shell import Shell


def run_repl(options: Options) -> int:
    from prompt_toolkit import PromptSession
    from prompt_toolkit.patch_stdout import patch_stdout

    from cdcshell.engine.shell import Shell
    from cdcshell.repl.keys import build_key_bindings
    from cdcshell.repl.prompt import continuation, prompt_message
    from cdcshell.repl.toolbar import Toolbar
    from cdcshell.repl.views import result_views

    shell = Shell(options, interactive=True, confirm=_confirm, ask_secret=_ask_secret)
    shell.result_view = result_views(options)  # the live table and the pager, terminal only
    lexer = _LazyLexer()
    session: PromptSession[str] = PromptSession(
        message=lambda: prompt_message(shell),
        multiline=True,
        prompt_continuation=continuation,
        key_bindings=build_key_bindings(),
        history=_history(options),
        bottom_toolbar=Toolbar(shell),
        complete_while_typing=True,
        lexer=lexer.prompt_lexer(),
        completer=_LazyCompleter(shell),
        style=_lazy_style(lexer),
        vi_mode=options.key_bindings == "vi",
        enable_history_search=False,
        include_default_pygments_style=False,
    )
    for warning in options.warnings:
        print(warning, file=sys.stderr)

    def connect_in_background() -> None:
        shell.connect(quiet=True)
        if not shell.connected:
            shell.error(t("shell.not_connected", reason=shell.state.error or "?"))
        with contextlib.suppress(Exception):
            session.app.invalidate()

    with patch_stdout(raw=True):
        # The handshake (and importing httpx for it) starts once the first prompt is on screen, so that it never
        # competes with drawing it.
        def start_connecting(_: object) -> None:
            session.app.after_render -= start_connecting
            threading.Thread(target=connect_in_background, name="cdcshell-connect", daemon=True).start()

        session.app.after_render += start_connecting
        while shell.running:
            try:
                default, shell.next_input = shell.next_input or "", None
                text = session.prompt(default=default)
            except KeyboardInterrupt:
                continue  # Ctrl-C at the prompt clears the input, as in a shell
            except EOFError:
                break
            if text.strip():
                try:
                    _run_input(shell, text)
                except KeyboardInterrupt:  # between statements, or while splitting: never the end of the REPL
                    shell.print(t("shell.canceled"), err=True)
    shell.print(t("shell.goodbye"), err=True)
    shell.close()
    return 0


def _run_input(shell: Shell, text: str) -> None:
    from cdcshell.sql.splitter import SplitError, split

    try:
        statements = split(text, strict=True)
    except SplitError as exc:
        shell.error(exc.message, location=f"input:{exc.line}:{exc.column}")
        return
    for stmt in statements:
        try:
            shell.run(stmt, source="input")
        except KeyboardInterrupt:
            shell.print(t("shell.canceled"), err=True)
            return
        except Exception as exc:  # a bug must not end a long session: say it in one line and keep the prompt
            if shell.options.debug:
                import traceback

                shell.print(traceback.format_exc().rstrip(), err=True)
            else:
                from cdcshell.engine.console import internal_error_text

                shell.print(internal_error_text(exc), err=True)
            return
        if not shell.running:
            return


def _confirm(question: str) -> bool:
    from prompt_toolkit.shortcuts import confirm

    try:
        return bool(confirm(question))
    except (KeyboardInterrupt, EOFError):
        return False


def _ask_secret(question: str) -> str | None:
    """A secret typed without echo; None when the user gives up (Ctrl-C, Ctrl-D)."""
    from prompt_toolkit import prompt

    try:
        return prompt(question, is_password=True)
    except (KeyboardInterrupt, EOFError):
        return None


def _history(options: Options) -> Any:
    from cdcshell.paths import data_dir
    from cdcshell.store.history import MaskedFileHistory

    return MaskedFileHistory(data_dir() / "history", max_entries=options.history_size)


def _lazy_style(lexer: _LazyLexer) -> Any:
    """The style without pygments' theme until the SQL lexer is loaded (the first keystroke), then with it:
    importing pygments' styles is not on the way to the first prompt."""
    from prompt_toolkit.styles import DynamicStyle

    from cdcshell.repl.style import build_style

    holder: dict[bool, Any] = {}

    def get() -> Any:
        highlighting = lexer.loaded
        if highlighting not in holder:
            holder[highlighting] = build_style(highlighting=highlighting)
        return holder[highlighting]

    return DynamicStyle(get)


class _LazyLexer:
    """Highlighting loads pygments and the Flink lexer on the first keystroke, not before the first prompt."""

    def __init__(self) -> None:
        self.loaded = False
        self._lexer: Any = None

    def prompt_lexer(self) -> Any:
        from prompt_toolkit.lexers import DynamicLexer

        return DynamicLexer(self._get)

    def _get(self) -> Any:
        if self._lexer is None:
            from prompt_toolkit.application.current import get_app

            if not get_app().current_buffer.text:  # nothing to colour on the first, empty prompt
                from prompt_toolkit.lexers import SimpleLexer

                return SimpleLexer()
            from prompt_toolkit.lexers import PygmentsLexer

            from cdcshell.highlight import FlinkSqlLexer

            self._lexer = PygmentsLexer(FlinkSqlLexer, sync_from_start=True)
            self.loaded = True
        return self._lexer


class _LazyCompleter:
    """The completer and its catalogs load on first use, in prompt_toolkit's completion thread."""

    def __new__(cls, shell: Shell) -> Any:
        from prompt_toolkit.completion import DynamicCompleter, ThreadedCompleter

        holder: dict[str, Any] = {}

        def get() -> Any:
            if "completer" not in holder:
                try:
                    from cdcshell.completion.setup import build_completer
                    from cdcshell.meta.registry import command_names

                    holder["completer"] = build_completer(shell, command_names)
                except ImportError:
                    holder["completer"] = None
            return holder["completer"]

        return ThreadedCompleter(DynamicCompleter(get))
