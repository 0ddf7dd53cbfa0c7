"""The oplog window of the MongoDB a mongodb-cdc table points at: the time between the first and the last entry
of `local.oplog.rs`. A job that is down longer than that (plus one checkpoint interval) resumes from a resume
token the server no longer has, and fails.

`oplog_window(client)` takes any pymongo-compatible client: a real `pymongo.MongoClient` in use, a
`mongomock.MongoClient` in the tests. The reading code is the same for both, which is the point: the test
exercises the path that talks to a real server.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote_plus

from cdcshell.lint.probes import ProbeFailure

if TYPE_CHECKING:
    from cdcshell.sql.facts import TableDef


@dataclass(frozen=True)
class OplogWindow:
    first: float  # seconds since the epoch of the oldest entry
    last: float  # of the newest entry

    @property
    def seconds(self) -> float:
        return max(self.last - self.first, 0.0)


def _ts_seconds(doc: dict[str, Any] | None) -> float | None:
    if not doc or "ts" not in doc:
        return None
    ts = doc["ts"]
    time = getattr(ts, "time", None)  # bson.Timestamp: seconds in .time, ordinal in .inc
    if time is not None:
        return float(time) + float(getattr(ts, "inc", 0)) / 1e9
    try:
        return float(ts)
    except (TypeError, ValueError):
        return None


def oplog_window(client: Any) -> OplogWindow | None:
    """First and last `ts` of `local.oplog.rs`, read in natural (insertion) order as MongoDB's own
    `rs.printReplicationInfo()` does; None when there is no oplog (not a replica set)."""
    oplog = client["local"]["oplog.rs"]
    first = next(iter(oplog.find({}, {"ts": 1}).sort("$natural", 1).limit(1)), None)
    last = next(iter(oplog.find({}, {"ts": 1}).sort("$natural", -1).limit(1)), None)
    a, b = _ts_seconds(first), _ts_seconds(last)
    if a is None or b is None:
        return None
    return OplogWindow(a, b)


def connection_uri(table: TableDef) -> str:
    """The URI the connector builds from the table's options (`scheme`, `hosts`, `username`, `password`,
    `connection.options`)."""
    scheme = (table.option("scheme") or "mongodb").strip()
    hosts = (table.option("hosts") or "localhost:27017").strip()
    user = table.option("username")
    password = table.option("password")
    auth = ""
    if user:
        auth = quote_plus(user) + (":" + quote_plus(password) if password else "") + "@"
    options = table.option("connection.options")
    return f"{scheme}://{auth}{hosts}/" + (f"?{options}" if options else "")


def _default_client(uri: str, timeout: float) -> Any:
    import pymongo  # optional dependency: pip install 'cdcshell[mongodb]'

    ms = int(timeout * 1000)
    return pymongo.MongoClient(uri, serverSelectionTimeoutMS=ms, connectTimeoutMS=ms, socketTimeoutMS=ms)


def probe(
    uri: str, timeout: float, client_factory: Callable[[str, float], Any] | None = None
) -> OplogWindow | ProbeFailure | None:
    """Connect (real server or a fake, through `client_factory`), read the window, close."""
    from cdcshell.redact import redact_url

    target = redact_url(uri)
    try:
        client = (client_factory or _default_client)(uri, timeout)
    except ImportError:
        return ProbeFailure(target, "pymongo is not installed: pip install 'cdcshell[mongodb]'")
    except Exception as e:  # a bad URI, DNS: the user's input, reported as such
        return ProbeFailure(target, str(e).splitlines()[0] if str(e) else type(e).__name__)
    try:
        window = oplog_window(client)
        return (
            window
            if window is not None
            else ProbeFailure(target, "no oplog (local.oplog.rs is empty or missing)")
        )
    except Exception as e:
        return ProbeFailure(target, str(e).splitlines()[0] if str(e) else type(e).__name__)
    finally:
        close = getattr(client, "close", None)
        if close is not None:
            close()
