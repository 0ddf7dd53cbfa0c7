"""From a cursor context to the completions that fit there.

`cdcshell.sql.context.analyze` says where the cursor is (a SET key, a value, a WITH option, a table...); this
module picks the source for that place — the version's catalog, the live metadata cache, the meta-commands — and
turns it into `CompletionItem`s with meta text (type and default, origin, "deprecated, use ..."). Everything here
is in memory: the metadata cache answers from what it has and fetches the rest in the background.

Size (~500 lines), on purpose: one table from cursor-context kind to source (`_HANDLERS`) and the ~20 small
sources it names; they share the engine's caches, and splitting the table from its sources would only add an
indirection to the per-keystroke path.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from cdcshell.catalog.loader import load_catalog
from cdcshell.catalog.model import Catalog, ConnectorInfo, OptionInfo
from cdcshell.completion.items import CompletionItem
from cdcshell.completion.matching import KeyIndex, prefix_filter, rank
from cdcshell.i18n import current_language, t
from cdcshell.sql.context import FOLLOWERS, STATEMENT_KEYWORDS, ContextKind, CursorContext, analyze
from cdcshell.sql.tables import TableRef

if TYPE_CHECKING:
    from cdcshell.completion.metadata import MetadataCache

MetaCommands = Callable[[], "list[tuple[str, str]]"]

# Examples offered after `=` for typed values; the option's own default always comes first.
DURATION_HINTS = ("100 ms", "1 s", "10 s", "30 s", "1 min", "5 min", "10 min", "30 min", "1 h")
MEMORY_HINTS = ("32 mb", "64 mb", "128 mb", "256 mb", "512 mb", "1 gb", "2 gb", "4 gb")
_PLAIN_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_META_LIMIT = 60  # characters of enum values shown in the meta column


def complete_text(
    text: str,
    cursor: int | None = None,
    version: str | None = None,
    *,
    metadata: MetadataCache | None = None,
    meta_commands: MetaCommands | None = None,
) -> list[CompletionItem]:
    """The completions for `text` with the cursor at `cursor` (default: the end), for Flink `version`."""
    return CompletionEngine(load_catalog(version), metadata, meta_commands).complete(text, cursor)


class CompletionEngine:
    """Completions for one catalog (one Flink version), optional live metadata and meta-commands."""

    def __init__(
        self,
        catalog: Catalog,
        metadata: MetadataCache | None = None,
        meta_commands: MetaCommands | None = None,
    ) -> None:
        self.catalog = catalog
        self.metadata = metadata
        self.meta_commands = meta_commands
        self._statement_keywords: tuple[str, ...] | None = None
        self._set_keys: tuple[KeyIndex, dict[str, tuple[str, str]]] | None = None
        self._with_indexes: dict[tuple[object, ...], tuple[KeyIndex, dict[str, OptionInfo]]] = {}
        self._names_cache: dict[
            tuple[int, str, bool], tuple[Sequence[str], list[tuple[str, CompletionItem]]]
        ] = {}
        self._set_results: dict[tuple[str, bool, str], list[CompletionItem]] = {}
        self._item_cache: dict[
            tuple[str, bool], dict[str, CompletionItem]
        ] = {}  # (language, quoted) -> key -> item

    # ------------------------------------------------------------------------------------------------ API

    def complete(self, text: str, cursor: int | None = None) -> list[CompletionItem]:
        pos = len(text) if cursor is None else cursor
        return self.complete_context(analyze(text, pos), pos)

    def complete_context(self, ctx: CursorContext, cursor: int) -> list[CompletionItem]:
        handler = _HANDLERS.get(ctx.kind)
        if handler is None:
            return []
        items = handler(self, ctx)
        back = ctx.start - cursor  # <= 0: from the start of the typed prefix (after an opening quote)
        if ctx.kind in _UNIQUE_KINDS:
            return [
                i if i.start_position == back else CompletionItem(i.text, i.display, i.meta, back)
                for i in items
            ]
        seen: set[tuple[str, str]] = set()
        out = []
        for item in items:
            ident = (item.text, item.display)
            if ident in seen:
                continue
            seen.add(ident)
            out.append(
                item
                if item.start_position == back
                else CompletionItem(item.text, item.display, item.meta, back)
            )
        return out

    # ------------------------------------------------------------------------------------- statements

    def statement_keywords(self) -> tuple[str, ...]:
        if self._statement_keywords is None:
            known = set(self.catalog.keywords)
            self._statement_keywords = tuple(k for k in STATEMENT_KEYWORDS if not known or k in known)
        return self._statement_keywords

    def _statement_start(self, ctx: CursorContext) -> list[CompletionItem]:
        items = [self._keyword(k, ctx.prefix) for k in prefix_filter(ctx.prefix, self.statement_keywords())]
        if not ctx.prefix:
            items += self._meta(ctx)
        return items

    def _meta(self, ctx: CursorContext) -> list[CompletionItem]:
        if self.meta_commands is None:
            return []
        typed = ctx.prefix.lstrip("\\")
        items = []
        for name, help_text in self.meta_commands():
            bare = name.lstrip("\\")
            if bare.lower().startswith(typed.lower()):
                items.append(
                    CompletionItem("\\" + bare, "\\" + bare, help_text or t("completion.meta.meta_command"))
                )
        return items

    def _follow(self, ctx: CursorContext) -> list[CompletionItem]:
        words = prefix_filter(ctx.prefix, FOLLOWERS.get(ctx.keyword, ()))
        return [self._keyword(w, ctx.prefix) for w in words]

    def _keyword(self, word: str, typed: str) -> CompletionItem:
        shown = word.lower() if typed and typed.islower() else word
        return CompletionItem(shown, shown, t("completion.meta.keyword"))

    def _keywords_and_functions(self, ctx: CursorContext) -> list[CompletionItem]:
        if not ctx.prefix:
            return []  # a thousand words help nobody before the first letter
        typed = ctx.prefix
        lower = typed.islower()
        items = []
        for name in prefix_filter(typed, self.catalog.functions):
            shown = name.lower() if lower else name
            items.append(CompletionItem(shown, shown + "()", t("completion.meta.function")))
        functions = set(self.catalog.functions)
        items += [
            self._keyword(k, typed) for k in prefix_filter(typed, self.catalog.keywords) if k not in functions
        ]
        return items

    # ------------------------------------------------------------------------------------- SET keys

    def _set_index(self) -> tuple[KeyIndex, dict[str, tuple[str, str]]]:
        """All SET-able names in one index: current keys, deprecated aliases, removed keys -> (kind, target)."""
        if self._set_keys is None:
            kinds: dict[str, tuple[str, str]] = {k: ("option", k) for k in self.catalog.options}
            for old, new in self.catalog.deprecated.items():
                kinds.setdefault(old, ("deprecated", new))
            for old, new in self.catalog.removed.items():
                kinds.setdefault(old, ("removed", new))
            self._set_keys = (KeyIndex(kinds), kinds)
        return self._set_keys

    def _set_key(self, ctx: CursorContext) -> list[CompletionItem]:
        """Keys for `SET '...`; the last results are kept, since typing and backspacing repeat prefixes."""
        memo_key = (current_language(), ctx.quoted, ctx.prefix)
        found = self._set_results.get(memo_key)
        if found is None:
            if len(self._set_results) > 128:
                self._set_results.clear()
            found = self._set_results[memo_key] = self._search_set_keys(ctx)
        return found

    def _search_set_keys(self, ctx: CursorContext) -> list[CompletionItem]:
        typed = ctx.prefix
        show_internal = typed.startswith("$")
        index, kinds = self._set_index()
        scored: list[tuple[int, int, int, int, str]] = []
        # one letter says little: only names starting (or with a word starting) with it
        max_tier = 1 if len(typed) == 1 else 3
        for (tier, spread, length), key in index.search(typed):
            if tier > max_tier:
                continue
            kind = kinds[key][0]
            if kind == "option":
                if key.startswith("$") and not show_internal:
                    continue
                option = self.catalog.options[key]
                penalty = 1 if option.deprecated else 2 if option.internal else 0
            elif not typed or tier > 2:
                continue  # old names are shown to someone typing them, not offered while browsing
            else:
                penalty = 1 if kind == "deprecated" else 3
            scored.append((tier, penalty, spread, length, key))
        scored.sort()
        cache = self._item_cache.setdefault((current_language(), ctx.quoted), {})
        items = []
        for *_, key in scored:
            item = cache.get(key)
            if item is None:
                item = cache[key] = self._set_item(key, kinds[key], ctx.quoted)
            items.append(item)
        return items

    def _set_item(self, key: str, kind: tuple[str, str], quoted: bool) -> CompletionItem:
        ctx = _QUOTED if quoted else _UNQUOTED
        if kind[0] == "option":
            return CompletionItem(
                _quoted(key, ctx), key, option_meta(self.catalog.options[key], self.catalog)
            )
        return self._renamed_item(key, kind[1], ctx, removed=kind[0] == "removed")

    def _option_item(
        self, option: OptionInfo, ctx: CursorContext, meta: str, name: str | None = None
    ) -> CompletionItem:
        key = name or option.key
        return CompletionItem(_quoted(key, ctx), key, meta)

    def _renamed_item(self, old: str, new: str, ctx: CursorContext, *, removed: bool) -> CompletionItem:
        version = self.catalog.flink_version
        if new:
            meta = t(
                "completion.meta.removed" if removed else "completion.meta.deprecated",
                replacement=new,
                version=version,
            )
            return CompletionItem(_quoted(new, ctx), f"{old} → {new}", "⚠ " + meta)
        meta = t(
            "completion.meta.removed_plain" if removed else "completion.meta.deprecated_plain",
            version=version,
        )
        return CompletionItem(_quoted(old, ctx), old, "⚠ " + meta)

    # ------------------------------------------------------------------------------------------ values

    def _set_value(self, ctx: CursorContext) -> list[CompletionItem]:
        if ctx.key is None:
            return []
        option = self.catalog.lookup(ctx.key)
        if option is None:
            return []
        return self._values(
            option,
            ctx,
            self.catalog.value_hints.get(option.key, ()),
            self.catalog.legacy_values.get(option.key, {}),
        )

    def _values(
        self,
        option: OptionInfo,
        ctx: CursorContext,
        hints: Iterable[str] = (),
        legacy: dict[str, str] | None = None,
    ) -> list[CompletionItem]:
        candidates: list[tuple[str, str]] = []
        if option.default not in (None, ""):
            candidates.append((str(option.default), t("completion.meta.default", default=option.default)))
        if option.enum_values:
            candidates += [(v, t("completion.meta.value")) for v in option.enum_values]
        base = option.type.removeprefix("List<").removesuffix(">")
        if base == "Boolean":
            candidates += [("true", t("completion.meta.value")), ("false", t("completion.meta.value"))]
        elif base == "Duration":
            candidates += [(v, t("completion.meta.duration")) for v in DURATION_HINTS]
        elif base == "MemorySize":
            candidates += [(v, t("completion.meta.memory")) for v in MEMORY_HINTS]
        candidates += [(v, t("completion.meta.value")) for v in hints]
        for value, _ in list((legacy or {}).items()):
            candidates.append(
                (value, "⚠ " + t("completion.meta.legacy_value", version=self.catalog.flink_version))
            )
        legacy_values = set(legacy or {})
        items = []
        seen: set[str] = set()
        typed = ctx.prefix.lower()
        for value, meta in candidates:
            if value in seen or not value.lower().startswith(typed):
                continue
            if value in legacy_values and not meta.startswith("⚠"):
                continue
            seen.add(value)
            items.append(CompletionItem(_quoted(value, ctx), value, meta))
        return items

    # ------------------------------------------------------------------------------------- WITH ( ... )

    def _connector(self, ctx: CursorContext) -> list[CompletionItem]:
        items = []
        for ident in prefix_filter(ctx.prefix, sorted(self.catalog.connectors)):
            info = self.catalog.connectors[ident]
            items.append(
                CompletionItem(_quoted(ident, ctx), ident, t("completion.meta.connector", origin=info.origin))
            )
        for ident in prefix_filter(ctx.prefix, sorted(self.catalog.unavailable_connectors)):
            if ident not in self.catalog.connectors:
                meta = "⚠ " + t("completion.meta.unavailable", version=self.catalog.flink_version)
                items.append(CompletionItem(_quoted(ident, ctx), ident, meta))
        return items

    def _format(self, ctx: CursorContext) -> list[CompletionItem]:
        return [
            CompletionItem(_quoted(ident, ctx), ident, t("completion.meta.format"))
            for ident in prefix_filter(ctx.prefix, sorted(self.catalog.formats))
        ]

    def _with_options(self, ctx: CursorContext) -> list[tuple[str, OptionInfo, str]]:
        """(key as written, option, origin) for everything that may go into this WITH clause."""
        found: list[tuple[str, OptionInfo, str]] = []
        connector = self.catalog.connectors.get(ctx.connector or "")
        if connector is not None:
            found += [(k, o, connector.origin) for k, o in connector.options.items()]
        for written_prefix, fmt in ctx.formats.items():
            info: ConnectorInfo | None = self.catalog.formats.get(fmt)
            if info is not None:
                found += [(f"{written_prefix}{fmt}.{k}", o, info.origin) for k, o in info.options.items()]
        return found

    def _with_index(self, ctx: CursorContext) -> tuple[KeyIndex, dict[str, OptionInfo]]:
        cache_key = (ctx.connector, tuple(sorted(ctx.formats.items())))
        found = self._with_indexes.get(cache_key)
        if found is None:
            options = {k: o for k, o, _ in self._with_options(ctx)}
            order = sorted(options, key=lambda k: (not options[k].required, k))
            found = self._with_indexes[cache_key] = (KeyIndex(order), options)
        return found

    def _with_key(self, ctx: CursorContext) -> list[CompletionItem]:
        present = set(ctx.present_keys)
        items: list[CompletionItem] = []
        if ctx.keyword == "CATALOG":
            if "type" in present or rank(ctx.prefix, "type") is None:
                return []
            return [CompletionItem(_quoted("type", ctx), "type", t("completion.meta.required"))]
        if "connector" not in present and rank(ctx.prefix, "connector") is not None:
            items.append(
                CompletionItem(_quoted("connector", ctx), "connector", t("completion.meta.required"))
            )
        index, options = self._with_index(ctx)
        hits = [(r, i, key) for i, (r, key) in enumerate(index.search(ctx.prefix)) if key not in present]
        hits.sort()
        for _, _, key in hits:
            option = options[key]
            meta = option_meta(option, self.catalog)
            if option.required:
                meta = t("completion.meta.required") + " · " + meta
            items.append(CompletionItem(_quoted(key, ctx), key, meta))
        return items

    def _with_value(self, ctx: CursorContext) -> list[CompletionItem]:
        for key, option, _origin in self._with_options(ctx):
            if key == ctx.key:
                return self._values(option, ctx)
        return []

    # ------------------------------------------------------------------------------------ live metadata

    def _catalog_items(self, ctx: CursorContext) -> list[CompletionItem]:
        if self.metadata is None:
            return []
        return self._names(self.metadata.catalogs(), ctx, t("completion.meta.catalog"))

    def _database_items(self, ctx: CursorContext) -> list[CompletionItem]:
        if self.metadata is None:
            return []
        catalog = ctx.qualifier[0] if ctx.qualifier else None
        items = self._names(self.metadata.databases(catalog), ctx, t("completion.meta.database"))
        if not ctx.qualifier:
            items += self._catalog_items(ctx)
            if ctx.keyword == "USE":
                items += [self._keyword(w, ctx.prefix) for w in prefix_filter(ctx.prefix, FOLLOWERS["USE"])]
        return items

    def _table_items(self, ctx: CursorContext) -> list[CompletionItem]:
        items: list[CompletionItem] = []
        if ctx.keyword in ("DESCRIBE", "DESC"):
            items += [self._keyword(w, ctx.prefix) for w in prefix_filter(ctx.prefix, FOLLOWERS["DESCRIBE"])]
        md = self.metadata
        if md is None:
            return items
        table, database, catalog = (
            t("completion.meta.table"),
            t("completion.meta.database"),
            t("completion.meta.catalog"),
        )
        q = ctx.qualifier
        if not q:
            items += self._names(md.tables(), ctx, table)
            items += self._names(md.databases(), ctx, database)
            items += self._names(md.catalogs(), ctx, catalog)
        elif len(q) == 1:
            if q[0] in md.catalogs():
                items += self._names(md.databases(q[0]), ctx, database)
            cur_cat = md.current()[0]
            if cur_cat:
                items += self._names(md.tables(cur_cat, q[0]), ctx, table)
        elif len(q) == 2:
            items += self._names(md.tables(q[0], q[1]), ctx, table)
        return items

    def _names(self, names: Sequence[str], ctx: CursorContext, meta: str) -> list[CompletionItem]:
        """Items for live names, built once per cached list (500 tables: no work per keystroke but the filter)."""
        key = (id(names), meta, ctx.quoted)
        cached = self._names_cache.get(key)
        if cached is None or cached[0] is not names:
            if len(self._names_cache) > 256:
                self._names_cache.clear()
            entries = [
                (n.lower(), CompletionItem(n if ctx.quoted else _identifier(n, self.catalog), n, meta))
                for n in names
            ]
            cached = self._names_cache[key] = (names, entries)
        typed = ctx.prefix.lower()
        return [item for low, item in cached[1] if low.startswith(typed)]

    def _columns(self, ctx: CursorContext) -> list[CompletionItem]:
        items: list[CompletionItem] = []
        if self.metadata is not None:
            refs: tuple[TableRef, ...] = ctx.tables
            for ref in refs:
                for col in self.metadata.columns(ref.parts):
                    if col.name.lower().startswith(ctx.prefix.lower()):
                        text = _identifier(col.name, self.catalog)
                        items.append(
                            CompletionItem(text, col.name, t("completion.meta.column", type=col.type))
                        )
        if not ctx.qualifier:
            items += self._keywords_and_functions(ctx)
        return items


# handlers whose items are distinct by construction (one per key): no de-duplication pass needed
_UNIQUE_KINDS = {ContextKind.SET_KEY, ContextKind.WITH_KEY}

_HANDLERS: dict[ContextKind, Callable[[CompletionEngine, CursorContext], list[CompletionItem]]] = {
    ContextKind.STATEMENT_START: CompletionEngine._statement_start,
    ContextKind.META_COMMAND: CompletionEngine._meta,
    ContextKind.FOLLOW_KEYWORD: CompletionEngine._follow,
    ContextKind.SET_KEY: CompletionEngine._set_key,
    ContextKind.SET_VALUE: CompletionEngine._set_value,
    ContextKind.WITH_KEY: CompletionEngine._with_key,
    ContextKind.WITH_VALUE: CompletionEngine._with_value,
    ContextKind.CONNECTOR: CompletionEngine._connector,
    ContextKind.FORMAT: CompletionEngine._format,
    ContextKind.CATALOG: CompletionEngine._catalog_items,
    ContextKind.DATABASE: CompletionEngine._database_items,
    ContextKind.TABLE: CompletionEngine._table_items,
    ContextKind.COLUMN: CompletionEngine._columns,
    ContextKind.KEYWORD: CompletionEngine._keywords_and_functions,
}


def option_meta(option: OptionInfo, catalog: Catalog) -> str:
    """`Duration · default 10 min`, `NONE|AUTO|FORCE · default AUTO`, with a deprecation flag first."""
    kind = option.type
    if option.enum_values:
        joined = "|".join(option.enum_values)
        kind = joined if len(joined) <= _META_LIMIT else option.type
    parts = [kind]
    if option.default not in (None, ""):
        parts.append(t("completion.meta.default", default=option.default))
    meta = " · ".join(parts)
    if option.deprecated:
        replacement = catalog.deprecated.get(option.key) or ""
        flag = (
            t("completion.meta.deprecated", replacement=replacement)
            if replacement
            else t("completion.meta.deprecated_plain")
        )
        meta = f"⚠ {flag} · {meta}"
    return meta


_QUOTED = CursorContext(ContextKind.NONE, quoted=True)
_UNQUOTED = CursorContext(ContextKind.NONE)


def _quoted(value: str, ctx: CursorContext) -> str:
    """A string literal's content: bare when the user typed the opening quote, else quoted."""
    return value if ctx.quoted else "'" + value.replace("'", "''") + "'"


def _identifier(name: str, catalog: Catalog) -> str:
    if _PLAIN_IDENTIFIER.match(name) and name.upper() not in _reserved(catalog):
        return name
    return "`" + name.replace("`", "``") + "`"


_reserved_cache: dict[int, frozenset[str]] = {}


def _reserved(catalog: Catalog) -> frozenset[str]:
    key = id(catalog)
    found = _reserved_cache.get(key)
    if found is None:
        found = _reserved_cache[key] = frozenset(catalog.reserved_keywords)
    return found
