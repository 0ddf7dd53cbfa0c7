"""The language server's own gateway session, for live names in completion; optional and never blocking.

The metadata cache fetches in the background (as in the REPL), so a slow gateway never delays an answer; a
gateway that cannot be reached at start is reported once on stderr (the editor's log) and the server goes on
offline.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cdcshell.i18n import t

if TYPE_CHECKING:
    from cdcshell.completion.metadata import MetadataCache
    from cdcshell.gateway.client import GatewayClient


@dataclass
class LiveGateway:
    client: GatewayClient
    session: str
    flink_version: str | None
    metadata: MetadataCache

    @classmethod
    def connect(cls, url: str) -> LiveGateway | None:
        from cdcshell.completion.metadata import MetadataCache
        from cdcshell.gateway.client import GatewayClient
        from cdcshell.gateway.errors import GatewayError

        client = GatewayClient(url, timeout=10.0)
        try:
            version = client.info().version
            session = client.open_session(name="cdcshell-lsp")
        except (GatewayError, OSError) as e:
            print(t("lsp.cli.gateway_unreachable", url=client.display_url, error=str(e)), file=sys.stderr)
            client.close()
            return None

        def query(sql: str) -> list[list[object]]:
            result = client.execute_and_collect(session, sql)
            return [list(fields) for _, fields in result.rows]

        return cls(client, session, version, MetadataCache(query))

    def close(self) -> None:
        self.metadata.close()
        try:
            self.client.close_session(self.session, timeout=2.0)
        finally:
            self.client.close()
