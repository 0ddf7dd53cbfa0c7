"""The log file: statements and errors are there, secrets are not, and every file of it is private."""

from __future__ import annotations

import io
import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from cdcshell.engine.shell import Shell
from cdcshell.gateway.client import GatewayClient
from cdcshell.logging_setup import setup_logging, shutdown_logging
from cdcshell.options import Options
from cdcshell.sql.splitter import split
from tests.unit.test_shell_recovery import URL, FakeGateway, _NoCluster

SECRET = "s3cr3t-in-the-log"


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "log" / "cdcshell.log"
    assert setup_logging(path=path) == path
    yield path
    shutdown_logging()


def test_statements_and_errors_are_logged_masked(log_file: Path) -> None:
    fake = FakeGateway()
    sh = Shell(
        Options(gateway=URL.replace("://", "://ops:urlpass@"), timeout=1),
        out=io.StringIO(),
        err=io.StringIO(),
        heartbeat=False,
    )
    sh.client = GatewayClient(sh.state.url, transport=httpx.MockTransport(fake), retry_backoff=0.0, timeout=1)
    sh._cluster = _NoCluster()
    assert sh.connect(quiet=True)
    sh.run(split(f"CREATE TEMPORARY TABLE t (a INT) WITH ('connector' = 'jdbc', 'password' = '{SECRET}')")[0])
    fake.fail = lambda request: httpx.Response(
        500, text=f"java.lang.IllegalStateException: 'password' = '{SECRET}'\n\tat a.b(C.java:1)\n"
    )
    sh.run(split(f"SET 'my.token' = '{SECRET}'")[0], source="night.sql")
    sh.close()
    text = log_file.read_text(encoding="utf-8")
    assert "CREATE TEMPORARY TABLE t" in text
    assert "night.sql:1" in text and "IllegalStateException" in text
    assert SECRET not in text
    assert "urlpass" not in text
    assert stat.S_IMODE(os.stat(log_file).st_mode) == 0o600


def test_exceptions_in_the_log_are_masked_too(log_file: Path) -> None:
    try:
        raise ValueError(f"connect failed for jdbc:mysql://db/x?user=a&password={SECRET}")
    except ValueError:
        logging.getLogger("cdcshell.test").exception("while connecting with 'password' = '%s'", SECRET)
    text = log_file.read_text(encoding="utf-8")
    assert "ValueError" in text and "while connecting" in text
    assert SECRET not in text


def test_rotated_files_stay_private(tmp_path: Path) -> None:
    from cdcshell import logging_setup

    path = tmp_path / "cdcshell.log"
    original = logging_setup.MAX_BYTES
    logging_setup.MAX_BYTES = 2_000
    try:
        setup_logging(path=path)
        log = logging.getLogger("cdcshell.test")
        for i in range(200):
            log.info("line %d %s", i, "x" * 50)
    finally:
        logging_setup.MAX_BYTES = original
        shutdown_logging()
    files = sorted(tmp_path.glob("cdcshell.log*"))
    assert len(files) == 3  # the current file and two rotated ones
    for f in files:
        assert stat.S_IMODE(os.stat(f).st_mode) == 0o600, f


def test_an_unwritable_log_is_skipped(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    try:
        assert setup_logging(path=blocker / "sub" / "cdcshell.log") is None
        logging.getLogger("cdcshell.test").warning("nowhere to go")  # and no exception
    finally:
        shutdown_logging()


def test_each_record_is_formatted_and_masked_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # RotatingFileHandler formats a record in shouldRollover and again in emit; the log masks once per line.
    from cdcshell import logging_setup

    calls: list[str] = []
    original = logging_setup.MaskingFormatter.format

    def counting(self: logging.Formatter, record: logging.LogRecord) -> str:
        calls.append(record.getMessage())
        return original(self, record)  # type: ignore[arg-type]

    monkeypatch.setattr(logging_setup.MaskingFormatter, "format", counting)
    path = tmp_path / "cdcshell.log"
    setup_logging(path=path)
    try:
        log = logging.getLogger("cdcshell.test")
        log.info("first 'password' = '%s'", SECRET)
        log.info("second")
    finally:
        shutdown_logging()
    assert calls == [f"first 'password' = '{SECRET}'", "second"]
    text = path.read_text(encoding="utf-8")
    assert "first" in text and "second" in text and SECRET not in text
