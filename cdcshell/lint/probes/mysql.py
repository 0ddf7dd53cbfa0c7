"""What the MySQL (or MariaDB) behind a mysql-cdc table keeps and how, read with PyMySQL: the binlog settings
mysql-cdc needs (`log_bin`, `binlog_format`, `binlog_row_image`), how long binlogs are kept
(`binlog_expire_logs_seconds`, `expire_logs_days`), GTID mode, and which binlog files are still on the server
(`SHOW BINARY LOGS`). Every statement is read-only; nothing is changed.

The retention question a resume must answer is "is the binlog file my job stopped in still there?". The file a
stopped job needs is in its savepoint or checkpoint; `binlog_files_in_state` reads it from there (Flink keeps
small operator state inline in `_metadata`, where mysql-cdc's split state holds the file name as text), and
`MysqlFacts.purged` says whether the server has already deleted it.

API (used by the MY-series lint rules and by `\\resume`):
- `connection_params(table)`: PyMySQL keyword arguments from a mysql-cdc table's options.
- `probe(table, timeout, connect=None)` / `probe_params(params, timeout, connect=None)`: `MysqlFacts` or a
  `ProbeFailure` (missing driver, refused connection, no privilege), never an exception.
- `MysqlFacts`: the variables above, `binlog_files`, `earliest_binlog`, `retention_seconds`, `purged(file)`.
- `binlog_files_in_state(path)`: binlog file names recorded in a savepoint/checkpoint directory or `_metadata`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cdcshell.lint.probes import ProbeFailure, first_line

if TYPE_CHECKING:
    from cdcshell.sql.facts import TableDef

DEFAULT_PORT = 3306
VARIABLES = (
    "version",
    "version_comment",
    "log_bin",
    "log_bin_basename",
    "binlog_format",
    "binlog_row_image",
    "binlog_expire_logs_seconds",
    "expire_logs_days",
    "gtid_mode",
    "enforce_gtid_consistency",
    "gtid_strict_mode",
    "server_id",
)
# a binlog file name: <basename>.<6+ digits>, e.g. mysql-bin.000042, binlog.000003
_BINLOG_NAME = re.compile(rb"([A-Za-z0-9_][A-Za-z0-9_.-]{0,200}\.\d{6,})")

Connect = Callable[[dict[str, Any], float], Any]


@dataclass(frozen=True)
class BinlogFile:
    name: str
    size: int


def binlog_sequence(name: str) -> int | None:
    """The number of a binlog file (`binlog.000042` → 42), by which files are ordered; None if not one."""
    match = re.fullmatch(r".*\.(\d+)", name)
    return int(match.group(1)) if match else None


@dataclass
class MysqlFacts:
    target: str  # mysql://user@host:port, no password
    version: str
    log_bin: bool
    binlog_format: str  # ROW, MIXED, STATEMENT
    binlog_row_image: str  # FULL, MINIMAL, NOBLOB
    binlog_expire_logs_seconds: (
        int | None
    )  # None: the server has no such variable (MySQL < 8.0, MariaDB < 10.6)
    expire_logs_days: float | None
    gtid_mode: str | None  # MySQL's ON/OFF/...; None on MariaDB, whose GTIDs are always on and another format
    server_id: int | None
    binlog_files: list[BinlogFile] = field(
        default_factory=list
    )  # oldest first, as SHOW BINARY LOGS lists them
    variables: dict[str, str] = field(default_factory=dict)  # everything read, by lower-case name

    @property
    def is_mariadb(self) -> bool:
        return "mariadb" in (self.version + self.variables.get("version_comment", "")).lower()

    @property
    def earliest_binlog(self) -> str | None:
        return self.binlog_files[0].name if self.binlog_files else None

    @property
    def current_binlog(self) -> str | None:
        return self.binlog_files[-1].name if self.binlog_files else None

    @property
    def retention_seconds(self) -> float | None:
        """How long binlogs are kept, in seconds; None means forever (both settings 0, the old MySQL default).

        `binlog_expire_logs_seconds` wins when it is set (non-zero), as on both MySQL 8 and MariaDB 10.6+.
        """
        if self.binlog_expire_logs_seconds:
            return float(self.binlog_expire_logs_seconds)
        if self.expire_logs_days:
            return self.expire_logs_days * 86400.0
        return None

    def purged(self, binlog_file: str) -> bool:
        """True when `binlog_file` is gone from the server: older than the earliest file it still has.

        A file of another basename (the server's log_bin was renamed) cannot be compared and counts as purged
        when it is not listed, because a reader could not resume from it either.
        """
        names = {f.name for f in self.binlog_files}
        if binlog_file in names:
            return False
        earliest = self.earliest_binlog
        if earliest is None:
            return True
        wanted, first = binlog_sequence(binlog_file), binlog_sequence(earliest)
        same_base = binlog_file.rsplit(".", 1)[0] == earliest.rsplit(".", 1)[0]
        if wanted is None or first is None or not same_base:
            return True
        return wanted < first


def connection_params(table: TableDef) -> dict[str, Any]:
    """PyMySQL's connect() arguments from a mysql-cdc table (no database: the variables are server-wide)."""
    port = (table.option("port") or str(DEFAULT_PORT)).strip()
    return {
        "host": (table.option("hostname") or "localhost").strip(),
        "port": int(port) if port.isdigit() else DEFAULT_PORT,
        "user": (table.option("username") or "").strip(),
        "password": table.option("password") or "",
    }


def _default_connect(params: dict[str, Any], timeout: float) -> Any:
    import pymysql  # optional dependency: pip install 'cdcshell[mysql]'

    seconds = max(int(timeout), 1)
    return pymysql.connect(**params, connect_timeout=seconds, read_timeout=seconds, write_timeout=seconds)


def probe(table: TableDef, timeout: float, connect: Connect | None = None) -> MysqlFacts | ProbeFailure:
    return probe_params(connection_params(table), timeout, connect)


def probe_params(
    params: dict[str, Any], timeout: float, connect: Connect | None = None
) -> MysqlFacts | ProbeFailure:
    target = f"mysql://{params.get('user', '')}@{params.get('host', '')}:{params.get('port', DEFAULT_PORT)}"
    try:
        conn = (connect or _default_connect)(params, timeout)
    except ImportError:
        return ProbeFailure(target, "pymysql is not installed: pip install 'cdcshell[mysql]'")
    except Exception as e:
        return ProbeFailure(target, first_line(e))
    try:
        return read_facts(conn, target)
    except Exception as e:
        return ProbeFailure(target, first_line(e))
    finally:
        conn.close()


def read_facts(conn: Any, target: str) -> MysqlFacts:
    """The facts from an open DB-API connection (PyMySQL, or anything with the same cursor)."""
    cur = conn.cursor()
    try:
        placeholders = ", ".join(["%s"] * len(VARIABLES))
        cur.execute(f"SHOW GLOBAL VARIABLES WHERE Variable_name IN ({placeholders})", VARIABLES)
        variables = {str(name).lower(): "" if value is None else str(value) for name, value in cur.fetchall()}
        files: list[BinlogFile] = []
        if variables.get("log_bin", "").upper() in ("ON", "1"):
            cur.execute("SHOW BINARY LOGS")
            files = [BinlogFile(str(row[0]), int(row[1])) for row in cur.fetchall()]
    finally:
        cur.close()
    return facts_from(variables, files, target)


def facts_from(variables: Mapping[str, str], files: list[BinlogFile], target: str) -> MysqlFacts:
    """The facts from what the server answered (split from the I/O so tests can feed answers directly)."""
    v = {k.lower(): val for k, val in variables.items()}

    def number(name: str) -> float | None:
        try:
            return float(v[name])
        except (KeyError, ValueError):
            return None

    seconds = number("binlog_expire_logs_seconds")
    server_id = number("server_id")
    return MysqlFacts(
        target=target,
        version=v.get("version", ""),
        log_bin=v.get("log_bin", "").upper() in ("ON", "1"),
        binlog_format=v.get("binlog_format", "").upper(),
        binlog_row_image=v.get("binlog_row_image", "").upper(),
        binlog_expire_logs_seconds=int(seconds) if seconds is not None else None,
        expire_logs_days=number("expire_logs_days"),
        gtid_mode=v["gtid_mode"].upper() if "gtid_mode" in v else None,
        server_id=int(server_id) if server_id is not None else None,
        binlog_files=list(files),
        variables=dict(v),
    )


def binlog_files_in_state(path: Path | str) -> list[str]:
    """Binlog file names recorded in a Flink savepoint/checkpoint (its directory or its `_metadata` file).

    mysql-cdc keeps its binlog split's position (file and offset) in operator state; small state is stored
    inline in `_metadata`, larger state in files next to it, which are read too. Names come back in binlog
    order, without duplicates; the last one is where the reader stopped, the first the oldest it may need.
    """
    root = Path(path)
    files = (
        [root]
        if root.is_file()
        else sorted(p for p in root.rglob("*") if p.is_file())
        if root.is_dir()
        else []
    )
    found: set[str] = set()
    for file in files:
        try:
            data = file.read_bytes()
        except OSError:
            continue
        found.update(m.decode("ascii", "replace") for m in _BINLOG_NAME.findall(data))
    names = [n for n in found if binlog_sequence(n) is not None and not n.startswith(("0.", "1."))]
    return sorted(names, key=lambda n: (n.rsplit(".", 1)[0], binlog_sequence(n) or 0))
