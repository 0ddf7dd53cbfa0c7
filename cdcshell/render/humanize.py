"""Moved to :mod:`cdcshell.humanize` (the cluster's health judgement words its alarms with it, and the domain
must not import `render/`); kept so that existing importers keep working."""

from cdcshell.humanize import UNKNOWN, format_bytes, format_duration, format_timestamp

__all__ = ["UNKNOWN", "format_bytes", "format_duration", "format_timestamp"]
