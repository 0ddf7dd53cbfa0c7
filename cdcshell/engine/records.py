"""The records around a statement: what the job journal says before a job statement is sent (the drift
warning), and everything a success updates — the session-state and job journals, the session configuration the
shell knows, the incremental linter, the listeners, and the first-checkpoint follower at the prompt.

Kept apart from the executor because none of it decides whether or how a statement runs: each step is advice or
bookkeeping, and a failing one warns or logs, never fails the statement.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cdcshell.engine.results import is_streaming

if TYPE_CHECKING:
    from cdcshell.engine.connection import GatewayLink
    from cdcshell.engine.console import Console
    from cdcshell.engine.services import Services
    from cdcshell.engine.state import Outcome
    from cdcshell.meta.context import CommandContext
    from cdcshell.recovery.context import SubmitContext
    from cdcshell.sql.kinds import Kind
    from cdcshell.sql.splitter import Statement

_log = logging.getLogger("cdcshell.shell")  # the log file masks every line (cdcshell.logging_setup)
_log.addHandler(logging.NullHandler())


@dataclass
class Records:
    """The bookkeeping of one shell; the executor calls it before a job statement and after every success."""

    link: GatewayLink
    services: Services
    console: Console
    ctx: CommandContext

    def warn_if_drifted(self, text: str, kind: Kind) -> None:
        """A job statement about to restore from a journaled job's state, but not the statement that built it:
        say that the savepoint may not map (operator ids), before it is sent."""
        from cdcshell.sql.kinds import Kind

        if kind not in (Kind.INSERT, Kind.STATEMENT_SET, Kind.CREATE_TABLE_AS, Kind.EXECUTE_PLAN):
            return
        path = recovery_path(self.link.state.session_config)
        if not path:
            return
        try:
            from cdcshell.recovery.run import drift_for_path

            warning = drift_for_path(self.services.job_journal, path, text)
        except Exception:  # advice only
            return
        if warning:
            self.console.warn(warning)

    def after_success(
        self,
        stmt: Statement,
        kind: Kind,
        outcome: Outcome,
        *,
        interactive: bool,
        submitted_statements: dict[str, str],
        submitted_jobs: list[str],
        listeners: list[Callable[[str, str], None]],
    ) -> None:
        """Record a statement that succeeded; `submitted_*` are the executor's in-memory lists of jobs."""
        from cdcshell.sql.facts import parse_set
        from cdcshell.sql.kinds import Kind

        state = self.link.state
        context = self._submit_context(stmt.text) if outcome.job_id else None
        self.services.state_journal.record(stmt.text)
        setting = parse_set(stmt.text) if kind is Kind.SET else None
        connection = self.link.connection
        if setting is not None and setting.key is not None and setting.value is not None:
            state.session_config[setting.key] = setting.value  # what the gateway stores, without asking
        elif connection is None:
            pass
        elif kind in (Kind.SET, Kind.RESET):
            connection.refresh_info(where=False)  # RESET falls back to defaults only the gateway knows
        elif kind in (Kind.USE, Kind.USE_CATALOG, Kind.DROP) or kind.name.startswith("CREATE_CATALOG"):
            connection.refresh_info(config=False)
        if outcome.job_id:
            # The journal on disk is masked; `\\resume` in this shell can still re-run the real text.
            submitted_statements[outcome.job_id] = stmt.text
            submitted_jobs.append(outcome.job_id)
            try:
                self.services.job_journal.record(
                    gateway=state.url,
                    session=state.session,
                    job_id=outcome.job_id,
                    statement=stmt.text,
                    flink_version=state.flink_version,
                    recovery_path=recovery_path(state.session_config),
                    job_name=state.session_config.get("pipeline.name"),
                    context=context,
                    secret_fingerprints=_fingerprints(context, stmt.text),
                )
            except OSError as exc:
                self.console.warn(str(exc))
            if interactive:
                self._follow_first_checkpoint(kind, outcome.job_id)
        linter = self.services.linter_if_built
        if linter is not None:
            linter.feed(stmt.text)
        for listener in listeners:
            listener(kind.name, stmt.text)

    def _submit_context(self, statement: str) -> SubmitContext | None:
        """What the statement needs from this session to be submitted again in an empty one (`\\resume` from a
        later shell), taken from the session-state journal as it is now."""
        from cdcshell.recovery.context import capture

        try:
            journal = self.services.state_journal
            return capture(journal.entries, journal.current, statement)
        except Exception as exc:  # the journal record is still useful without it
            _log.debug("no submit context: %s", exc)
            return None

    def _follow_first_checkpoint(self, kind: Kind, job_id: str) -> None:
        """At the prompt, after a streaming job with checkpointing was submitted: say when its first checkpoint
        completes (or fails), above the prompt, without being asked."""
        from cdcshell.sql.kinds import Kind
        from cdcshell.watch import checkpointing_on, follow_checkpoints_in_background

        state = self.link.state
        if not is_streaming(state.session_config) or kind not in (Kind.INSERT, Kind.STATEMENT_SET):
            return
        if not checkpointing_on({**state.cluster_config, **state.session_config}):
            return
        try:
            follow_checkpoints_in_background(self.ctx, job_id)
        except Exception as exc:
            _log.debug("cannot follow checkpoints of %s: %s", job_id, exc)


def recovery_path(cfg: dict[str, str]) -> str | None:
    """The savepoint or checkpoint the session's next job restores from (the 2.x key, else the 1.x one)."""
    return cfg.get("execution.state-recovery.path") or cfg.get("execution.savepoint.path")


def _fingerprints(context: SubmitContext | None, statement: str) -> tuple[str, ...]:
    if context is None:
        return ()
    from cdcshell.recovery.plan import fingerprints

    return tuple(fingerprints([*context.settings, *context.setup, statement]))
