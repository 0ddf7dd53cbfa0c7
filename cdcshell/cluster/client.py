"""A typed client for the Flink JobManager REST API: jobs, checkpoint statistics, savepoints, stop, cancel.

Reads are retried on connection failures and 502/503/504 (they are harmless to repeat). Savepoint and
stop-with-savepoint send a client-chosen ``triggerId``, which the JobManager de-duplicates, so they are safe to
retry too; cancel is a PATCH whose repetition is harmless. Nothing here prints: errors carry one-line messages
for the caller to show.
"""

from __future__ import annotations

import json
import re
import time
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from cdcshell.cluster.errors import (
    AmbiguousJob,
    CheckpointNotFound,
    ClusterError,
    ClusterProtocolError,
    ClusterTimeout,
    ClusterUnreachable,
    JobNotFound,
    JobNotRunning,
    SavepointDirectoryMissing,
    SavepointTimeout,
    SavepointUnknown,
)
from cdcshell.cluster.models import (
    Checkpoint,
    CheckpointConfig,
    CheckpointStats,
    ClusterOverview,
    DashboardConfig,
    JobDetails,
    JobSummary,
    SavepointStatus,
    first_error_line,
)
from cdcshell.http import RequestTimeout, RestClient, TransportError, body_text
from cdcshell.i18n import t

if TYPE_CHECKING:
    import httpx

    from cdcshell.cluster.follow import ExceptionEntry

_JOB_ID = re.compile(r"^[0-9a-f]{32}$")
_HEX = re.compile(r"^[0-9a-f]+$")
_MIN_PREFIX = 4
_TERMINAL_STATE = re.compile(r"already reached another terminal state \((\w+)\)")
_JOB_GONE = re.compile(r"Job could not be found|Could not find Flink job|Job [0-9a-f]{32} not found")
_SAVEPOINT_DIR = re.compile(r"Config key \[[^\]]+\] is not set\. Property \[[^\]]+\] must be provided")
_NO_SAVEPOINT_OP = re.compile(r"There is no savepoint operation with triggerId")
_NO_CHECKPOINT = re.compile(r"Could not find checkpointing statistics for checkpoint")


class ClusterClient(RestClient[Any]):
    """One connection pool to one JobManager's REST endpoint (default port 8081)."""

    default_timeout = 10.0

    # -- plumbing ---------------------------------------------------------------------------------------------

    def _transport_error(self, error: TransportError, limit: float) -> ClusterError:
        if isinstance(error, RequestTimeout):
            return ClusterTimeout(self.display_url, self.timeout)
        return ClusterUnreachable(self.display_url, error.reason)

    def _decode(self, resp: httpx.Response, *, job: str | None = None) -> Any:
        status = resp.status_code
        text = body_text(resp)
        try:
            data = json.loads(text) if text.strip() else {}
        except ValueError:
            raise ClusterProtocolError(self.display_url, status, text) from None
        if 200 <= status < 300:
            return data
        errors = data.get("errors") if isinstance(data, dict) else None
        if not isinstance(errors, list) or not errors:
            raise ClusterProtocolError(self.display_url, status, text)
        trace = "\n".join(str(e) for e in errors)
        message = first_error_line(errors)
        if job is not None:
            if _JOB_GONE.search(trace):
                raise JobNotFound(job, status=status, trace=trace)
            m = _TERMINAL_STATE.search(trace)
            if m:
                raise JobNotRunning(job, m.group(1), status=status, trace=trace)
        if _SAVEPOINT_DIR.search(trace):
            raise SavepointDirectoryMissing(t("cluster.savepoint_dir_missing"), status=status, trace=trace)
        raise ClusterError(
            t("cluster.server_error", status=status, message=message), status=status, trace=trace
        )

    def _obj(self, data: Any) -> dict[str, Any]:
        if not isinstance(data, dict):
            raise ClusterProtocolError(self.display_url, 200, json.dumps(data)[:1000])
        return data

    # -- cluster ----------------------------------------------------------------------------------------------

    def overview(self) -> ClusterOverview:
        return ClusterOverview.from_wire(self._obj(self._call("GET", "/overview")))

    def config(self) -> DashboardConfig:
        return DashboardConfig.from_wire(self._obj(self._call("GET", "/config")))

    def jobmanager_config(self) -> dict[str, str]:
        """The cluster's effective configuration (what a session's SET overrides)."""
        data = self._call("GET", "/jobmanager/config")
        if not isinstance(data, list):
            raise ClusterProtocolError(self.display_url, 200, json.dumps(data)[:1000])
        return {str(item.get("key")): str(item.get("value")) for item in data if isinstance(item, dict)}

    # -- jobs -------------------------------------------------------------------------------------------------

    def jobs(self) -> list[JobSummary]:
        """All jobs the JobManager remembers, newest first."""
        data = self._obj(self._call("GET", "/jobs/overview"))
        jobs = [JobSummary.from_wire(j) for j in data.get("jobs") or [] if isinstance(j, dict)]
        return sorted(jobs, key=lambda j: j.start_time or 0, reverse=True)

    def job(self, jid: str) -> JobDetails:
        return JobDetails.from_wire(self._obj(self._call("GET", f"/jobs/{self._id(jid)}", job=jid)))

    def _id(self, jid: str) -> str:
        """A path-safe job id; anything that is not one is unknown to the JobManager by definition."""
        if not _JOB_ID.match(jid):
            raise JobNotFound(jid)
        return jid

    def resolve_job(self, ref: str) -> JobSummary:
        """A job by full id, unique id prefix (≥ 4 hex chars), or name.

        Several jobs with one name (a pipeline re-submitted after a stop) resolve to the one still running, if
        exactly one is; otherwise the caller gets :class:`AmbiguousJob` with the candidates.
        """
        ref = ref.strip()
        jobs = self.jobs()
        low = ref.lower()
        if _JOB_ID.match(low):
            for job in jobs:
                if job.jid == low:
                    return job
            return self.job(low).summary()
        if len(low) >= _MIN_PREFIX and _HEX.match(low):
            by_prefix = [j for j in jobs if j.jid.startswith(low)]
            if len(by_prefix) == 1:
                return by_prefix[0]
            if len(by_prefix) > 1:
                raise AmbiguousJob(ref, list(by_prefix))
        for matches in ([j for j in jobs if j.name == ref], [j for j in jobs if j.name.lower() == low]):
            if len(matches) == 1:
                return matches[0]
            if len(matches) > 1:
                live = [j for j in matches if not j.is_terminal]
                if len(live) == 1:
                    return live[0]
                raise AmbiguousJob(ref, live or matches)
        raise JobNotFound(ref)

    def cancel(self, jid: str) -> None:
        """Cancel a job (PATCH /jobs/{jid}?mode=cancel); JobNotRunning if it already ended."""
        self._call("PATCH", f"/jobs/{self._id(jid)}", params={"mode": "cancel"}, job=jid)

    def job_exceptions(self, jid: str) -> list[ExceptionEntry]:
        """The job's failures, newest first, each with its root cause (`/jobs/{id}/exceptions`)."""
        from cdcshell.cluster.follow import exception_history

        data = self._call("GET", f"/jobs/{self._id(jid)}/exceptions", params={"maxExceptions": "5"}, job=jid)
        return exception_history(self._obj(data))

    def job_restarts(self, jid: str) -> int | None:
        """How often the job restarted (the job-level `numRestarts` metric); None when the metric is missing."""
        data = self._call("GET", f"/jobs/{self._id(jid)}/metrics", params={"get": "numRestarts"}, job=jid)
        for item in data if isinstance(data, list) else []:
            if isinstance(item, dict) and item.get("id") == "numRestarts":
                try:
                    return int(float(str(item.get("value"))))
                except ValueError:
                    return None
        return None

    # -- checkpoints ------------------------------------------------------------------------------------------

    def checkpoints(self, jid: str) -> CheckpointStats:
        return CheckpointStats.from_wire(
            self._obj(self._call("GET", f"/jobs/{self._id(jid)}/checkpoints", job=jid))
        )

    def checkpoint_config(self, jid: str) -> CheckpointConfig:
        data = self._obj(self._call("GET", f"/jobs/{self._id(jid)}/checkpoints/config", job=jid))
        return CheckpointConfig.from_wire(data)

    def checkpoint_details(self, jid: str, checkpoint_id: int, *, vertex_names: bool = True) -> Checkpoint:
        """One checkpoint with per-task statistics; tasks carry the vertex names when ``vertex_names``."""
        try:
            data = self._call(
                "GET", f"/jobs/{self._id(jid)}/checkpoints/details/{int(checkpoint_id)}", job=jid
            )
        except ClusterError as exc:
            if _NO_CHECKPOINT.search(exc.trace):
                raise CheckpointNotFound(
                    jid, int(checkpoint_id), status=exc.status, trace=exc.trace
                ) from None
            raise
        names = {v.id: v.name for v in self.job(jid).vertices} if vertex_names else {}
        return Checkpoint.from_wire(self._obj(data), names)

    # -- savepoints -------------------------------------------------------------------------------------------

    def trigger_savepoint(
        self, jid: str, target_dir: str | None = None, *, cancel: bool = False, fmt: str = "CANONICAL"
    ) -> str:
        """Start a savepoint; returns the trigger id to poll with :meth:`savepoint_status`."""
        trigger = uuid.uuid4().hex
        body: dict[str, Any] = {"cancel-job": bool(cancel), "formatType": fmt.upper(), "triggerId": trigger}
        if target_dir:
            body["target-directory"] = target_dir
        data = self._obj(self._call("POST", f"/jobs/{self._id(jid)}/savepoints", body=body, job=jid))
        return str(data.get("request-id") or trigger)

    def stop(
        self, jid: str, target_dir: str | None = None, *, drain: bool = False, fmt: str = "CANONICAL"
    ) -> str:
        """Stop with a savepoint (``drain`` sends MAX_WATERMARK first); poll the trigger like a savepoint."""
        trigger = uuid.uuid4().hex
        body: dict[str, Any] = {"drain": bool(drain), "formatType": fmt.upper(), "triggerId": trigger}
        if target_dir:
            body["targetDirectory"] = target_dir
        data = self._obj(self._call("POST", f"/jobs/{self._id(jid)}/stop", body=body, job=jid))
        return str(data.get("request-id") or trigger)

    def savepoint_status(self, jid: str, trigger: str) -> SavepointStatus:
        try:
            data = self._call("GET", f"/jobs/{self._id(jid)}/savepoints/{quote(trigger, safe='')}", job=jid)
        except ClusterError as exc:
            if _NO_SAVEPOINT_OP.search(exc.trace):
                raise SavepointUnknown(
                    t("cluster.savepoint_unknown", job=jid, trigger=trigger),
                    status=exc.status,
                    trace=exc.trace,
                ) from None
            raise
        return SavepointStatus.from_wire(self._obj(data))

    def wait_savepoint(
        self,
        jid: str,
        trigger: str,
        timeout: float = 600.0,
        on_progress: Callable[[float], object] | None = None,
        *,
        poll: float = 0.2,
        max_poll: float = 2.0,
        sleep: Callable[[float], object] = time.sleep,
    ) -> SavepointStatus:
        """Poll until the operation is done (success or failure); ``on_progress(elapsed_s)`` after each poll."""
        start = time.monotonic()
        delay = poll
        while True:
            status = self.savepoint_status(jid, trigger)
            elapsed = time.monotonic() - start
            if status.done:
                return status
            if on_progress is not None:
                on_progress(elapsed)
            if elapsed >= timeout:
                raise SavepointTimeout(jid, trigger, timeout)
            sleep(min(delay, max(0.0, timeout - elapsed)))
            delay = min(max_poll, delay * 2)
