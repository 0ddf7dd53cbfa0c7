"""The checks tutorials run after a step: is the job running, did a checkpoint complete, did every row arrive
exactly once, does the slot hold WAL back. They ask the JobManager and the database, never the screen.

A check waits a little for what takes a moment (the first checkpoint, the snapshot reaching the copy); the
waits are bounded and say what they wait for, so a stuck step reads as a clear message, not as a hang.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from cdcshell.i18n import t
from cdcshell.tutorials.model import CheckResult, TutorialRun

LIVE = frozenset({"CREATED", "INITIALIZING", "RUNNING", "RESTARTING", "RECONCILING"})
ENDED = frozenset({"FINISHED", "CANCELED", "FAILED", "SUSPENDED"})


def wait_for(run: TutorialRun, predicate: Callable[[], Any], seconds: float, what: str) -> Any:
    """Poll `predicate` until it returns something truthy or `seconds` (scaled for slow machines) pass."""
    deadline = time.monotonic() + seconds * run.wait_scale
    told = False
    while True:
        value = predicate()
        if value or time.monotonic() >= deadline:
            return value
        if not told:
            run.shell.print(
                t("tutorial.waiting", what=what, seconds=f"{seconds * run.wait_scale:.0f}"), err=True
            )
            told = True
        time.sleep(1.0)


def _size(n: int) -> str:
    from cdcshell.humanize import format_bytes

    return format_bytes(n)


def ok(message: str) -> CheckResult:
    return CheckResult(True, message)


def fail(message: str, hint: str = "") -> CheckResult:
    return CheckResult(False, message, hint)


# ----------------------------------------------------------------------------------------------- helpers
def _job_state(run: TutorialRun, jid: str) -> str:
    try:
        return str(run.shell.cluster.job(jid).state)
    except Exception:
        return "?"


def pipeline_jobs(run: TutorialRun) -> list[Any]:
    """The cluster's jobs named like the tutorial's pipeline, newest first."""
    try:
        jobs = [j for j in run.shell.cluster.jobs() if j.name == run.tutorial.pipeline]
    except Exception:
        return []
    return sorted(jobs, key=lambda j: j.start_time or 0, reverse=True)


def live_job(run: TutorialRun) -> str | None:
    """The tutorial's running job: the newest live job of its pipeline (submitted in this run if possible)."""
    live = [j for j in pipeline_jobs(run) if j.state in LIVE]
    mine = [j for j in live if j.jid in run.jobs]
    chosen = (mine or live)[:1]
    return chosen[0].jid if chosen else None


def _stats(run: TutorialRun, jid: str) -> Any:
    try:
        return run.shell.cluster.checkpoints(jid)
    except Exception:
        return None


# ----------------------------------------------------------------------------------------------- checks
def session_has(key: str, value: str) -> Callable[[TutorialRun], CheckResult]:
    def check(run: TutorialRun) -> CheckResult:
        got = run.shell.state.session_config.get(key)
        if got == value:
            return ok(t("tutorial.check.set", key=key, value=value))
        return fail(t("tutorial.check.not_set", key=key, value=value, got=got or t("tutorial.none")))

    return check


def session_lacks(key: str) -> Callable[[TutorialRun], CheckResult]:
    def check(run: TutorialRun) -> CheckResult:
        shell = run.shell
        if key in shell.state.session_config:
            return fail(t("tutorial.check.still_set", key=key, value=shell.state.session_config[key]))
        if key in shell.state.cluster_config:
            return fail(
                t("tutorial.check.cluster_sets", key=key, value=shell.state.cluster_config[key]),
                t("tutorial.hint.cluster_sets"),
            )
        return ok(t("tutorial.check.unset", key=key))

    return check


def statement_ok(run: TutorialRun) -> CheckResult:
    return ok(t("tutorial.check.ok"))


def job_copies_snapshot(run: TutorialRun) -> CheckResult:
    """The INSERT started a job, it runs, and the snapshot of the source reached the copy."""
    jid = run.last_outcome.job_id if run.last_outcome is not None else None
    jid = jid or live_job(run)
    if jid is None:
        return fail(t("tutorial.check.no_job"), t("tutorial.hint.no_job"))
    failed = _not_running(run, jid)
    if failed is not None:
        return failed
    want, failed = _copy_caught_up(run, t("tutorial.what.snapshot"))
    if failed is not None:
        return failed
    run.seen["job"] = jid
    return ok(t("tutorial.check.snapshot", job=jid[:8], rows=want, copy=run.names["copy"]))


def _not_running(run: TutorialRun, jid: str) -> CheckResult | None:
    """None once the job runs (a bounded wait); else the failure that names the state it is in."""
    if wait_for(run, lambda: _job_state(run, jid) == "RUNNING", 60, t("tutorial.what.running")):
        return None
    return fail(
        t("tutorial.check.job_not_running", job=jid[:8], state=_job_state(run, jid)),
        t("tutorial.hint.job_log"),
    )


def _copy_caught_up(run: TutorialRun, what: str) -> tuple[int, CheckResult | None]:
    """Wait (bounded) until the copy holds as many rows as the source → (the source's rows, None or the
    failure that says how many arrived)."""
    names = run.names
    want = run.database.count(names["source"])
    if wait_for(run, lambda: run.database.count(names["copy"]) >= want, 90, what):
        return want, None
    got = run.database.count(names["copy"])
    return want, fail(
        t("tutorial.check.copy_short", copy=names["copy"], got=got, want=want), t("tutorial.hint.job_log")
    )


def checkpoint_completed(run: TutorialRun) -> CheckResult:
    jid = live_job(run)
    if jid is None:
        return fail(t("tutorial.check.no_live_job", name=run.tutorial.pipeline))

    def completed() -> Any:
        stats = _stats(run, jid)
        return stats if stats is not None and stats.counts.completed >= 1 else None

    stats = wait_for(run, completed, 30, t("tutorial.what.checkpoint"))
    if stats is None:
        return fail(t("tutorial.check.no_checkpoint", job=jid[:8]), t("tutorial.hint.no_checkpoint"))
    latest = stats.latest_completed
    path = getattr(latest, "external_path", None) or "?"
    run.seen["checkpoint_path"] = path
    return ok(t("tutorial.check.checkpointed", count=stats.counts.completed, path=path))


def stopped_with_savepoint(run: TutorialRun) -> CheckResult:
    jid = run.seen.get("job")
    if jid is None:
        return fail(t("tutorial.check.no_job"))
    ended = wait_for(run, lambda: _job_state(run, jid) in ENDED, 30, t("tutorial.what.stopped"))
    state = _job_state(run, jid)
    if not ended or state != "FINISHED":
        return fail(t("tutorial.check.not_stopped", job=jid[:8], state=state))
    # The JobManager's statistics of a job that just finished may lag behind its last savepoint; the job
    # journal has the path \\stop printed.
    savepoint = wait_for(run, lambda: _savepoint_of(run, jid), 10, t("tutorial.what.savepoint"))
    if not savepoint:
        return fail(t("tutorial.check.no_savepoint", job=jid[:8]))
    run.seen["savepoint"] = savepoint
    return ok(t("tutorial.check.savepoint", path=savepoint))


def _savepoint_of(run: TutorialRun, jid: str) -> str | None:
    stats = _stats(run, jid)
    path = getattr(getattr(stats, "latest_savepoint", None), "external_path", None)
    if path:
        return str(path)
    try:
        record = run.shell.job_journal.find(jid)
    except Exception:
        return None
    return getattr(record, "recovery_path", None) or None


def change_while_stopped(run: TutorialRun) -> CheckResult:
    names = run.names
    source, copy = run.database.count(names["source"]), run.database.count(names["copy"])
    if copy >= source:
        return fail(t("tutorial.check.copy_not_behind", copy=names["copy"], rows=copy))
    return ok(t("tutorial.check.behind", source=source, copy=copy))


def slot_kept(run: TutorialRun) -> CheckResult:
    slot = run.database.slot(run.names["slot"])
    if slot is None:
        return fail(t("tutorial.check.no_slot", slot=run.names["slot"]))
    if slot["active"]:
        return fail(t("tutorial.check.slot_active", slot=run.names["slot"]))
    return ok(t("tutorial.check.slot_kept", slot=run.names["slot"]))


def resumed_from_savepoint(run: TutorialRun) -> CheckResult:
    old = run.seen.get("job")
    new = next((j for j in reversed(run.jobs) if j != old and _job_state(run, j) in LIVE), None) or live_job(
        run
    )
    if new is None or new == old:
        return fail(t("tutorial.check.not_resumed"), t("tutorial.hint.resume"))
    failed = _not_running(run, new)
    if failed is not None:
        return failed
    run.seen["job"] = new
    want, failed = _copy_caught_up(run, t("tutorial.what.catch_up"))
    if failed is not None:
        return failed
    return ok(t("tutorial.check.resumed", job=new[:8], rows=want))


def restored_shown(run: TutorialRun) -> CheckResult:
    jid = run.seen.get("job")
    stats = _stats(run, jid) if jid else None
    restored = getattr(stats, "latest_restored", None)
    if restored is None:
        return fail(t("tutorial.check.not_restored", job=(jid or "?")[:8]))
    path = restored.external_path or "?"
    if run.seen.get("savepoint") and path != run.seen["savepoint"]:
        return fail(t("tutorial.check.restored_elsewhere", path=path, savepoint=run.seen["savepoint"]))
    return ok(t("tutorial.check.restored", path=path))


def copy_equals_source(run: TutorialRun) -> CheckResult:
    names = run.names
    db = run.database
    want = db.rows(names["source"])
    wait_for(run, lambda: db.count(names["copy"]) >= len(want), 30, t("tutorial.what.catch_up"))
    time.sleep(1.0)  # a row delivered twice would arrive with the others; give it the chance to show
    got = db.rows(names["copy"])
    missing = sorted({r[0] for r in want} - {r[0] for r in got})
    twice = sorted({r[0] for r in got if got.count(r) > 1})
    if missing or twice or len(got) != len(want):
        return fail(
            t(
                "tutorial.check.mismatch",
                missing=", ".join(map(str, missing)) or "-",
                twice=", ".join(map(str, twice)) or "-",
                got=len(got),
                want=len(want),
            )
        )
    return ok(t("tutorial.check.exact", rows=len(got)))


def checkpointing_off(run: TutorialRun) -> CheckResult:
    jid = run.seen.get("job") or live_job(run)
    if jid is None:
        return fail(t("tutorial.check.no_live_job", name=run.tutorial.pipeline))
    try:
        config = run.shell.cluster.checkpoint_config(jid)
    except Exception:
        config = None
    stats = _stats(run, jid)
    if config is not None and config.enabled:
        return fail(t("tutorial.check.checkpointing_on", job=jid[:8]))
    completed = stats.counts.completed if stats is not None else 0
    if completed:
        return fail(t("tutorial.check.checkpointing_on", job=jid[:8]))
    return ok(t("tutorial.check.checkpointing_off", job=jid[:8]))


def changes_flow_but_slot_stuck(run: TutorialRun) -> CheckResult:
    """Rows still reach the copy without checkpoints; what does not move is the slot's confirmed position."""
    names = run.names
    db = run.database
    want = db.count(names["source"])
    arrived = wait_for(run, lambda: db.count(names["copy"]) >= want, 60, t("tutorial.what.changes"))
    if not arrived:
        return fail(
            t("tutorial.check.copy_short", copy=names["copy"], got=db.count(names["copy"]), want=want),
            t("tutorial.hint.job_log"),
        )
    return slot_stuck(run, extra=t("tutorial.check.changes_flow", rows=want))


def slot_stuck(run: TutorialRun, extra: str = "") -> CheckResult:
    """The rows written by the change step are past the slot's confirmed position: without a checkpoint the
    connector never confirms them, so PostgreSQL keeps their WAL."""
    slot_name = run.names["slot"]
    slot = run.database.slot(slot_name)
    if slot is None:
        return fail(t("tutorial.check.no_slot", slot=slot_name))
    change = run.seen.get("change_lsn")
    if change is not None and not run.database.slot_confirmed_before(slot_name, change):
        return fail(t("tutorial.check.slot_confirmed", slot=slot_name, lsn=slot["confirmed"] or "-"))
    if slot["retained"] <= 0:
        return fail(t("tutorial.check.slot_empty", slot=slot_name))
    text = t(
        "tutorial.check.slot_stuck",
        slot=slot_name,
        lsn=slot["confirmed"] or "-",
        change=change or "-",
        bytes=_size(slot["retained"]),
    )
    return ok(f"{extra}\n  {text}" if extra else text)


def canceled(run: TutorialRun) -> CheckResult:
    jid = run.seen.get("job")
    if jid is None:
        return fail(t("tutorial.check.no_job"))
    ended = wait_for(run, lambda: _job_state(run, jid) in ENDED, 30, t("tutorial.what.stopped"))
    if not ended:
        return fail(t("tutorial.check.not_stopped", job=jid[:8], state=_job_state(run, jid)))
    return ok(t("tutorial.check.canceled", job=jid[:8], state=_job_state(run, jid)))


def nothing_to_resume(run: TutorialRun) -> CheckResult:
    outcome = run.last_outcome
    old = run.seen.get("job")
    if outcome is not None and outcome.ok:
        return fail(t("tutorial.check.resumed_anyway"))
    if live_job(run) not in (None, old):
        return fail(t("tutorial.check.resumed_anyway"))
    return ok(t("tutorial.check.nothing_to_resume"))


def slot_left_behind(run: TutorialRun) -> CheckResult:
    slot = run.database.slot(run.names["slot"])
    if slot is None:
        return fail(t("tutorial.check.no_slot", slot=run.names["slot"]))
    if slot["active"]:
        # the cancelled job lets go of its slot a moment later
        wait_for(
            run,
            lambda: not (run.database.slot(run.names["slot"]) or {}).get("active"),
            20,
            t("tutorial.what.slot_released"),
        )
        slot = run.database.slot(run.names["slot"]) or slot
    if slot["active"]:
        return fail(t("tutorial.check.slot_active", slot=run.names["slot"]))
    return ok(t("tutorial.check.slot_orphan", slot=run.names["slot"], bytes=_size(slot["retained"])))
