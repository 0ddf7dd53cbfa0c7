"""The JobManager `cdcshell lint --connect --gateway URL` asks about the jobs of the journal (which still run,
how old the state a job resumes from is): the one named with `--jobmanager URL`, else the one the gateway's
session reports (`rest.address` / `rest.port`, decided as the shell decides it: `jobmanager_target`), found
through a short-lived session that runs nothing. Found once per lint; a failure is kept as its reason."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cdcshell.lint.probes import first_line

if TYPE_CHECKING:
    from cdcshell.cluster.client import ClusterClient
    from cdcshell.cluster.models import CheckpointStats


class LintJobManager:
    def __init__(self, gateway_url: str, jobmanager_url: str | None, timeout: float) -> None:
        self.gateway_url = gateway_url
        self.jobmanager_url = jobmanager_url
        self.timeout = timeout
        self._client: ClusterClient | str | None = None

    def client(self) -> ClusterClient | str:
        """The JobManager's client, or why there is none (the gateway did not answer, a malformed URL)."""
        if self._client is None:
            self._client = self._connect()
        return self._client

    def _connect(self) -> ClusterClient | str:
        from cdcshell.cluster.client import ClusterClient

        url = self.jobmanager_url or _jobmanager_of(self.gateway_url, self.timeout)
        if url.startswith("!"):
            return url[1:]
        try:
            return ClusterClient(url, timeout=self.timeout)
        except Exception as e:  # a malformed URL
            return first_line(e)

    def live_job_ids(self) -> set[str] | str:
        """The ids of the jobs the JobManager lists as not finished, or why it could not be asked."""
        from cdcshell.lint.running_jobs import live_job_ids

        client = self.client()
        return client if isinstance(client, str) else live_job_ids(client.jobs)

    def checkpoints(self, job_id: str) -> CheckpointStats | None:
        """A job's checkpoint statistics; None when the JobManager cannot say (gone, unreachable)."""
        client = self.client()
        if isinstance(client, str):
            return None
        try:
            return client.checkpoints(job_id)
        except Exception:  # the job expired from the JobManager's history, or it is unreachable
            return None

    def close(self) -> None:
        if self._client is not None and not isinstance(self._client, str):
            self._client.close()


def _jobmanager_of(gateway_url: str, timeout: float) -> str:
    """The JobManager URL the gateway's session config leads to, or `!reason` when the gateway cannot say."""
    from cdcshell.gateway.client import GatewayClient
    from cdcshell.jobmanager_target import choose_jobmanager

    try:
        with GatewayClient(gateway_url, timeout=timeout, retries=0) as gateway:
            session = gateway.open_session(name="cdcshell-lint")
            try:
                config = gateway.session_config(session)
            finally:
                gateway.close_session(session, timeout=timeout)
    except Exception as e:  # gateway down, refused, not a gateway
        return "!" + first_line(e)
    target = choose_jobmanager(
        gateway_url=gateway_url, explicit_url=None, session_config=config, gateway_headers={}
    )
    return target.url
