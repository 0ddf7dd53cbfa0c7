"""Kafka for the sandbox: one KRaft broker (broker and controller in one JVM), assembled from Maven Central.

There is no Kafka package in the distribution and the Apache download site is not a registry, so the broker is
put together the way Maven users would: `org.apache.kafka:kafka_2.13` and `kafka-tools` with their runtime
dependencies, copied by `mvn dependency:copy-dependencies` into the cache (once per version, shared by every
sandbox). It runs with `java -cp libs/* kafka.Kafka`, bound to 127.0.0.1, with its storage formatted on first
start. The broker's own command-line tools (topics, console consumer, configs) run from the same jars, so tests
read topics with `--isolation-level read_committed` exactly as an operator would.

The broker keeps Kafka's default `transaction.max.timeout.ms` (15 minutes) on purpose: Flink's exactly-once
Kafka sink defaults to a one-hour transaction timeout, and the sandbox should show that conflict, not hide it.

Size (~460 lines), on purpose: one service's whole life (jars, KRaft configuration, start, stop) and the
broker's own tools the tests read topics with; all share the libs directory and the record file.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from cdcshell import paths
from cdcshell.i18n import t
from cdcshell.sandbox.errors import SandboxError
from cdcshell.sandbox.preflight import check_ports, java_executable
from cdcshell.sandbox.processes import (
    Layout,
    PidRecord,
    running,
    start_ticks,
    stop_records,
    tail,
    write_pid_file,
)

Progress = Callable[[str], None]
VERSION = "4.1.1"
DEFAULT_PORT = 19092  # the controller listens on the next port
COMPONENT = "kafka"
NODE_ID = 1
# What the broker's classpath is made of; the SLF4J binding sends the broker's logging to log4j2 (log4j-core is
# already a dependency of the broker).
ARTIFACTS: tuple[tuple[str, str, str], ...] = (
    ("org.apache.kafka", "kafka_2.13", VERSION),
    ("org.apache.kafka", "kafka-tools", VERSION),
    ("org.apache.logging.log4j", "log4j-slf4j-impl", "2.24.3"),
)
# Main classes of the broker's shell tools (what bin/kafka-*.sh run), by tool name.
TOOLS: dict[str, str] = {
    "kafka-topics": "org.apache.kafka.tools.TopicCommand",
    "kafka-console-consumer": "org.apache.kafka.tools.consumer.ConsoleConsumer",
    "kafka-console-producer": "org.apache.kafka.tools.ConsoleProducer",
    "kafka-configs": "kafka.admin.ConfigCommand",
    "kafka-consumer-groups": "org.apache.kafka.tools.consumer.group.ConsumerGroupCommand",
    "kafka-transactions": "org.apache.kafka.tools.TransactionsCommand",
}


def _noop(_: str) -> None:
    return None


@dataclass(frozen=True)
class KafkaInfo:
    port: int
    controller_port: int
    pid: int

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"


# ---------------------------------------------------------------------------------------------------------------
# Assembling the broker


def libs_dir(version: str = VERSION) -> Path:
    return paths.cache_dir() / "kafka" / version / "libs"


def _pom(artifacts: Sequence[tuple[str, str, str]]) -> str:
    deps = "\n".join(
        f"    <dependency><groupId>{g}</groupId><artifactId>{a}</artifactId><version>{v}</version></dependency>"
        for g, a, v in artifacts
    )
    return (
        '<project xmlns="http://maven.apache.org/POM/4.0.0">\n  <modelVersion>4.0.0</modelVersion>\n'
        "  <groupId>cdcshell.sandbox</groupId><artifactId>kafka-broker</artifactId><version>1</version>\n"
        f"  <packaging>pom</packaging>\n  <dependencies>\n{deps}\n  </dependencies>\n</project>\n"
    )


def ensure_libs(progress: Progress = _noop, version: str = VERSION) -> Path:
    """The broker's jars in the cache, assembled by Maven (through ~/.m2) the first time."""
    target = libs_dir(version)
    done = target.parent / ".complete"
    if done.is_file() and any(target.glob("kafka_2.13-*.jar")):
        return target
    mvn = shutil.which("mvn")
    if mvn is None:
        raise SandboxError(t("sandbox.no_mvn", artifact=f"org.apache.kafka:kafka_2.13:{version}"))
    progress(t("sandbox.kafka.assembling", version=version, path=target))
    staging = target.with_name("libs.partial")
    shutil.rmtree(staging, ignore_errors=True)
    command = [
        mvn,
        "-q",
        "-B",
        "dependency:copy-dependencies",
        "-DincludeScope=runtime",
        f"-DoutputDirectory={staging}",
    ]
    with tempfile.TemporaryDirectory(prefix="cdcshell-kafka-") as cwd:
        (Path(cwd) / "pom.xml").write_text(_pom(ARTIFACTS))
        proc = subprocess.run(command, capture_output=True, text=True, check=False, cwd=cwd, timeout=1800)
    if proc.returncode != 0 or not any(staging.glob("kafka_2.13-*.jar")):
        raise SandboxError(
            t(
                "sandbox.kafka.assemble_failed",
                command=" ".join(command),
                tail="\n".join((proc.stdout + proc.stderr).strip().splitlines()[-20:]),
            )
        )
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)
    done.write_text(version + "\n")
    return target


# ---------------------------------------------------------------------------------------------------------------
# Configuration


def base_dir(layout: Layout) -> Path:
    return layout.sandbox_dir / "kafka"


def log_file(layout: Layout) -> Path:
    return layout.out_file(COMPONENT)


def server_properties(layout: Layout, port: int, controller_port: int) -> str:
    """A single-node KRaft broker on loopback; rewritten at every start (the storage keeps the cluster id)."""
    return "\n".join(
        [
            "# Written by cdcshell at every start of the sandbox's Kafka.",
            "process.roles=broker,controller",
            f"node.id={NODE_ID}",
            f"controller.quorum.voters={NODE_ID}@127.0.0.1:{controller_port}",
            f"listeners=PLAINTEXT://127.0.0.1:{port},CONTROLLER://127.0.0.1:{controller_port}",
            f"advertised.listeners=PLAINTEXT://127.0.0.1:{port}",
            "controller.listener.names=CONTROLLER",
            "inter.broker.listener.name=PLAINTEXT",
            "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
            f"log.dirs={base_dir(layout) / 'data'}",
            "num.partitions=1",
            "offsets.topic.replication.factor=1",
            "transaction.state.log.replication.factor=1",
            "transaction.state.log.min.isr=1",
            "share.coordinator.state.topic.replication.factor=1",
            "share.coordinator.state.topic.min.isr=1",
            "group.initial.rebalance.delay.ms=0",
            "auto.create.topics.enable=true",
            "",
        ]
    )


LOG4J2 = "\n".join(
    [
        "rootLogger.level=INFO",
        "rootLogger.appenderRef.stdout.ref=STDOUT",
        "appender.stdout.type=Console",
        "appender.stdout.name=STDOUT",
        "appender.stdout.layout.type=PatternLayout",
        "appender.stdout.layout.pattern=[%d] %p %m (%c)%n",
        "logger.kafka.name=kafka",
        "logger.kafka.level=INFO",
        "logger.apache.name=org.apache.kafka",
        "logger.apache.level=WARN",
        "",
    ]
)
TOOLS_LOG4J2 = (
    "rootLogger.level=WARN\nrootLogger.appenderRef.stderr.ref=STDERR\nappender.stderr.type=Console\n"
    "appender.stderr.name=STDERR\nappender.stderr.target=SYSTEM_ERR\nappender.stderr.layout.type=PatternLayout\n"
    "appender.stderr.layout.pattern=%p %m%n\n"
)


def _java() -> str:
    java = java_executable()
    if java is None:
        raise SandboxError(t("sandbox.no_java", flink=f"(Kafka {VERSION})", minimum=17))
    return java


def _classpath(libs: Path) -> str:
    return str(libs / "*")


# ---------------------------------------------------------------------------------------------------------------
# Lifecycle


def _record_file(layout: Layout) -> Path:
    return layout.sandbox_dir / "kafka.json"


def running_info(layout: Layout) -> KafkaInfo | None:
    record = running(layout, COMPONENT)
    if record is None:
        return None
    try:
        data = json.loads(_record_file(layout).read_text())
        return KafkaInfo(int(data["port"]), int(data["controller_port"]), record.pid)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _answers(port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1.0):
        return True
    return False


def up(
    layout: Layout, port: int = DEFAULT_PORT, progress: Progress = _noop, timeout: float = 120.0
) -> KafkaInfo:
    """Start the sandbox's broker (formatting its storage the first time) and wait until it serves requests."""
    controller_port = port + 1
    current = running_info(layout)
    if current is not None:
        if current.port == port:
            return current
        down(layout)
    libs = ensure_libs(progress)
    base = base_dir(layout)
    base.mkdir(parents=True, exist_ok=True)
    props = base / "server.properties"
    props.write_text(server_properties(layout, port, controller_port))
    (base / "log4j2.properties").write_text(LOG4J2)
    (base / "tools-log4j2.properties").write_text(TOOLS_LOG4J2)
    java = _java()
    if not (base / "data" / "meta.properties").is_file():
        progress(t("sandbox.kafka.formatting", path=base / "data"))
        proc = subprocess.run(
            [
                java,
                "-cp",
                _classpath(libs),
                f"-Dlog4j2.configurationFile={base / 'tools-log4j2.properties'}",
                "kafka.tools.StorageTool",
                "format",
                "-t",
                str(uuid.uuid4().hex[:22]),
                "-c",
                str(props),
            ],
            capture_output=True,
            text=True,
            check=False,
            timeout=180,
        )
        if proc.returncode != 0:
            raise SandboxError(
                t("sandbox.kafka.format_failed", output=(proc.stdout + proc.stderr).strip()[-2000:])
            )
    _record_file(layout).write_text(
        json.dumps({"port": port, "controller_port": controller_port, "version": VERSION}) + "\n"
    )
    check_ports([(t("sandbox.component.kafka"), port), (t("sandbox.component.kafka"), controller_port)])
    progress(t("sandbox.kafka.starting", port=port, controller=controller_port))
    out_file = log_file(layout)
    out_file.parent.mkdir(parents=True, exist_ok=True)
    if out_file.is_file() and out_file.stat().st_size:
        out_file.replace(out_file.with_name(out_file.name + ".1"))
    with open(out_file, "wb") as out:
        child = subprocess.Popen(
            [
                java,
                "-Xms128m",
                "-Xmx384m",
                "-XX:+UseSerialGC",
                "-Djava.awt.headless=true",
                f"-Dlog4j2.configurationFile={base / 'log4j2.properties'}",
                "-cp",
                _classpath(libs),
                "kafka.Kafka",
                str(props),
            ],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=str(base),
            start_new_session=True,
            close_fds=True,
        )
    record = PidRecord(child.pid, start_ticks(child.pid) or -1, COMPONENT)
    write_pid_file(layout.pid_file(COMPONENT), record)
    deadline = time.monotonic() + timeout
    while True:
        started = "Kafka Server started" in tail(out_file, 200)
        if started and _answers(port):
            return KafkaInfo(port, controller_port, child.pid)
        if child.poll() is not None or time.monotonic() > deadline:
            stop_records(layout, [record], grace=5.0)
            raise SandboxError(
                t(
                    "sandbox.kafka.start_failed",
                    log=out_file,
                    tail=tail(out_file, 20) or t("sandbox.log_empty"),
                )
            )
        time.sleep(0.3)


def down(layout: Layout, grace: float = 30.0) -> bool:
    """Stop the broker (SIGTERM is Kafka's controlled shutdown); False when it was not running."""
    record = running(layout, COMPONENT)
    if record is None:
        return False
    stop_records(layout, [record], grace=grace)
    return True


# ---------------------------------------------------------------------------------------------------------------
# The broker's own tools, for tests and examples


def tool(
    layout: Layout, name: str, args: Sequence[str], *, timeout: float = 120.0, check: bool = True
) -> subprocess.CompletedProcess[str]:
    """Run one of the broker's shell tools (`TOOLS`) from the sandbox's jars; warnings go to stderr."""
    libs = ensure_libs()
    props = base_dir(layout) / "tools-log4j2.properties"
    proc = subprocess.run(
        [
            _java(),
            "-Xmx256m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            f"-Dlog4j2.configurationFile={props}",
            "-cp",
            _classpath(libs),
            TOOLS[name],
            *args,
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
    )
    if check and proc.returncode != 0:
        raise SandboxError(
            t("sandbox.kafka.tool_failed", tool=name, output=(proc.stdout + proc.stderr).strip()[-3000:])
        )
    return proc


def create_topic(layout: Layout, topic: str, partitions: int = 1) -> None:
    info = running_info(layout)
    assert info is not None, "the sandbox's Kafka is not running"
    tool(
        layout,
        "kafka-topics",
        [
            "--bootstrap-server",
            info.bootstrap,
            "--create",
            "--if-not-exists",
            "--topic",
            topic,
            "--partitions",
            str(partitions),
            "--replication-factor",
            "1",
        ],
    )


def read_topic(
    layout: Layout,
    topic: str,
    *,
    isolation: str = "read_committed",
    idle_ms: int = 8000,
    max_messages: int | None = None,
) -> list[str]:
    """Every message of `topic` from the beginning, as the console consumer prints it (key TAB value).

    It stops after `idle_ms` without a new message; `read_committed` hides what open or aborted transactions
    wrote, which is what the exactly-once tests must look at.
    """
    info = running_info(layout)
    assert info is not None, "the sandbox's Kafka is not running"
    args = [
        "--bootstrap-server",
        info.bootstrap,
        "--topic",
        topic,
        "--from-beginning",
        "--isolation-level",
        isolation,
        "--timeout-ms",
        str(idle_ms),
        "--property",
        "print.key=true",
        "--property",
        "key.separator=\t",
        "--group",
        f"cdcshell-read-{uuid.uuid4().hex[:8]}",
    ]
    if max_messages is not None:
        args += ["--max-messages", str(max_messages)]
    proc = tool(layout, "kafka-console-consumer", args, timeout=idle_ms / 1000 + 120, check=False)
    if proc.returncode not in (0, 1) or ("ERROR" in proc.stderr and "TimeoutException" not in proc.stderr):
        raise SandboxError(
            t(
                "sandbox.kafka.tool_failed",
                tool="kafka-console-consumer",
                output=(proc.stdout + proc.stderr).strip()[-3000:],
            )
        )
    return [line for line in proc.stdout.splitlines() if line.strip()]


def broker_config(layout: Layout, name: str) -> str | None:
    """The broker's value of `name` (default or set), as `kafka-configs --describe --all` reports it."""
    info = running_info(layout)
    assert info is not None, "the sandbox's Kafka is not running"
    proc = tool(
        layout,
        "kafka-configs",
        [
            "--bootstrap-server",
            info.bootstrap,
            "--entity-type",
            "brokers",
            "--entity-name",
            str(NODE_ID),
            "--describe",
            "--all",
        ],
    )
    for line in proc.stdout.splitlines():
        stripped = line.strip()
        if stripped.startswith(name + "="):
            return stripped[len(name) + 1 :].split(" ", 1)[0]
    return None
