"""Connector jars for the sandbox's CDC demo, kept out of the shared Flink home.

Flink's `config.sh` builds the classpath from `$FLINK_LIB_DIR` when it is set. A sandbox that needs connectors
gets its own `lib/`: links to every jar of the home's `lib/` plus the connector jars, so the assembled home in the
cache stays exactly as shipped and other sandboxes sharing it are unaffected.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path

from cdcshell import paths
from cdcshell.i18n import t
from cdcshell.sandbox.assemble import maven_copy
from cdcshell.sandbox.errors import SandboxError

Progress = Callable[[str], None]

# (group, artifact, version) per Flink series. Flink CDC 3.x lives under org.apache.flink. The postgres-cdc jar
# bundles the PostgreSQL JDBC driver, which the JDBC sink uses too; the sink needs the JDBC connector and its
# PostgreSQL dialect module.
CONNECTORS: dict[str, list[tuple[str, str, str]]] = {
    "1.20": [
        ("org.apache.flink", "flink-sql-connector-postgres-cdc", "3.5.0"),
        ("org.apache.flink", "flink-connector-jdbc", "3.3.0-1.20"),
        ("org.apache.flink", "flink-connector-jdbc-postgres", "3.3.0-1.20"),
    ],
    # Flink CDC 3.5.0, the newest release, does not run on Flink 2.x (it needs SourceFunction, removed in 2.0):
    # a 2.2 sandbox gets the JDBC connector and the driver only.
    "2.2": [
        ("org.apache.flink", "flink-connector-jdbc-core", "4.0.0-2.0"),
        ("org.apache.flink", "flink-connector-jdbc-postgres", "4.0.0-2.0"),
        ("org.postgresql", "postgresql", "42.7.14"),
    ],
}
CDC_AVAILABLE: dict[str, bool] = {"1.20": True, "2.2": False}


def _noop(_: str) -> None:
    return None


def connectors_for(flink_version: str) -> list[tuple[str, str, str]]:
    series = ".".join(flink_version.split(".")[:2])
    jars = CONNECTORS.get(series)
    if jars is None:
        raise SandboxError(t("sandbox.postgres.no_connectors", version=flink_version, known=", ".join(CONNECTORS)))
    return jars


def connectors_dir(flink_version: str) -> Path:
    return paths.cache_dir() / "connectors" / ".".join(flink_version.split(".")[:2])


def fetch_connectors(flink_version: str, progress: Progress = _noop) -> list[Path]:
    """The connector jars for `flink_version`, from the cache or Maven Central (through ~/.m2)."""
    series = ".".join(flink_version.split(".")[:2])
    if not CDC_AVAILABLE.get(series, False):
        progress(t("sandbox.postgres.no_cdc", version=flink_version))
    directory = connectors_dir(flink_version)
    return [maven_copy(g, a, v, directory, progress) for g, a, v in connectors_for(flink_version)]


def build_lib_dir(home: Path, lib_dir: Path, extra_jars: Iterable[Path]) -> Path:
    """(Re)create `lib_dir` as the home's `lib/` plus `extra_jars`, all as symbolic links."""
    if lib_dir.is_symlink() or lib_dir.is_file():
        lib_dir.unlink()
    elif lib_dir.exists():
        shutil.rmtree(lib_dir)
    lib_dir.mkdir(parents=True)
    for jar in [*sorted((home / "lib").iterdir()), *extra_jars]:
        if jar.is_file():
            os.symlink(jar.resolve(), lib_dir / jar.name)
    return lib_dir
