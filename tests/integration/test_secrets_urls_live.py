"""Issue 17 against the real sandbox: URL passwords, user info, PEM keys and the legacy unquoted SET never
appear in the echo, errors, `--dry-run`, `lint` output, the `\\slots` DSN echo, or any file under the home."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from tests.integration.test_batch_live import run_cli

pytestmark = pytest.mark.integration

PW = "UrlPw-" + uuid.uuid4().hex[:8]
KV = "KvPw-" + uuid.uuid4().hex[:8]
PEM = "PemKey" + uuid.uuid4().hex[:8]
WORD = "Legacy" + uuid.uuid4().hex[:8]


def test_url_passwords_and_widened_keys_are_nowhere(
    gateway_url: str, postgres_dsn: str, tmp_path: Path
) -> None:
    tag = uuid.uuid4().hex[:6]
    home = tmp_path / "home"
    host_port = postgres_dsn.split("@", 1)[1].split("/", 1)[0]
    script = tmp_path / "urls.sql"
    script.write_text(
        f"""
SET k.secret.key = {WORD} second-{WORD};
CREATE TEMPORARY TABLE j_{tag} (id INT) WITH ('connector' = 'no-such-connector',
  'url' = 'jdbc:postgresql://bob:{PW}@{host_port}/shop?password={KV}', 'table-name' = 'x');
CREATE TEMPORARY TABLE k_{tag} (id INT) WITH ('connector' = 'kafka', 'topic' = 't',
  'properties.bootstrap.servers' = '127.0.0.1:1', 'format' = 'json',
  'properties.ssl.keystore.key' = '-----BEGIN PRIVATE KEY-----{PEM}-----END PRIVATE KEY-----',
  'value.avro-confluent.basic-auth.user-info' = 'bob:{PW}');
SELECT * FROM j_{tag};
\\slots postgresql://bob:{PW}@{host_port}/shop
""",
        encoding="utf-8",
    )
    runs = [
        run_cli(
            [
                "-f",
                str(script),
                "--format",
                "plain",
                "--continue-on-error",
                "--force",
                "--record",
                str(home / "t.md"),
            ],
            gateway_url,
            home=home,
        ),
        run_cli(["-f", str(script), "--dry-run"], gateway_url, home=home),
        run_cli(["-f", str(script), "--dry-run", "--format", "json"], gateway_url, home=home),
    ]
    runs += [
        run_cli(["lint", str(script), "--format", fmt], gateway_url, home=home)
        for fmt in ("text", "json", "sarif")
    ]
    assert runs[0].returncode == 1, runs[
        0
    ].stderr  # the unknown connector fails: an error that quotes options
    assert "Flink SQL>" in runs[0].stdout + runs[0].stderr
    files = [p for p in home.rglob("*") if p.is_file()]
    assert any(p.name == "t.md" for p in files)
    for secret in (PW, KV, PEM, WORD):
        for proc in runs:
            assert secret not in proc.stdout and secret not in proc.stderr, (secret, proc.args)
        for path in files:
            assert secret.encode() not in path.read_bytes(), (secret, path)
