"""`cdcshell lint FILE... [--flink-version V] [--cluster-config FILE] [--format text|json|sarif]`: the risk checks
in CI, without a gateway.

Exit codes: 0 no errors (warnings allowed), 1 errors found, 2 unusable input (unreadable file, an unterminated
string or comment, a configuration file that is not one, bad arguments). `--connect` lets the database checks
connect to the databases the tables point at; `--oplog-window` declares a MongoDB oplog window instead;
`--gateway URL` reads this machine's job journal for that gateway (which query a savepoint was taken from);
with `--connect` too, the jobs of that journal the JobManager still runs (found through the gateway's session, or
`--jobmanager URL`) are checked for server-id ranges that clash with the script's.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from cdcshell.i18n import set_language, t

if TYPE_CHECKING:
    from cdcshell.lint.model import LintResult
    from cdcshell.lint.probes import Probes

DEFAULT_VERSION = "1.20"
_VALUE_OPTIONS = {
    "--flink-version",
    "--cluster-config",
    "--format",
    "--oplog-window",
    "--max-downtime",
    "--lang",
    "--timeout",
    "--gateway",
    "--jobmanager",
}


class LintArgumentError(Exception):
    """`cdcshell lint` called with arguments it cannot use (exit 2); not the `\\` commands' `UsageError`."""


class HelpRequested(Exception):
    pass


@dataclass
class Args:
    files: list[str] = field(default_factory=list)
    flink_version: str = ""
    cluster_config: str | None = None
    format: str = "text"
    connect: bool = False
    oplog_window: str | None = None
    max_downtime: str | None = None
    timeout: str | None = None
    lang: str | None = None
    gateway: str | None = None
    jobmanager: str | None = None


def parse_args(argv: list[str]) -> Args:
    args = Args()
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg.startswith("--") and "=" in arg:
            arg, value = arg.split("=", 1)
            argv = [*argv[:i], arg, value, *argv[i + 1 :]]
        if arg in _VALUE_OPTIONS:
            if i + 1 >= len(argv):
                raise LintArgumentError(t("lint.cli.missing_value", option=arg))
            value = argv[i + 1]
            setattr(args, arg[2:].replace("-", "_"), value)
            i += 2
            continue
        if arg == "--connect":
            args.connect = True
        elif arg in ("-h", "--help"):
            raise HelpRequested
        elif arg.startswith("-") and arg != "-":
            raise LintArgumentError(t("lint.cli.bad_option", option=arg))
        else:
            args.files.append(arg)
        i += 1
    if args.format not in ("text", "json", "sarif"):
        raise LintArgumentError(t("lint.cli.bad_option", option=f"--format {args.format}"))
    return args


def _duration(option: str, value: str | None) -> float | None:
    from cdcshell.lint.values import parse_duration

    if value is None:
        return None
    seconds = parse_duration(value)
    if seconds is None:
        raise LintArgumentError(t("lint.cli.bad_duration", option=option, value=value))
    return seconds


def _read_cluster_config(path: str) -> tuple[dict[str, str], str]:
    from cdcshell.lint.config import ConfigFileError, parse_cluster_config

    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise LintArgumentError(t("lint.cli.unreadable", path=path, error=e)) from None
    try:
        return parse_cluster_config(text), Path(path).name
    except ConfigFileError as e:
        raise LintArgumentError(t("lint.cli.bad_config", path=path, line=e.line, message=e.message)) from None


def main(argv: list[str], stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    try:
        return _main(argv, out)
    except HelpRequested:
        print(t("lint.cli.usage"), file=out)
        return 0
    except LintArgumentError as e:
        if str(e):
            print(f"cdcshell lint: {e}", file=err)
        print(t("lint.cli.usage"), file=err)
        return 2


def _main(argv: list[str], out: TextIO) -> int:
    args = parse_args(argv)
    if args.lang:
        try:
            set_language(args.lang)
        except ValueError as e:
            raise LintArgumentError(str(e)) from None
    if not args.files:
        raise LintArgumentError(t("lint.cli.no_files"))
    from cdcshell.lint.engine import version_tuple
    from cdcshell.lint.probes import Probes
    from cdcshell.lint.registry import all_rules

    version = args.flink_version or os.environ.get("CDCSHELL_FLINK_VERSION") or DEFAULT_VERSION
    try:
        version_tuple(version)
    except ValueError as e:
        raise LintArgumentError(t("lint.cli.bad_version", error=e)) from None
    cluster: dict[str, str] | None = None
    cluster_name = ""
    if args.cluster_config:
        cluster, cluster_name = _read_cluster_config(args.cluster_config)
    probes = None
    window = _duration("--oplog-window", args.oplog_window)
    downtime = _duration("--max-downtime", args.max_downtime)
    timeout = _duration("--timeout", args.timeout)
    jobmanager = None
    if args.connect or window is not None or downtime is not None or args.gateway:
        probes = Probes(allowed=args.connect, oplog_window=window)
        if args.connect:  # a local savepoint's own age, without a gateway too (MY003)
            from cdcshell.lint.state_age import local_age

            probes.recovery_age = local_age
        if args.gateway:
            # the local job journal of that gateway says which query a savepoint was taken from (QRY003)
            from cdcshell.lint.probes.journal import from_gateway_journal

            probes.savepoint_origin = from_gateway_journal(args.gateway)
            if args.connect:
                # the JobManager says which jobs of that journal still run (their server ids: MY001 across
                # jobs) and how old the state a job resumes from is (MY003)
                from cdcshell.lint import running_jobs, state_age
                from cdcshell.lint.jobmanager import LintJobManager

                jobmanager = LintJobManager(args.gateway, args.jobmanager, timeout or probes.timeout)
                probes.running_jobs = running_jobs.from_journal(args.gateway, jobmanager.live_job_ids)
                probes.recovery_age = state_age.from_journal(args.gateway, jobmanager.checkpoints)
        if downtime is not None:
            probes.max_downtime = downtime
        if timeout is not None:
            probes.timeout = timeout
    try:
        results = _lint_files(args, version, cluster, cluster_name, probes)
    finally:
        if jobmanager is not None:
            jobmanager.close()
    from cdcshell.lint import output

    if args.format == "json":
        out.write(output.format_json(results))
    elif args.format == "sarif":
        out.write(output.format_sarif(results, all_rules()))
    else:
        out.write(output.format_text(results))
    return 1 if any(r.errors for _, r in results) else 0


def _lint_files(
    args: Args,
    version: str,
    cluster: dict[str, str] | None,
    cluster_name: str,
    probes: Probes | None,
) -> list[tuple[str, LintResult]]:
    from cdcshell.lint.engine import lint_script
    from cdcshell.sourcefile import SourceError, read_source
    from cdcshell.sql.splitter import SplitError

    results = []
    for path in args.files:
        try:  # the same reader as `-f` (BOM, NUL, UTF-8, size cap): lint judges what batch would run
            source = read_source(path).text
        except SourceError as e:
            raise LintArgumentError(str(e)) from None
        try:
            result = lint_script(
                source,
                flink_version=version,
                cluster_config=cluster,
                cluster_name=cluster_name,
                probes=probes,
            )
        except SplitError as e:
            raise LintArgumentError(
                t("lint.cli.split_error", path=path, line=e.line, column=e.column, message=e.message)
            ) from None
        results.append(("<stdin>" if path == "-" else path, result))
    return results
