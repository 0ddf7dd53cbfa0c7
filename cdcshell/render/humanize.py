"""Moved to :mod:`cdcshell.humanize` (the cluster's health judgement words its alarms with it, and the domain
must not import `render/`). Kept only for `shell.py`, which the engine split rewrites: delete it then."""

from cdcshell.humanize import UNKNOWN, format_bytes, format_duration, format_timestamp

__all__ = ["UNKNOWN", "format_bytes", "format_duration", "format_timestamp"]
