"""What the engine builds only on first use: the JobManager client, the risk checks, the two journals.

Each is created the first time something asks for it, so that a shell that never looks at the cluster never
imports its client, and start-up stays free of httpx, rich and sqlglot.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cdcshell.engine.state import ConnectionState
from cdcshell.options import Options

if TYPE_CHECKING:
    from cdcshell.cluster.client import ClusterClient
    from cdcshell.lint import IncrementalLinter
    from cdcshell.store.job_journal import JobJournal
    from cdcshell.store.state_journal import StateJournal


class Services:
    """The lazily built collaborators of one shell; `state` is read when they are built (URLs, configs)."""

    def __init__(self, options: Options, state: ConnectionState) -> None:
        self.options = options
        self.state = state  # replaced by the link on `\connect URL`: see `GatewayLink.state`
        self.cluster_client: ClusterClient | None = None  # tests put a fake here
        self._linter: IncrementalLinter | None = None
        self._state_journal: StateJournal | None = None
        self._job_journal: JobJournal | None = None

    @property
    def cluster(self) -> ClusterClient:
        """JobManager client: `--jobmanager`, else the `rest.address`/`rest.port` the gateway session reports."""
        if self.cluster_client is None:
            from cdcshell.cluster.client import ClusterClient

            url = self.options.jobmanager
            if not url:
                cfg = self.state.session_config
                host = cfg.get("rest.address", "127.0.0.1")
                port = cfg.get("rest.port", "8081")
                url = f"http://{host}:{port}"
            self.cluster_client = ClusterClient(url, headers=self.options.headers, verify=self.options.verify)
        return self.cluster_client

    def flink_version(self) -> str:
        return self.options.flink_version or self.state.flink_version or "1.20"

    @property
    def linter(self) -> IncrementalLinter | None:
        """The risk checks, fed every successful statement; None when the lint package cannot load."""
        if self._linter is None:
            try:
                from cdcshell.lint import IncrementalLinter
            except ImportError:
                return None
            self._linter = IncrementalLinter(
                flink_version=self.flink_version(),
                cluster_config=dict(self.state.cluster_config),
                session_config=dict(self.state.session_config),
            )
        return self._linter

    @property
    def linter_if_built(self) -> IncrementalLinter | None:
        """The checks only when something already built them (feeding them is no reason to build them)."""
        return self._linter

    @property
    def state_journal(self) -> StateJournal:
        if self._state_journal is None:
            from cdcshell.store.state_journal import StateJournal

            self._state_journal = StateJournal()
        return self._state_journal

    @property
    def job_journal(self) -> JobJournal:
        if self._job_journal is None:
            from cdcshell.store.job_journal import JobJournal

            self._job_journal = JobJournal.for_gateway(self.state.url)
        return self._job_journal

    def load_cluster_config(self) -> None:
        """The JobManager's configuration, for the checks that must know what the cluster sets (a deprecated key
        in the session loses silently to the new key in the cluster's config). Best effort, never fatal."""
        try:
            self.state.cluster_config = dict(self.cluster.jobmanager_config())
        except Exception:
            self.state.cluster_config = {}
        if self._linter is not None:
            self._linter.set_base(
                cluster_config=self.state.cluster_config,
                session_config=dict(self.state.session_config),
                cluster_name="/jobmanager/config",
            )
