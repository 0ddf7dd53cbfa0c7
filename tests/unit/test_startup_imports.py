"""Start-up stays light: importing the CLI (and building its argument parser) pulls in none of the heavy
libraries. They load when a mode first needs them — the REPL's prompt_toolkit, the gateway's httpx, the
renderers' rich, the query analysis's sqlglot — so `cdcshell --version`, `--help` and the first prompt do not
pay for them. Checked in a fresh interpreter: the test process has imported everything already.

The import direction between the packages is checked by `lint-imports` (contracts in pyproject.toml).
"""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("httpx", "rich", "sqlglot", "prompt_toolkit", "pygments", "yaml", "psycopg", "pymongo")

_PROBE = f"""
import json, sys
import cdcshell.cli
cdcshell.cli.build_parser()
print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))
"""


def test_importing_the_cli_pulls_in_no_heavy_library() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE], capture_output=True, text=True, timeout=60, check=True
    )
    assert json.loads(done.stdout) == []
