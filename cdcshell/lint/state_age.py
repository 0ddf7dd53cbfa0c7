"""How old the state a job resumes from is (MY003: the binlog must still hold the position it saved).

A savepoint or retained checkpoint on a local file system says it itself: its `_metadata` file is written when
the state is complete. Elsewhere (s3://, hdfs://, another machine) the job journal names the job the path was
taken from and the JobManager that job's latest completed checkpoint or savepoint — an age that is at least
right when the path is that latest state, and too young (never too old) when it is an earlier one.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

if TYPE_CHECKING:
    from cdcshell.cluster.models import CheckpointStats
    from cdcshell.store.job_journal import SubmittedJob


def local_metadata(path: str) -> Path | None:
    """The `_metadata` file of a `file://` (or plain local) savepoint/checkpoint path; None elsewhere."""
    text = path.strip()
    parts = urlsplit(text)
    if parts.scheme == "file":
        local = Path(unquote(parts.path))
    elif parts.scheme == "" and text.startswith("/"):
        local = Path(text)
    else:
        return None
    candidate = local if local.name == "_metadata" else local / "_metadata"
    return candidate if candidate.is_file() else None


def state_age(
    path: str,
    *,
    origin: Callable[[str], SubmittedJob | None],
    checkpoints: Callable[[str], CheckpointStats | None],
    now: Callable[[], float] = time.time,
) -> float | None:
    """Seconds since the state at `path` was taken; None when neither the file system nor the JobManager says."""
    metadata = local_metadata(path)
    if metadata is not None:
        return max(now() - metadata.stat().st_mtime, 0.0)
    record = origin(path)
    if record is None:
        return None
    stats = checkpoints(record.job_id)
    if stats is None:
        return None
    taken = [
        c.trigger_timestamp
        for c in (stats.latest_completed, stats.latest_savepoint)
        if c is not None and c.trigger_timestamp
    ]
    return max(now() - max(taken) / 1000.0, 0.0) if taken else None


def local_age(path: str) -> float | None:
    """`Probes.recovery_age` without a gateway: only a local savepoint's own `_metadata` can say."""
    return state_age(path, origin=lambda _: None, checkpoints=lambda _: None)


def from_journal(
    gateway_url: str, checkpoints: Callable[[str], CheckpointStats | None]
) -> Callable[[str], float | None]:
    """The `Probes.recovery_age` lookup for `gateway_url`'s journal (read only when a path is asked about)."""

    def origin(path: str) -> SubmittedJob | None:
        from cdcshell.store.job_journal import JobJournal

        try:
            return JobJournal.for_gateway(gateway_url).origin_of(path)
        except OSError:
            return None

    return lambda path: state_age(path, origin=origin, checkpoints=checkpoints)
