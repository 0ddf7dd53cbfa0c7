"""`cdcshell -f script.sql`: run a script the way Flink's SQL Client would, with compiler-style errors and exit codes.

Exit status: 0 every statement succeeded, 1 a statement failed (or was stopped by the risk checks), 2 the script
could not run at all (unreadable, not UTF-8, unterminated string, gateway unreachable).
"""

from __future__ import annotations

import json
import sys
from functools import partial

from cdcshell.i18n import t
from cdcshell.options import Options
from cdcshell.sql.script import Script, ScriptError, read_script, run_statements, split_script

__all__ = [
    "EXIT_FAILED",
    "EXIT_OK",
    "EXIT_UNUSABLE",
    "Script",
    "ScriptError",
    "read_script",
    "run_batch",
    "split_script",
]

EXIT_OK, EXIT_FAILED, EXIT_UNUSABLE = 0, 1, 2


def dry_run(statements: list, fmt: str | None, out=None) -> int:
    out = out or sys.stdout
    from cdcshell.redact import redact

    if fmt == "json":
        json.dump(
            [{"line": s.line, "column": s.column, "text": redact(s.text)} for s in statements],
            out,
            ensure_ascii=False,
            indent=2,
        )
        out.write("\n")
    else:
        for i, s in enumerate(statements, 1):
            out.write(f"-- [{i}] line {s.line}, column {s.column}\n{redact(s.text)}\n\n")
    return EXIT_OK


def run_batch(options: Options) -> int:
    from cdcshell.engine.shell import Shell

    try:
        scripts = [read_script(p) for p in options.init]
        main_script = (
            Script("<command line>", "<command line>", options.execute)
            if options.execute is not None
            else read_script(options.file or "-")
        )
        plans = [(s, split_script(s)) for s in [*scripts, main_script]]
    except ScriptError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_UNUSABLE

    if options.dry_run:
        return dry_run(plans[-1][1], options.format)

    if not any(stmts for _, stmts in plans):
        print(t("batch.empty", path=main_script.display), file=sys.stderr)
        return EXIT_OK

    for warning in options.warnings:
        print(warning, file=sys.stderr)
    shell = Shell(options, interactive=False)
    shell.max_restarts = options.max_restarts
    if not shell.connect(quiet=True):
        from cdcshell.render.messages import render_error

        print(
            render_error(t("shell.not_connected", reason=shell.state.error or "?").split("\n")[0]),
            file=sys.stderr,
        )
        return EXIT_UNUSABLE
    try:
        rc = EXIT_OK
        for script, statements in plans:
            resume = options.resume and script is main_script and script.path not in ("-", "<command line>")
            rc = max(rc, _run_statements(shell, script, statements, options, resume=resume))
            if rc != EXIT_OK and not options.continue_on_error:
                break
        if options.wait_checkpoint is not None and (rc == EXIT_OK or options.continue_on_error):
            from cdcshell.watch import wait_for_checkpoints

            rc = max(rc, EXIT_OK if wait_for_checkpoints(shell, options.wait_checkpoint) else EXIT_FAILED)
        return rc
    finally:
        shell.close()


def _run_statements(shell, script: Script, statements: list, options: Options, *, resume: bool) -> int:
    progress = None
    start = 0
    if script.path not in ("-", "<command line>"):
        from cdcshell.store.script_progress import ScriptChanged, ScriptProgress

        progress = ScriptProgress.load(script.path)
        if resume:
            try:
                start = progress.resume_point(statements)  # Statements carry their lines for the error
            except ScriptChanged as exc:
                print(t("batch.resume_changed", path=script.display, line=exc.line), file=sys.stderr)
                return EXIT_UNUSABLE
            if start >= len(statements):
                print(t("batch.resume_nothing", path=script.display), file=sys.stderr)
                return EXIT_OK
            if start > 0:
                _replay_state(shell, script, statements, start)
        else:
            progress = _progress_step(progress, script, progress.clear)

    def mark(index: int, stmt, outcome) -> None:
        nonlocal progress
        if progress is None:
            return
        if outcome.ok:
            step = partial(progress.mark_ok, index, stmt.text, durable=outcome.job_id is not None)
        else:
            step = partial(progress.mark_failed, index, stmt.text)
        progress = _progress_step(progress, script, step)

    failed, stopped = run_statements(
        statements,
        lambda stmt: shell.run(stmt, source=script.display, echo=True),
        continue_on_error=options.continue_on_error,
        start=start,
        after=mark,
    )
    if stopped is not None:
        print(
            t("batch.stopped_on_error", done=stopped + 1 - start, total=len(statements) - start),
            file=sys.stderr,
        )
        return EXIT_FAILED
    return EXIT_FAILED if failed else EXIT_OK


def _progress_step(progress, script: Script, step):
    """Write one step of the script-progress record. A record that cannot be written (read-only home, a name
    too long for the file system) must never stop a script after a statement ran — a submitted job is already
    in the job journal — so it becomes one warning and the script goes on without a record."""
    try:
        step()
    except OSError as exc:
        print(
            t("batch.progress_unwritable", path=script.display, reason=exc.strerror or str(exc)),
            file=sys.stderr,
        )
        return None
    return progress


def _replay_state(shell, script: Script, statements: list, start: int) -> None:
    """Rebuild the session state that the statements before the resume point built, without re-submitting jobs."""
    from cdcshell.sql.kinds import classify, session_state_changing

    replay = [s for s in statements[:start] if session_state_changing(classify(s.text), s.text)]
    print(
        t(
            "batch.resume_from",
            path=script.display,
            index=start + 1,
            line=statements[start].line,
            count=len(replay),
        ),
        file=sys.stderr,
    )
    for stmt in replay:
        shell.run(stmt, source=script.display, echo=False)
