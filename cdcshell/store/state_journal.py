"""The session-state journal: what a gateway session has been told, so a new session can be told the same.

A SQL Gateway session holds state that vanishes with it — SET options, the current catalog and database,
temporary tables/views/functions, catalogs created with CREATE CATALOG, added jars, loaded modules, and every
object created in an in-memory catalog (`default_catalog` is one). When the gateway restarts or the session
expires, the shell opens a new session and replays `replay_statements()` into it.

The journal keeps the *effect*, not the transcript: a RESET of a key drops the earlier SETs of it, a bare
RESET drops all SETs, a later SET of a key replaces the earlier one, a DROP removes the CREATE (and ALTERs)
of what it drops, a DROP CATALOG everything inside it. USE statements are not kept as such; the catalog and
database in force are remembered with each statement that resolves names, and the replay emits the USE
statements needed to put each statement back in its context, then restores the current catalog/database.
CREATE TABLE ... AS SELECT is never journaled: replaying it would submit its job a second time.

**Secrets.** Replaying needs the real text (a CDC source's `'password' = '...'` must reach the new session
intact), so the unmasked statements live only in memory, for the life of this shell. What is persisted with
`path` is masked: useful to show what a lost session held, but not replayable as it stands.

Record a statement only after the gateway accepted it: a failed CREATE created nothing.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cdcshell.paths import data_dir
from cdcshell.redact import redact
from cdcshell.sql.facts import ObjectRef, object_ref
from cdcshell.sql.tokens import Token, read_name, tokenize
from cdcshell.store.files import read_bytes_tolerant, replace_private

DEFAULT_CATALOG = "default_catalog"
DEFAULT_DATABASE = "default_database"

Context = tuple[str, "str | None"]


def default_state_path(gateway_url: str) -> Path:
    from cdcshell.store.gateway_names import gateway_key

    return data_dir() / "state" / f"{gateway_key(gateway_url)}.json"


@dataclasses.dataclass(frozen=True)
class StateEntry:
    kind: str  # set | catalog | object | temporary | system_function | alter | jar | module | use_modules
    key: tuple[Any, ...]  # what a later RESET/DROP/REMOVE/UNLOAD refers to
    statement: str  # as the user typed it: may hold secrets, never written to disk
    context: Context | None = None  # (catalog, database) in force, for statements that resolve names
    wild: bool = dataclasses.field(init=False, repr=False, compare=False)  # key holds a None (see _same)

    def __post_init__(self) -> None:
        object.__setattr__(self, "wild", _has_none(self.key))

    def is_key(self, key: tuple[Any, ...], wild: bool) -> bool:
        """`_same(self.key, key)`; `wild`: `key` holds a None. Keys without a None only match when equal, so the
        recursive compare runs only when one side holds one: every SET and CREATE of a script is checked
        against every entry so far, and with hundreds of views that compare cost a millisecond a statement."""
        return self.key == key or ((self.wild or wild) and _same(self.key, key))

    def refers_to(self, key: tuple[Any, ...], wild: bool) -> bool:
        """This entry is `key` itself or an ALTER of it."""
        return self.is_key(key, wild) or (self.kind == "alter" and self.is_key(("alter", key), wild))


def _tokens(text: str) -> list[Token]:
    return [t for t in tokenize(text) if not (t.kind == "punct" and t.text == ";")]


def _path_of(entry: StateEntry) -> tuple[Any, ...] | None:
    """The catalog path of a table/view/function/database entry (of an ALTER: of what it alters)."""
    key = entry.key[1] if entry.kind == "alter" else entry.key
    if key and key[0] in ("object", "temporary"):
        return key[2]
    return None


def _same(a: Any, b: Any) -> bool:
    """Keys equal, except that an unknown database (None: "the catalog's default", whose name this journal
    cannot know for a non-default catalog) matches any database name."""
    if a == b:
        return True
    if isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return a is None or b is None


def _has_none(key: Any) -> bool:
    if isinstance(key, tuple):
        return any(_has_none(part) for part in key)
    return key is None


def _quote(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


class StateJournal:
    """In-memory journal of session state (see the module docstring); persisted masked when `path` is set."""

    def __init__(self, path: Path | str | None = None, *, mask: Callable[[str], str] | None = None) -> None:
        self.path = Path(path) if path is not None else None
        self._mask = mask or redact
        self._entries: list[StateEntry] = []
        self.current: Context = (DEFAULT_CATALOG, DEFAULT_DATABASE)
        self._in_memory_catalogs = {DEFAULT_CATALOG}
        self.last_error: OSError | None = None

    # --- reading ----------------------------------------------------------------------------------------------

    @property
    def entries(self) -> list[StateEntry]:
        return list(self._entries)

    def replay_statements(self) -> list[str]:
        """The statements that re-create this session's state in a fresh session, in order (unmasked)."""
        out: list[str] = []
        context: Context = (DEFAULT_CATALOG, DEFAULT_DATABASE)
        for entry in self._entries:
            if entry.context is not None and entry.context != context:
                out.extend(self._use(entry.context, context))
                context = entry.context
            out.append(entry.statement)
        if self.current != context:
            out.extend(self._use(self.current, context))
        return out

    def masked_statements(self) -> list[str]:
        """The replay, with secrets masked: for showing, logging and persisting — not for replaying."""
        return [self._mask(s) for s in self.replay_statements()]

    @staticmethod
    def read_persisted(path: Path | str) -> list[str]:
        """The masked statements a previous shell persisted (empty when missing or unreadable)."""
        try:
            data = json.loads(read_bytes_tolerant(Path(path)).decode("utf-8") or "{}")
        except (UnicodeDecodeError, ValueError, OSError):
            return []
        statements = data.get("statements") if isinstance(data, dict) else None
        if not isinstance(statements, list):
            return []
        return [s for s in statements if isinstance(s, str)]

    @staticmethod
    def _use(target: Context, context: Context) -> list[str]:
        catalog, database = target
        out = []
        if catalog != context[0] or database is None:
            out.append(f"USE CATALOG {_quote(catalog)}")
        if database is not None and (catalog != context[0] or database != context[1]):
            out.append(f"USE {_quote(database)}")
        return out

    # --- recording --------------------------------------------------------------------------------------------

    def clear(self) -> None:
        self._entries.clear()
        self.current = (DEFAULT_CATALOG, DEFAULT_DATABASE)
        self._in_memory_catalogs = {DEFAULT_CATALOG}
        self._persist()

    def record(self, statement: str) -> bool:
        """Take in one statement the gateway accepted; True when it changed the session state journaled."""
        from cdcshell.sql.facts import parse_reset, parse_set
        from cdcshell.sql.kinds import Kind, classify

        text = statement.strip()
        kind = classify(text)
        changed = False
        if kind is Kind.SET:
            setting = parse_set(text)
            if setting is not None and setting.key is not None and setting.value is not None:
                changed = self._replace(StateEntry("set", ("set", setting.key), text))
        elif kind is Kind.RESET:
            reset = parse_reset(text)
            if reset is not None and reset.key is None:
                changed = self._remove(lambda e: e.kind == "set")
            elif reset is not None:
                changed = self._remove(lambda e: e.key == ("set", reset.key))
        elif kind is Kind.USE_CATALOG:
            parts, _ = read_name(_tokens(text), 2)
            if parts:
                # Only default_catalog's default database is known by name; for others None means "its default".
                catalog = parts[-1]
                changed = self._set_current(
                    (catalog, DEFAULT_DATABASE if catalog == DEFAULT_CATALOG else None)
                )
        elif kind is Kind.USE:
            parts, _ = read_name(_tokens(text), 1)
            if len(parts) >= 2:
                changed = self._set_current((parts[-2], parts[-1]))
            elif parts:
                changed = self._set_current((self.current[0], parts[0]))
        elif kind is Kind.USE_MODULES:
            changed = self._replace(StateEntry("use_modules", ("use_modules",), text))
        elif kind in (Kind.ADD_JAR, Kind.REMOVE_JAR):
            jar = self._quoted_argument(text)
            if jar is not None:
                if kind is Kind.ADD_JAR:
                    changed = self._replace(StateEntry("jar", ("jar", jar), text))
                else:
                    changed = self._remove(lambda e: e.key == ("jar", jar))
        elif kind in (Kind.LOAD_MODULE, Kind.UNLOAD_MODULE):
            parts, _ = read_name(_tokens(text), 2)
            if parts:
                if kind is Kind.LOAD_MODULE:
                    changed = self._replace(StateEntry("module", ("module", parts[0]), text))
                else:
                    changed = self._remove(lambda e: e.key == ("module", parts[0]))
        elif kind in (Kind.CREATE_CATALOG, Kind.CREATE_DATABASE, Kind.CREATE_TABLE, Kind.CREATE_VIEW,
                      Kind.CREATE_FUNCTION, Kind.CREATE_OTHER):  # fmt: skip
            changed = self._create(text)
        elif kind is Kind.DROP:
            changed = self._drop(text)
        elif kind is Kind.ALTER:
            changed = self._alter(text)
        if changed:
            self._persist()
        return changed

    @staticmethod
    def _quoted_argument(text: str) -> str | None:
        for tok in _tokens(text):
            if tok.quoted:
                return str(tok.value)
        return None

    def _set_current(self, context: Context) -> bool:
        if context == self.current:
            return False
        self.current = context
        return True

    def _resolve(self, ref: ObjectRef) -> tuple[Any, ...]:
        parts = ref.parts
        catalog, database = self.current
        if ref.object_type == "CATALOG":
            return (parts[-1],)
        if ref.object_type == "DATABASE":
            return (parts[-2], parts[-1]) if len(parts) >= 2 else (catalog, parts[0])
        if len(parts) >= 3:
            return tuple(parts[-3:])
        if len(parts) == 2:
            return (catalog, parts[0], parts[1])
        return (catalog, database, parts[0])

    def _key(self, ref: ObjectRef) -> tuple[Any, ...] | None:
        """The identity of the object a statement names, or None when it is not session state."""
        if ref.object_type == "CATALOG":
            return ("catalog", ref.parts[-1])
        if ref.temporary and ref.system:
            return ("system_function", ref.parts[-1])
        path = self._resolve(ref)
        if ref.temporary:
            return ("temporary", ref.object_type, path)
        if path[0] in self._in_memory_catalogs:
            return ("object", ref.object_type, path)
        return (
            None  # a permanent object in a persistent catalog (Hive, JDBC, Paimon): it survives the session
        )

    def _create(self, text: str) -> bool:
        from cdcshell.sql.kinds import Kind, classify

        if classify(text) is Kind.CREATE_TABLE_AS:
            return False
        ref = object_ref(text)
        if ref is None:
            return False
        key = self._key(ref)
        if key is None:
            return False
        if ref.if_exists and any(e.is_key(key, _has_none(key)) for e in self._entries):
            return False  # CREATE ... IF NOT EXISTS of something that exists did nothing
        if ref.object_type == "CATALOG" and (ref.option("type") or "").lower() == "generic_in_memory":
            self._in_memory_catalogs.add(ref.parts[-1])
        kind = key[0]
        context = None if kind in ("catalog", "system_function") else self.current
        return self._replace(StateEntry(kind, key, text, context))

    def _drop(self, text: str) -> bool:
        ref = object_ref(text)
        if ref is None:
            return False
        if ref.object_type == "CATALOG":
            name = ref.parts[-1]
            self._in_memory_catalogs.discard(name)
            catalog_key = ("catalog", name)
            return self._remove(
                lambda e: e.key in (catalog_key, ("alter", catalog_key)) or (_path_of(e) or ("",))[0] == name
            )
        key = self._key(ref)
        if key is None:
            return False
        wild = _has_none(key)
        if ref.object_type == "DATABASE":
            database = key[-1]
            return self._remove(lambda e: e.refers_to(key, wild) or _same((_path_of(e) or ())[:2], database))
        return self._remove(lambda e: e.refers_to(key, wild))

    def _alter(self, text: str) -> bool:
        ref = object_ref(text)
        if ref is None:
            return False
        key = self._key(ref)
        if key is None or not any(e.is_key(key, _has_none(key)) for e in self._entries):
            return False  # altering something this journal does not re-create would fail on replay
        alter_key = ("alter", key)
        self._entries.append(
            StateEntry("alter", alter_key, text, None if key[0] == "catalog" else self.current)
        )
        return True

    def _replace(self, entry: StateEntry) -> bool:
        self._entries = [e for e in self._entries if not e.refers_to(entry.key, entry.wild)]
        self._entries.append(entry)
        return True

    def _remove(self, drop: Callable[[StateEntry], bool]) -> bool:
        kept = [e for e in self._entries if not drop(e)]
        changed = len(kept) != len(self._entries)
        self._entries = kept
        return changed

    def _persist(self) -> None:
        if self.path is None:
            return
        data = {
            "version": 1,
            "note": "secrets masked: for display only, not replayable as written",
            "current": list(self.current),
            "statements": self.masked_statements(),
        }
        try:
            replace_private(self.path, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))
            self.last_error = None
        except OSError as exc:  # the journal in memory is what replays; a failed save must not stop the shell
            self.last_error = exc
