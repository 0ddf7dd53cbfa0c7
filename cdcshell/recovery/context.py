"""What a job needs from its session to be submitted again in an empty one, captured when it is submitted.

The statement of an INSERT names tables; the tables were created by earlier statements of the session, maybe in
another catalog, maybe temporary, maybe views over other tables, with SETs (checkpointing, the pipeline name)
that the job was planned with. The session-state journal already holds all of that, as the session holds it now;
this module picks out of it what the statement depends on: every SET in force (but the recovery path, which
belongs to one submission), the CREATE statements of the objects the statement reads or writes — followed through
views, catalogs and functions — in the order they were created, with the USE statements that put each one back
in its catalog/database, and the catalog/database the statement itself ran in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

RECOVERY_KEYS = frozenset({"execution.state-recovery.path", "execution.savepoint.path"})
_ALWAYS = frozenset({"jar", "module", "use_modules"})  # cheap, and a connector or function may need them


@dataclass(frozen=True)
class SubmitContext:
    """Unmasked; the job journal masks each statement before it writes them."""

    settings: list[str] = field(default_factory=list)  # SET statements in force
    setup: list[str] = field(default_factory=list)  # USE / CREATE statements, in dependency order
    catalog: str | None = None
    database: str | None = None


def names_in(text: str) -> set[str]:
    """Every identifier (and identifier part) a statement mentions, lower-cased: what it may depend on."""
    from cdcshell.sql.kinds import iter_tokens, unquote

    out = set()
    for tok in iter_tokens(text):
        if tok.kind == "word" or (tok.kind == "quoted" and tok.text[:1] in '`"'):
            out.add(unquote(tok.text).lower())
    return out


def _name_of(entry: Any) -> str | None:
    key = entry.key[1] if entry.kind == "alter" else entry.key
    if not key:
        return None
    if key[0] in ("object", "temporary"):
        return str(key[2][-1]).lower()
    if key[0] in ("catalog", "system_function"):
        return str(key[1]).lower()
    return None


def _catalog_of(entry: Any) -> str | None:
    key = entry.key[1] if entry.kind == "alter" else entry.key
    if key and key[0] in ("object", "temporary"):
        return str(key[2][0]).lower()
    return None


def capture(entries: list[Any], current: tuple[str, str | None], statement: str) -> SubmitContext:
    """The context of `statement` out of the session-state journal's `entries` (see the module docstring)."""
    from cdcshell.sql.facts import parse_set
    from cdcshell.store.state_journal import DEFAULT_CATALOG, DEFAULT_DATABASE, StateJournal

    settings = []
    for entry in entries:
        if entry.kind == "set":
            parsed = parse_set(entry.statement)
            if parsed is not None and parsed.key in RECOVERY_KEYS:
                continue
            settings.append(entry.statement)
    wanted = names_in(statement) | {str(current[0]).lower()}
    objects = [e for e in entries if e.kind not in ("set",)]
    chosen: set[int] = set()
    changed = True
    while changed:  # views name tables, tables name catalogs: follow until nothing new is reached
        changed = False
        for i, entry in enumerate(objects):
            if i in chosen:
                continue
            name = _name_of(entry)
            if entry.kind in _ALWAYS or (name is not None and name in wanted):
                chosen.add(i)
                wanted |= names_in(entry.statement) if entry.kind != "catalog" else set()
                catalog = _catalog_of(entry)
                if catalog:
                    wanted.add(catalog)
                changed = True
    setup: list[str] = []
    context: tuple[str, str | None] = (DEFAULT_CATALOG, DEFAULT_DATABASE)
    for i, entry in enumerate(objects):
        if i not in chosen:
            continue
        if entry.context is not None and entry.context != context:
            setup.extend(StateJournal._use(entry.context, context))
            context = entry.context
        setup.append(entry.statement)
    if current != context:
        setup.extend(StateJournal._use(current, context))
    return SubmitContext(settings=settings, setup=setup, catalog=current[0], database=current[1])
