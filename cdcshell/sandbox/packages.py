"""Installing a database server from the distribution's packages, through the repo's install script.

PostgreSQL and MariaDB are both installed this way (`scripts/install-postgres.sh`, `scripts/install-mysql.sh`):
as root the script runs on the spot, otherwise the user is told the one command to run.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

from cdcshell.i18n import t
from cdcshell.sandbox.errors import SandboxError


def script_path(name: str) -> Path:
    return Path(__file__).resolve().parents[2] / "scripts" / name


# The messages of each installable service, as literal keys (a test finds dead and missing keys by reading them).
_MESSAGES = {
    "postgres": (
        "sandbox.postgres.not_installed",
        "sandbox.postgres.installing",
        "sandbox.postgres.install_failed",
    ),
    "mysql": ("sandbox.mysql.not_installed", "sandbox.mysql.installing", "sandbox.mysql.install_failed"),
}


def install(script: Path, fallback: str, area: str, progress: Callable[[str], None]) -> None:
    """Run `script` (or the `fallback` shell command where the repo's scripts are not shipped) as root.

    `area` names the messages: `sandbox.<area>.not_installed`, `.installing` and `.install_failed`. Whether the
    server is there afterwards is the caller's check.
    """
    not_installed, installing, install_failed = _MESSAGES[area]
    if os.geteuid() != 0:
        raise SandboxError(t(not_installed, command=f"sudo sh -c '{fallback}'"))
    progress(t(installing))
    command = ["bash", str(script)] if script.is_file() else ["sh", "-c", fallback]
    progress(t("sandbox.root_runs", command=" ".join(command)))  # as root: say what runs before running it
    proc = subprocess.run(command, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SandboxError(
            t(
                install_failed,
                command=" ".join(command),
                tail="\n".join((proc.stdout + proc.stderr).strip().splitlines()[-20:]),
            )
        )
