"""The risk checks and completions whose verdict differs between Flink 1.20 and 2.2, each against the real cluster.

A catalog can say that a value fails or a key is gone on 2.x; these tests show the cluster agreeing. Each runs on
the 1.20 and the 2.2 test sandbox (`flink_sandbox`) and asserts, per series, both what cdcshell says before it
sends anything and what Flink then does with the statement when the user insists (`--force`).
"""

from __future__ import annotations

import io
import json
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from cdcshell.engine.shell import Shell
from cdcshell.options import Options
from cdcshell.sandbox.lifecycle import SandboxInfo

pytestmark = pytest.mark.integration

# A bounded source: the job it feeds finishes by itself, so nothing is left running on the shared sandbox.
BOUNDED_JOB = (
    "CREATE TEMPORARY TABLE gen_{tag} (id BIGINT) WITH ('connector' = 'datagen', 'number-of-rows' = '5')",
    "CREATE TEMPORARY TABLE sink_{tag} (id BIGINT) WITH ('connector' = 'blackhole')",
    "INSERT INTO sink_{tag} SELECT id FROM gen_{tag}",
)


@dataclass
class Said:
    ok: bool
    err: str
    job_id: str | None


class Console:
    """A shell on one sandbox, its stderr captured per statement."""

    def __init__(self, sandbox: SandboxInfo, *, force: bool) -> None:
        self.out, self.err = io.StringIO(), io.StringIO()
        options = Options(gateway=sandbox.gateway_url, jobmanager=sandbox.jobmanager_url, force=force)
        self.shell = Shell(options, out=self.out, err=self.err, interactive=False)
        assert self.shell.connect(quiet=True), self.shell.state.error

    def run(self, sql: str) -> Said:
        self.err.seek(0)
        self.err.truncate()
        outcome = self.shell.run_text(sql, echo=False)
        return Said(outcome.ok, self.err.getvalue(), getattr(outcome, "job_id", None))

    def bounded_job(self) -> Said:
        tag = uuid.uuid4().hex[:6]
        for statement in BOUNDED_JOB[:-1]:
            assert self.run(statement.format(tag=tag)).ok, self.err.getvalue()
        return self.run(BOUNDED_JOB[-1].format(tag=tag))

    def close(self) -> None:
        self.shell.close()


@pytest.fixture(autouse=True)
def _own_home_in_english(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """History and journals under the test's directory; messages in English, which the asserts quote."""
    monkeypatch.setenv("CDCSHELL_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("CDCSHELL_LANG", "en")


@pytest.fixture
def consoles(flink_sandbox: SandboxInfo) -> Iterator[dict[bool, Console]]:
    """{False: a shell that stops at a risk-check error, True: one run with --force}."""
    pair = {force: Console(flink_sandbox, force=force) for force in (False, True)}
    yield pair
    for console in pair.values():
        console.close()


def _runs_to_its_end(console: Console, sandbox: SandboxInfo, timeout: float = 90.0) -> None:
    """A bounded job submitted from `console` is accepted and FINISHED within `timeout`."""
    job = console.bounded_job()
    assert job.ok and job.job_id, job.err
    deadline = time.monotonic() + timeout
    state = ""
    while time.monotonic() < deadline:
        state = httpx.get(f"{sandbox.jobmanager_url}/jobs/{job.job_id}", timeout=10).json()["state"]
        if state in ("FINISHED", "FAILED", "CANCELED"):
            break
        time.sleep(0.5)
    assert state == "FINISHED", f"job {job.job_id} is {state} after up to {timeout:.0f} s"


def test_legacy_state_backend_value_is_a_warning_on_1_20_and_a_failing_job_on_2_2(
    flink_sandbox: SandboxInfo, flink_series: str, consoles: dict[bool, Console]
) -> None:
    legacy = "SET 'state.backend' = 'filesystem'"
    if flink_series == "1.20":
        # Deprecated but honoured: a warning, the SET runs and so does the job.
        said = consoles[False].run(legacy)
        assert said.ok, said.err
        assert "warning [CFG003]" in said.err and "fails on newer versions" in said.err
        _runs_to_its_end(consoles[False], flink_sandbox)
    else:
        # An error: nothing is sent unless forced ...
        said = consoles[False].run(legacy)
        assert not said.ok
        assert "error [CFG003]" in said.err and "the job will fail" in said.err
        assert "SET 'state.backend.type' = 'hashmap';" in said.err
        assert "state.backend" not in consoles[False].shell.state.session_config
        # ... and forced, the gateway accepts the SET, then the INSERT fails as the check said it would.
        forced = consoles[True].run(legacy)
        assert forced.ok, forced.err
        job = consoles[True].bounded_job()
        assert not job.ok and job.job_id is None
        assert "ClassNotFoundException: filesystem" in job.err
        assert "Traceback" not in job.err


def test_removed_key_is_live_on_1_20_and_ignored_on_2_2(
    flink_sandbox: SandboxInfo, flink_series: str, consoles: dict[bool, Console]
) -> None:
    # 'pipeline.registered-kryo-types' was replaced by 'pipeline.serialization-config' in 2.0. A class that does
    # not exist shows whether the cluster still reads the key.
    removed = "SET 'pipeline.registered-kryo-types' = 'com.example.NoSuchType'"
    if flink_series == "1.20":
        said = consoles[False].run(removed)
        assert "warning [CFG002]" in said.err  # deprecated, not removed: the check lets it through
        assert not said.ok  # and 1.20 really reads it: the gateway loads the class
        assert "ClassNotFoundException: com.example.NoSuchType" in said.err
    else:
        said = consoles[False].run(removed)
        assert not said.ok
        assert "error [CFG004]" in said.err and "has no effect on Flink 2.2" in said.err
        assert "RESET 'pipeline.registered-kryo-types';" in said.err
        # Forced: 2.2 takes the SET and ignores it, the job runs as if it were not there.
        forced = consoles[True].run(removed)
        assert forced.ok, forced.err
        _runs_to_its_end(consoles[True], flink_sandbox)


def _completions(gateway_url: str, text: str, capsys: pytest.CaptureFixture[str]) -> dict[str, str]:
    """text -> meta of what `cdcshell complete` offers at the end of `text`, with the gateway's catalog."""
    from cdcshell.completion.command import main

    assert main(["--gateway", gateway_url, "--format", "json", text]) == 0
    out = capsys.readouterr()
    assert out.err == ""
    return {item["text"]: item["meta"] for item in json.loads(out.out)}


def test_completion_follows_the_clusters_catalog(
    flink_sandbox: SandboxInfo, flink_series: str, capsys: pytest.CaptureFixture[str]
) -> None:
    url = flink_sandbox.gateway_url
    forst = _completions(url, "SET 'state.backend.forst.loc", capsys)
    shuffle = _completions(url, "SET 'table.exec.shuffle-m", capsys)
    backends = _completions(url, "SET 'state.backend.type' = '", capsys)
    if flink_series == "1.20":
        assert forst == {}  # the ForSt state backend is 2.x only
        assert shuffle == {"table.exec.shuffle-mode": "⚠ deprecated · String"}
        assert "forst" not in backends
        assert backends["filesystem"] == "value"  # still accepted on 1.20, as the test above shows
    else:
        assert list(forst) == ["state.backend.forst.local-dir"]
        assert shuffle["table.exec.shuffle-mode"].startswith("⚠ removed in 2.2")
        assert "forst" in backends
        assert backends["filesystem"].startswith("⚠ rejected by Flink 2.2")
        assert backends["jobmanager"].startswith("⚠ rejected by Flink 2.2")
