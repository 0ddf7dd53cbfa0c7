"""Wire the completer to a running shell: its Flink version, its gateway session, the `\\` commands it is given.

Called once, on the first completion (in prompt_toolkit's completion thread), by `repl.app`. The shell is used
through a few attributes only (`flink_version`, `state`, `client`, `query_rows`, `listeners`, `warn`), so this
module imports nothing of the REPL; the command names come from the caller, so completion does not import the
command layer above it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Protocol

from cdcshell.catalog.loader import fallback_notice, load_catalog, preload
from cdcshell.catalog.model import Catalog
from cdcshell.completion.completer import FlinkCompleter, GatewayComplete
from cdcshell.completion.metadata import MetadataCache

log = logging.getLogger(__name__)

# statement kinds after which names in the catalogs may have changed (Kind names of cdcshell.sql.kinds)
_DDL_PREFIXES = ("CREATE", "DROP", "ALTER", "USE", "LOAD_MODULE", "UNLOAD_MODULE", "ADD_JAR", "REMOVE_JAR")


class _SessionState(Protocol):
    @property
    def session(self) -> str | None: ...

    @property
    def api_version(self) -> str | None: ...


class _CompletesStatements(Protocol):
    def complete_statement(self, session: str, statement: str, position: int) -> list[str]: ...


class CompletingShell(Protocol):
    """What completion uses of the shell (the engine's `Shell` is one; tests pass a small fake)."""

    @property
    def flink_version(self) -> str: ...

    @property
    def state(self) -> _SessionState: ...

    @property
    def client(self) -> _CompletesStatements | None: ...

    @property
    def connected(self) -> bool: ...

    @property
    def listeners(self) -> list[Callable[[str, str], None]]: ...

    def query_rows(self, sql: str) -> list[list[object]]: ...

    def warn(self, message: str) -> None: ...


def build_completer(
    shell: CompletingShell, commands: Callable[[], list[tuple[str, str]]] | None = None
) -> FlinkCompleter:
    """`commands` lists (name, one-line help) of the `\\` commands; read once, on first use."""
    metadata = MetadataCache(shell.query_rows)
    seen = {"session": _session(shell), "version": None}

    def catalog() -> Catalog:
        version = shell.flink_version
        if version != seen["version"]:
            seen["version"] = version
            notice = fallback_notice(version)
            if notice:
                _notify(shell, notice)
        session = _session(shell)
        if session != seen["session"]:  # reconnected: another session, maybe another gateway
            seen["session"] = session
            metadata.invalidate()
        return load_catalog(version)

    def on_statement(kind: str, statement: str) -> None:
        if kind.startswith(_DDL_PREFIXES):
            metadata.invalidate()

    shell.listeners.append(on_statement)
    gateway = _gateway_complete(shell)
    completer = FlinkCompleter(catalog, metadata, _read_once(commands), gateway)
    preload(shell.flink_version)
    if getattr(shell, "connected", False):
        metadata.warm()
    return completer


def _session(shell: CompletingShell) -> str | None:
    state = getattr(shell, "state", None)
    return getattr(state, "session", None)


def _gateway_complete(shell: CompletingShell) -> GatewayComplete:
    """The gateway's complete-statement (REST v2 and later), or None."""

    def complete(statement: str, position: int) -> list[str]:
        state = shell.state
        client = shell.client
        api = state.api_version or "v1"
        if client is None or not state.session or not api.startswith("v") or int(api[1:]) < 2:
            return []
        result: list[str] = client.complete_statement(state.session, statement, position)
        return result

    return complete


def _read_once(source: Callable[[], list[tuple[str, str]]] | None) -> Callable[[], list[tuple[str, str]]]:
    """The names and one-line help of the `\\` commands, asked of `source` once."""
    cache: list[tuple[str, str]] = []

    def commands() -> list[tuple[str, str]]:
        if not cache and source is not None:
            try:
                cache.extend(source())
            except Exception as e:  # no meta-commands is better than no completion
                log.debug("meta-commands unavailable for completion: %s", e)
        return cache

    return commands


def _notify(shell: CompletingShell, message: str) -> None:
    """Say something once without tearing the prompt: above it when an application is running."""
    try:
        from prompt_toolkit.application import get_app_or_none, run_in_terminal

        app = get_app_or_none()
        if app is not None and app.is_running and app.loop is not None:
            app.loop.call_soon_threadsafe(lambda: run_in_terminal(lambda: shell.warn(message)))
            return
    except Exception as e:
        log.debug("could not show notice above the prompt: %s", e)
    shell.warn(message)
