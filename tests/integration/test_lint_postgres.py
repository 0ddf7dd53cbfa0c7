"""The database-connecting postgres-cdc checks against a real PostgreSQL: a throwaway cluster started for this
module (initdb + pg_ctl from the distribution's packages, as the `postgres` user when run as root, on a free
port, 127.0.0.1 only) and removed afterwards. Each check must fire on the broken database, and the fix SQL it
prints, run as it is, must make it quiet."""

from __future__ import annotations

import glob
import io
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from cdcshell.lint.command import main
from cdcshell.lint.engine import lint_script
from cdcshell.lint.model import Finding
from cdcshell.lint.probes import Probes

pytestmark = pytest.mark.integration

psycopg = pytest.importorskip("psycopg")

CHECKPOINTED = (
    "SET 'execution.checkpointing.interval' = '30s';\n"
    "SET 'execution.checkpointing.dir' = 'file:///tmp/cp';\n"
    "SET 'execution.checkpointing.externalized-checkpoint-retention' = 'RETAIN_ON_CANCELLATION';\n"
)


def _bin_dir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name))
    for candidate in reversed(found):
        if Path(candidate, "initdb").exists() and Path(candidate, "pg_ctl").exists():
            return Path(candidate)
    return None


def _free_port(start: int = 25432) -> int:
    for port in range(start, start + 100):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
                return port
            except OSError:
                continue
    raise RuntimeError("no free port")


@dataclass
class Cluster:
    bin: Path
    data: Path
    port: int

    def _run(self, *args: str) -> None:
        cmd = [str(self.bin / args[0]), *args[1:]]
        if os.geteuid() == 0:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        subprocess.run(cmd, check=True, capture_output=True, timeout=60)

    def start(self) -> None:
        opts = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.data}"
        self._run(
            "pg_ctl", "-D", str(self.data / "db"), "-l", str(self.data / "log"), "-w", "-o", opts, "start"
        )

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data / "db"), "-m", "fast", "-w", "stop")

    def sql(self, statement: str, dbname: str = "shop") -> None:
        with psycopg.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname=dbname, autocommit=True
        ) as c:
            c.execute(statement)


@pytest.fixture(scope="module")
def pg() -> Iterator[Cluster]:
    bin_dir = _bin_dir()
    if bin_dir is None:
        pytest.skip("no PostgreSQL server installed (scripts/install-postgres.sh installs it)")
    data = Path(tempfile.mkdtemp(prefix="cdcshell-lint-pg-"))
    if os.geteuid() == 0:
        shutil.chown(data, "postgres")
    cluster = Cluster(bin_dir, data, _free_port())
    cluster._run("initdb", "-D", str(data / "db"), "-U", "postgres", "--auth=trust", "--no-sync")
    (data / "db" / "postgresql.conf").open("a").write("\nwal_level = logical\nmax_replication_slots = 4\n")
    cluster.start()
    try:
        cluster.sql("CREATE DATABASE shop", dbname="postgres")
        for statement in (
            "CREATE ROLE flink_ok LOGIN REPLICATION PASSWORD 'pw'",
            "CREATE ROLE flink_norep LOGIN PASSWORD 'pw'",
            "GRANT CREATE ON DATABASE shop TO flink_ok",
            "CREATE TABLE public.ready (id INT PRIMARY KEY, v TEXT)",
            "ALTER TABLE public.ready REPLICA IDENTITY FULL",
            "ALTER TABLE public.ready OWNER TO flink_ok",
            "CREATE TABLE public.plain (id INT PRIMARY KEY, v TEXT)",
            "ALTER TABLE public.plain OWNER TO flink_ok",
            "CREATE PUBLICATION dbz_publication FOR TABLE public.ready",
        ):
            cluster.sql(statement)
        yield cluster
    finally:
        try:
            cluster.stop()
        finally:
            shutil.rmtree(data, ignore_errors=True)


def script(port: int, table: str, user: str = "flink_ok", publication: str = "dbz_publication") -> str:
    return CHECKPOINTED + (
        f"CREATE TABLE src (id INT, v STRING, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'postgres-cdc', "
        f"'hostname' = '127.0.0.1', 'port' = '{port}', 'username' = '{user}', 'password' = 'pw', "
        f"'database-name' = 'shop', 'schema-name' = 'public', 'table-name' = '{table}', 'slot.name' = 's_{table}', "
        f"'decoding.plugin.name' = 'pgoutput', 'debezium.publication.name' = '{publication}', "
        f"'scan.incremental.snapshot.enabled' = 'true');\n"
        "CREATE TABLE sink (id INT, v STRING) WITH ('connector' = 'print');\n"
        "INSERT INTO sink SELECT * FROM src;\n"
    )


def db_findings(source: str) -> list[Finding]:
    result = lint_script(source, flink_version="1.20", probes=Probes(allowed=True, timeout=3.0))
    return [f for f in result.findings if f.rule.startswith("PG")]


def test_ready_database_is_quiet(pg: Cluster) -> None:
    assert db_findings(script(pg.port, "ready")) == []


def test_replica_identity_and_its_fix(pg: Cluster) -> None:
    found = db_findings(script(pg.port, "plain", publication="pub_plain"))
    pg004 = [f for f in found if f.rule == "PG004"]
    assert len(pg004) == 1 and "DEFAULT" in pg004[0].message
    assert pg004[0].fix == "ALTER TABLE public.plain REPLICA IDENTITY FULL;"
    pg.sql(pg004[0].fix)
    assert not [
        f for f in db_findings(script(pg.port, "plain", publication="pub_plain")) if f.rule == "PG004"
    ]


def test_role_without_replication_and_its_fix(pg: Cluster) -> None:
    found = [f for f in db_findings(script(pg.port, "ready", user="flink_norep")) if f.rule == "PG005"]
    assert len(found) == 1 and found[0].fix == "ALTER ROLE flink_norep REPLICATION;"
    pg.sql(found[0].fix)
    assert not [f for f in db_findings(script(pg.port, "ready", user="flink_norep")) if f.rule == "PG005"]


def test_missing_publication_and_its_fix(pg: Cluster) -> None:
    found = [f for f in db_findings(script(pg.port, "ready", publication="pub_new")) if f.rule == "PG007"]
    assert len(found) == 1 and found[0].fix == "CREATE PUBLICATION pub_new FOR TABLE public.ready;"
    pg.sql(found[0].fix)
    assert not [f for f in db_findings(script(pg.port, "ready", publication="pub_new")) if f.rule == "PG007"]


def test_publication_without_the_table_and_its_fix(pg: Cluster) -> None:
    pg.sql("CREATE TABLE IF NOT EXISTS public.other (id INT PRIMARY KEY)")
    pg.sql("ALTER TABLE public.other REPLICA IDENTITY FULL")
    found = [f for f in db_findings(script(pg.port, "other")) if f.rule == "PG007"]
    assert len(found) == 1 and found[0].fix == "ALTER PUBLICATION dbz_publication ADD TABLE public.other;"
    pg.sql(found[0].fix)
    assert db_findings(script(pg.port, "other")) == []


def test_wal_level_and_its_fix(pg: Cluster) -> None:
    pg.sql("ALTER SYSTEM SET wal_level = replica")
    pg.stop()
    pg.start()
    try:
        found = [f for f in db_findings(script(pg.port, "ready")) if f.rule == "PG006"]
        assert len(found) == 1 and "replica" in found[0].message
        assert found[0].fix == "ALTER SYSTEM SET wal_level = logical;"
        pg.sql(found[0].fix)
    finally:
        pg.stop()
        pg.start()
    assert not [f for f in db_findings(script(pg.port, "ready")) if f.rule == "PG006"]


def test_unreachable_database(pg: Cluster) -> None:
    found = db_findings(script(_free_port(pg.port + 1), "ready"))
    assert [f.rule for f in found] == ["PG008"]


def test_no_matching_table(pg: Cluster) -> None:
    found = db_findings(script(pg.port, "nope"))
    assert [f.rule for f in found] == ["PG008"] and "no table" in found[0].message


def test_cli_connect(pg: Cluster, tmp_path: Path) -> None:
    path = tmp_path / "job.sql"
    path.write_text(script(pg.port, "plain2"), encoding="utf-8")
    pg.sql("CREATE TABLE IF NOT EXISTS public.plain2 (id INT PRIMARY KEY)")
    out = io.StringIO()
    assert main([str(path), "--connect"], stdout=out, stderr=io.StringIO()) == 1
    assert "error PG004" in out.getvalue() and "REPLICA IDENTITY FULL" in out.getvalue()
    quiet = io.StringIO()
    assert main([str(path)], stdout=quiet, stderr=io.StringIO()) == 0  # without --connect: no connection
