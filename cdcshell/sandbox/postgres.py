"""PostgreSQL for the sandbox's CDC demo: a private cluster with logical decoding, a demo database, a CDC role.

It uses the distribution's PostgreSQL binaries (Debian's `postgresql` package) but never its system cluster:
`initdb` makes a cluster of the sandbox's own, listening on 127.0.0.1 only, started and stopped with `pg_ctl`.
PostgreSQL refuses to run as root, so under root the cluster belongs to the `postgres` system user (or a
`cdcshell` system user created for the purpose); when that user cannot reach the sandbox directory (under
`/root`, mode 700) the cluster lives in `/var/lib/cdcshell/postgres/…` and the sandbox links to it.

Size (~460 lines), on purpose: one service's whole life (binaries, system user, initdb, a hardened
configuration, start, stop), every step sharing the `Cluster` plan; nothing else uses the parts.
"""

from __future__ import annotations

import contextlib
import grp
import hashlib
import json
import os
import pwd
import shutil
import stat
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cdcshell.i18n import t
from cdcshell.sandbox import packages
from cdcshell.sandbox.errors import SandboxError
from cdcshell.sandbox.preflight import check_ports
from cdcshell.sandbox.processes import Layout, tail

Progress = Callable[[str], None]
DEFAULT_PORT = 15432
DATABASE = "shop"
ROLE = "cdc"
PASSWORD = "cdc"  # a local demo account on 127.0.0.1; masked wherever the DSN is printed
PUBLICATION = "dbz_publication"
SYSTEM_ROOT = Path("/var/lib/cdcshell/postgres")
INSTALL_COMMAND = "apt-get update && apt-get install -y postgresql"


def _noop(_: str) -> None:
    return None


@dataclass(frozen=True)
class PostgresInfo:
    port: int
    pid: int
    dsn: str


@dataclass(frozen=True)
class RunAs:
    """The account the cluster runs under when we are root; None means: the current user."""

    name: str
    uid: int
    gid: int


@dataclass(frozen=True)
class Cluster:
    base: Path  # holds data/, run/ (socket) and postgres.log
    run_as: RunAs | None

    @property
    def data(self) -> Path:
        return self.base / "data"

    @property
    def socket_dir(self) -> Path:
        return self.base / "run"

    @property
    def log(self) -> Path:
        return self.base / "postgres.log"


def dsn(port: int) -> str:
    return f"postgresql://{ROLE}:{PASSWORD}@127.0.0.1:{port}/{DATABASE}"


# ---------------------------------------------------------------------------------------------------------------
# Binaries


def find_bindir() -> Path | None:
    """The newest installed PostgreSQL server's bin dir (Debian keeps them under /usr/lib/postgresql/<major>)."""
    candidates: list[tuple[int, Path]] = []
    for bindir in Path("/usr/lib/postgresql").glob("*/bin"):
        if all((bindir / tool).is_file() for tool in ("pg_ctl", "initdb", "postgres")):
            with contextlib.suppress(ValueError):
                candidates.append((int(bindir.parent.name), bindir))
    if candidates:
        return max(candidates)[1]
    pg_ctl = shutil.which("pg_ctl")
    if pg_ctl:
        bindir = Path(pg_ctl).resolve().parent
        if (bindir / "initdb").is_file():
            return bindir
    return None


def install_script() -> Path:
    return packages.script_path("install-postgres.sh")


def ensure_bindir(progress: Progress = _noop) -> Path:
    """The server binaries, installed from the distribution's packages first when we may (root)."""
    bindir = find_bindir()
    if bindir is None:
        packages.install(install_script(), INSTALL_COMMAND, "postgres", progress)
        bindir = find_bindir()
    if bindir is None:
        raise SandboxError(t("sandbox.postgres.not_installed", command=INSTALL_COMMAND))
    return bindir


# ---------------------------------------------------------------------------------------------------------------
# Who runs it, and where


def _ensure_system_user(progress: Progress = _noop) -> RunAs:
    """`postgres` when the package created it, else a `cdcshell` system user made for the purpose."""
    for name in ("postgres", "cdcshell"):
        with contextlib.suppress(KeyError):
            entry = pwd.getpwnam(name)
            return RunAs(name, entry.pw_uid, entry.pw_gid)
    command = ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", "cdcshell"]
    progress(t("sandbox.postgres.root_useradd", command=" ".join(command)))  # said before it is done
    proc = subprocess.run(
        command,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise SandboxError(t("sandbox.postgres.no_user", error=(proc.stderr or proc.stdout).strip()))
    entry = pwd.getpwnam("cdcshell")
    return RunAs("cdcshell", entry.pw_uid, entry.pw_gid)


def traversable_by(path: Path, uid: int, gids: set[int]) -> bool:
    """Can `uid` reach `path` (execute permission on every existing ancestor)?"""
    for ancestor in [path, *path.parents]:
        try:
            st = ancestor.stat()
        except FileNotFoundError:
            continue
        if st.st_uid == uid:
            bit = stat.S_IXUSR
        elif st.st_gid in gids:
            bit = stat.S_IXGRP
        else:
            bit = stat.S_IXOTH
        if not st.st_mode & bit:
            return False
    return True


def _groups_of(run_as: RunAs) -> set[int]:
    return {run_as.gid} | {g.gr_gid for g in grp.getgrall() if run_as.name in g.gr_mem}


def _record_file(layout: Layout) -> Path:
    return layout.sandbox_dir / "postgres.json"


def _read_record(layout: Layout) -> dict[str, object] | None:
    try:
        data = json.loads(_record_file(layout).read_text())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def plan_cluster(layout: Layout, progress: Progress = _noop) -> Cluster:
    """Where the cluster of this sandbox lives and who runs it (decided once, then remembered)."""
    record = _read_record(layout)
    run_as = _ensure_system_user(progress) if os.geteuid() == 0 else None
    if record and record.get("base"):
        return Cluster(Path(str(record["base"])), run_as)
    local = layout.sandbox_dir / "postgres"
    if run_as is None or traversable_by(layout.sandbox_dir.resolve(), run_as.uid, _groups_of(run_as)):
        return Cluster(local, run_as)
    digest = hashlib.sha256(str(layout.sandbox_dir.resolve()).encode()).hexdigest()[:12]
    return Cluster(SYSTEM_ROOT / digest, run_as)


def _prepare_dirs(cluster: Cluster, layout: Layout) -> None:
    for folder in (cluster.base, cluster.socket_dir):
        folder.mkdir(parents=True, exist_ok=True)
    if cluster.run_as is not None:
        for folder in (cluster.base, cluster.socket_dir):
            os.chown(folder, cluster.run_as.uid, cluster.run_as.gid)
        cluster.base.chmod(0o700)
        if SYSTEM_ROOT in cluster.base.parents:
            SYSTEM_ROOT.chmod(0o755)
    # Only the server's own user may reach its socket: with the socket in a 0755 directory any local user could
    # connect (and a superuser session means code execution through COPY ... TO PROGRAM).
    cluster.socket_dir.chmod(0o700)
    link = layout.sandbox_dir / "postgres"
    if cluster.base != link and not link.exists():
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(cluster.base)
    layout.log_dir.mkdir(parents=True, exist_ok=True)
    log_link = layout.log_dir / "postgres.log"
    if not log_link.exists() and not log_link.is_symlink():
        log_link.symlink_to(cluster.log)


def _run(
    cluster: Cluster, command: list[str], *, stdin: str | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}
    options: dict[str, object] = {}
    if cluster.run_as is not None:
        options = {"user": cluster.run_as.uid, "group": cluster.run_as.gid, "extra_groups": []}
        env["HOME"] = str(cluster.base)
    return subprocess.run(  # type: ignore[call-overload]
        command,
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        env=env,
        cwd=str(cluster.base),
        timeout=timeout,
        **options,
    )


# ---------------------------------------------------------------------------------------------------------------
# Configuration and demo schema


# Local (socket) connections are checked against the OS user (peer): never `trust`, which let any local user
# connect as the superuser.
LOCAL_AUTH = "peer"


def harden_hba(path: Path) -> bool:
    """Rewrite `local ... trust` lines of a `pg_hba.conf` to peer authentication; True when something changed."""
    try:
        text = path.read_text()
    except OSError:
        return False
    lines = text.splitlines(keepends=True)
    changed = False
    for i, line in enumerate(lines):
        fields = line.split()
        if fields and fields[0] == "local" and fields[-1] == "trust":
            lines[i] = line.rstrip()[: -len("trust")] + LOCAL_AUTH + "\n"
            changed = True
    if changed:
        path.write_text("".join(lines))
    return changed


def server_settings(port: int, socket_dir: Path) -> str:
    """What logical decoding for Flink CDC needs, on loopback only; the file is rewritten at every start."""
    return "\n".join(
        [
            "# Written by cdcshell at every start of the sandbox's PostgreSQL.",
            "listen_addresses = '127.0.0.1'",
            f"port = {port}",
            f"unix_socket_directories = '{socket_dir}'",
            "wal_level = logical",
            "max_replication_slots = 20",
            "max_wal_senders = 20",
            "max_connections = 100",
            "shared_buffers = 128MB",
            "",
        ]
    )


BOOTSTRAP_SQL = f"""
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{ROLE}') THEN
    CREATE ROLE {ROLE} LOGIN REPLICATION PASSWORD '{PASSWORD}';
  END IF;
END $$;
SELECT 'CREATE DATABASE {DATABASE} OWNER {ROLE}' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '{DATABASE}')
\\gexec
"""

SCHEMA_SQL = f"""
CREATE TABLE IF NOT EXISTS customers (
  id INT PRIMARY KEY,
  name TEXT NOT NULL,
  email TEXT,
  created_at TIMESTAMP(3) NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS orders (
  id INT PRIMARY KEY,
  customer_id INT NOT NULL,
  product TEXT NOT NULL,
  quantity INT NOT NULL,
  price NUMERIC(10, 2) NOT NULL,
  status TEXT NOT NULL DEFAULT 'NEW',
  created_at TIMESTAMP(3) NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS orders_sink (
  id INT PRIMARY KEY,
  customer_id INT NOT NULL,
  product TEXT NOT NULL,
  quantity INT NOT NULL,
  price NUMERIC(10, 2) NOT NULL,
  status TEXT NOT NULL,
  created_at TIMESTAMP(3) NOT NULL
);
-- without it an UPDATE or DELETE sends the CDC job into a restart loop
ALTER TABLE customers REPLICA IDENTITY FULL;
ALTER TABLE orders REPLICA IDENTITY FULL;
ALTER TABLE orders_sink REPLICA IDENTITY FULL;
ALTER TABLE customers OWNER TO {ROLE};
ALTER TABLE orders OWNER TO {ROLE};
ALTER TABLE orders_sink OWNER TO {ROLE};
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_publication WHERE pubname = '{PUBLICATION}') THEN
    CREATE PUBLICATION {PUBLICATION} FOR TABLE customers, orders;
  END IF;
END $$;
ALTER PUBLICATION {PUBLICATION} OWNER TO {ROLE};
"""

SEED_SQL = """
INSERT INTO customers (id, name, email) VALUES
  (1, 'Ada Lovelace', 'ada@example.com'), (2, 'Grace Hopper', 'grace@example.com'), (3, '李雷', 'lilei@example.com')
ON CONFLICT (id) DO NOTHING;
INSERT INTO orders (id, customer_id, product, quantity, price) VALUES
  (1, 1, 'keyboard', 1, 49.90), (2, 2, 'monitor', 2, 199.00), (3, 3, 'notebook', 5, 3.50)
ON CONFLICT (id) DO NOTHING;
"""


# ---------------------------------------------------------------------------------------------------------------
# Lifecycle


def log_file(layout: Layout) -> Path:
    return layout.log_dir / "postgres.log"


def _postmaster(cluster: Cluster) -> tuple[int, int] | None:
    """(pid, port) from `postmaster.pid` when that process is alive and is a postgres."""
    try:
        lines = (cluster.data / "postmaster.pid").read_text().splitlines()
        pid, port = int(lines[0]), int(lines[3])
        comm = Path(f"/proc/{pid}/comm").read_text().strip()
    except (OSError, ValueError, IndexError):
        return None
    return (pid, port) if comm.startswith("postgres") else None


def running_info(layout: Layout) -> PostgresInfo | None:
    record = _read_record(layout)
    if not record or not record.get("base"):
        return None
    found = _postmaster(Cluster(Path(str(record["base"])), None))
    return PostgresInfo(found[1], found[0], dsn(found[1])) if found else None


def _fail(key: str, cluster: Cluster, proc: subprocess.CompletedProcess[str]) -> SandboxError:
    output = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-20:])
    return SandboxError(
        t(key, log=cluster.log, output=output, tail=tail(cluster.log, 20) or t("sandbox.log_empty"))
    )


def up(layout: Layout, port: int = DEFAULT_PORT, progress: Progress = _noop) -> PostgresInfo:
    """Start (creating it first if needed) the sandbox's cluster and make sure the demo schema is there."""
    current = running_info(layout)
    if current is not None:
        if current.port == port:
            return current
        down(layout)
    bindir = ensure_bindir(progress)
    cluster = plan_cluster(layout, progress)
    _prepare_dirs(cluster, layout)
    fresh = not (cluster.data / "PG_VERSION").is_file()
    if fresh:
        progress(t("sandbox.postgres.initdb", path=cluster.data))
        if cluster.data.exists():
            shutil.rmtree(cluster.data)  # an initdb that was interrupted
        proc = _run(
            cluster,
            [
                str(bindir / "initdb"),
                "-D",
                str(cluster.data),
                "-E",
                "UTF8",
                "--no-locale",
                f"--auth-local={LOCAL_AUTH}",
                "--auth-host=scram-sha-256",
            ],
        )
        if proc.returncode != 0:
            raise _fail("sandbox.postgres.initdb_failed", cluster, proc)
        conf = cluster.data / "postgresql.conf"
        conf.write_text(conf.read_text() + "\ninclude_if_exists = 'cdcshell.conf'\n")
    harden_hba(cluster.data / "pg_hba.conf")  # a cluster made by an older cdcshell trusted local connections
    settings = cluster.data / "cdcshell.conf"
    settings.write_text(server_settings(port, cluster.socket_dir))
    if cluster.run_as is not None:
        os.chown(settings, cluster.run_as.uid, cluster.run_as.gid)
    _write_record(layout, cluster, port)
    check_ports([(t("sandbox.component.postgres"), port)])
    progress(t("sandbox.postgres.starting", port=port))
    proc = _run(
        cluster,
        [str(bindir / "pg_ctl"), "-D", str(cluster.data), "-l", str(cluster.log), "-w", "-t", "90", "start"],
    )
    if proc.returncode != 0 or _postmaster(cluster) is None:
        raise _fail("sandbox.postgres.start_failed", cluster, proc)
    superuser = cluster.run_as.name if cluster.run_as else pwd.getpwuid(os.geteuid()).pw_name
    psql = [
        str(bindir / "psql"),
        "-X",
        "-q",
        "-v",
        "ON_ERROR_STOP=1",
        "-h",
        str(cluster.socket_dir),
        "-p",
        str(port),
        "-U",
        superuser,
    ]
    for database, sql in (("postgres", BOOTSTRAP_SQL), (DATABASE, SCHEMA_SQL + (SEED_SQL if fresh else ""))):
        proc = _run(cluster, [*psql, "-d", database, "-f", "-"], stdin=sql)
        if proc.returncode != 0:
            raise _fail("sandbox.postgres.schema_failed", cluster, proc)
    found = _postmaster(cluster)
    assert found is not None
    return PostgresInfo(found[1], found[0], dsn(found[1]))


def _write_record(layout: Layout, cluster: Cluster, port: int) -> None:
    layout.sandbox_dir.mkdir(parents=True, exist_ok=True)
    _record_file(layout).write_text(
        json.dumps(
            {"base": str(cluster.base), "port": port, "user": cluster.run_as.name if cluster.run_as else None}
        )
        + "\n"
    )


def down(layout: Layout) -> bool:
    """Stop the cluster (fast shutdown: sessions are ended, data is safe); False when it was not running."""
    if running_info(layout) is None:
        return False
    cluster = plan_cluster(layout)
    bindir = find_bindir()
    if bindir is None:
        raise SandboxError(t("sandbox.postgres.not_installed", command=INSTALL_COMMAND))
    proc = _run(
        cluster, [str(bindir / "pg_ctl"), "-D", str(cluster.data), "-m", "fast", "-w", "-t", "60", "stop"]
    )
    if proc.returncode != 0 and _postmaster(cluster) is not None:
        raise _fail("sandbox.postgres.stop_failed", cluster, proc)
    return True
