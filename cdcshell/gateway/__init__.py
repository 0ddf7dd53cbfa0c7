"""Client for the Flink SQL Gateway REST API.

Names are loaded on first use: ``from cdcshell.gateway import GatewayClient`` pulls in httpx, but importing the
package (or only its errors) does not, so the REPL's first prompt never waits for the HTTP stack.
"""

from __future__ import annotations

from cdcshell.lazy import lazy_getattr

_EXPORTS = {
    "GatewayClient": "client",
    "KeepAlive": "client",
    "KNOWN_VERSIONS": "client",
    "TERMINAL_STATUSES": "client",
    "Backoff": "results",
    "iter_results": "results",
    "GatewayInfo": "models",
    "Column": "models",
    "ResultPage": "models",
    "StatementResult": "models",
    "sql_type": "models",
    "RootCause": "rootcause",
    "reduce_trace": "rootcause",
    "GatewayError": "errors",
    "GatewayUnreachable": "errors",
    "GatewayTimeout": "errors",
    "GatewayTlsError": "errors",
    "GatewayAuthError": "errors",
    "heartbeat_interval": "heartbeat",
    "parse_duration": "heartbeat",
    "ProtocolError": "errors",
    "UnsupportedVersion": "errors",
    "ServerError": "errors",
    "SessionNotFound": "errors",
    "OperationNotFound": "errors",
    "StatementFailed": "errors",
    "OperationCanceled": "errors",
}

__all__ = sorted(_EXPORTS)


__getattr__ = lazy_getattr(__name__, _EXPORTS, globals())
