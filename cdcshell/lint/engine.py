"""The lint engine: walks a script statement by statement, keeping the configuration in force and the tables
defined so far, and asks the rules about each statement with the state *before* it.

Three entry points share one walker so that the toolbar, the pre-execution check and `cdcshell lint` can never
disagree: `lint_script` (a whole file), `lint_statement_at` (the statement under the cursor, for the toolbar)
and `IncrementalLinter` (a live REPL session, fed each statement it executes).

Per-statement parsing is cached by statement text, so re-linting a 1,000-line buffer on a keystroke only parses
the statement being typed.

Size (~480 lines), on purpose: the three entry points share the one `Walker` and its split cache; keeping
them together is what keeps them from disagreeing.
"""

from __future__ import annotations

import copy
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING

from cdcshell.lint.config import EffectiveConfig
from cdcshell.lint.context import JobRecord, JobSource, RuleContext, lookup_table, table_keys
from cdcshell.lint.indexes import IndexedJobs, TableSet
from cdcshell.lint.model import SEVERITY_ORDER, Finding, LintResult, Rule, StatementRef
from cdcshell.lint.registry import rules_for
from cdcshell.sql.facts import (
    AlterTableOptions,
    DropTable,
    JobDef,
    OptionValue,
    Parsed,
    ResetStmt,
    SetStmt,
    TableDef,
    ctas_job,
    parse_statement,
)

if TYPE_CHECKING:
    from cdcshell.catalog.model import Catalog
    from cdcshell.lint.probes import Probes
    from cdcshell.sql.splitter import Statement

_PARSE_CACHE: OrderedDict[str, Parsed | None] = OrderedDict()
_PARSE_CACHE_SIZE = 4096
_CATALOGS: dict[str, Catalog] = {}


_CACHE_LOCK = threading.Lock()  # the toolbar (event loop) and the pre-execution check may lint at once


def parsed(text: str) -> Parsed | None:
    with _CACHE_LOCK:
        hit = _PARSE_CACHE.get(text, _PARSE_CACHE)
        if hit is not _PARSE_CACHE:
            _PARSE_CACHE.move_to_end(text)
            return hit  # type: ignore[return-value]
    result = parse_statement(text)
    with _CACHE_LOCK:
        _PARSE_CACHE[text] = result
        if len(_PARSE_CACHE) > _PARSE_CACHE_SIZE:
            _PARSE_CACHE.popitem(last=False)
    return result


def version_tuple(version: str) -> tuple[int, int]:
    parts = [p for p in version.strip().lstrip("vV").split(".") if p]
    try:
        major = int(parts[0])
        minor = int(parts[1]) if len(parts) > 1 else 0
    except (ValueError, IndexError):
        raise ValueError(f"not a Flink version: {version!r} (expected e.g. 1.20 or 2.2)") from None
    return major, minor


def catalog_for(version: str) -> Catalog:
    """The catalog generated for `version`; an empty one when no catalog is available, so that the rules that
    do not need key knowledge still run (the key rules then stay quiet rather than guess)."""
    cached = _CATALOGS.get(version)
    if cached is not None:
        return cached
    from cdcshell.catalog.model import Catalog

    catalog: Catalog
    try:
        from cdcshell.catalog.loader import load_catalog

        catalog = load_catalog(version)
    except Exception:  # no catalog for this version, or the loader is not there: lint without key knowledge
        catalog = Catalog(flink_version=version)
    _CATALOGS[version] = catalog
    return catalog


def _sorted(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.line, f.column, SEVERITY_ORDER[f.severity], f.rule))


class Walker:
    """The state of a session as a script is read: configuration layers, tables, jobs submitted so far."""

    def __init__(
        self,
        *,
        flink_version: str,
        cluster_config: dict[str, str] | None = None,
        session_config: dict[str, str] | None = None,
        cluster_name: str = "",
        probes: Probes | None = None,
        catalog: Catalog | None = None,
        lang: str | None = None,
    ) -> None:
        self.version = version_tuple(flink_version)
        self.catalog = catalog if catalog is not None else catalog_for(flink_version)
        self.config = EffectiveConfig(cluster_config, session_config, cluster_name=cluster_name)
        self.tables: TableSet[TableDef] = TableSet()
        self.jobs: IndexedJobs[JobRecord] = IndexedJobs()
        self.probes = probes
        self.lang = lang
        # Query-level rules read the statement with sqlglot (cdcshell/sql/query.py): `cdcshell lint` and the
        # check before submit run them; the per-keystroke toolbar turns them off to keep its latency budget.
        self.query_level = True

    def copy(self) -> Walker:
        other = Walker.__new__(Walker)
        other.version = self.version
        other.catalog = self.catalog
        other.config = self.config.copy()
        other.tables = self.tables.copy()
        other.jobs = self.jobs.copy()
        other.probes = self.probes
        other.lang = self.lang
        other.query_level = self.query_level
        return other

    # --- checking ------------------------------------------------------------------------------------------

    def check(self, stmt: Statement, index: int) -> list[Finding]:
        """The findings for `stmt`, judged with the state before it (the state is not changed)."""
        if stmt.is_meta:
            return []
        p = parsed(stmt.text)
        if p is None:
            return []
        findings: list[Finding] = []
        if isinstance(p, (SetStmt, ResetStmt)):
            findings += self._run(rules_for("set"), stmt, index, p)
        elif isinstance(p, TableDef):
            table = self._resolve_like(p)
            findings += self._run(rules_for("table"), stmt, index, p, table_def=table)
            if p.as_select:
                tables = self.tables.copy()
                for key in table_keys(p.parts):
                    tables[key] = table
                findings += self._run(
                    rules_for("job"), stmt, index, p, job=ctas_job(stmt.text, table), tables=tables
                )
        elif isinstance(p, JobDef):
            findings += self._run(rules_for("job"), stmt, index, p, job=p)
        return _sorted(findings)

    def _run(
        self,
        rules: list[Rule],
        stmt: Statement,
        index: int,
        p: Parsed,
        *,
        table_def: TableDef | None = None,
        job: JobDef | None = None,
        tables: TableSet[TableDef] | None = None,
    ) -> list[Finding]:
        out: list[Finding] = []
        for rule in rules:
            if rule.needs_connection and (self.probes is None or not self.probes.allowed):
                continue
            if rule.query_level and not self.query_level:
                continue
            ctx = RuleContext(
                rule=rule,
                statement=stmt,
                statement_index=index,
                parsed=p,
                config=self.config,
                catalog=self.catalog,
                version=self.version,
                tables=tables if tables is not None else self.tables,
                job=job,
                table_def=table_def,
                earlier_jobs=self.jobs,
                probes=self.probes,
                lang=self.lang,
            )
            out.extend(rule.check(ctx))
        return out

    # --- applying ------------------------------------------------------------------------------------------

    def _resolve_like(self, table: TableDef) -> TableDef:
        if table.like is None:
            return table
        base = lookup_table(self.tables, table.like)
        return table.merged_with_base(base) if base is not None else table

    def apply(self, stmt: Statement, index: int) -> None:
        """Change the state as executing `stmt` would."""
        if stmt.is_meta:
            return
        p = parsed(stmt.text)
        if isinstance(p, SetStmt):
            if p.key is not None and p.value is not None:
                self.config.set(p.key, p.value, stmt.line, index)
        elif isinstance(p, ResetStmt):
            self.config.reset(p.key)
        elif isinstance(p, TableDef):
            table = self._resolve_like(p)
            for key in table_keys(p.parts):
                self.tables[key] = table
            if p.as_select:
                self._record_job(ctas_job(stmt.text, table), stmt, index)
        elif isinstance(p, DropTable):
            for key in table_keys(p.parts):
                self.tables.pop(key, None)
        elif isinstance(p, AlterTableOptions):
            old = lookup_table(self.tables, p.parts)
            if old is not None:
                options: dict[str, OptionValue] = {
                    k: v for k, v in old.options.items() if k not in p.reset_keys
                }
                options.update(p.set_options)
                new = TableDef(old.parts, old.columns, old.primary_key, options, old.like, old.temporary)
                for key in table_keys(old.parts):
                    self.tables[key] = new
        elif isinstance(p, JobDef):
            self._record_job(p, stmt, index)

    def _record_job(self, job: JobDef, stmt: Statement, index: int) -> None:
        sources = [JobSource(ref, lookup_table(self.tables, ref.parts)) for ref in job.sources]
        self.jobs.append(JobRecord(index, stmt.line, sources))


def _split(source: str, strict: bool) -> list[Statement]:
    from cdcshell.sql.splitter import split

    return split(source, strict=strict)


# The last buffer the toolbar split, as (source, [(chunk end, statement)] of its terminated statements). A
# keystroke changes the buffer at one place: every statement whose chunk (text and `;`) ends before that place
# is unchanged, and after a `;` the scanner is between statements, so only the rest needs splitting again.
_LAST_SPLIT: tuple[str, list[tuple[int, Statement]], list[Statement]] | None = None


def _common_prefix(a: str, b: str) -> int:
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:  # slices compare at C speed: about log2(n) comparisons
        mid = (lo + hi + 1) // 2
        if a[:mid] == b[:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _split_tolerant(source: str) -> list[Statement]:
    """`split(source, strict=False)` for a buffer being edited, reusing the previous call's unchanged prefix."""
    global _LAST_SPLIT
    import dataclasses

    from cdcshell.sql.splitter import split_chunks

    reuse: list[tuple[int, Statement]] = []
    if _LAST_SPLIT is not None:
        old_source, old_ends, _ = _LAST_SPLIT
        if old_source == source:
            return _LAST_SPLIT[2]
        p = _common_prefix(old_source, source)
        for chunk_end, stmt in old_ends:
            if chunk_end > p:
                break
            reuse.append((chunk_end, stmt))
    resume = reuse[-1][0] if reuse else 0
    line0 = source.count("\n", 0, resume) + 1
    col0 = resume - (source.rfind("\n", 0, resume) + 1) + 1
    ends = list(reuse)
    statements = [stmt for _, stmt in reuse]
    for chunk in split_chunks(source[resume:]):
        if chunk.statement is None:
            continue
        stmt = chunk.statement
        if resume:
            stmt = dataclasses.replace(
                stmt,
                start=stmt.start + resume,
                end=stmt.end + resume,
                line=stmt.line + line0 - 1,
                column=stmt.column + col0 - 1 if stmt.line == 1 else stmt.column,
            )
        statements.append(stmt)
        if stmt.is_meta:
            # a meta-command runs to the end of its line: only a complete line is known not to change
            newline = source.find("\n", stmt.end)
            if newline >= 0:
                ends.append((newline + 1, stmt))
        elif stmt.terminated:
            ends.append((chunk.end + resume, stmt))
    _LAST_SPLIT = (source, ends, statements)
    return statements


def lint_script(
    source: str,
    *,
    flink_version: str,
    cluster_config: dict[str, str] | None = None,
    session_config: dict[str, str] | None = None,
    probes: Probes | None = None,
    catalog: Catalog | None = None,
    cluster_name: str = "",
    lang: str | None = None,
    strict: bool = True,
) -> LintResult:
    """Lint a whole script. With `strict` an unterminated string or comment raises `SplitError` (the CLI turns
    it into exit code 2)."""
    walker = Walker(
        flink_version=flink_version,
        cluster_config=cluster_config,
        session_config=session_config,
        cluster_name=cluster_name,
        probes=probes,
        catalog=catalog,
        lang=lang,
    )
    result = LintResult()
    for index, stmt in enumerate(_split(source, strict)):
        result.statements.append(StatementRef(index, stmt.line, stmt.column, stmt.text, stmt.start))
        result.findings.extend(walker.check(stmt, index))
        walker.apply(stmt, index)
    return result


# The state after the statements before the cursor, as the last toolbar update left it: typing at the end of a
# buffer (or moving down through it) only applies the statements that were not there before.
_REPLAY: tuple[object, list[Statement], Walker] | None = None


def _replay(base_key: object, fresh: Callable[[], Walker], prefix: list[Statement]) -> Walker:
    global _REPLAY
    walker: Walker | None = None
    done = 0
    cached = _REPLAY
    if cached is not None and cached[0] == base_key and len(cached[1]) <= len(prefix):
        old = cached[1]
        if all(a is b or a == b for a, b in zip(old, prefix, strict=False)):
            walker, done = cached[2].copy(), len(old)
    if walker is None:
        walker = fresh()
    for index in range(done, len(prefix)):
        walker.apply(prefix[index], index)
    _REPLAY = (base_key, prefix, walker.copy())
    return walker


def lint_statement_at(
    source: str,
    cursor: int,
    *,
    flink_version: str,
    cluster_config: dict[str, str] | None = None,
    session_config: dict[str, str] | None = None,
    probes: Probes | None = None,
    catalog: Catalog | None = None,
    lang: str | None = None,
    linter: IncrementalLinter | None = None,
) -> list[Finding]:
    """Findings for the statement under `cursor` (an offset in `source`), with the configuration and tables of
    the statements before it. With `linter`, the live session's state is the starting point (the REPL), and its
    version, configuration and catalog are used instead of the keyword arguments.

    Cheap by construction: only the statement under the cursor is checked; the ones before it are replayed from
    the parse cache. Probes are not run unless given; the toolbar should not pass them (they connect to
    databases).
    """
    statements = _split_tolerant(source)
    target = None
    for index, stmt in enumerate(statements):
        if stmt.start <= cursor <= max(stmt.end + 1, stmt.start):
            target = index
            break
        if stmt.start > cursor:
            break
    if target is None:
        return []
    if linter is not None:
        base_key: object = (id(linter), linter.generation, id(probes), lang)

        def fresh() -> Walker:
            walker = linter.walker.copy()
            walker.query_level = False  # the keystroke path keeps the fast scanner only
            if probes is not None:
                walker.probes = probes
            if lang is not None:
                walker.lang = lang
            return walker
    else:
        base_key = (
            flink_version,
            id(catalog),
            tuple(sorted(cluster_config.items())) if cluster_config else None,
            tuple(sorted(session_config.items())) if session_config else None,
            id(probes),
            lang,
        )

        def fresh() -> Walker:
            walker = Walker(
                flink_version=flink_version,
                cluster_config=cluster_config,
                session_config=session_config,
                probes=probes,
                catalog=catalog,
                lang=lang,
            )
            walker.query_level = False  # the keystroke path keeps the fast scanner only
            return walker

    walker = _replay(base_key, fresh, statements[:target])
    return walker.check(statements[target], target)


class IncrementalLinter:
    """The lint state of a live REPL session: `feed()` each statement after it executed successfully, `check()`
    a statement before executing it. Findings of `check()` have positions relative to the checked text (line 1,
    column 1 is its first character)."""

    def __init__(
        self,
        *,
        flink_version: str,
        cluster_config: dict[str, str] | None = None,
        session_config: dict[str, str] | None = None,
        probes: Probes | None = None,
        catalog: Catalog | None = None,
        lang: str | None = None,
    ) -> None:
        self.walker = Walker(
            flink_version=flink_version,
            cluster_config=cluster_config,
            session_config=session_config,
            probes=probes,
            catalog=catalog,
            lang=lang,
        )
        self._count = 0
        self.generation = 0  # changes whenever the session state does (keys the toolbar's replay cache)

    def set_base(
        self,
        *,
        cluster_config: dict[str, str] | None = None,
        session_config: dict[str, str] | None = None,
        cluster_name: str = "",
    ) -> None:
        """Replace the cluster and session layers (e.g. once `/jobmanager/config` has answered), keeping what
        the session's own SETs changed since."""
        base = EffectiveConfig(cluster_config, session_config, cluster_name=cluster_name)
        self.walker.config._base = base._base
        self.generation += 1

    @staticmethod
    def _statement(text: str) -> Statement:
        from cdcshell.sql.splitter import Statement

        stripped = text.strip().rstrip(";").rstrip()
        return Statement(stripped, 0, len(stripped), 1, 1, True)

    def feed(self, statement_text: str) -> None:
        self.walker.apply(self._statement(statement_text), self._count)
        self._count += 1
        self.generation += 1

    def check(self, statement_text: str, probes: Probes | None = None) -> list[Finding]:
        """`probes` (the check before submit's: `engine/submit_probes.py`) serve this check only; the walker
        the toolbar copies keeps none, so typing never reaches the gateway or a database."""
        walker = self.walker
        if probes is not None:
            walker = copy.copy(
                walker
            )  # checking changes no state: a shallow copy is enough and costs nothing
            walker.probes = probes
        return walker.check(self._statement(statement_text), self._count)
