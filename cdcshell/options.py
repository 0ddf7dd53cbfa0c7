"""The resolved options of one run: command line over environment over config file over defaults."""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field

from cdcshell.config import Settings, load_settings, parse_header


@dataclass
class Options:
    gateway: str
    jobmanager: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    format: str | None = None
    file: str | None = None
    execute: str | None = None
    init: list[str] = field(default_factory=list)
    continue_on_error: bool = False
    dry_run: bool = False
    force: bool = False
    resume: bool = False
    flink_version: str | None = None
    cacert: str | None = None
    insecure: bool = False
    timeout: float = 30.0
    record: str | None = None
    debug: bool = False
    sandbox: bool = False
    history_size: int = 10_000
    key_bindings: str = "emacs"
    properties: dict[str, str] = field(default_factory=dict)  # `-D key=value`: the session's starting config
    csv_crlf: bool = False  # CSV lines end with CRLF (RFC 4180) instead of `\n`
    pager: bool = True  # the REPL pages finite results taller than the screen (`\pager on|off`)
    warnings: list[str] = field(default_factory=list)

    @property
    def verify(self) -> bool | str:
        if self.insecure:
            return False
        return self.cacert or True


def options_from_args(args: argparse.Namespace, settings: Settings | None = None) -> Options:
    s = settings or load_settings()
    headers = dict(s.headers)
    for raw in args.header:
        try:
            name, value = parse_header(raw)
        except ValueError:
            raise ValueError(f"--header {raw!r}: expected 'Name: value'") from None
        headers[name] = value
    return Options(
        gateway=args.gateway or s.gateway,
        jobmanager=args.jobmanager or s.jobmanager,
        headers=headers,
        format=args.format or s.format,
        file=args.file,
        execute=args.execute,
        init=list(args.init),
        continue_on_error=args.continue_on_error,
        dry_run=args.dry_run,
        force=args.force,
        resume=args.resume,
        flink_version=args.flink_version or s.flink_version,
        cacert=args.cacert or s.cacert,
        insecure=args.insecure or s.insecure,
        timeout=args.timeout or s.timeout,
        record=args.record,
        debug=args.debug,
        sandbox=args.sandbox,
        history_size=s.history_size,
        key_bindings=s.key_bindings,
        properties=parse_properties(getattr(args, "define", None) or []),
        csv_crlf=bool(getattr(args, "csv_crlf", False)) or s.csv_crlf,
        pager=s.pager,
        warnings=list(s.warnings),
    )


def parse_properties(items: list[str]) -> dict[str, str]:
    """`-D key=value` (repeatable), as the SQL Client's dynamic options: set on the session when it is opened.

    Raises ValueError with a one-line message for an item without `=` or with an empty key.
    """
    from cdcshell.i18n import t

    properties: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ValueError(t("cli.bad_define", item=item))
        properties[key.strip()] = value.strip()
    return properties
