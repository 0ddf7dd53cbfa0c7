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

# What `--with mysql` and `--with kafka` add, per Flink series (on top of the JDBC connector above, which every
# service's demo sinks into). Flink CDC 3.1+ no longer bundles the MySQL JDBC driver (its licence), so mysql-cdc
# needs `mysql-connector-j` next to it; the JDBC sink's MySQL dialect is its own module. The Kafka SQL connector
# for 1.20 is published as the plain `flink-connector-kafka` jar (no `flink-sql-connector-kafka` 3.4.0-1.20 on
# Maven Central), so the `kafka-clients` it was built against (3.9.0) goes next to it.
SERVICE_CONNECTORS: dict[str, dict[str, list[tuple[str, str, str]]]] = {
    "mysql": {
        "1.20": [
            ("org.apache.flink", "flink-sql-connector-mysql-cdc", "3.5.0"),
            ("com.mysql", "mysql-connector-j", "8.0.33"),
            ("org.apache.flink", "flink-connector-jdbc-mysql", "3.3.0-1.20"),
        ],
    },
    "kafka": {
        "1.20": [
            ("org.apache.flink", "flink-connector-kafka", "3.4.0-1.20"),
            ("org.apache.kafka", "kafka-clients", "3.9.0"),
        ],
    },
}


def _noop(_: str) -> None:
    return None


def connectors_for(flink_version: str) -> list[tuple[str, str, str]]:
    series = ".".join(flink_version.split(".")[:2])
    jars = CONNECTORS.get(series)
    if jars is None:
        raise SandboxError(
            t("sandbox.postgres.no_connectors", version=flink_version, known=", ".join(CONNECTORS))
        )
    return jars


def connectors_dir(flink_version: str) -> Path:
    return paths.cache_dir() / "connectors" / ".".join(flink_version.split(".")[:2])


def service_connectors(flink_version: str, services: Iterable[str]) -> list[tuple[str, str, str]]:
    """The jars `services` (mysql, kafka) add for `flink_version`; an error for a series that has none."""
    series = ".".join(flink_version.split(".")[:2])
    jars: list[tuple[str, str, str]] = []
    for service in services:
        known = SERVICE_CONNECTORS.get(service, {})
        if series not in known:
            raise SandboxError(
                t(
                    "sandbox.service_no_connectors",
                    service=service,
                    version=flink_version,
                    known=", ".join(known) or "-",
                )
            )
        jars += known[series]
    return jars


def fetch_connectors(
    flink_version: str, progress: Progress = _noop, services: Iterable[str] = ()
) -> list[Path]:
    """The connector jars for `flink_version` (plus what `services` add), from the cache or Maven Central."""
    series = ".".join(flink_version.split(".")[:2])
    if not CDC_AVAILABLE.get(series, False):
        progress(t("sandbox.postgres.no_cdc", version=flink_version))
    directory = connectors_dir(flink_version)
    wanted = connectors_for(flink_version) + service_connectors(flink_version, services)
    return [maven_copy(g, a, v, directory, progress) for g, a, v in wanted]


def jar_names(flink_version: str, services: Iterable[str] = ()) -> set[str]:
    """The file names `fetch_connectors` gives, without fetching: to see whether a running sandbox has them."""
    wanted = connectors_for(flink_version) + service_connectors(flink_version, services)
    return {f"{a}-{v}.jar" for _, a, v in wanted}


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
