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
    proc = run_cli(["-f", str(script), "--format", "plain", "--continue-on-error", "--force"], gateway_url,
                   home=home)
    job_ids = [ln.split(":", 1)[1].strip() for ln in proc.stdout.splitlines() if ln.startswith("Job submitted:")]
    try:
        assert proc.returncode == 1  # the unknown connector fails
        assert "no-such-connector" in proc.stderr
        assert job_ids
        assert SECRET not in proc.stdout
        assert SECRET not in proc.stderr
        written = [p for p in home.rglob("*") if p.is_file()]
        assert written, "the journal should have been written"
        for path in written:
            assert SECRET.encode() not in path.read_bytes(), path
        dry = run_cli(["-f", str(script), "--dry-run"], gateway_url, home=home)
        assert dry.returncode == 0 and SECRET not in dry.stdout
    finally:
        for job in job_ids:
            httpx.patch(f"{jobmanager_url}/jobs/{job}?mode=cancel", timeout=10)
