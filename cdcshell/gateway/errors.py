"""What can go wrong talking to the SQL Gateway, as exceptions a caller can tell apart.

Every ``str(exc)`` is one clear line in the user's language; the raw server text is kept on the exception
(``trace``) so that ``\\trace`` can still show everything. No httpx import here: callers catch these without
loading the HTTP stack.
"""

from __future__ import annotations

from cdcshell.gateway.rootcause import RootCause
from cdcshell.i18n import t


class GatewayError(Exception):
    """Base of every gateway client error; ``str()`` is the user-facing message."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class GatewayUnreachable(GatewayError):
    """No HTTP answer at all: connection refused, DNS failure, TLS failure, or a timeout.

    ``request_sent`` is False only when the request certainly never reached the server (the connection could not
    be opened): then even a statement may be sent again. Otherwise the server may have acted on it.
    """

    def __init__(
        self, url: str, reason: str, message: str | None = None, *, request_sent: bool = True
    ) -> None:
        super().__init__(message or t("gateway.unreachable", url=url, reason=reason))
        self.url = url
        self.reason = reason
        self.request_sent = request_sent


class GatewayTimeout(GatewayUnreachable):
    def __init__(self, url: str, seconds: float, *, request_sent: bool = True) -> None:
        super().__init__(
            url, "timeout", t("gateway.timeout", url=url, seconds=f"{seconds:g}"), request_sent=request_sent
        )
        self.seconds = seconds


class GatewayTlsError(GatewayUnreachable):
    """The server's certificate is not trusted: the fix is --cacert (or --insecure), not waiting."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(url, reason, t("gateway.tls_untrusted", url=url, reason=reason), request_sent=False)


class ProtocolError(GatewayError):
    """An answer that is not what a Flink SQL Gateway sends: HTML, invalid JSON, an unexpected shape."""

    def __init__(self, url: str, status: int, body: str) -> None:
        title = _html_title(body)
        if title:  # a proxy's or web server's error page: its title says it all, the markup says nothing
            message = t("gateway.protocol_html", url=url, status=status, title=title)
        else:
            snippet = " ".join(body[:200].split()) or "(empty body)"
            message = t("gateway.protocol", url=url, status=status, snippet=snippet)
        super().__init__(message)
        self.url = url
        self.status = status
        self.body = body


class GatewayAuthError(GatewayError):
    """HTTP 401/403 from the gateway or a proxy in front of it: credentials are missing or refused."""

    def __init__(self, url: str, status: int, body: str) -> None:
        super().__init__(t("gateway.auth", url=url, status=status))
        self.url = url
        self.status = status
        self.body = body


def _html_title(body: str) -> str | None:
    import re

    head = body[:4096]
    if not re.search(r"<(?:!doctype\s+html|html)\b", head, re.IGNORECASE):
        return None
    m = re.search(r"<title[^>]*>(.*?)</title>", head, re.IGNORECASE | re.DOTALL)
    title = " ".join(m.group(1).split())[:120] if m else ""
    return title or None


class UnsupportedVersion(GatewayError):
    """The negotiated REST API version lacks the endpoint (e.g. completion on v1)."""


class ServerError(GatewayError):
    """The gateway answered with Flink's ``{"errors": [...]}``: a Java exception on the server side."""

    def __init__(self, root_cause: RootCause, trace: str, status: int, message: str | None = None) -> None:
        super().__init__(message or t("gateway.server_error", status=status, message=root_cause.text))
        self.root_cause = root_cause
        self.trace = trace
        self.status = status


class SessionNotFound(ServerError):
    def __init__(self, session: str, root_cause: RootCause, trace: str, status: int) -> None:
        super().__init__(root_cause, trace, status, t("gateway.session_not_found", session=session))
        self.session = session


class OperationNotFound(ServerError):
    def __init__(self, operation: str, root_cause: RootCause, trace: str, status: int) -> None:
        super().__init__(root_cause, trace, status, t("gateway.operation_not_found", operation=operation))
        self.operation = operation


class StatementFailed(ServerError):
    """The statement itself failed (validation, parsing, planning, or the job at run time)."""

    def __init__(self, root_cause: RootCause, trace: str, status: int = 500) -> None:
        if root_cause.line is not None:
            message = t(
                "gateway.statement_failed_at",
                line=root_cause.line,
                column=root_cause.column,
                message=root_cause.text,
            )
        else:
            message = t("gateway.statement_failed", message=root_cause.text)
        super().__init__(root_cause, trace, status, message)


class OperationCanceled(GatewayError):
    def __init__(self, operation: str) -> None:
        super().__init__(t("gateway.operation_canceled", operation=operation))
        self.operation = operation
