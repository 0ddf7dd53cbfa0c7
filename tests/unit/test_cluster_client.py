"""ClusterClient against answers a real JobManager cannot be made to give (proxies, outages, garbage)."""

from __future__ import annotations

import httpx
import pytest

from cdcshell.cluster.client import ClusterClient
from cdcshell.cluster.errors import (
    ClusterError,
    ClusterProtocolError,
    ClusterTimeout,
    ClusterUnreachable,
    JobNotFound,
    SavepointDirectoryMissing,
    SavepointTimeout,
)
from tests.answers import Recorder

BASE = "http://jm.example:8081"


def client(rec, **kw) -> ClusterClient:
    kw.setdefault("retry_backoff", 0.0)
    return ClusterClient(BASE, transport=httpx.MockTransport(rec), **kw)


def test_html_page_is_a_protocol_error():
    rec = Recorder(httpx.Response(200, text="<html><body>Login required</body></html>"))
    with client(rec) as c, pytest.raises(ClusterProtocolError) as exc:
        c.overview()
    assert "Login required" in str(exc.value)


def test_wrong_shape_is_a_protocol_error():
    rec = Recorder(httpx.Response(200, json={"not": "a list"}))
    with client(rec) as c, pytest.raises(ClusterProtocolError):
        c.jobmanager_config()


def test_connection_refused_retried_then_unreachable_naming_url_without_password():
    rec = Recorder(httpx.ConnectError("[Errno 111] Connection refused"))
    c = ClusterClient(
        "http://ops:hunter2@jm.example:8081", transport=httpx.MockTransport(rec), retry_backoff=0
    )
    with c, pytest.raises(ClusterUnreachable) as exc:
        c.jobs()
    assert len(rec.requests) == 3
    assert "jm.example:8081" in str(exc.value)
    assert "hunter2" not in str(exc.value)
    assert rec.requests[0].headers["authorization"].startswith("Basic ")


def test_503_then_ok():
    rec = Recorder(httpx.Response(503, text="Service Unavailable"), httpx.Response(200, json={"jobs": []}))
    with client(rec) as c:
        assert c.jobs() == []
    assert len(rec.requests) == 2


def test_timeout():
    rec = Recorder(httpx.ConnectTimeout("slow"))
    with client(rec, retries=1) as c, pytest.raises(ClusterTimeout):
        c.config()


def test_invalid_job_id_is_not_sent():
    rec = Recorder(httpx.Response(200, json={}))
    with client(rec) as c, pytest.raises(JobNotFound):
        c.checkpoints("../../etc")
    assert rec.requests == []


def test_wait_savepoint_times_out_without_sleeping_for_real():
    rec = Recorder(httpx.Response(200, json={"status": {"id": "IN_PROGRESS"}, "operation": None}))
    slept: list[float] = []
    progress: list[float] = []
    with client(rec) as c, pytest.raises(SavepointTimeout) as exc:
        c.wait_savepoint("a" * 32, "t" * 32, timeout=0.0, on_progress=progress.append, sleep=slept.append)
    assert isinstance(exc.value, ClusterError)
    assert len(progress) == 1


def test_savepoint_without_a_directory_anywhere():
    """The JobManager's 400 when neither the request nor the cluster names a savepoint directory (the test
    sandbox always configures one, so a real cluster cannot be made to answer this in CI)."""
    message = (
        "org.apache.flink.runtime.rest.handler.RestHandlerException: Config key "
        "[execution.checkpointing.savepoint-dir] is not set. Property [targetDirectory] must be provided."
    )
    rec = Recorder(httpx.Response(400, json={"errors": [message]}))
    with pytest.raises(SavepointDirectoryMissing) as exc:
        client(rec).trigger_savepoint("0" * 32)
    assert "savepoint-dir" in str(exc.value)
    assert len(rec.requests) == 1  # a client error is not retried
