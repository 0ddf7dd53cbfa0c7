"""Plain records the engine's parts share: what became of a statement, what is known of the gateway."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Outcome:
    """What became of one statement; batch mode turns these into exit codes and resume points."""

    ok: bool
    job_id: str | None = None
    error: str | None = None
    canceled: bool = False
    skipped: bool = False
    rows: int = 0


@dataclass
class ConnectionState:
    """What the prompt, `\\status`, the checks and the journals know of the gateway; kept while disconnected, so
    that the reason and the last known session stay visible."""

    url: str
    connected: bool = False
    session: str | None = None
    flink_version: str | None = None
    api_version: str | None = None
    error: str | None = None
    catalog: str | None = None
    database: str | None = None
    session_config: dict[str, str] = field(default_factory=dict)
    cluster_config: dict[str, str] = field(default_factory=dict)
