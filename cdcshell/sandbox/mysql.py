"""MySQL for the sandbox's CDC demo: a private MariaDB 10.11 with a row-based binlog, a demo database, a CDC user.

It uses the distribution's MariaDB binaries (Debian's `mariadb-server` package) but never its system service:
`mariadb-install-db` makes a data directory of the sandbox's own, and `mariadbd` runs from a defaults file the
sandbox writes, listening on 127.0.0.1 only. MariaDB, unlike PostgreSQL, runs as root when told so (`user=root`
in its defaults file), so no system account and no second directory are needed under root.

mysql-cdc reads the binlog as a replica would: `log_bin`, `binlog_format = ROW` and `binlog_row_image = FULL`
are set, and the `cdc` user holds exactly what the connector documents (SELECT, RELOAD, SHOW DATABASES,
REPLICATION SLAVE, REPLICATION CLIENT), plus write rights on the demo database so a JDBC sink can write there.
Administration (purging binlogs in tests, say) goes through the `mariadb` client over the private socket as the
operating-system user, authenticated by MariaDB's unix_socket plugin: no admin password exists anywhere.
"""

from __future__ import annotations

import contextlib
import json
import os
import pwd
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cdcshell.i18n import t
from cdcshell.sandbox import packages
from cdcshell.sandbox.errors import SandboxError
from cdcshell.sandbox.preflight import check_ports
from cdcshell.sandbox.processes import Layout, tail

Progress = Callable[[str], None]
DEFAULT_PORT = 13306
DATABASE = "shop"
USER = "cdc"
PASSWORD = "cdc"  # a local demo account on 127.0.0.1; masked wherever the URL is printed
SERVER_ID = 1  # the server's own; mysql-cdc readers must use other ids (the demo uses 5400-5499)
INSTALL_COMMAND = "apt-get update && apt-get install -y mariadb-server"


def _noop(_: str) -> None:
    return None


@dataclass(frozen=True)
class MysqlInfo:
    port: int
    pid: int
    url: str  # mysql://cdc:cdc@127.0.0.1:<port>/shop, the form `cdcshell lint --connect` and tests read


@dataclass(frozen=True)
class Instance:
    base: Path  # holds data/, run/ (socket, pid), my.cnf and mariadb.log

    @property
    def data(self) -> Path:
        return self.base / "data"

    @property
    def socket(self) -> Path:
        return self.base / "run" / "mysqld.sock"

    @property
    def pid_file(self) -> Path:
        return self.base / "run" / "mysqld.pid"

    @property
    def defaults(self) -> Path:
        return self.base / "my.cnf"

    @property
    def log(self) -> Path:
        return self.base / "mariadb.log"


def url(port: int) -> str:
    return f"mysql://{USER}:{PASSWORD}@127.0.0.1:{port}/{DATABASE}"


def instance(layout: Layout) -> Instance:
    return Instance(layout.sandbox_dir / "mysql")


def log_file(layout: Layout) -> Path:
    return instance(layout).log


# ---------------------------------------------------------------------------------------------------------------
# Binaries


@dataclass(frozen=True)
class Binaries:
    server: Path
    install_db: Path
    client: Path


def find_binaries() -> Binaries | None:
    """mariadbd, mariadb-install-db and the mariadb client (older packages name them mysqld, mysql_install_db)."""

    def first(*names: str) -> Path | None:
        for name in names:
            found = shutil.which(name) or next(
                (str(p) for d in ("/usr/sbin", "/usr/bin") if (p := Path(d) / name).is_file()), None
            )
            if found:
                return Path(found)
        return None

    server = first("mariadbd", "mysqld")
    install_db = first("mariadb-install-db", "mysql_install_db")
    client = first("mariadb", "mysql")
    if server is None or install_db is None or client is None:
        return None
    return Binaries(server, install_db, client)


def ensure_binaries(progress: Progress = _noop) -> Binaries:
    """The server binaries, installed from the distribution's packages first when we may (root)."""
    found = find_binaries()
    if found is None:
        packages.install(packages.script_path("install-mysql.sh"), INSTALL_COMMAND, "mysql", progress)
        found = find_binaries()
    if found is None:
        raise SandboxError(t("sandbox.mysql.not_installed", command=INSTALL_COMMAND))
    return found


# ---------------------------------------------------------------------------------------------------------------
# Configuration and demo schema


def _os_user() -> str:
    return pwd.getpwuid(os.geteuid()).pw_name


def server_settings(inst: Instance, port: int) -> str:
    """What binlog-based CDC needs, on loopback only; the file is rewritten at every start.

    The binlog keeps 7 days by default here; `SET GLOBAL binlog_expire_logs_seconds` shortens it at run time
    (the retention tests do), and a restart puts the default back.
    """
    lines = [
        "# Written by cdcshell at every start of the sandbox's MariaDB.",
        "[mariadbd]",
        f"datadir = {inst.data}",
        f"socket = {inst.socket}",
        f"pid-file = {inst.pid_file}",
        f"log-error = {inst.log}",
        f"port = {port}",
        "bind-address = 127.0.0.1",
        "skip-name-resolve",
        f"server-id = {SERVER_ID}",
        f"log-bin = {inst.data / 'binlog'}",
        "binlog-format = ROW",
        "binlog-row-image = FULL",
        "binlog-expire-logs-seconds = 604800",
        "default-time-zone = '+00:00'",
        "character-set-server = utf8mb4",
        "collation-server = utf8mb4_general_ci",
        # small: it shares two cores and a few GB with Flink, PostgreSQL and Kafka
        "innodb-buffer-pool-size = 64M",
        "innodb-log-file-size = 48M",
        "performance-schema = OFF",
        "max-connections = 100",
    ]
    if os.geteuid() == 0:
        lines.append("user = root")  # mariadbd refuses root unless told; the instance is the sandbox's own
    return "\n".join([*lines, "", "[client]", f"socket = {inst.socket}", ""])


BOOTSTRAP_SQL = f"""
CREATE DATABASE IF NOT EXISTS {DATABASE} CHARACTER SET utf8mb4;
CREATE USER IF NOT EXISTS '{USER}'@'127.0.0.1' IDENTIFIED BY '{PASSWORD}';
CREATE USER IF NOT EXISTS '{USER}'@'localhost' IDENTIFIED BY '{PASSWORD}';
GRANT SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO '{USER}'@'127.0.0.1';
GRANT SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO '{USER}'@'localhost';
GRANT ALL PRIVILEGES ON {DATABASE}.* TO '{USER}'@'127.0.0.1';
GRANT ALL PRIVILEGES ON {DATABASE}.* TO '{USER}'@'localhost';
FLUSH PRIVILEGES;
"""

SCHEMA_SQL = f"""
USE {DATABASE};
CREATE TABLE IF NOT EXISTS customers (
  id INT PRIMARY KEY,
  name VARCHAR(255) NOT NULL,
  email VARCHAR(255),
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
);
CREATE TABLE IF NOT EXISTS orders (
  id INT PRIMARY KEY,
  customer_id INT NOT NULL,
  product VARCHAR(255) NOT NULL,
  quantity INT NOT NULL,
  price DECIMAL(10, 2) NOT NULL,
  status VARCHAR(32) NOT NULL DEFAULT 'NEW',
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
);
CREATE TABLE IF NOT EXISTS orders_sink (
  id INT PRIMARY KEY,
  customer_id INT NOT NULL,
  product VARCHAR(255) NOT NULL,
  quantity INT NOT NULL,
  price DECIMAL(10, 2) NOT NULL,
  status VARCHAR(32) NOT NULL,
  created_at DATETIME(3) NOT NULL
);
"""

SEED_SQL = f"""
USE {DATABASE};
INSERT IGNORE INTO customers (id, name, email) VALUES
  (1, 'Ada Lovelace', 'ada@example.com'), (2, 'Grace Hopper', 'grace@example.com'), (3, '李雷', 'lilei@example.com');
INSERT IGNORE INTO orders (id, customer_id, product, quantity, price) VALUES
  (1, 1, 'keyboard', 1, 49.90), (2, 2, 'monitor', 2, 199.00), (3, 3, 'notebook', 5, 3.50);
"""


# ---------------------------------------------------------------------------------------------------------------
# Lifecycle


def _record_file(layout: Layout) -> Path:
    return layout.sandbox_dir / "mysql.json"


def _server_pid(inst: Instance) -> int | None:
    """The pid in the server's pid file when that process is alive and is a MariaDB server."""
    try:
        pid = int(inst.pid_file.read_text().strip())
        comm = Path(f"/proc/{pid}/comm").read_text().strip()
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (OSError, ValueError):
        return None
    if stat[stat.rindex(")") + 2 :].split()[0] in ("Z", "X"):
        with contextlib.suppress(ChildProcessError, OSError):
            os.waitpid(pid, os.WNOHANG)  # our own child that has exited: reap it
        return None
    return pid if comm in ("mariadbd", "mysqld") else None


def running_info(layout: Layout) -> MysqlInfo | None:
    try:
        record = json.loads(_record_file(layout).read_text())
        port = int(record["port"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    pid = _server_pid(instance(layout))
    return MysqlInfo(port, pid, url(port)) if pid else None


def admin_sql(layout: Layout, sql: str, *, timeout: float = 60) -> str:
    """Run `sql` as the server's administrator (over the private socket) and return its tab-separated output.

    For the sandbox's own set-up and for tests that must do what the CDC user may not (PURGE BINARY LOGS).
    """
    binaries = find_binaries()
    if binaries is None:
        raise SandboxError(t("sandbox.mysql.not_installed", command=INSTALL_COMMAND))
    inst = instance(layout)
    proc = subprocess.run(
        [
            str(binaries.client),
            f"--defaults-file={inst.defaults}",
            "--batch",
            "--skip-column-names",
            "-u",
            _os_user(),
        ],
        input=sql,
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
    )
    if proc.returncode != 0:
        raise SandboxError(
            t(
                "sandbox.mysql.sql_failed",
                output=(proc.stderr or proc.stdout).strip(),
                log=inst.log,
                tail=tail(inst.log, 20) or t("sandbox.log_empty"),
            )
        )
    return proc.stdout


def _answers(port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1.0):
        return True
    return False


def up(
    layout: Layout, port: int = DEFAULT_PORT, progress: Progress = _noop, timeout: float = 90.0
) -> MysqlInfo:
    """Start (creating it first if needed) the sandbox's MariaDB and make sure the demo schema is there."""
    current = running_info(layout)
    if current is not None:
        if current.port == port:
            return current
        down(layout)
    binaries = ensure_binaries(progress)
    inst = instance(layout)
    for folder in (inst.base, inst.socket.parent, layout.log_dir):
        folder.mkdir(parents=True, exist_ok=True)
    inst.defaults.write_text(server_settings(inst, port))
    log_link = layout.log_dir / "mysql.log"
    if not log_link.exists() and not log_link.is_symlink():
        log_link.symlink_to(inst.log)
    fresh = not (inst.data / "mysql").is_dir()
    if fresh:
        progress(t("sandbox.mysql.install_db", path=inst.data))
        if inst.data.exists():
            shutil.rmtree(inst.data)  # an install-db that was interrupted
        proc = subprocess.run(
            [
                str(binaries.install_db),
                f"--defaults-file={inst.defaults}",
                "--skip-test-db",
                f"--auth-root-socket-user={_os_user()}",
            ],
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )
        if proc.returncode != 0:
            raise _fail("sandbox.mysql.install_db_failed", inst, proc)
    _record_file(layout).write_text(json.dumps({"base": str(inst.base), "port": port}) + "\n")
    check_ports([(t("sandbox.component.mysql"), port)])
    progress(t("sandbox.mysql.starting", port=port))
    with open(inst.base / "mariadbd.out", "wb") as out:
        child = subprocess.Popen(
            [str(binaries.server), f"--defaults-file={inst.defaults}"],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            close_fds=True,
        )
    deadline = time.monotonic() + timeout
    while not (_server_pid(inst) and _answers(port)):
        if child.poll() is not None or time.monotonic() > deadline:
            if child.poll() is None:
                child.kill()
            raise SandboxError(
                t(
                    "sandbox.mysql.start_failed",
                    log=inst.log,
                    tail=tail(inst.log, 20) or tail(inst.base / "mariadbd.out", 20) or t("sandbox.log_empty"),
                )
            )
        time.sleep(0.2)
    admin_sql(layout, BOOTSTRAP_SQL + SCHEMA_SQL + (SEED_SQL if fresh else ""))
    pid = _server_pid(inst)
    assert pid is not None
    return MysqlInfo(port, pid, url(port))


def _fail(key: str, inst: Instance, proc: subprocess.CompletedProcess[str]) -> SandboxError:
    output = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-20:])
    return SandboxError(
        t(key, output=output, log=inst.log, tail=tail(inst.log, 20) or t("sandbox.log_empty"))
    )


def down(layout: Layout, grace: float = 60.0) -> bool:
    """Stop the server (SIGTERM is MariaDB's clean shutdown); False when it was not running."""
    inst = instance(layout)
    pid = _server_pid(inst)
    if pid is None:
        return False
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while _server_pid(inst) == pid and time.monotonic() < deadline:
        time.sleep(0.2)
    if _server_pid(inst) == pid:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    return True
