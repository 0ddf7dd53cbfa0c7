"""`cdcshell complete [--flink-version V] [--cursor N] [--format plain|json] TEXT`.

The same completions as the REPL's menu, printed, for editor integrations and tests. It works offline from the
generated catalogs; `--gateway URL` only asks the gateway which Flink version it runs (`--flink-version` wins).
TEXT `-` reads the text from standard input, which is how an editor passes a whole buffer.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from cdcshell.i18n import t


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="cdcshell complete", description=t("completion.cli.usage"))
    p.add_argument("--flink-version", metavar="V", help=t("completion.cli.help.flink_version"))
    p.add_argument("--cursor", type=int, metavar="N", help=t("completion.cli.help.cursor"))
    p.add_argument(
        "--format", choices=("plain", "json"), default="plain", help=t("completion.cli.help.format")
    )
    p.add_argument("--gateway", metavar="URL", help=t("completion.cli.help.gateway"))
    p.add_argument("text", metavar="TEXT", help=t("completion.cli.help.text"))
    return p


def _gateway_version(url: str) -> str | None:
    """The gateway's Flink version, or None when it cannot be asked (completion still works offline)."""
    from cdcshell.http import HttpError, get_json

    try:
        info = get_json(url.rstrip("/") + "/v1/info", timeout=3.0)
    except (HttpError, ValueError):
        return None
    version = info.get("version") if isinstance(info, dict) else None
    return str(version) if version else None


def main(argv: Sequence[str]) -> int:
    args = build_parser().parse_args(list(argv))
    if args.text == "-":  # the same reader as scripts: invalid UTF-8 or NUL is a one-line error, not a crash
        from cdcshell.sourcefile import SourceError, read_source

        try:
            text = read_source("-").text
        except SourceError as e:
            print(str(e), file=sys.stderr)
            return 2
    else:
        text = args.text
    cursor = len(text) if args.cursor is None else args.cursor
    if not 0 <= cursor <= len(text):
        print(t("completion.cli.bad_cursor", cursor=cursor, length=len(text)), file=sys.stderr)
        return 2

    from cdcshell.catalog.loader import CatalogError, fallback_notice, load_catalog
    from cdcshell.completion.engine import CompletionEngine

    version = args.flink_version or (_gateway_version(args.gateway) if args.gateway else None)
    try:
        notice = fallback_notice(version)
        catalog = load_catalog(version)
    except CatalogError as e:
        print(str(e), file=sys.stderr)
        return 2
    if notice:
        print(notice, file=sys.stderr)
    items = CompletionEngine(catalog).complete(text, cursor)
    if args.format == "json":
        print(json.dumps([i.as_json() for i in items], ensure_ascii=False))
    else:
        for item in items:
            print(item.text)
    return 0
