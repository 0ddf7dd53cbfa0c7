"""Where cdcshell keeps its files, following the XDG base directory rules.

Every location can be moved with one environment variable (`CDCSHELL_HOME` moves them all), which is how the
tests keep a developer's history and sandbox out of reach.
"""

from __future__ import annotations

import os
from pathlib import Path


def _base(xdg_var: str, fallback: str, sub: str) -> Path:
    home = os.environ.get("CDCSHELL_HOME")
    if home:
        return Path(home) / sub
    root = os.environ.get(xdg_var) or str(Path.home() / fallback)
    return Path(root) / "cdcshell"


def cache_dir() -> Path:
    """Downloads and assembled Flink homes: large, re-creatable."""
    return Path(os.environ.get("CDCSHELL_CACHE_DIR") or _base("XDG_CACHE_HOME", ".cache", "cache"))


def data_dir() -> Path:
    """History and job journals: small, precious."""
    return _base("XDG_DATA_HOME", ".local/share", "data")


def state_dir() -> Path:
    """Running sandboxes: pid files, logs, checkpoints and savepoints."""
    return Path(os.environ.get("CDCSHELL_SANDBOX_DIR") or _base("XDG_STATE_HOME", ".local/state", "state"))


def config_dir() -> Path:
    return _base("XDG_CONFIG_HOME", ".config", "config")


# A symlink planted where cdcshell writes (history, journals, logs, `--record`) must not redirect the write:
# the last component is opened without following links (where the platform has the flag).
O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def private_dir(path: Path) -> Path:
    """Create `path` and any missing parents 0700 (what cdcshell keeps is private); existing ones are kept."""
    missing: list[Path] = []
    p = path
    while not p.exists() and p != p.parent:
        missing.append(p)
        p = p.parent
    for d in reversed(missing):
        try:
            d.mkdir(mode=0o700)
        except FileExistsError:
            pass
        else:
            os.chmod(d, 0o700)  # mkdir's mode is filtered by the umask
    return path


def private_file(path: Path) -> Path:
    """Create `path` (and its parents, 0700) readable by its owner only, before anything is written to it; a
    symlink in its place is refused (OSError ELOOP), never followed."""
    private_dir(path.parent)
    fd = os.open(path, os.O_CREAT | os.O_APPEND | os.O_WRONLY | O_NOFOLLOW, 0o600)
    try:
        os.fchmod(fd, 0o600)  # fchmod: a chmod by name would follow a link swapped in meanwhile
    finally:
        os.close(fd)
    return path
