"""Session fixtures that give integration tests a real Flink (and PostgreSQL when a test asks for it).

With `CDCSHELL_TEST_GATEWAY` (and `CDCSHELL_TEST_JOBMANAGER`) set, that cluster is used as it is, which is
how a developer points the tests at the Flink already running on their machine. Otherwise a test sandbox is
brought up on its own ports (JobManager 18081, SQL Gateway 18083, PostgreSQL 15442) in its own directory, so
it never meets a developer's sandbox on the default ports; it is reused when it already runs, and taken down at
the end only if this run started it (`CDCSHELL_TEST_KEEP_SANDBOX=1` keeps it for the next run). On a fresh
machine the first run assembles Flink from PyPI and Maven Central, which takes minutes.
"""

from __future__ import annotations

import json
import os
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from cdcshell import paths
from cdcshell.sandbox.lifecycle import SandboxInfo
from tests.integration.both_flinks import CDC_IDS, CDC_SERIES, FLINK_IDS, FLINK_SERIES

TEST_JOBMANAGER_PORT = int(os.environ.get("CDCSHELL_TEST_JOBMANAGER_PORT", "18081"))
TEST_GATEWAY_PORT = int(os.environ.get("CDCSHELL_TEST_GATEWAY_PORT", "18083"))
TEST_POSTGRES_PORT = int(os.environ.get("CDCSHELL_TEST_POSTGRES_PORT", "15442"))
TEST_MYSQL_PORT = int(os.environ.get("CDCSHELL_TEST_MYSQL_PORT", "13316"))
TEST_KAFKA_PORT = int(
    os.environ.get("CDCSHELL_TEST_KAFKA_PORT", "19192")
)  # the controller takes the next port
TEST_FLINK = os.environ.get("CDCSHELL_TEST_FLINK", "1.20")


def test_sandbox_dir() -> Path:
    return Path(
        os.environ.get("CDCSHELL_TEST_SANDBOX_DIR") or paths.state_dir() / f"sandbox-test-{TEST_FLINK}"
    )


def _version_of(gateway_url: str) -> str:
    """The Flink version an external gateway reports (`GET /v1/info`), or "unknown"."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(gateway_url.rstrip("/") + "/v1/info", timeout=5) as response:
            return str(json.loads(response.read()).get("version", "unknown"))
    except (OSError, ValueError):
        return "unknown"


def _wants_postgres(session: pytest.Session) -> bool:
    """A `postgres` test, or one that asks for `postgres_dsn` (the workshop tests did without the marker, and
    run on their own they met a sandbox without the postgres-cdc connector)."""
    return any(
        item.get_closest_marker("postgres") or "postgres_dsn" in getattr(item, "fixturenames", ())
        for item in session.items
    )


def _wants(session: pytest.Session, marker: str) -> bool:
    return any(item.get_closest_marker(marker) for item in session.items)


def _external_cluster(prefix: str, flink_home: Path | None = None) -> SandboxInfo | None:
    """The running cluster `<prefix>GATEWAY`/`<prefix>JOBMANAGER`/`<prefix>POSTGRES_DSN` name, or None."""
    external = os.environ.get(f"{prefix}GATEWAY")
    if not external:
        return None
    return SandboxInfo(
        gateway_url=external.rstrip("/"),
        jobmanager_url=os.environ.get(f"{prefix}JOBMANAGER", "http://127.0.0.1:8081").rstrip("/"),
        flink_version=_version_of(external),
        flink_home=flink_home,
        sandbox_dir=None,
        postgres_dsn=os.environ.get(f"{prefix}POSTGRES_DSN"),
    )


@pytest.fixture(scope="session")
def sandbox(request: pytest.FixtureRequest) -> Iterator[SandboxInfo]:
    external = _external_cluster(
        "CDCSHELL_TEST_", Path(os.environ["FLINK_HOME"]) if os.environ.get("FLINK_HOME") else None
    )
    if external:
        yield external
        return

    from cdcshell.sandbox import lifecycle

    directory = test_sandbox_dir()
    was_up = lifecycle.status(sandbox_dir=directory).complete
    options = {
        "sandbox_dir": directory,
        "jobmanager_port": TEST_JOBMANAGER_PORT,
        "gateway_port": TEST_GATEWAY_PORT,
        "with_postgres": _wants_postgres(request.session),
        "postgres_port": TEST_POSTGRES_PORT,
        "with_mysql": _wants(request.session, "mysql"),
        "mysql_port": TEST_MYSQL_PORT,
        "with_kafka": _wants(request.session, "kafka"),
        "kafka_port": TEST_KAFKA_PORT,
        "timeout": 600,
        "progress": lambda line: print(f"[sandbox] {line}", flush=True),
    }
    wanted = [name for name in ("postgres", "mysql", "kafka") if options[f"with_{name}"]]
    if was_up and wanted and not lifecycle.has_connectors(sandbox_dir=directory, services=wanted):
        info = lifecycle.restart(TEST_FLINK, **options)
    else:
        info = lifecycle.up(TEST_FLINK, **options)
    try:
        yield info
    finally:
        if not was_up and os.environ.get("CDCSHELL_TEST_KEEP_SANDBOX") != "1":
            lifecycle.down(sandbox_dir=directory)


@pytest.fixture(scope="session")
def gateway_url(sandbox: SandboxInfo) -> str:
    return sandbox.gateway_url


@pytest.fixture(scope="session")
def jobmanager_url(sandbox: SandboxInfo) -> str:
    return sandbox.jobmanager_url


@pytest.fixture(scope="session")
def postgres_dsn(sandbox: SandboxInfo, request: pytest.FixtureRequest) -> str:
    """The demo database (`shop`, role `cdc` with REPLICATION) of the sandbox, started on demand."""
    if sandbox.postgres_dsn:
        return sandbox.postgres_dsn
    from cdcshell.sandbox import lifecycle

    # An external cluster without a DSN: PostgreSQL alone, in the test sandbox's directory.
    directory = test_sandbox_dir()
    was_up = lifecycle.postgres_running(sandbox_dir=directory)
    dsn = lifecycle.postgres_up(sandbox_dir=directory, port=TEST_POSTGRES_PORT).dsn
    if not was_up and os.environ.get("CDCSHELL_TEST_KEEP_SANDBOX") != "1":
        request.addfinalizer(lambda: lifecycle.postgres_down(sandbox_dir=directory))
    return dsn


@pytest.fixture(scope="session")
def mysql_url(sandbox: SandboxInfo) -> str:
    """The sandbox's MariaDB demo database (`shop`, user `cdc`), as mysql://cdc:cdc@127.0.0.1:<port>/shop."""
    if not sandbox.mysql_url:
        pytest.fail("the sandbox has no MySQL: run the mysql tests against a sandbox this test run starts")
    return sandbox.mysql_url


@pytest.fixture(scope="session")
def kafka_bootstrap(sandbox: SandboxInfo) -> str:
    if not sandbox.kafka_bootstrap:
        pytest.fail("the sandbox has no Kafka: run the kafka tests against a sandbox this test run starts")
    return sandbox.kafka_bootstrap


# ---------------------------------------------------------------------------------------------------------------
# Flink 2.2 as a second target. A test opts into both versions by taking `flink_sandbox` (a whole module: by
# importing `gateway_url_of_both, jobmanager_url_of_both` from `tests.integration.both_flinks`): it then runs
# once on the 1.20 sandbox above and once on a 2.2.1 sandbox of its own ports and directory, each started once
# per run. A 2.2 sandbox that cannot start is an error of every 2.2 test, never a skip: 2.2 is a promised target.
# CDC tests take `cdc_flink_sandbox` instead: only the series a Flink CDC release runs on (1.20 for now).

TEST_22_JOBMANAGER_PORT = int(os.environ.get("CDCSHELL_TEST_22_JOBMANAGER_PORT", "19181"))
TEST_22_GATEWAY_PORT = int(os.environ.get("CDCSHELL_TEST_22_GATEWAY_PORT", "19183"))
TEST_22_POSTGRES_PORT = int(os.environ.get("CDCSHELL_TEST_22_POSTGRES_PORT", "19142"))


def test_sandbox_22_dir() -> Path:
    return Path(os.environ.get("CDCSHELL_TEST_22_SANDBOX_DIR") or paths.state_dir() / "sandbox-test-2.2")


def _wants_postgres_on_22(session: pytest.Session) -> bool:
    """Only a `postgres` test that runs on 2.2 needs the 2.2 sandbox's PostgreSQL and connectors."""
    return any(
        item.get_closest_marker("postgres")
        and getattr(item, "callspec", None) is not None
        and item.callspec.params.get("flink_sandbox") == "2.2"
        for item in session.items
    )


@pytest.fixture(scope="session")
def sandbox_22(request: pytest.FixtureRequest) -> Iterator[SandboxInfo]:
    """The Flink 2.2.1 test sandbox (JobManager 19181, SQL Gateway 19183 unless `CDCSHELL_TEST_22_*` say else).

    `CDCSHELL_TEST_22_GATEWAY` (and `CDCSHELL_TEST_22_JOBMANAGER`) point it at a running 2.2 cluster instead.
    A run whose main sandbox already is 2.2 (`CDCSHELL_TEST_FLINK=2.2`) shares it.
    """
    external = _external_cluster("CDCSHELL_TEST_22_")
    if external:
        yield external
        return
    if TEST_FLINK == "2.2":
        yield request.getfixturevalue("sandbox")
        return

    from cdcshell.sandbox import lifecycle

    directory = test_sandbox_22_dir()
    was_up = lifecycle.status(sandbox_dir=directory).complete
    with_postgres = _wants_postgres_on_22(request.session)
    options = {
        "sandbox_dir": directory,
        "jobmanager_port": TEST_22_JOBMANAGER_PORT,
        "gateway_port": TEST_22_GATEWAY_PORT,
        "with_postgres": with_postgres,
        "postgres_port": TEST_22_POSTGRES_PORT,
        "timeout": 600,
        "progress": lambda line: print(f"[sandbox 2.2] {line}", flush=True),
    }
    if was_up and with_postgres and not lifecycle.has_connectors(sandbox_dir=directory):
        info = lifecycle.restart("2.2", **options)
    else:
        info = lifecycle.up("2.2", **options)
    try:
        yield info
    finally:
        if not was_up and os.environ.get("CDCSHELL_TEST_KEEP_SANDBOX") != "1":
            lifecycle.down(sandbox_dir=directory)


def _sandbox_of(series: str, request: pytest.FixtureRequest) -> SandboxInfo:
    """The run's test sandbox of `series`; a series this run has none of fails the test, it never skips it."""
    if series == TEST_FLINK:
        return request.getfixturevalue("sandbox")
    if series == "2.2":
        return request.getfixturevalue("sandbox_22")
    pytest.fail(
        f"no Flink {series} test sandbox in this run (CDCSHELL_TEST_FLINK={TEST_FLINK}): "
        f"unset CDCSHELL_TEST_FLINK to test on Flink {series}",
        pytrace=False,
    )


@pytest.fixture(scope="session", params=FLINK_SERIES, ids=FLINK_IDS)
def flink_sandbox(request: pytest.FixtureRequest) -> SandboxInfo:
    """The 1.20 test sandbox, then the 2.2 one: a test taking this runs on both versions."""
    return _sandbox_of(request.param, request)


@pytest.fixture(scope="session", params=CDC_SERIES, ids=CDC_IDS)
def cdc_flink_sandbox(request: pytest.FixtureRequest) -> SandboxInfo:
    """The test sandbox of each series a Flink CDC release runs on (1.20 until Flink CDC 3.6 is served)."""
    return _sandbox_of(request.param, request)


@pytest.fixture(scope="session")
def flink_series(flink_sandbox: SandboxInfo) -> str:
    """`1.20` or `2.2`: the series of the sandbox this test runs on."""
    return ".".join(flink_sandbox.flink_version.split(".")[:2])


@pytest.fixture(scope="session")
def flink_postgres_dsn(flink_sandbox: SandboxInfo, request: pytest.FixtureRequest) -> str:
    """The PostgreSQL of `flink_sandbox`, or else the 1.20 one: any Flink's JDBC sink can write to either."""
    return flink_sandbox.postgres_dsn or str(request.getfixturevalue("postgres_dsn"))
