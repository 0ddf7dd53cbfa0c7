"""The prompt_toolkit completer of the REPL, and `complete_text` for the CLI and editor integrations.

A keystroke never waits on the network: the catalog is in memory, table and column names come from the
metadata cache (which fetches in the background), and the gateway's own `complete-statement` answer is merged in
asynchronously — the menu shows the local completions at once and gains the gateway's when (and if) they arrive.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import AsyncGenerator, Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor

from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document

from cdcshell.catalog.model import Catalog
from cdcshell.completion.engine import CompletionEngine, complete_text
from cdcshell.completion.items import CompletionItem
from cdcshell.completion.metadata import MetadataCache
from cdcshell.i18n import t
from cdcshell.sql.context import ContextKind, analyze, statement_bounds

__all__ = ["FlinkCompleter", "complete_text"]

log = logging.getLogger(__name__)

GatewayComplete = Callable[[str, int], "list[str]"]
GATEWAY_TIMEOUT_SECONDS = 1.5
# contexts where the gateway's hints (Calcite's SqlAdvisor) add something our catalog does not know
_GATEWAY_KINDS = {ContextKind.KEYWORD, ContextKind.COLUMN, ContextKind.TABLE, ContextKind.FOLLOW_KEYWORD}


class FlinkCompleter(Completer):
    """Completer for the REPL buffer.

    `catalog_provider` is asked on every keystroke (cheap: the loader caches), so a reconnect to a gateway of
    another Flink version switches catalogs without rebuilding the completer.
    """

    def __init__(
        self,
        catalog_provider: Callable[[], Catalog],
        metadata: MetadataCache | None = None,
        meta_commands: Callable[[], list[tuple[str, str]]] | None = None,
        gateway_complete: GatewayComplete | None = None,
        refresh: Callable[[tuple[str, int]], None] | None = None,
    ) -> None:
        self.catalog_provider = catalog_provider
        self.metadata = metadata
        self.meta_commands = meta_commands
        self.gateway_complete = gateway_complete
        # called (from a worker thread) when a gateway answer arrives; default: re-run the prompt's completion
        self.refresh = refresh
        self._engine: CompletionEngine | None = None
        self._gateway_cache: dict[tuple[str, int], list[str]] = {}
        self._completions: dict[int, tuple[CompletionItem, Completion]] = {}
        self._gateway_pending: dict[tuple[str, int], Future[list[str]]] = {}
        self._executor: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()

    def engine(self) -> CompletionEngine:
        catalog = self.catalog_provider()
        if self._engine is None or self._engine.catalog is not catalog:
            self._engine = CompletionEngine(catalog, self.metadata, self.meta_commands)
        return self._engine

    def items(self, text: str, cursor: int) -> list[CompletionItem]:
        return self.engine().complete(text, cursor)

    def get_completions(self, document: Document, complete_event: CompleteEvent) -> Iterable[Completion]:
        text, cursor = document.text, document.cursor_position
        ctx = analyze(text, cursor)
        items = self.engine().complete_context(ctx, cursor)
        yield from (self._completion(i) for i in items)
        if self.gateway_complete is None or ctx.kind not in _GATEWAY_KINDS:
            return
        key = self._gateway_key(text, cursor)
        answer = self._gateway_cache.get(key)
        if answer is None:
            # Ask in the background and re-run completion when the answer is there: no thread (neither the UI
            # nor prompt_toolkit's few completion threads) ever waits on the gateway.
            self._gateway_future(key, notify=True)
            return
        yield from self._gateway_items(text, cursor, answer, items)

    async def get_completions_async(
        self, document: Document, complete_event: CompleteEvent
    ) -> AsyncGenerator[Completion, None]:
        text, cursor = document.text, document.cursor_position
        ctx = analyze(text, cursor)
        items = self.engine().complete_context(ctx, cursor)
        for item in items:
            yield self._completion(item)
        if self.gateway_complete is None or ctx.kind not in _GATEWAY_KINDS:
            return
        key = self._gateway_key(text, cursor)
        answer = self._gateway_cache.get(key)
        if answer is None:
            answer = await self._ask_gateway(key)
        for completion in self._gateway_items(text, cursor, answer, items):
            yield completion

    def _completion(self, item: CompletionItem) -> Completion:
        """prompt_toolkit's object for an item; cached, since browsing all keys yields the same ~900 each time."""
        # keyed by identity: the engine hands out the same cached item objects, and hashing a frozen
        # dataclass (four strings) on every keystroke costs more than building the Completion
        found = self._completions.get(id(item))
        if found is None or found[0] is not item:
            if len(self._completions) > 20_000:
                self._completions.clear()
            found = self._completions[id(item)] = (item, _to_completion(item))
        return found[1]

    # ----------------------------------------------------------------------------------------------------

    @staticmethod
    def _gateway_key(text: str, cursor: int) -> tuple[str, int]:
        start, end = statement_bounds(text, cursor)
        while start < cursor and text[start].isspace():
            start += 1
        return text[start:end], cursor - start

    def _gateway_future(self, key: tuple[str, int], *, notify: bool = False) -> Future[list[str]]:
        """The gateway's answer for `key`, asked once on a background thread and cached when it arrives;
        `notify`: re-run completion when it does (once per question, however often the menu asked)."""
        with self._lock:
            future = self._gateway_pending.get(key)
            if future is None:
                if self._executor is None:
                    self._executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="cdcshell-complete")
                future = self._executor.submit(self._fetch_gateway, key)
                self._gateway_pending[key] = future
                if notify:
                    future.add_done_callback(lambda f: self._answer_arrived(f, key))
        return future

    def _fetch_gateway(self, key: tuple[str, int]) -> list[str]:
        assert self.gateway_complete is not None
        try:
            answer = list(self.gateway_complete(key[0], key[1]) or [])
        except Exception as e:  # the gateway's hints are a bonus: never an error in the prompt
            log.debug("gateway completion failed: %s", e)
            answer = []
        with self._lock:
            if len(self._gateway_cache) > 64:
                self._gateway_cache.clear()
            self._gateway_cache[key] = answer
            self._gateway_pending.pop(key, None)
        return answer

    def _answer_arrived(self, future: Future[list[str]], key: tuple[str, int]) -> None:
        if future.cancelled() or future.exception() is not None or not future.result():
            return
        if self.refresh is not None:
            self.refresh(key)
        else:
            _refresh_menu(self, key)

    async def _ask_gateway(self, key: tuple[str, int]) -> list[str]:
        future = asyncio.wrap_future(self._gateway_future(key))
        try:
            return await asyncio.wait_for(future, GATEWAY_TIMEOUT_SECONDS)
        except Exception as e:
            log.debug("gateway completion failed: %s", e)
            return []

    @staticmethod
    def _gateway_items(
        text: str, cursor: int, answer: list[str], already: list[CompletionItem]
    ) -> Iterable[Completion]:
        word_start = cursor
        while word_start > 0 and (text[word_start - 1].isalnum() or text[word_start - 1] in "_$"):
            word_start -= 1
        typed = text[word_start:cursor].lower()
        have = {i.text.lower() for i in already} | {i.display.lower() for i in already}
        for candidate in answer:
            if candidate.lower() in have or not candidate.lower().startswith(typed):
                continue
            have.add(candidate.lower())
            yield Completion(
                candidate,
                start_position=word_start - cursor,
                display=candidate,
                display_meta=t("completion.meta.gateway"),
            )


def _refresh_menu(completer: FlinkCompleter, key: tuple[str, int]) -> None:
    """Re-run completion in the running prompt when the buffer is still where the gateway was asked about."""
    try:
        from prompt_toolkit.application import get_app_or_none

        app = get_app_or_none()
        if app is None or not app.is_running or app.loop is None:
            return
        buffer = app.current_buffer

        def again() -> None:
            doc = buffer.document
            if completer._gateway_key(doc.text, doc.cursor_position) == key:
                buffer.start_completion(select_first=False)

        app.loop.call_soon_threadsafe(again)
    except Exception as e:
        log.debug("could not refresh the completion menu: %s", e)


def _to_completion(item: CompletionItem) -> Completion:
    return Completion(
        item.text, start_position=item.start_position, display=item.display, display_meta=item.meta
    )
