"""Checks of connection options before anything uses them: headers, URLs, timeouts, CA files.

Each of these used to surface deep inside httpx or ssl as an "internal error" (exit 70), or worse: a header with
a CR/LF was refused by httpx and reported as "cannot reach the gateway" with the header quoted. Every check
here raises `ValueError` with one line that names the option and how to fix it, and never repeats a header's
value (it may be a token).
"""

from __future__ import annotations

import math
import os
import re
from urllib.parse import urlsplit

from cdcshell.i18n import t
from cdcshell.redact import redact_url

__all__ = ["check_cacert", "check_header", "check_timeout", "check_url"]

# RFC 9110 token characters for a field name.
_HEADER_NAME = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")


def check_header(raw: str, *, origin: str = "--header") -> tuple[str, str]:
    """(name, value) of a `Name: value` header; the value must be visible ASCII (tabs and spaces allowed)."""
    name, sep, value = raw.partition(":")
    name, value = name.strip(), value.strip()
    if not sep or not name:
        words = raw.split()
        # the first word names the header only when something follows it; a lone word may be the token itself
        shown = (
            words[0] if len(words) > 1 and len(words[0]) <= 40 and _HEADER_NAME.fullmatch(words[0]) else "?"
        )
        raise ValueError(t("check.header.no_colon", origin=origin, name=shown))
    if not _HEADER_NAME.fullmatch(name):
        raise ValueError(t("check.header.bad_name", origin=origin))
    if "\r" in value or "\n" in value:
        raise ValueError(t("check.header.newline", origin=origin, name=name))
    if any(not (32 <= ord(c) < 127 or c == "\t") for c in value):
        raise ValueError(t("check.header.not_ascii", origin=origin, name=name))
    return name, value


def check_timeout(value: float, *, option: str = "--timeout") -> float:
    if not (isinstance(value, (int, float)) and math.isfinite(value) and value > 0):
        raise ValueError(t("check.timeout", option=option, value=value))
    return float(value)


def check_url(url: str, *, option: str) -> str:
    """An http(s) URL with a host and a valid port (the password, if any, is never shown in the message)."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
        host = parts.hostname
    except ValueError:
        host = None
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not host:
        raise ValueError(t("check.url", option=option, url=redact_url(url)))
    return url


def check_cacert(path: str, *, option: str = "--cacert") -> str:
    """A readable CA bundle file (PEM certificates) or a directory of them."""
    if os.path.isdir(path):
        if not os.access(path, os.R_OK | os.X_OK):
            raise ValueError(t("check.cacert.unreadable", option=option, path=path, reason=os.strerror(13)))
        return path
    try:
        with open(path, "rb"):
            pass
    except OSError as exc:
        raise ValueError(
            t("check.cacert.unreadable", option=option, path=path, reason=exc.strerror or str(exc))
        ) from None
    import ssl  # only when a CA file is given: not on the start-up path

    try:
        ssl.create_default_context(cafile=path)
    except (ssl.SSLError, ValueError, OSError):
        raise ValueError(t("check.cacert.not_cert", option=option, path=path)) from None
    return path
