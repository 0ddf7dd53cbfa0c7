"""Client for the Flink JobManager REST API: jobs, checkpoint statistics, savepoints.

Names load on first use, so importing the package (or only its errors) does not pull in httpx.
"""

from __future__ import annotations

from cdcshell.lazy import lazy_getattr

_EXPORTS = {
    "ClusterClient": "client",
    "ClusterOverview": "models",
    "DashboardConfig": "models",
    "JobSummary": "models",
    "JobDetails": "models",
    "Vertex": "models",
    "Checkpoint": "models",
    "TaskCheckpoint": "models",
    "RestoredCheckpoint": "models",
    "CheckpointCounts": "models",
    "CheckpointStats": "models",
    "CheckpointConfig": "models",
    "StatsSummary": "models",
    "SavepointStatus": "models",
    "TERMINAL_JOB_STATES": "models",
    "ClusterError": "errors",
    "ClusterUnreachable": "errors",
    "ClusterTimeout": "errors",
    "ClusterProtocolError": "errors",
    "JobNotFound": "errors",
    "AmbiguousJob": "errors",
    "JobNotRunning": "errors",
    "CheckpointNotFound": "errors",
    "SavepointDirectoryMissing": "errors",
    "SavepointTimeout": "errors",
    "SavepointUnknown": "errors",
}

__all__ = sorted(_EXPORTS)


__getattr__ = lazy_getattr(__name__, _EXPORTS, globals())
