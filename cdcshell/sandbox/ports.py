"""Is a port free, and if not, who holds it.

Checked before anything starts, because a Flink process that finds its port taken dies deep inside its log
with a `BindException`, long after the shell said "starting".
"""

from __future__ import annotations

import contextlib
import os
import socket
from pathlib import Path

_PROC = Path("/proc")


def port_in_use(port: int, host: str = "127.0.0.1") -> bool:
    """True when nothing could bind `host:port` now (a listener on 0.0.0.0 counts too)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # TIME_WAIT leftovers are not "in use"
        try:
            sock.bind((host, port))
        except OSError:
            return True
    return False


def free_port(host: str = "127.0.0.1") -> int:
    """A port the kernel considers free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def _listening_inodes(port: int, proc: Path) -> set[str]:
    inodes: set[str] = set()
    for table in ("tcp", "tcp6"):
        try:
            lines = (proc / "net" / table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if len(fields) < 10:
                continue
            local, state, inode = fields[1], fields[3], fields[9]
            if state == "0A" and int(local.rsplit(":", 1)[1], 16) == port:
                inodes.add(inode)
    return inodes


def process_name(pid: int, proc: Path = _PROC) -> str:
    """A short, readable name for `pid`: the command line, with a Java main class preferred over `java`."""
    try:
        argv = (proc / str(pid) / "cmdline").read_bytes().split(b"\0")
    except OSError:
        return "?"
    words = [a.decode(errors="replace") for a in argv if a]
    if not words:
        return "?"
    if os.path.basename(words[0]) == "java":
        mains = [w for w in words[1:] if w.startswith("org.") or w.startswith("com.")]
        if mains:
            return f"java {mains[0]}"
    return " ".join(words)[:120]


def who_listens(port: int, proc: Path = _PROC) -> tuple[int, str] | None:
    """(pid, name) of a process listening on `port`, when /proc lets us see it."""
    inodes = _listening_inodes(port, proc)
    if not inodes:
        return None
    targets = {f"socket:[{inode}]" for inode in inodes}
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            for fd in (entry / "fd").iterdir():
                with contextlib.suppress(OSError):
                    if os.readlink(fd) in targets:
                        pid = int(entry.name)
                        return pid, process_name(pid, proc)
    return None
