"""Running a resume plan so that the session ends as it began, whatever happens.

The bug this module exists for: SETs (the recovery path among them) applied before the question, and left in the
session after a declined or failed resume, so that every later job of the session restored from that savepoint.
Here nothing is sent before the one confirmation; then the objects the session lacks are created TEMPORARY (and
dropped again when the resume fails), every SET is undone afterwards (RESET, or SET back to the value it had), the
recovery path is set for the resubmitted statement alone, and the catalog/database in use is put back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cdcshell.i18n import t
from cdcshell.recovery.plan import ResumePlan, as_temporary, object_name

if TYPE_CHECKING:
    from cdcshell.store.job_journal import JobJournal

IGNORE_UNCLAIMED_KEY = "execution.state-recovery.ignore-unclaimed-state"


def _quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _ident(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def session_objects(shell: Any) -> set[str]:
    """Lower-case names of the tables/views/functions/catalogs the session holds (its state journal)."""
    from cdcshell.recovery.context import _name_of

    names = set()
    for entry in shell.state_journal.entries:
        name = _name_of(entry)
        if name:
            names.add(name)
    return names


def needed_setup(plan: ResumePlan, existing: set[str]) -> list[str]:
    """The setup statements of the plan the session still needs: CREATEs of objects it lacks (and all USEs)."""
    from cdcshell.sql.kinds import Kind, classify

    out = []
    for text in plan.setup:
        kind = classify(text)
        if kind.name.startswith("CREATE"):
            name = object_name(text)
            if name is not None and name.lower() in existing:
                continue
        elif kind not in (Kind.USE, Kind.USE_CATALOG) and not kind.name.startswith("CREATE"):
            pass
        out.append(text)
    return out


@dataclass
class _Undo:
    """What `run_plan` changed, to put back."""

    settings: list[tuple[str, str | None]] = field(default_factory=list)  # (key, value before or None)
    created: list[tuple[str, str, str | None, str | None]] = field(
        default_factory=list
    )  # (kind, name, cat, db)
    where: tuple[str | None, str | None] = (None, None)


@dataclass(frozen=True)
class _NotRun:
    """The outcome of a plan that stopped before its statement (what `run_text` returns, as far as it is read)."""

    ok: bool = False
    job_id: str | None = None


def _drop_statement(kind: str, name: str, catalog: str | None, database: str | None) -> str:
    if kind == "CATALOG":
        return f"DROP CATALOG IF EXISTS {_ident(name)}"
    if kind == "DATABASE":
        return (
            f"DROP DATABASE IF EXISTS {_ident(catalog or '')}.{_ident(name)}"
            if catalog
            else f"DROP DATABASE IF EXISTS {_ident(name)}"
        )
    path = ".".join(_ident(p) for p in (catalog, database, name) if p)
    return f"DROP TEMPORARY {kind} IF EXISTS {path}"


def _object_kind(text: str) -> str | None:
    from cdcshell.sql.facts import object_ref

    ref = object_ref(text)
    return ref.object_type if ref is not None else None


def run_plan(shell: Any, plan: ResumePlan) -> Any:
    """Run a filled plan (see the module docstring); the statement's Outcome, or a failed one."""
    from cdcshell.sql.facts import parse_set
    from cdcshell.sql.kinds import classify

    undo = _Undo(where=(getattr(shell.state, "catalog", None), getattr(shell.state, "database", None)))
    outcome: Any = _NotRun()
    try:
        for text in plan.settings:
            parsed = parse_set(text)
            if parsed is None or parsed.key is None or parsed.value is None:
                continue
            key, value = parsed.key, parsed.value
            before = shell.state.session_config.get(key)
            if before == value:
                continue
            if not shell.run_text(text, echo=True).ok:
                return outcome
            undo.settings.append((key, before))
        for text in plan.setup:
            kind = classify(text)
            run = as_temporary(text) if kind.name.startswith("CREATE") else text
            if not shell.run_text(run, echo=True).ok:
                return outcome
            obj = _object_kind(run) if kind.name.startswith("CREATE") else None
            name = object_name(run) if obj else None
            if obj and name:
                undo.created.append((obj, name, shell.state.catalog, shell.state.database))
        before = shell.state.session_config.get(plan.recovery_key)
        if not shell.run_text(
            f"SET {_quote(plan.recovery_key)} = {_quote(plan.recovery_path)}", echo=True
        ).ok:
            return outcome
        undo.settings.append((plan.recovery_key, before))
        outcome = shell.run_text(plan.statement, echo=True)
        return outcome
    finally:
        _restore(shell, undo, keep_objects=bool(outcome.ok))


def _restore(shell: Any, undo: _Undo, *, keep_objects: bool) -> None:
    """Undo SETs (always), USE (always) and the objects created (when the resume failed)."""
    reset = []
    for key, before in reversed(undo.settings):
        if before is None:
            shell.run_text(f"RESET {_quote(key)}", echo=True)
        else:
            shell.run_text(f"SET {_quote(key)} = {_quote(before)}", echo=True)
        reset.append(key)
    if not keep_objects:
        for kind, name, catalog, database in reversed(undo.created):
            shell.run_text(_drop_statement(kind, name, catalog, database), echo=True)
    catalog, database = undo.where
    if catalog and (shell.state.catalog, shell.state.database) != (catalog, database):
        shell.run_text(f"USE CATALOG {_ident(catalog)}", echo=True)
        if database:
            shell.run_text(f"USE {_ident(database)}", echo=True)
    if reset:
        shell.info(t("jobs.resume.reset", key=", ".join(reset)))


def collect_secrets(shell: Any, plan: ResumePlan) -> dict[Any, str] | None:
    """The value of every distinct masked secret of the plan: asked (no echo) at the prompt, else from
    `--secrets FILE` or the environment. None after saying why (declined, or a secret is missing)."""
    from cdcshell.recovery.secrets import SecretsError, env_name, secret_source

    wanted = plan.distinct_secrets()
    if not wanted:
        return {}
    values: dict[Any, str] = {}
    ask = getattr(shell, "ask_secret", None)
    secrets_file = getattr(getattr(shell, "options", None), "secrets", None)
    if shell.interactive and ask is not None and not secrets_file:
        for slot in wanted:
            value = ask(t("recovery.ask_secret", table=slot.table, option=slot.option))
            if value is None:
                shell.info(t("recovery.declined"))
                return None
            values[slot] = value
        return values
    try:
        source = secret_source(secrets_file)
    except SecretsError as exc:
        shell.error(str(exc), location=getattr(shell, "meta_location", None))
        return None
    for slot in wanted:
        value = source.get(slot.table, slot.option)
        if value is None:
            shell.error(
                t("recovery.secret_missing", table=slot.table, option=slot.option),
                location=getattr(shell, "meta_location", None),
                hint=t(
                    "recovery.secret_hint",
                    table=slot.table,
                    option=slot.option,
                    env=env_name(slot.table, slot.option),
                ),
            )
            return None
        values[slot] = value
    return values


def show_plan(shell: Any, plan: ResumePlan) -> None:
    """What will run, masked, in the order it will run."""
    from cdcshell.redact import redact

    shell.print(t("recovery.plan_head", job=plan.job_id[:8]), err=True)
    lines = [
        *plan.settings,
        *(as_temporary(s) for s in plan.setup),
        f"SET {_quote(plan.recovery_key)} = {_quote(plan.recovery_path)}",
        plan.statement,
    ]
    for text in lines:
        shell.print("  " + redact(text).strip().replace("\n", "\n  ") + ";", err=True)
    shell.print(t("recovery.plan_tail", key=plan.recovery_key), err=True)


def drift_warning(journaled: str, statement: str) -> str | None:
    """A warning when the statement to run differs from the one that built the state (compared masked,
    whitespace-insensitively); None when they are the same."""
    from cdcshell.redact import redact
    from cdcshell.store.job_journal import normalize_statement

    if not journaled or normalize_statement(redact(journaled)) == normalize_statement(redact(statement)):
        return None
    return t("recovery.drift", key=IGNORE_UNCLAIMED_KEY)


def drift_for_path(journal: JobJournal, path: str, statement: str) -> str | None:
    """The drift warning when `path` is the state of a journaled job whose statement differs from `statement`."""
    record = journal.origin_of(path)
    return drift_warning(record.statement, statement) if record is not None else None
