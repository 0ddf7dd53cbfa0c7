"""`\\tutorial [NAME]`: guided steps the user runs one by one at the prompt, each checked before moving on.

At a prompt, a step's statement is put into the input (`ctx.next_input`): the user reads it, may edit it, and
presses Enter; a hook on the shell (`ctx.after_run`) sees the statement's outcome and runs the step's check — a
checkpoint completed, every row arrived — before it offers the next step. Anything else the user runs in between
(`\\help`, a query of their own) is a side trip that leaves the tutorial where it was. With `--auto` (and in a
script, where nobody can press Enter) the tutorial runs each step itself and stops at the first check that fails,
which is how the tests drive both tutorials to their end in both languages.

Size (~420 lines): one command's state machine (present, perform, judge, advance, auto-run); the tutorials'
content and checks live in `cdcshell/tutorials/`.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import weakref
from collections.abc import Iterator
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from cdcshell.i18n import t
from cdcshell.meta.context import CommandContext, UsageError
from cdcshell.meta.registry import meta_command

if TYPE_CHECKING:
    from cdcshell.meta.context import AfterRunHook, RunResult
    from cdcshell.sql.splitter import Statement
    from cdcshell.tutorials.model import Step, TutorialRun

USAGE = "\\tutorial [NAME [--auto]|next|skip|stop|status]"  # also --dsn DSN: see \\help tutorials
_SUBCOMMANDS = ("next", "skip", "stop", "status")
_runs: weakref.WeakKeyDictionary[CommandContext, TutorialRun] = weakref.WeakKeyDictionary()  # shell → its run


def _usage_error(message: str | None = None) -> Exception:
    return UsageError(message or t("shell.meta_usage", usage=USAGE))


def _wrap(text: str) -> str:
    from cdcshell.lint.explainer import wrap_text

    return "\n".join(wrap_text(p, "  ", 100) if p.strip() else "" for p in text.split("\n"))


def _say(ctx: CommandContext, screen: str, markdown: str | None = None) -> None:
    """Print tutorial text (on stderr, like every message); a transcript gets it as prose, not as a code block,
    so that a recorded tutorial reads as a hand-out."""
    recorder = getattr(ctx, "recorder", None)
    if recorder is None or markdown is None or not hasattr(recorder, "suspended"):
        ctx.print(screen, err=True)
        return
    with recorder.suspended():
        ctx.print(screen, err=True)
    recorder.note(markdown)


def active_run(ctx: CommandContext) -> TutorialRun | None:
    """The tutorial run going on in `ctx`, or None."""
    return _runs.get(ctx)


# --------------------------------------------------------------------------------------------- finding a database
def _same_gateway(a: str, b: str) -> bool:
    pa, pb = urlsplit(a), urlsplit(b)
    loopback = {"127.0.0.1", "localhost", "::1"}

    def host(h: str | None) -> str:
        return "loopback" if (h or "") in loopback else (h or "")

    return host(pa.hostname) == host(pb.hostname) and (pa.port or 80) == (pb.port or 80)


def sandbox_dsn(gateway_url: str) -> str | None:
    """The demo database of the local sandbox whose SQL Gateway the shell talks to (`cdcshell --sandbox`)."""
    try:
        from cdcshell import paths
        from cdcshell.sandbox import lifecycle
    except ImportError:
        return None
    for directory in sorted(paths.state_dir().glob("sandbox*")):
        with contextlib.suppress(Exception):
            info = lifecycle.status(sandbox_dir=directory).info
            if info is not None and info.postgres_dsn and _same_gateway(info.gateway_url, gateway_url):
                return str(info.postgres_dsn)
    return None


# --------------------------------------------------------------------------------------------- the command
def _parse(args: str) -> tuple[str | None, bool, str | None]:
    try:
        words = shlex.split(args)
    except ValueError:
        raise _usage_error() from None
    name: str | None = None
    auto = False
    dsn: str | None = None
    i = 0
    while i < len(words):
        word = words[i]
        if word == "--auto":
            auto = True
        elif word == "--dsn":
            if i + 1 >= len(words):
                raise _usage_error()
            dsn = words[i + 1]
            i += 1
        elif word.startswith("--dsn="):
            dsn = word.split("=", 1)[1]
        elif word.startswith("--") or name is not None:
            raise _usage_error()
        else:
            name = word
        i += 1
    return name, auto, dsn


@meta_command("tutorial", usage=USAGE, help_key="tutorial.help", topic="tutorials")
def tutorial_command(ctx: CommandContext, args: str) -> int:
    from cdcshell.tutorials.model import TutorialError

    name, auto, dsn = _parse(args)
    try:
        if name is None:
            return _list(ctx)
        if name in _SUBCOMMANDS and not auto and dsn is None:
            return _subcommand(ctx, name)
        return _start(ctx, name, auto=auto, dsn=dsn)
    except TutorialError as exc:
        ctx.error(str(exc))
        return 1


def _list(ctx: CommandContext) -> int:
    from cdcshell.tutorials import all_tutorials

    tutorials = all_tutorials()
    ctx.print(t("tutorial.list_header"))
    width = max(len(n) for n in tutorials)
    for name, tut in tutorials.items():
        ctx.print(f"  {name.ljust(width)}  {t(tut.title_key)} ({t('tutorial.steps', count=len(tut.steps))})")
    ctx.print(t("tutorial.list_footer"))
    run = active_run(ctx)
    if run is not None:
        ctx.print(
            t(
                "tutorial.in_progress",
                name=run.tutorial.name,
                step=run.index + 1,
                total=len(run.tutorial.steps),
            )
        )
    return 0


def _subcommand(ctx: CommandContext, word: str) -> int:
    run = active_run(ctx)
    if run is None:
        ctx.error(t("tutorial.none_running"), hint=t("tutorial.start_hint"))
        return 1
    if word == "stop":
        _end(ctx, run)
        ctx.print(t("tutorial.stopped", name=run.tutorial.name), err=True)
        return 0
    if word == "status":
        _present(ctx, run)
        return 0
    if word == "skip":
        ctx.print(t("tutorial.skipped", step=run.index + 1), err=True)
        _advance(ctx, run)
        return 0
    # next: the tutorial does the step itself (an action, or the statement as written)
    return 0 if _do_step(ctx, run) else 1


def _start(ctx: CommandContext, name: str, *, auto: bool, dsn: str | None) -> int:
    from cdcshell.tutorials import all_tutorials, find_tutorial
    from cdcshell.tutorials.model import TutorialError, TutorialRun
    from cdcshell.tutorials.postgres import TutorialDatabase

    tutorial = find_tutorial(name)
    if tutorial is None:
        ctx.error(t("tutorial.unknown", name=name, names=", ".join(all_tutorials())))
        return 1
    if not ctx.connected:
        ctx.error(t("tutorial.offline"), hint=t("tutorial.offline_hint"))
        return 1
    if not auto and not ctx.interactive:
        ctx.error(t("tutorial.needs_prompt", name=tutorial.name))
        return 1
    dsn = dsn or sandbox_dsn(ctx.state.url)
    if not dsn:
        raise TutorialError(t("tutorial.no_dsn", name=tutorial.name))
    database = TutorialDatabase.from_dsn(dsn)
    database.connect().close()  # fail now, with a clear message, rather than at step 1's check
    names = database.names(tutorial.prefix)
    names["flink_source"] = f"{tutorial.prefix}_orders_cdc"
    previous = active_run(ctx)
    if previous is not None:
        _end(ctx, previous)
    run = TutorialRun(
        tutorial,
        ctx,
        names,
        database,
        auto=auto,
        wait_scale=float(os.environ.get("CDCSHELL_TUTORIAL_WAIT_SCALE", "1") or 1),
    )
    _say(
        ctx,
        f"{t(tutorial.title_key)}\n\n{_wrap(t(tutorial.intro_key))}\n",
        f"## {t(tutorial.title_key)}\n\n{t(tutorial.intro_key)}",
    )
    if auto:
        return _run_auto(ctx, run)
    _runs[ctx] = run
    ctx.after_run.append(_hook_for(ctx))
    _present(ctx, run)
    return 0


# --------------------------------------------------------------------------------------------- steps
def _present(ctx: CommandContext, run: TutorialRun) -> None:
    """Show the current step and, at a prompt, put its statement into the input."""
    step = run.step
    if step is None:
        return
    total = len(run.tutorial.steps)
    header = t(
        "tutorial.step_header", step=run.index + 1, total=total, title=t(run.tutorial.step_title_key(step))
    )
    text = t(run.tutorial.step_text_key(step))
    _say(ctx, f"{header}\n{_wrap(text)}", f"### {header.strip('─ ')}\n\n{text}")
    if run.auto:
        return
    if step.is_action:
        ctx.next_input = "\\tutorial next"
        ctx.print(t("tutorial.press_enter_action"), err=True)
    else:
        ctx.next_input = _as_input(run.statement(step))
        ctx.print(t("tutorial.press_enter"), err=True)
        if step.force and ctx.interactive:
            ctx.print(t("tutorial.forced"), err=True)


def _as_input(statement: str) -> str:
    """A statement as the prompt wants it: SQL ends with `;` (Enter only runs a finished statement), a
    `\\` command ends at the end of its line."""
    text = statement.strip()
    return text if text.startswith("\\") or text.endswith(";") else text + ";"


def _advance(ctx: CommandContext, run: TutorialRun) -> None:
    run.index += 1
    run.last_outcome = None
    if run.finished:
        _end(ctx, run)
        done = t("tutorial.finished", name=run.tutorial.name, title=t(run.tutorial.title_key))
        _say(ctx, done, f"**{done}**")
        return
    ctx.print("", err=True)
    _present(ctx, run)


def _end(ctx: CommandContext, run: TutorialRun) -> None:
    _runs.pop(ctx, None)
    ctx.after_run[:] = [fn for fn in ctx.after_run if not getattr(fn, "_cdcshell_tutorial", False)]


def _judge(ctx: CommandContext, run: TutorialRun, outcome: RunResult | None) -> bool:
    """Run the step's check after its statement (or action); say what was seen. True when the step is done."""
    from cdcshell.tutorials.model import CheckResult, TutorialError

    step = run.step
    if step is None:  # the run is over: nothing to judge
        return True
    run.last_outcome = outcome
    if outcome is not None and not outcome.ok and not step.expect_failure:
        ctx.print(t("tutorial.failed", message=t("tutorial.statement_failed")), err=True)
        return False
    try:
        result = step.check(run) if step.check is not None else CheckResult(True, "")
    except TutorialError as exc:
        result = CheckResult(False, str(exc))
    except Exception as exc:  # a check that trips over a cluster or database hiccup: say so, stay on the step
        result = CheckResult(False, t("tutorial.check_crashed", error=str(exc).strip() or type(exc).__name__))
    if result.ok:
        passed = t("tutorial.passed", message=result.message)
        _say(ctx, passed, f"> {passed}")
        return True
    failed = t("tutorial.failed", message=result.message)
    _say(ctx, failed, f"> {failed}")
    if result.hint:
        ctx.print("  " + result.hint, err=True)
    return False


@contextlib.contextmanager
def _forced(ctx: CommandContext, on: bool) -> Iterator[None]:
    """Let one statement past the risk checks that would stop it: seeing what happens is the lesson."""
    before = ctx.options.force
    ctx.options.force = before or on
    try:
        yield
    finally:
        ctx.options.force = before


def _do_step(ctx: CommandContext, run: TutorialRun) -> bool:
    """Do the current step: its action, or its statement as written (echoed); then judge it. Advances on success."""
    step = run.step
    if step is None:
        return True
    run.seen["_driving"] = True
    try:
        outcome, done = _perform(ctx, run, step)
    finally:
        run.seen["_driving"] = False
    if not done:
        if not run.auto:
            _present_retry(ctx, run)
        return False
    if _judge(ctx, run, outcome):
        _advance(ctx, run)
        return True
    if not run.auto:
        _present_retry(ctx, run)
    return False


def _perform(ctx: CommandContext, run: TutorialRun, step: Step) -> tuple[RunResult | None, bool]:
    """The step's action or statement → (the statement's outcome or None, whether there is something to judge)."""
    from cdcshell.tutorials.model import TutorialError

    outcome = None
    if step.action is not None:
        try:
            did = step.action(run)
            _say(ctx, _wrap(did), did)
        except TutorialError as exc:
            ctx.error(str(exc))
            return None, False
    else:
        with _forced(ctx, step.force and (run.auto or not ctx.interactive)):
            outcome = ctx.run_text(run.statement(step), echo=True)
    return outcome, True


def _present_retry(ctx: CommandContext, run: TutorialRun) -> None:
    step = run.step
    if step is None:
        return
    ctx.next_input = "\\tutorial next" if step.is_action else _as_input(run.statement(step))
    ctx.print(t("tutorial.retry"), err=True)


def _run_auto(ctx: CommandContext, run: TutorialRun) -> int:
    """Every step in turn, without a prompt; stops at the first step whose check fails."""

    def collect(stmt: Statement, outcome: RunResult) -> None:
        if outcome.job_id:
            run.jobs.append(outcome.job_id)

    ctx.after_run.append(collect)
    try:
        _present(ctx, run)  # each later step is presented when the one before it passes
        while not run.finished:
            if not _do_step(ctx, run):
                ctx.error(t("tutorial.auto_stopped", step=run.index + 1, name=run.tutorial.name))
                return 1
        return 0
    finally:
        ctx.after_run[:] = [fn for fn in ctx.after_run if fn is not collect]


# --------------------------------------------------------------------------------------------- the prompt's hook
def signature(text: str) -> tuple[str, ...]:
    """What makes a statement "the step's statement" even after the user edited it: the command, or the
    statement's kind and the key or table it is about."""
    from cdcshell.sql.kinds import leading_terms

    words = leading_terms(text, 3)
    if not words:
        return ()
    if words[0].startswith("\\"):
        return (words[0],)
    if words[0] in ("set", "reset"):
        return tuple(words[:2])
    if words[0] in ("create", "insert"):
        return tuple(words[:3])
    return (words[0],)


def _hook_for(ctx: CommandContext) -> AfterRunHook:
    ref = weakref.ref(ctx)

    def hook(stmt: Statement, outcome: RunResult) -> None:
        me = ref()
        if me is None:
            return
        run = active_run(me)
        if run is None or run.finished:
            return
        if outcome.job_id:
            run.jobs.append(outcome.job_id)
        text = getattr(stmt, "text", str(stmt)).strip()
        if text.startswith("\\tutorial") or run.seen.get("_driving"):
            return  # `\tutorial next` does and judges the step itself
        step = run.step
        if step is None or step.is_action or signature(text) != signature(run.statement(step)):
            if me.next_input is None and step is not None:
                me.next_input = "\\tutorial next" if step.is_action else _as_input(run.statement(step))
            return
        if _judge(me, run, outcome):
            _advance(me, run)
        else:
            me.next_input = _as_input(text)  # what they ran, to fix and run again
            me.print(t("tutorial.retry"), err=True)

    hook._cdcshell_tutorial = True  # type: ignore[attr-defined]
    return hook
