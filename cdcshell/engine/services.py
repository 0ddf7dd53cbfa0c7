"""What the engine builds only on first use: the JobManager client, the risk checks, the two journals.

Each is created the first time something asks for it, so that a shell that never looks at the cluster never
imports its client, and start-up stays free of httpx, rich and sqlglot.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from cdcshell.engine.state import ConnectionState
from cdcshell.options import Options

if TYPE_CHECKING:
    from cdcshell.cluster.client import ClusterClient
    from cdcshell.lint import IncrementalLinter
    from cdcshell.store.job_journal import JobJournal
    from cdcshell.store.state_journal import StateJournal


_log = logging.getLogger(__name__)


class Services:
    """The lazily built collaborators of one shell; `state` is read when they are built (URLs, configs)."""

    def __init__(
        self, options: Options, state: ConnectionState, notice: Callable[[str], None] | None = None
    ) -> None:
        self.options = options
        self.notice = notice  # says once which JobManager URL is used and why (the console's info line)
        self.state = state  # replaced by the link on `\connect URL`: see `GatewayLink.state`
        self.cluster_client: ClusterClient | None = None  # tests put a fake here
        self._linter: IncrementalLinter | None = None
        self._state_journal: StateJournal | None = None
        self._job_journal: JobJournal | None = None

    @property
    def cluster(self) -> ClusterClient:
        """JobManager client: `--jobmanager`, else the `rest.address`/`rest.port` the gateway session reports; the
        gateway's headers go there only on the gateway's origin or when the user said so (`jobmanager_target`)."""
        if self.cluster_client is None:
            from cdcshell.cluster.client import ClusterClient
            from cdcshell.jobmanager_target import choose_jobmanager

            target = choose_jobmanager(
                gateway_url=self.state.url or self.options.gateway,
                explicit_url=self.options.jobmanager,
                session_config=self.state.session_config,
                gateway_headers=self.options.headers,
                jobmanager_headers=self.options.jobmanager_headers,
                share_gateway_headers=self.options.jobmanager_gateway_headers,
            )
            _log.info("%s", target.reason)  # said once: the client is made once
            if target.worth_saying and self.notice is not None:
                self.notice(target.reason)
            self.cluster_client = ClusterClient(
                target.url, headers=target.headers, verify=self.options.verify
            )
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
