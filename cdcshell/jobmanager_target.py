"""Which JobManager URL cdcshell talks to, which headers go there, and why — decided once, said once.

Without `--jobmanager` the URL is derived from the gateway session's `rest.address`/`rest.port`, a host the
user never named. The gateway's `--header` values (an `Authorization: Bearer …`) used to be sent there too,
over plain http even behind an https gateway. Now the gateway's headers go to the JobManager only when it has
the gateway's origin (scheme, host, port) or the user said so (`jobmanager_gateway_headers = true` in the
config); `--jobmanager-header` gives the JobManager headers of its own. The scheme follows Flink's
`security.ssl.rest.enabled`, else the gateway's (an https gateway does not silently lead to http).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from cdcshell.i18n import t
from cdcshell.redact import redact_url

__all__ = ["JobManagerTarget", "choose_jobmanager"]

_WILDCARDS = frozenset({"", "0.0.0.0", "::", "[::]", "*"})


@dataclass(frozen=True)
class JobManagerTarget:
    url: str
    headers: dict[str, str] = field(default_factory=dict)
    reason: str = ""  # one line for the user: the URL, where it came from, whether the gateway's headers go
    # Whether to print `reason` (it is always logged): the URL was derived and leads to another host than the
    # gateway's, or the gateway's headers are involved. A local sandbox connects without the extra line.
    worth_saying: bool = False


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    default = 443 if parts.scheme == "https" else 80
    try:
        port = parts.port or default
    except ValueError:
        port = None
    return parts.scheme.lower(), (parts.hostname or "").lower(), port


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in ("true", "1", "yes", "on")


def choose_jobmanager(
    *,
    gateway_url: str,
    explicit_url: str | None,
    session_config: Mapping[str, str],
    gateway_headers: Mapping[str, str],
    jobmanager_headers: Mapping[str, str] | None = None,
    share_gateway_headers: bool = False,
) -> JobManagerTarget:
    if explicit_url:
        url = explicit_url
        why = t("jm.reason.explicit")
    else:
        gw = urlsplit(gateway_url)
        host = (session_config.get("rest.address") or "").strip()
        if host in _WILDCARDS:
            host = gw.hostname or "127.0.0.1"
        if ":" in host and not host.startswith("["):
            host = f"[{host}]"  # an IPv6 literal
        port = (session_config.get("rest.port") or "8081").strip()
        ssl_key = session_config.get("security.ssl.rest.enabled")
        if ssl_key is not None:
            scheme = "https" if _truthy(ssl_key) else "http"
            why = t("jm.reason.derived_ssl", scheme=scheme)
        else:
            scheme = "https" if gw.scheme == "https" else "http"
            why = t("jm.reason.derived_gateway", scheme=scheme)
        url = f"{scheme}://{host}:{port}"
    headers = dict(jobmanager_headers or {})
    sharing = ""
    if _origin(url) == _origin(gateway_url) or share_gateway_headers:
        headers = {**gateway_headers, **headers}
        if gateway_headers:
            sharing = t("jm.headers.shared")
    elif gateway_headers:
        sharing = t("jm.headers.withheld")
    reason = t("jm.using", url=redact_url(url), why=why) + (f" {sharing}" if sharing else "")
    other_host = _origin(url)[1] != _origin(gateway_url)[1]
    worth = bool(sharing) or (not explicit_url and other_host)
    return JobManagerTarget(url, headers, reason, worth)
