"""ClusterClient against a real JobManager, with real jobs submitted through the SQL Gateway.

Every job started here is cancelled (or stopped) before the test ends.
"""

from __future__ import annotations

import contextlib
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from cdcshell.cluster import (
    AmbiguousJob,
    CheckpointNotFound,
    ClusterClient,
    JobNotFound,
    JobNotRunning,
    SavepointUnknown,
)
from cdcshell.gateway import GatewayClient

pytestmark = pytest.mark.integration

CKPT_DIR = "file:///tmp/cdcshell-test-ckpt"


@pytest.fixture(scope="module")
def gw_url(gateway_url: str) -> str:
    """The gateway of the shared integration sandbox (tests/integration/conftest.py)."""
    return gateway_url


@pytest.fixture(scope="module")
def jm_url(jobmanager_url: str) -> str:
    return jobmanager_url


@pytest.fixture(scope="module")
def cluster(jm_url: str) -> Iterator[ClusterClient]:
    with ClusterClient(jm_url) as client:
        yield client


@pytest.fixture(scope="module")
def gw(gw_url: str) -> Iterator[GatewayClient]:
    with GatewayClient(gw_url) as client:
        yield client


@pytest.fixture
def start_job(gw: GatewayClient, cluster: ClusterClient) -> Iterator[Callable[[str], str]]:
    """Start a checkpointing datagen → blackhole INSERT named `name`; cancel whatever is left at the end."""
    started: list[str] = []
    sessions: list[str] = []

    def start(name: str) -> str:
        session = gw.open_session(
            {
                "execution.checkpointing.interval": "1 s",
                "execution.checkpointing.dir": CKPT_DIR,
                "pipeline.name": name,
            }
        )
        sessions.append(session)
        gw.execute_and_collect(
            session,
            "CREATE TEMPORARY TABLE g (id BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '5')",
        )
        gw.execute_and_collect(
            session, "CREATE TEMPORARY TABLE bh (id BIGINT) WITH ('connector' = 'blackhole')"
        )
        result = gw.execute_and_collect(session, "INSERT INTO bh SELECT id FROM g")
        assert result.job_id
        started.append(result.job_id)
        _wait(lambda: cluster.job(result.job_id).state == "RUNNING", "job running")
        return result.job_id

    yield start
    for jid in started:
        with contextlib.suppress(JobNotRunning, JobNotFound):
            cluster.cancel(jid)
    for session in sessions:
        gw.close_session(session)


def _wait(check: Callable[[], bool], what: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


def _unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def test_overview_config_and_version(cluster: ClusterClient, gw: GatewayClient):
    overview = cluster.overview()
    assert overview.taskmanagers >= 1 and overview.slots_total >= 1
    assert cluster.config().flink_version == overview.flink_version == gw.info().version
    conf = cluster.jobmanager_config()
    assert "jobmanager.rpc.port" in conf or "rest.port" in conf or "rest.address" in conf


def test_checkpoints_savepoints_stop(cluster: ClusterClient, start_job, tmp_path: Path):
    name = _unique("cdcshell-ckpt")
    jid = start_job(name)

    listed = {j.jid: j for j in cluster.jobs()}
    assert listed[jid].state == "RUNNING" and listed[jid].name == name
    assert cluster.resolve_job(jid).jid == jid
    assert cluster.resolve_job(jid[:10]).jid == jid
    assert cluster.resolve_job(name).jid == jid

    _wait(lambda: cluster.checkpoints(jid).counts.completed >= 2, "two completed checkpoints")
    stats = cluster.checkpoints(jid)
    latest = stats.latest_completed
    assert latest is not None and latest.status == "COMPLETED"
    assert latest.external_path.startswith("file:/tmp/cdcshell-test-ckpt/" + jid)
    assert stats.history and all(h.id > 0 for h in stats.history)
    assert stats.summary["end_to_end_duration"].max is not None

    config = cluster.checkpoint_config(jid)
    assert config.interval == 1000 and config.enabled
    assert config.mode == "EXACTLY_ONCE"
    assert config.checkpoint_storage

    details = cluster.checkpoint_details(jid, latest.id)
    assert details.id == latest.id
    assert len(details.tasks) == 2
    assert {t.vertex_name for t in details.tasks} and all(t.vertex_name for t in details.tasks)
    with pytest.raises(CheckpointNotFound):
        cluster.checkpoint_details(jid, 999999)

    target = tmp_path / "savepoints"
    trigger = cluster.trigger_savepoint(jid, f"file://{target}")
    progress: list[float] = []
    status = cluster.wait_savepoint(jid, trigger, timeout=60, on_progress=progress.append)
    assert status.succeeded, status.failure
    assert status.location.startswith(f"file:{target}/savepoint-")
    assert Path(status.location.removeprefix("file:")).is_dir()
    _wait(lambda: cluster.checkpoints(jid).latest_savepoint is not None, "savepoint in statistics")
    assert cluster.checkpoints(jid).latest_savepoint.is_savepoint

    failing = cluster.trigger_savepoint(jid, "file:///proc/cdcshell-cannot-write-here")
    failed = cluster.wait_savepoint(jid, failing, timeout=60)
    assert failed.done and not failed.succeeded
    assert "savepoint directory" in failed.failure

    with pytest.raises(SavepointUnknown):
        cluster.savepoint_status(jid, "0" * 32)

    stop_trigger = cluster.stop(jid, f"file://{target}")
    stopped = cluster.wait_savepoint(jid, stop_trigger, timeout=60)
    assert stopped.succeeded, stopped.failure
    _wait(lambda: cluster.job(jid).state == "FINISHED", "stopped job finished")
    with pytest.raises(JobNotRunning) as exc:
        cluster.cancel(jid)
    assert exc.value.state == "FINISHED"


def test_cancel_and_name_resolution(cluster: ClusterClient, start_job):
    name = _unique("cdcshell-twin")
    first = start_job(name)
    second = start_job(name)
    with pytest.raises(AmbiguousJob) as exc:
        cluster.resolve_job(name)
    assert {c.jid for c in exc.value.candidates} == {first, second}
    cluster.cancel(first)
    _wait(lambda: cluster.job(first).state == "CANCELED", "job canceled")
    # The name now resolves to the one job still running.
    assert cluster.resolve_job(name).jid == second


def test_unknown_jobs(cluster: ClusterClient):
    with pytest.raises(JobNotFound):
        cluster.job("0" * 32)
    with pytest.raises(JobNotFound):
        cluster.resolve_job("0" * 32)
    with pytest.raises(JobNotFound) as exc:
        cluster.resolve_job("no such job name " + uuid.uuid4().hex)
    assert "no such job name" in str(exc.value)
    with pytest.raises(JobNotFound):
        cluster.cancel("0" * 32)
    with pytest.raises(JobNotFound):
        cluster.checkpoints("0" * 32)
