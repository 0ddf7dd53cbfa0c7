"""The resolved options of one run: command line over environment over config file over defaults."""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field

from cdcshell.config import Settings, load_settings


@dataclass
class Options:
    gateway: str
    jobmanager: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    jobmanager_headers: dict[str, str] = field(default_factory=dict)
    jobmanager_gateway_headers: bool = False
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
    max_restarts: int = 3  # `-f`: a waited-on job that restarts more often fails its statement
    wait_checkpoint: float | None = None  # `-f --wait-checkpoint [S]`: wait for every job's first checkpoint
    secrets: str | None = None  # `--secrets FILE`: the masked options `\\resume` needs, per table

    @property
    def verify(self) -> bool | str:
        if self.insecure:
            return False
        return self.cacert or True


def options_from_args(args: argparse.Namespace, settings: Settings | None = None) -> Options:
    from cdcshell.optioncheck import check_cacert, check_header, check_timeout, check_url

    s = settings or load_settings()
    headers: dict[str, str] = {}
    for name, value in s.headers.items():  # from the config file: checked like the command line's
        name, value = check_header(f"{name}: {value}", origin="config headers")
        headers[name] = value
    for raw in args.header:
        name, value = check_header(raw)  # a one-line error that never repeats the value
        headers[name] = value
    jm_headers: dict[str, str] = {}
    for name, value in s.jobmanager_headers.items():
        name, value = check_header(f"{name}: {value}", origin="config jobmanager_headers")
        jm_headers[name] = value
    for raw in getattr(args, "jobmanager_header", None) or []:
        name, value = check_header(raw, origin="--jobmanager-header")
        jm_headers[name] = value
    for option, url in (
        ("--gateway", args.gateway or s.gateway),
        ("--jobmanager", args.jobmanager or s.jobmanager),
    ):
        if url:
            check_url(url, option=option)
    cacert = args.cacert or s.cacert
    if cacert and not (args.insecure or s.insecure):
        check_cacert(cacert)
    timeout = check_timeout(args.timeout if args.timeout is not None else s.timeout)
    return Options(
        gateway=args.gateway or s.gateway,
        jobmanager=args.jobmanager or s.jobmanager,
        headers=headers,
        jobmanager_headers=jm_headers,
        jobmanager_gateway_headers=s.jobmanager_gateway_headers,
        format=args.format or s.format,
        file=args.file,
        execute=args.execute,
        init=list(args.init),
        continue_on_error=args.continue_on_error,
        dry_run=args.dry_run,
        force=args.force,
        resume=args.resume,
        flink_version=args.flink_version or s.flink_version,
        cacert=cacert,
        insecure=args.insecure or s.insecure,
        timeout=timeout,
        record=args.record,
        debug=args.debug,
        sandbox=args.sandbox,
        history_size=s.history_size,
        key_bindings=s.key_bindings,
        properties=parse_properties(getattr(args, "define", None) or []),
        csv_crlf=bool(getattr(args, "csv_crlf", False)) or s.csv_crlf,
        pager=s.pager,
        warnings=list(s.warnings),
        max_restarts=_max_restarts(args),
        wait_checkpoint=getattr(args, "wait_checkpoint", None),
        secrets=getattr(args, "secrets", None),
    )


def _max_restarts(args: argparse.Namespace) -> int:
    """`--max-restarts N`, else 3: a waited-on job that restarted more often than that fails its statement."""
    value = getattr(args, "max_restarts", None)
    return value if isinstance(value, int) else 3


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
