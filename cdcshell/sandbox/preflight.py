"""Checks made before anything starts: Java, and the ports the sandbox wants.

Both failures otherwise surface late and far from their cause: an old Java as an `UnsupportedClassVersionError`
in a log, a taken port as a `BindException` after the shell already said "starting".
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path

from cdcshell.i18n import t
from cdcshell.sandbox.errors import SandboxError
from cdcshell.sandbox.ports import port_in_use, who_listens

MIN_JAVA = 11


def java_executable(environ: dict[str, str] | None = None) -> str | None:
    """The `java` Flink's scripts will run: `$JAVA_HOME/bin/java` first, as `bash-java-utils.sh` does."""
    env = os.environ if environ is None else environ
    java_home = env.get("JAVA_HOME")
    if java_home and (Path(java_home) / "bin" / "java").is_file():
        return str(Path(java_home) / "bin" / "java")
    return shutil.which("java", path=env.get("PATH"))


def parse_java_version(output: str) -> int | None:
    """The major version from `java -version` output: `"1.8.0_392"` → 8, `"17.0.15"` → 17, `"21"` → 21."""
    match = re.search(r'version "(\d+)(?:\.(\d+))?', output)
    if not match:
        return None
    major = int(match.group(1))
    if major == 1 and match.group(2):
        return int(match.group(2))
    return major


def check_java(flink_version: str) -> int:
    """The Java major version, or a SandboxError saying what to install."""
    java = java_executable()
    if java is None:
        raise SandboxError(t("sandbox.no_java", minimum=MIN_JAVA, flink=flink_version))
    try:
        proc = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SandboxError(t("sandbox.java_broken", java=java, error=exc)) from exc
    major = parse_java_version(proc.stderr + proc.stdout)
    if major is None:
        raise SandboxError(
            t("sandbox.java_broken", java=java, error=(proc.stderr + proc.stdout).strip()[:200])
        )
    if major < MIN_JAVA:
        raise SandboxError(
            t("sandbox.java_too_old", java=java, found=major, minimum=MIN_JAVA, flink=flink_version)
        )
    return major


def check_ports(ports: Iterable[tuple[str, int]]) -> None:
    """Raise naming every port that is taken, and who holds it when /proc tells."""
    taken: list[str] = []
    for purpose, port in ports:
        if port and port_in_use(port):
            holder = who_listens(port)
            if holder:
                taken.append(
                    t("sandbox.port_taken_by", port=port, purpose=purpose, pid=holder[0], process=holder[1])
                )
            else:
                taken.append(t("sandbox.port_taken", port=port, purpose=purpose))
    if taken:
        raise SandboxError(
            t("sandbox.ports_taken_header") + "\n" + "\n".join(f"  - {line}" for line in taken)
        )
