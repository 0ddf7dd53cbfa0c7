"""A password in a script appears nowhere: not in echoed statements, errors, journals or any file cdcshell writes."""

from __future__ import annotations

import uuid
from pathlib import Path

import httpx
import pytest

from tests.integration.test_batch_live import run_cli

pytestmark = pytest.mark.integration

SECRET = "s3cr3t-" + uuid.uuid4().hex[:10]


def test_secret_value_is_nowhere(gateway_url: str, jobmanager_url: str, tmp_path: Path) -> None:
    tag = uuid.uuid4().hex[:6]
    home = tmp_path / "home"
    script = tmp_path / "secret.sql"
    script.write_text(
        f"""
SET 'fs.s3a.secret.key' = '{SECRET}';
SET fs.s3a.access.key = '{SECRET}';
CREATE TEMPORARY TABLE src_{tag} (id BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '1');
SET 'custom.connection.password' = '{SECRET}';
CREATE TEMPORARY TABLE snk_{tag} (id BIGINT) WITH ('connector' = 'blackhole');
-- an earlier attempt: INSERT INTO snk_{tag} /*+ OPTIONS('password' = '{SECRET}') */ SELECT id FROM src_{tag};
INSERT INTO snk_{tag} SELECT id FROM src_{tag} /* 'password' = '{SECRET}' */;
CREATE TEMPORARY TABLE broken_{tag} (id BIGINT) WITH ('connector' = 'no-such-connector', 'password' = '{SECRET}');
SELECT * FROM broken_{tag};
""",
        encoding="utf-8",
    )
    proc = run_cli(
        ["-f", str(script), "--format", "plain", "--continue-on-error", "--force"], gateway_url, home=home
    )
    job_ids = [
        ln.split(":", 1)[1].strip() for ln in proc.stdout.splitlines() if ln.startswith("Job submitted:")
    ]
    try:
        assert proc.returncode == 1  # the unknown connector fails
        assert "no-such-connector" in proc.stderr
        assert job_ids
        assert SECRET not in proc.stdout
        assert SECRET not in proc.stderr
        written = [p for p in home.rglob("*") if p.is_file()]
        assert written, "the journal should have been written"
        log = [p for p in written if p.name == "cdcshell.log"]
        assert log, "the log file should have been written"
        assert f"snk_{tag}" in log[0].read_text(encoding="utf-8")  # it logs the statements, masked
        for path in written:
            assert SECRET.encode() not in path.read_bytes(), path
        dry = run_cli(["-f", str(script), "--dry-run"], gateway_url, home=home)
        assert dry.returncode == 0 and SECRET not in dry.stdout
    finally:
        for job in job_ids:
            httpx.patch(f"{jobmanager_url}/jobs/{job}?mode=cancel", timeout=10)


def test_secret_typed_at_the_prompt_is_nowhere(gateway_url: str, tmp_path: Path) -> None:
    """The REPL: history, log, session files and the screen itself; and the password of the gateway URL."""
    import os
    import stat

    from tests.integration.tmux_term import Terminal, shell_env

    tag = uuid.uuid4().hex[:6]
    home = tmp_path / "home"
    url_password = "urlpw-" + uuid.uuid4().hex[:8]
    url = gateway_url.replace("://", f"://operator:{url_password}@", 1)
    term = Terminal(["--gateway", url], env=shell_env(home), width=400)  # no wrapped input lines
    try:
        term.wait_for("● Flink SQL", timeout=90)
        steps = [
            (f"SET 'custom.db.password' = '{SECRET}';", "OK"),
            (
                f"CREATE TEMPORARY TABLE t_{tag} (id INT) WITH ('connector' = 'jdbc', 'url' = "
                f"'jdbc:mysql://db:3306/shop', 'table-name' = 'orders', 'username' = 'cdc', 'password' = '{SECRET}');",
                "OK",
            ),
            (f"SELECT * FROM nowhere_{tag} /*+ OPTIONS('secret' = '{SECRET}') */;", "error"),
        ]
        for line, expected in steps:
            before = term.screen().count(expected)
            term.type(line)
            term.send("Enter")
            term.wait_for(
                lambda screen, e=expected, n=before: (
                    screen.count(e) > n and screen.rfind("Flink SQL") > screen.rfind(e)
                ),
                timeout=90,
            )
        screen = term.screen()
        term.type("\\q")
        term.send("Enter")
        final = term.wait_for("EXITED=", timeout=60)
    finally:
        term.close()
    for shown in (screen, final):
        # What the user typed stays on their own screen as typed; everything cdcshell printed is masked.
        printed = "\n".join(ln for ln in shown.splitlines() if "Flink SQL" not in ln)
        assert SECRET not in printed, printed
        assert url_password not in shown
    assert f"nowhere_{tag}" in screen
    history = home / "data" / "history"
    assert f"t_{tag}" in history.read_text(encoding="utf-8")
    written = [p for p in home.rglob("*") if p.is_file()]
    assert any(p.name == "cdcshell.log" for p in written)
    for path in written:
        data = path.read_bytes()
        assert SECRET.encode() not in data, path
        assert url_password.encode() not in data, path
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, path
