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


def private_file(path: Path) -> Path:
    """Create `path` (and its parents) readable by its owner only, before anything is written to it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_CREAT | os.O_APPEND | os.O_WRONLY, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)
    return path
