"""Client for the Flink JobManager REST API: jobs, checkpoint statistics, savepoints.

Names load on first use, so importing the package (or only its errors) does not pull in httpx.
"""

from __future__ import annotations

import importlib
from typing import Any

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


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
