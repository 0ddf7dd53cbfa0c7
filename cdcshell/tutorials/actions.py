"""What a tutorial does itself rather than asking the user to type: prepare its tables, play the application
that writes rows, and clean up after itself. Each returns what it did, in words, for the screen."""

from __future__ import annotations

import contextlib
import time

from cdcshell.i18n import t
from cdcshell.tutorials.checks import LIVE, pipeline_jobs
from cdcshell.tutorials.model import TutorialRun
from cdcshell.tutorials.postgres import NEW_ROWS, SEED_ROWS


def _cancel_pipeline(run: TutorialRun) -> int:
    """Cancel the jobs of an earlier run of this tutorial that still read its slot; how many were cancelled."""
    cluster = run.shell.cluster
    live = [j for j in pipeline_jobs(run) if j.state in LIVE]
    for job in live:
        with contextlib.suppress(Exception):
            cluster.cancel(job.jid)
    deadline = time.monotonic() + 30
    while live and time.monotonic() < deadline:
        if not any(j.state in LIVE for j in pipeline_jobs(run) if j.jid in {x.jid for x in live}):
            break
        time.sleep(0.5)
    return len(live)


def _drop_session_tables(run: TutorialRun) -> None:
    """The Flink tables of an earlier run in this session: their CREATE TABLE steps must work again."""
    shell = run.shell
    if not shell.connected:
        return
    for table in (run.names["flink_source"], run.names["copy"]):
        with contextlib.suppress(Exception):
            shell.query_rows(f"DROP TABLE IF EXISTS `{table}`")


def prepare(run: TutorialRun) -> str:
    cancelled = _cancel_pipeline(run)
    _drop_session_tables(run)
    run.database.prepare(run.tutorial.prefix)
    text = t(
        "tutorial.action.prepared",
        source=run.names["source"],
        copy=run.names["copy"],
        publication=run.names["publication"],
        rows=len(SEED_ROWS),
        target=run.database.label,
    )
    if cancelled:
        text += " " + t("tutorial.action.cancelled_old", count=cancelled, name=run.tutorial.pipeline)
    return text


def change_data(run: TutorialRun) -> str:
    """Rows written by "the application", straight into PostgreSQL."""
    source = run.names["source"]
    with run.database.connect() as conn, conn.cursor() as cur:
        cur.executemany(f"INSERT INTO {source} (id, product, quantity) VALUES (%s, %s, %s)", list(NEW_ROWS))
    run.seen["change_lsn"] = run.database.current_lsn()  # the WAL position just after the new rows
    values = ", ".join(f"({i}, '{p}', {q})" for i, p, q in NEW_ROWS)
    return t(
        "tutorial.action.changed",
        statement=f"INSERT INTO {source} (id, product, quantity) VALUES {values};",
        rows=len(NEW_ROWS),
    )


def cleanup(run: TutorialRun) -> str:
    cancelled = _cancel_pipeline(run)
    dropped = run.database.drop_slot(run.names["slot"])
    key = "tutorial.action.cleaned" if dropped else "tutorial.action.slot_busy"
    return t(key, count=cancelled, slot=run.names["slot"])
