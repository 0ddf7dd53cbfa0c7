"""A Kafka broker's configuration, asked over Kafka's own wire protocol: no client library to install.

The exactly-once sink fails at its first transaction when its `transaction.timeout.ms` exceeds the broker's
`transaction.max.timeout.ms`; the broker's value is only known by asking it. Two requests do that, both in
versions every broker since Kafka 2.x and through 4.x answers (non-flexible encodings, so the code is short):
Metadata v4 (which node ids exist, and which one the bootstrap address is) and DescribeConfigs v1 for that
node. It only reads.

API (for the Kafka lint rules):
- `bootstrap_servers(table)`: the `properties.bootstrap.servers` of a kafka / upsert-kafka table, as a list.
- `broker_config(servers, names, timeout)`: `BrokerConfig` (values by name, plus which are defaults) or a
  `ProbeFailure`, never an exception.
"""

from __future__ import annotations

import socket
import struct
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cdcshell.lint.probes import ProbeFailure, first_line

if TYPE_CHECKING:
    from cdcshell.sql.facts import TableDef

METADATA, DESCRIBE_CONFIGS = 3, 32
BROKER_RESOURCE = 4
CLIENT_ID = b"cdcshell-lint"
DEFAULT_SOURCE = 5  # DescribeConfigs config_source: DEFAULT_CONFIG


@dataclass
class BrokerConfig:
    target: str  # host:port that answered
    node_id: int
    values: dict[str, str | None] = field(default_factory=dict)
    defaults: set[str] = field(
        default_factory=set
    )  # names whose value is Kafka's default (not set on the broker)

    def int_value(self, name: str) -> int | None:
        try:
            return int(self.values[name] or "")
        except (KeyError, ValueError):
            return None


def bootstrap_servers(table: TableDef) -> list[str]:
    raw = table.option("properties.bootstrap.servers") or ""
    return [part.strip() for part in raw.split(",") if part.strip()]


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data, self.at = data, 0

    def take(self, fmt: str) -> int:
        (value,) = struct.unpack_from(fmt, self.data, self.at)
        self.at += struct.calcsize(fmt)
        return int(value)

    def string(self) -> str | None:
        size = self.take(">h")
        if size < 0:
            return None
        text = self.data[self.at : self.at + size].decode("utf-8", "replace")
        self.at += size
        return text


def _string(text: str) -> bytes:
    raw = text.encode()
    return struct.pack(">h", len(raw)) + raw


def _request(sock: socket.socket, api_key: int, version: int, correlation: int, body: bytes) -> _Reader:
    header = struct.pack(">hhi", api_key, version, correlation) + _string(CLIENT_ID.decode())
    message = header + body
    sock.sendall(struct.pack(">i", len(message)) + message)
    size = struct.unpack(">i", _recv(sock, 4))[0]
    reader = _Reader(_recv(sock, size))
    if reader.take(">i") != correlation:
        raise OSError("the broker answered another request")
    return reader


def _recv(sock: socket.socket, size: int) -> bytes:
    chunks, left = [], size
    while left:
        chunk = sock.recv(left)
        if not chunk:
            raise OSError("the broker closed the connection")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _brokers(sock: socket.socket) -> list[tuple[int, str, int]]:
    """(node id, host, port) of every broker, from Metadata v4 asked for no topics."""
    reader = _request(sock, METADATA, 4, 1, struct.pack(">i", 0) + b"\x00")
    reader.take(">i")  # throttle_time_ms
    brokers = []
    for _ in range(reader.take(">i")):
        node = reader.take(">i")
        host = reader.string() or ""
        port = reader.take(">i")
        reader.string()  # rack
        brokers.append((node, host, port))
    return brokers


def _describe(
    sock: socket.socket, node: int, names: Sequence[str]
) -> tuple[int, str | None, dict[str, str | None], set[str]]:
    body = struct.pack(">i", 1) + struct.pack(">b", BROKER_RESOURCE) + _string(str(node))
    body += struct.pack(">i", len(names)) + b"".join(_string(n) for n in names) + b"\x00"  # include_synonyms
    reader = _request(sock, DESCRIBE_CONFIGS, 1, 2, body)
    reader.take(">i")  # throttle_time_ms
    values: dict[str, str | None] = {}
    defaults: set[str] = set()
    error, message = 0, None
    for _ in range(reader.take(">i")):
        error = reader.take(">h")
        message = reader.string()
        reader.take(">b")  # resource_type
        reader.string()  # resource_name
        for _ in range(reader.take(">i")):
            name = reader.string() or ""
            values[name] = reader.string()
            reader.take(">b")  # read_only
            if reader.take(">b") == DEFAULT_SOURCE:
                defaults.add(name)
            reader.take(">b")  # is_sensitive
            for _ in range(reader.take(">i")):  # synonyms (none asked for)
                reader.string()
                reader.string()
                reader.take(">b")
    return error, message, values, defaults


def broker_config(
    servers: Sequence[str], names: Sequence[str], timeout: float = 3.0
) -> BrokerConfig | ProbeFailure:
    """The named configs of the first broker of `servers` that answers (asked about itself)."""
    failure = ProbeFailure(",".join(servers) or "-", "no bootstrap server given")
    for server in servers:
        host, _, port_text = server.rpartition(":")
        target = server
        try:
            port = int(port_text)
        except ValueError:
            failure = ProbeFailure(target, f"'{server}' is not host:port")
            continue
        try:
            with socket.create_connection((host.strip("[]") or "localhost", port), timeout=timeout) as sock:
                sock.settimeout(timeout)
                brokers = _brokers(sock)
                mine = [n for n, h, p in brokers if p == port and h in (host, socket.getfqdn(host))]
                for node in mine + [n for n, _, _ in brokers if n not in mine]:
                    error, message, values, defaults = _describe(sock, node, names)
                    if error == 0:
                        return BrokerConfig(target, node, values, defaults)
                    failure = ProbeFailure(target, message or f"DescribeConfigs error {error}")
        except (OSError, struct.error) as e:
            failure = ProbeFailure(target, first_line(e))
    return failure
