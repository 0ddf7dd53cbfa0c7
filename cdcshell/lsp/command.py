"""`cdcshell lsp [--flink-version V] [--gateway URL]`: the language server on standard input and output.

Without a gateway it works offline from the generated catalogs (Flink 1.20 unless `--flink-version`); with
`--gateway URL` it asks the gateway its Flink version and completes the live catalogs, databases, tables and
columns too, through one gateway session of its own that it closes on exit.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from cdcshell.i18n import t


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="cdcshell lsp", description=t("lsp.cli.usage"))
    p.add_argument("--flink-version", metavar="V", help=t("lsp.cli.help.flink_version"))
    p.add_argument("--gateway", metavar="URL", help=t("lsp.cli.help.gateway"))
    return p


def main(argv: Sequence[str]) -> int:
    args = build_parser().parse_args(list(argv))
    try:
        from cdcshell.lsp.server import build_server
    except ImportError:
        print(t("lsp.cli.missing_pygls"), file=sys.stderr)
        return 2
    from cdcshell.catalog.loader import CatalogError, load_catalog
    from cdcshell.lsp.features import DocumentAnalyzer
    from cdcshell.lsp.live import LiveGateway

    live = LiveGateway.connect(args.gateway) if args.gateway else None
    version = args.flink_version or (live.flink_version if live else None) or "1.20"
    try:
        load_catalog(version)
    except CatalogError as e:
        print(str(e), file=sys.stderr)
        return 2
    analyzer = DocumentAnalyzer(version, live.metadata if live else None)
    try:
        build_server(analyzer).start_io()
    finally:
        if live is not None:
            live.close()
    return 0
