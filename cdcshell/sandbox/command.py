"""`cdcshell sandbox up|down|status|logs|restart`: arguments in, the lifecycle API called, plain text out.

`cli.py` hands over the arguments after `sandbox`. The Python API (`up`, `down`, `status`, `SandboxInfo`) is
re-exported here for the REPL and the tests.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cdcshell.i18n import t
from cdcshell.redact import redact_url
from cdcshell.sandbox.assemble import FLINK_VERSIONS
from cdcshell.sandbox.errors import SandboxError
from cdcshell.sandbox.lifecycle import (
    SERVICES,
    SandboxInfo,
    SandboxStatus,
    down,
    kill,
    log_files,
    logs,
    restart,
    restart_taskmanager,
    start,
    status,
    up,
)
from cdcshell.sandbox.processes import component_name

__all__ = [
    "SandboxError",
    "SandboxInfo",
    "SandboxStatus",
    "build_parser",
    "down",
    "kill",
    "log_files",
    "logs",
    "main",
    "restart",
    "restart_taskmanager",
    "start",
    "status",
    "up",
]

EXIT_NOT_RUNNING = 3  # like `systemctl status`: the command worked, the sandbox is not (fully) running


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(t("sandbox.arg.bad_port", value=text)) from None
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(t("sandbox.arg.bad_port", value=text))
    return value


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(t("sandbox.arg.bad_lines", value=text)) from None
    if value < 1:
        raise argparse.ArgumentTypeError(t("sandbox.arg.bad_lines", value=text))
    return value


def _services(text: str) -> list[str]:
    """`postgres,mysql` → ["postgres", "mysql"]: `--with` takes a comma-separated list and may be repeated."""
    names = [part.strip() for part in text.split(",") if part.strip()]
    unknown = [name for name in names if name not in SERVICES]
    if unknown or not names:
        raise argparse.ArgumentTypeError(t("sandbox.arg.bad_service", value=text, known=", ".join(SERVICES)))
    return names


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--flink", choices=sorted(FLINK_VERSIONS), default=None, help=t("sandbox.arg.flink"))
    common.add_argument("--dir", type=Path, default=None, help=t("sandbox.arg.dir"))

    starting = argparse.ArgumentParser(add_help=False)
    starting.add_argument(
        "--flink-home", type=Path, default=None, metavar="DIR", help=t("sandbox.arg.flink_home")
    )
    starting.add_argument(
        "--jobmanager-port", type=_port, default=None, metavar="PORT", help=t("sandbox.arg.jobmanager_port")
    )
    starting.add_argument(
        "--gateway-port", type=_port, default=None, metavar="PORT", help=t("sandbox.arg.gateway_port")
    )
    starting.add_argument(
        "--with",
        dest="with_",
        action="extend",
        type=_services,
        default=[],
        metavar="{postgres,mysql,kafka}",
        help=t("sandbox.arg.with"),
    )
    starting.add_argument(
        "--postgres-port", type=_port, default=None, metavar="PORT", help=t("sandbox.arg.postgres_port")
    )
    starting.add_argument(
        "--mysql-port", type=_port, default=None, metavar="PORT", help=t("sandbox.arg.mysql_port")
    )
    starting.add_argument(
        "--kafka-port", type=_port, default=None, metavar="PORT", help=t("sandbox.arg.kafka_port")
    )

    parser = argparse.ArgumentParser(prog="cdcshell sandbox", description=t("sandbox.arg.description"))
    sub = parser.add_subparsers(dest="action", required=True, metavar="{up,down,status,logs,restart}")
    sub.add_parser("up", parents=[common, starting], help=t("sandbox.arg.up"))
    sub.add_parser("restart", parents=[common, starting], help=t("sandbox.arg.restart"))
    sub.add_parser("down", parents=[common], help=t("sandbox.arg.down"))
    sub.add_parser("status", parents=[common], help=t("sandbox.arg.status"))
    logs_parser = sub.add_parser("logs", parents=[common], help=t("sandbox.arg.logs"))
    logs_parser.add_argument(
        "--lines", "-n", type=_positive, default=20, metavar="N", help=t("sandbox.arg.lines")
    )
    return parser


def _say(text: str) -> None:
    print(text, flush=True)


def _print_info(info: SandboxInfo) -> None:
    _say(
        t(
            "sandbox.ready",
            version=info.flink_version,
            gateway=info.gateway_url,
            jobmanager=info.jobmanager_url,
        )
    )
    if info.postgres_dsn and info.sandbox_dir is not None:  # a database only comes with a sandbox of ours
        _say(
            t(
                "sandbox.postgres.ready",
                dsn=redact_url(info.postgres_dsn),
                state=info.sandbox_dir / "sandbox.json",
            )
        )
    if info.mysql_url and info.sandbox_dir is not None:
        _say(
            t("sandbox.mysql.ready", url=redact_url(info.mysql_url), state=info.sandbox_dir / "sandbox.json")
        )
    if info.kafka_bootstrap:
        _say(t("sandbox.kafka.ready", bootstrap=info.kafka_bootstrap))
    _say(t("sandbox.connect_hint", gateway=info.gateway_url))


def _print_status(st: SandboxStatus) -> None:
    if st.info is None:
        _say(t("sandbox.status.never", dir=st.sandbox_dir))
        return
    _say(
        t("sandbox.status.header", version=st.info.flink_version, dir=st.sandbox_dir, home=st.info.flink_home)
    )
    urls = {"jobmanager": st.info.jobmanager_url, "gateway": st.info.gateway_url}
    rows = list(st.components) + [s for s in (st.postgres, st.mysql, st.kafka) if s]
    for row in rows:
        name = component_name(row.component)
        where = urls.get(row.component, "")
        if row.component == "postgres" and st.info.postgres_dsn:
            where = redact_url(st.info.postgres_dsn)
        if row.component == "mysql" and st.info.mysql_url:
            where = redact_url(st.info.mysql_url)
        if row.component == "kafka" and st.info.kafka_bootstrap:
            where = st.info.kafka_bootstrap
        if row.running:
            _say(t("sandbox.status.running", name=name, pid=row.pid, where=where))
        else:
            _say(t("sandbox.status.stopped", name=name, where=where))


def _up_options(args: argparse.Namespace) -> dict[str, object]:
    """Only what was given: `restart` keeps the sandbox's own settings for everything else."""
    options: dict[str, object] = {}
    if args.flink_home is not None:
        options["flink_home"] = args.flink_home
    for service in set(args.with_):
        options[f"with_{service}"] = True
    for name, value in (
        ("jobmanager_port", args.jobmanager_port),
        ("gateway_port", args.gateway_port),
        ("postgres_port", args.postgres_port),
        ("mysql_port", args.mysql_port),
        ("kafka_port", args.kafka_port),
    ):
        if value is not None:
            options[name] = value
    return options


def main(argv: list[str]) -> int:
    """Run one sandbox action; the exit code is 0 on success, 1 on an error, 3 when `status` finds it down."""
    args = build_parser().parse_args(argv)
    try:
        if args.action == "up":
            _print_info(up(args.flink, sandbox_dir=args.dir, progress=_say, **_up_options(args)))  # type: ignore[arg-type]
        elif args.action == "restart":
            _print_info(restart(args.flink, sandbox_dir=args.dir, progress=_say, **_up_options(args)))
        elif args.action == "down":
            down(args.flink, sandbox_dir=args.dir, progress=_say)
        elif args.action == "status":
            st = status(args.flink, sandbox_dir=args.dir)
            _print_status(st)
            return 0 if st.complete else EXIT_NOT_RUNNING
        elif args.action == "logs":
            files = log_files(args.flink, sandbox_dir=args.dir)
            if not files:
                _say(t("sandbox.logs.none", dir=args.dir or status(args.flink).sandbox_dir))
                return 0
            texts = logs(args.flink, sandbox_dir=args.dir, lines=args.lines)
            for component, path in files.items():
                _say(f"==> {component_name(component)}: {path} <==")
                _say(texts[component])
        return 0
    except SandboxError as exc:
        print(exc.message, file=sys.stderr, flush=True)
        return exc.exit_code
    except KeyboardInterrupt:
        print(t("sandbox.interrupted"), file=sys.stderr, flush=True)
        return 130
