"""How a gateway URL names what is kept for it: the journal's `gateway` field and the per-gateway file names.

Both journals (jobs, session state) key their records by gateway; the naming lives here, below both, so that
neither journal imports the other.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9.-]+")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def strip_credentials(url: str) -> str:
    """The URL without `user:password@`: credentials must not land in the journal or its file name."""
    parts = urlsplit(url if "://" in url else f"http://{url}")
    host = parts.hostname or ""
    if ":" in host:  # IPv6
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = f"{host}:{port}" if port is not None else host
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def gateway_key(url: str) -> str:
    """A file-name-safe name for a gateway: `http://u:p@127.0.0.1:8083` → `127.0.0.1_8083`.

    The path is part of the key, because two gateways behind one proxy differ only by it.
    """
    parts = urlsplit(url if "://" in url else f"http://{url}")
    host = (parts.hostname or "unknown").lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    if port is None:
        port = _DEFAULT_PORTS.get(parts.scheme.lower(), 0)
    key = f"{host}_{port}"
    path = parts.path.strip("/")
    if path:
        key += "_" + path
    return _UNSAFE_NAME.sub("_", key).strip("_") or "unknown"
