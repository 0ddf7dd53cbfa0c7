"""Command line: parse arguments and hand over to the REPL, batch mode, or a subcommand.

Only argparse and our own light modules are imported here; everything heavy is imported by the mode that needs
it, so `cdcshell --version` and the first interactive prompt stay fast.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from cdcshell import __version__
from cdcshell.i18n import set_language, t

if TYPE_CHECKING:
    from cdcshell.options import Options

SUBCOMMANDS = {
    "sandbox": "cdcshell.sandbox.command",
    "lint": "cdcshell.lint.command",
    "complete": "cdcshell.completion.command",
    "lsp": "cdcshell.lsp.command",
}


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="cdcshell",
        description=t("cli.description"),
        epilog=t("cli.epilog"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--version", action="version", version=f"cdcshell {__version__}")
    p.add_argument("-f", "--file", metavar="SCRIPT", help=t("cli.help.file"))
    p.add_argument("-i", "--init", metavar="INIT", action="append", default=[], help=t("cli.help.init"))
    p.add_argument("-e", "--execute", metavar="SQL", help=t("cli.help.execute"))
    p.add_argument("--gateway", metavar="URL", help=t("cli.help.gateway"))
    p.add_argument("--jobmanager", metavar="URL", help=t("cli.help.jobmanager"))
    p.add_argument("--sandbox", action="store_true", help=t("cli.help.sandbox"))
    p.add_argument(
        "--format", choices=("table", "plain", "csv", "tsv", "json", "live"), help=t("cli.help.format")
    )
    p.add_argument("--csv-crlf", action="store_true", help=t("cli.help.csv_crlf"))
    p.add_argument(
        "-D", dest="define", metavar="KEY=VALUE", action="append", default=[], help=t("cli.help.define")
    )
    p.add_argument("--continue-on-error", action="store_true", help=t("cli.help.continue"))
    p.add_argument("--dry-run", action="store_true", help=t("cli.help.dry_run"))
    p.add_argument("--force", action="store_true", help=t("cli.help.force"))
    p.add_argument("--resume", action="store_true", help=t("cli.help.resume"))
    p.add_argument("--max-restarts", type=_non_negative_int, metavar="N", help=t("cli.help.max_restarts"))
    p.add_argument(
        "--wait-checkpoint",
        type=_positive_seconds,
        nargs="?",
        const=DEFAULT_WAIT_CHECKPOINT,
        metavar="SECONDS",
        help=t("cli.help.wait_checkpoint"),
    )
    p.add_argument("--secrets", metavar="FILE", help=t("cli.help.secrets"))
    p.add_argument("--flink-version", metavar="V", help=t("cli.help.flink_version"))
    p.add_argument(
        "--header", metavar="'NAME: VALUE'", action="append", default=[], help=t("cli.help.header")
    )
    p.add_argument(
        "--jobmanager-header",
        metavar="'NAME: VALUE'",
        action="append",
        default=[],
        help=t("cli.help.jobmanager_header"),
    )
    p.add_argument("--cacert", metavar="FILE", help=t("cli.help.cacert"))
    p.add_argument("--insecure", action="store_true", help=t("cli.help.insecure"))
    p.add_argument("--timeout", type=float, metavar="SECONDS", help=t("cli.help.timeout"))
    p.add_argument("--lang", choices=("en", "zh"), help=t("cli.help.lang"))
    p.add_argument("--record", metavar="FILE", help=t("cli.help.record"))
    p.add_argument("--debug", action="store_true", help=t("cli.help.debug"))
    return p


DEFAULT_WAIT_CHECKPOINT = (
    120.0  # seconds: a first checkpoint of a healthy job takes one interval plus its duration
)


def _number(
    convert: Callable[[str], float], accept: Callable[[float], bool], key: str
) -> Callable[[str], float]:
    """An argparse type: `convert`, then `accept`, else the message `key` (which names the value)."""

    def parse(text: str) -> float:
        try:
            value = convert(text)
        except ValueError:
            raise argparse.ArgumentTypeError(t(key, value=text)) from None
        if not accept(value):
            raise argparse.ArgumentTypeError(t(key, value=text))
        return value

    return parse


_non_negative_int = _number(int, lambda v: v >= 0, "cli.error.not_count")
_positive_seconds = _number(float, lambda v: v > 0, "cli.error.not_seconds")


def _early_language(argv: Sequence[str]) -> None:
    """Set the language before argparse builds its help texts, which are translated too."""
    lang = None
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            lang = argv[i + 1]
        elif arg.startswith("--lang="):
            lang = arg.split("=", 1)[1]
    if lang is None:
        from cdcshell.config import load_settings

        lang = load_settings().language
    try:
        set_language(lang)
    except ValueError:
        set_language(None)


EXIT_INTERNAL = 70  # EX_SOFTWARE: a bug in cdcshell, not a problem with the user's input or cluster


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv or bool(os.environ.get("CDCSHELL_DEBUG"))
    try:
        return _main(argv)
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `cdcshell -f q.sql --format csv | head`: the reader has all it wanted. Quiet, like a SIGPIPE'd tool,
        # and stdout pointed at /dev/null so that the interpreter's final flush does not complain either.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    except Exception as exc:  # only what no layer below expected: those report their own errors
        if debug:
            raise
        from cdcshell.engine.console import internal_error_text

        print(internal_error_text(exc), file=sys.stderr)
        return EXIT_INTERNAL


def _subcommand_index(argv: list[str]) -> int | None:
    """Where a subcommand stands, allowing the options that mean the same everywhere (`--lang X`, `--debug`)
    before it: `cdcshell --lang zh sandbox status` is as natural as `cdcshell sandbox status --lang zh`."""
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg in SUBCOMMANDS:
            return i
        if arg == "--lang":
            i += 2
        elif arg.startswith("--lang=") or arg == "--debug":
            i += 1
        else:
            return None
    return None


def _main(argv: list[str]) -> int:
    _early_language(argv)
    sub = _subcommand_index(argv)
    if sub is not None:
        import importlib

        module = importlib.import_module(SUBCOMMANDS[argv[sub]])
        return int(module.main(argv[sub + 1 :]) or 0)

    args = build_parser().parse_args(argv)
    from cdcshell.options import options_from_args

    try:
        options = options_from_args(args)
    except ValueError as exc:
        print(t("cli.error.bad_option", error=str(exc)), file=sys.stderr)
        return 2
    from cdcshell.logging_setup import setup_logging

    setup_logging(debug=options.debug)
    if args.file or args.execute is not None:
        from cdcshell.batch import run_batch

        return run_batch(options)
    if not sys.stdin.isatty() and not os.environ.get("CDCSHELL_FORCE_INTERACTIVE"):
        # `cdcshell < script.sql` behaves like `cdcshell -f -`: a pipe has no one to prompt.
        options.file = "-"
        from cdcshell.batch import run_batch

        return run_batch(options)
    if options.sandbox and not _start_sandbox(options):
        return 2
    from cdcshell.repl.app import run_repl

    return run_repl(options)


def _start_sandbox(options: Options) -> bool:
    """`--sandbox`: bring the local Flink sandbox up (or find it running) and point the options at it."""
    from cdcshell.sandbox.errors import SandboxError
    from cdcshell.sandbox.lifecycle import up

    try:
        info = up(with_postgres=True, progress=lambda line: print(line, file=sys.stderr, flush=True))
    except SandboxError as exc:
        print(str(exc), file=sys.stderr)
        return False
    options.gateway = info.gateway_url
    options.jobmanager = options.jobmanager or info.jobmanager_url
    return True


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
