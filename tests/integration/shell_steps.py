"""Driving a pipeline the way a workshop does: one `cdcshell -f` process per step, against the test sandbox.

Shared by the MySQL and Kafka end-to-end tests: run a script, collect the jobs it submitted, read
`\\checkpoints` as JSON, ask the JobManager for a job's state and its root exception, wait with a bound.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from cdcshell.cluster.models import innermost_cause
from cdcshell.sandbox.lifecycle import SandboxInfo
from tests.threads import Helper

JOB_ID = re.compile(r"Job submitted: ([0-9a-f]{32})")
LIVE = ("CREATED", "INITIALIZING", "RUNNING", "RESTARTING")


def wait_for(predicate: Callable[[], object], timeout: float, what: str, interval: float = 1.0) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


@dataclass
class Shell:
    sandbox: SandboxInfo
    work: Path
    jobs: list[str] = field(default_factory=list)

    @property
    def home(self) -> Path:
        return self.work / "home"

    def run(
        self,
        script: str,
        *,
        fmt: str = "plain",
        check: bool = True,
        jobmanager: str | None = None,
        timeout: float = 300,
        force: bool = False,
    ) -> subprocess.CompletedProcess[str]:
        """`cdcshell -f` on `script` in a process of its own; `jobmanager` replaces the sandbox's, `force` runs
        past the risk checks' errors."""
        path = self.work / f"step-{uuid.uuid4().hex[:6]}.sql"
        path.write_text(script)
        env = {**os.environ, "CDCSHELL_HOME": str(self.home), "CDCSHELL_LANG": "en", "NO_COLOR": "1"}
        env.pop("CDCSHELL_GATEWAY", None)
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "cdcshell",
                "--gateway",
                self.sandbox.gateway_url,
                "--jobmanager",
                jobmanager or self.sandbox.jobmanager_url,
                "--format",
                fmt,
                "-f",
                str(path),
                *(["--force"] if force else []),
            ],
            capture_output=True,
            text=True,
            timeout=timeout,
            env=env,
        )
        self.jobs.extend(JOB_ID.findall(proc.stdout + proc.stderr))
        if check:
            assert proc.returncode == 0, (
                f"exit {proc.returncode}\n--- stdout\n{proc.stdout}\n--- stderr\n{proc.stderr}"
            )
        return proc

    def submit(self, script: str, *, force: bool = False) -> str:
        """Run `script` (one job in it) and return the job's id; `force` runs it past the risk checks' errors."""
        proc = self.run(script, force=force)
        ids = JOB_ID.findall(proc.stdout + proc.stderr)
        assert len(ids) == 1, proc.stdout + proc.stderr
        return ids[0]

    def stop_with_savepoint(self, job: str) -> str:
        stop = self.run(f"\\stop {job} --savepoint\n")
        savepoint = stop.stdout.strip().splitlines()[-1]
        assert savepoint.startswith("file:") and "savepoint-" in savepoint, stop.stdout + stop.stderr
        return savepoint

    def resume(self, ddl: str, job: str) -> str:
        """`\\resume` in a new shell (the tables declared again): the id of the new job."""
        resumed = self.run(ddl + f"\\resume {job}\n")
        new_jobs = [j for j in JOB_ID.findall(resumed.stdout + resumed.stderr) if j != job]
        assert len(new_jobs) == 1, resumed.stdout + resumed.stderr
        return new_jobs[0]

    def checkpoints(self, job: str) -> dict[str, object]:
        out = self.run(f"\\checkpoints {job}\n", fmt="json").stdout
        return json.loads(next(line for line in out.splitlines() if line.startswith("{")))

    def completed_checkpoints(self, job: str) -> int:
        return int(self.checkpoints(job)["counts"]["completed"])  # type: ignore[index]

    def job_state(self, job: str) -> str:
        return str(httpx.get(f"{self.sandbox.jobmanager_url}/jobs/{job}", timeout=5).json().get("state"))

    def root_exception(self, job: str) -> str:
        """The job's latest root exception as Flink's REST API gives it (the whole trace), or ""."""
        data = httpx.get(f"{self.sandbox.jobmanager_url}/jobs/{job}/exceptions", timeout=5).json()
        entries = (data.get("exceptionHistory") or {}).get("entries") or []
        if entries:
            return str(entries[0].get("stacktrace") or entries[0].get("exceptionName") or "")
        return str(data.get("root-exception") or "")

    def root_cause(self, job: str) -> str:
        return innermost_cause(self.root_exception(job))

    def cancel_all(self) -> None:
        for jid in self.jobs:
            httpx.patch(f"{self.sandbox.jobmanager_url}/jobs/{jid}", params={"mode": "cancel"}, timeout=10)
        for jid in self.jobs:
            with contextlib.suppress(
                AssertionError
            ):  # cleanup: a job that will not end must not hide the result
                wait_for(lambda j=jid: self.job_state(j) not in LIVE, 60, f"job {jid} to end", interval=0.5)


def crash_taskmanager_while_writing(
    shell: Shell, job: str, write: Callable[[int], None], first_id: int, last_id: int
) -> int:
    """Kill the sandbox's TaskManager while `write(id)` keeps changing rows (5 ids per step), start it again and
    wait until `job` runs again restored from a checkpoint; returns the id of the latest checkpoint before it."""
    from cdcshell.sandbox import lifecycle

    stop_writing = threading.Event()

    def writer() -> None:
        next_id = first_id
        while not stop_writing.is_set() and next_id < last_id:
            write(next_id)
            next_id += 5
            time.sleep(0.2)

    thread = Helper(writer, name="crash-writer")
    thread.start()
    try:
        time.sleep(2)
        latest_before = int(shell.checkpoints(job)["latest_completed"]["id"])  # type: ignore[index]
        assert lifecycle.kill("taskmanager", sandbox_dir=shell.sandbox.sandbox_dir) is not None
        time.sleep(2)
        lifecycle.start("taskmanager", sandbox_dir=shell.sandbox.sandbox_dir, timeout=180)

        def back() -> bool:
            data = shell.checkpoints(job)
            return shell.job_state(job) == "RUNNING" and int(data["counts"]["restored"]) >= 1  # type: ignore[index]

        wait_for(back, 240, "the job to restore from a checkpoint", interval=2)
    finally:
        stop_writing.set()
        thread.join(timeout=60)
    thread.check(timeout=60)  # a writer that failed says why, instead of a sink that never reaches its total
    return latest_before


def drop_slot_when_free(conn: Any, slot: str, timeout: float = 60) -> None:
    """Drop a PostgreSQL replication slot once its (cancelled) job has let go of it; `conn` is autocommit psycopg.

    A slot can look free for a moment while its job is still cancelling (the incremental source lets go of it
    between its snapshot and its stream reader, and takes it again), so a drop that finds it active is retried."""
    import psycopg

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        row = conn.execute("SELECT active FROM pg_replication_slots WHERE slot_name = %s", (slot,)).fetchone()
        if row is None:
            return
        if not row[0]:
            try:
                conn.execute("SELECT pg_drop_replication_slot(%s)", (slot,))
                return
            except psycopg.errors.ObjectInUse:
                pass  # taken again meanwhile: wait for the job to end
        time.sleep(0.5)


CHECKPOINTING = """
SET 'execution.checkpointing.interval' = '2s';
SET 'execution.checkpointing.externalized-checkpoint-retention' = 'RETAIN_ON_CANCELLATION';
"""
