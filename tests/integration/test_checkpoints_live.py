"""The job and checkpoint commands against a real Flink, on a datagen job (no connectors needed).

The shell is driven in-process, exactly as the REPL and `-f` drive it (`run_text` for SQL, `run_meta` for `\\`
lines), with its output captured; every job a test starts is cancelled at the end.
"""

from __future__ import annotations

import io
import json
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from cdcshell.engine.shell import Shell
from cdcshell.options import Options
from tests.integration.both_flinks import gateway_url_of_both, jobmanager_url_of_both  # noqa: F401  (Flink 1.20 and 2.2)

pytestmark = pytest.mark.integration


class Driven:
    """A shell with captured output: `meta()` returns (ok, stdout, stderr) of one command."""

    def __init__(
        self, gateway_url: str, jobmanager_url: str, *, fmt: str = "plain", interactive: bool = False
    ):
        self.out, self.err = io.StringIO(), io.StringIO()
        self.shell = Shell(
            Options(gateway=gateway_url, jobmanager=jobmanager_url, format=fmt),
            out=self.out,
            err=self.err,
            interactive=interactive,
        )
        assert self.shell.connect(quiet=True), self.shell.state.error

    def _take(self) -> tuple[str, str]:
        out, err = self.out.getvalue(), self.err.getvalue()
        for stream in (self.out, self.err):
            stream.seek(0)
            stream.truncate()
        return out, err

    def sql(self, text: str) -> object:
        outcome = self.shell.run_text(text, echo=False)
        _out, err = self._take()
        assert outcome.ok, err
        return outcome

    def meta(self, line: str) -> tuple[bool, str, str]:
        outcome = self.shell.run_meta(line)
        out, err = self._take()
        return outcome.ok, out, err


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CDCSHELL_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("CDCSHELL_LANG", "en")
    return tmp_path / "home"


@pytest.fixture
def jobs_started(jobmanager_url: str) -> Iterator[list[str]]:
    started: list[str] = []
    yield started
    with httpx.Client(base_url=jobmanager_url, timeout=10) as http:
        for jid in started:
            http.patch(f"/jobs/{jid}", params={"mode": "cancel"})


def _datagen_job(d: Driven, name: str, tmp_path: Path, *, interval: str = "1s") -> str:
    d.sql(f"SET 'execution.checkpointing.interval' = '{interval}'")
    d.sql(f"SET 'pipeline.name' = '{name}'")
    d.sql(f"SET 'execution.checkpointing.dir' = '{(tmp_path / 'chk').as_uri()}'")
    d.sql("SET 'execution.checkpointing.externalized-checkpoint-retention' = 'RETAIN_ON_CANCELLATION'")
    d.sql("CREATE TEMPORARY TABLE gen (id BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '20')")
    d.sql("CREATE TEMPORARY TABLE counts (k BIGINT, n BIGINT) WITH ('connector' = 'blackhole')")
    outcome = d.sql("INSERT INTO counts SELECT id % 7, COUNT(*) FROM gen GROUP BY id % 7")
    assert outcome.job_id  # type: ignore[attr-defined]
    return str(outcome.job_id)  # type: ignore[attr-defined]


def _wait_for(predicate, timeout: float = 60.0, what: str = "condition") -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


def _completed(d: Driven, ref: str) -> int:
    ok, out, err = d.meta(f"\\checkpoints {ref}")
    assert ok, err
    return int(json.loads(out)["counts"]["completed"])


def test_checkpoints_grow_and_show_the_config(
    gateway_url: str, jobmanager_url: str, tmp_path: Path, home: Path, jobs_started: list[str]
) -> None:
    d = Driven(gateway_url, jobmanager_url, fmt="json")
    name = f"cdcshell-ckpt-{uuid.uuid4().hex[:8]}"
    jid = _datagen_job(d, name, tmp_path)
    jobs_started.append(jid)
    _wait_for(lambda: _completed(d, jid) >= 2, what="two checkpoints")
    first = _completed(d, name)
    _wait_for(lambda: _completed(d, name) > first, what="more checkpoints")

    ok, out, _ = d.meta(f"\\checkpoints {jid[:10]} --last 3")
    data = json.loads(out)
    assert data["job"]["id"] == jid and data["job"]["state"] == "RUNNING"
    assert data["config"]["interval_ms"] == 1000 and data["config"]["mode"] == "EXACTLY_ONCE"
    assert data["config"]["externalized"] is True and data["config"]["delete_on_cancellation"] is False
    assert len(data["history"]) == 3
    assert jid in data["latest_completed"]["external_path"]

    d.shell.options.format = "plain"
    ok, out, _ = d.meta(f"\\checkpoints {name}")
    assert ok
    assert "every 1.00 s" in out and "retained on cancel" in out
    assert "completed " in out and "COMPLETED" in out and "duration  " in out

    ok, out, _ = d.meta("\\jobs")
    assert ok
    assert f"* {jid[:8]}  INSERT INTO counts SELECT" in out  # marked as this session's, with its statement

    latest = json.loads(Driven(gateway_url, jobmanager_url, fmt="json").meta(f"\\checkpoints {jid}")[1])
    cid = latest["latest_completed"]["id"]
    ok, out, err = d.meta(f"\\checkpoint {jid} {cid}")
    assert ok, err
    assert f"checkpoint #{cid} of {jid[:8]}" in out
    assert "OPERATOR" in out and "GroupAggregate" in out  # per-operator rows carry the vertex names


def test_stop_with_savepoint_then_resume_restores_it(
    gateway_url: str, jobmanager_url: str, tmp_path: Path, home: Path, jobs_started: list[str]
) -> None:
    d = Driven(gateway_url, jobmanager_url)
    name = f"cdcshell-resume-{uuid.uuid4().hex[:8]}"
    jid = _datagen_job(d, name, tmp_path)
    jobs_started.append(jid)
    _wait_for(
        lambda: (
            "completed" in d.meta(f"\\checkpoints {jid}")[1]
            and "no completed checkpoint" not in d.meta(f"\\checkpoints {jid}")[1]
        ),
        what="a checkpoint",
    )

    ok, out, err = d.meta(f"\\savepoint {jid} {(tmp_path / 'sp').as_uri()}")
    assert ok, err
    assert out.strip().startswith("file:") and "savepoint-" in out

    ok, out, err = d.meta(f"\\stop {name} --savepoint {(tmp_path / 'sp').as_uri()}")
    assert ok, err
    savepoint = out.strip().splitlines()[-1]
    assert "savepoint-" + jid[:6] in savepoint
    assert "FINISHED" in err

    ok, out, err = d.meta(f"\\resume {jid}")
    assert ok, err
    new = [r for r in d.shell.job_journal.entries() if r.job_id != jid]
    assert new, err
    new_jid = new[-1].job_id
    jobs_started.append(new_jid)
    assert new[-1].recovery_path == savepoint  # the journal remembers what it was resumed from
    assert "execution.state-recovery.path" not in d.shell.state.session_config  # RESET after the submission

    d.shell.options.format = "json"
    _wait_for(
        lambda: json.loads(d.meta(f"\\checkpoints {new_jid}")[1])["counts"]["restored"] == 1,
        what="the restore to show",
    )
    data = json.loads(d.meta(f"\\checkpoints {new_jid}")[1])
    assert data["latest_restored"]["is_savepoint"] is True
    assert data["latest_restored"]["external_path"] == savepoint


def test_clear_messages_for_unknown_finished_and_unreachable(
    gateway_url: str, jobmanager_url: str, tmp_path: Path, home: Path, jobs_started: list[str]
) -> None:
    d = Driven(gateway_url, jobmanager_url)
    ok, _, err = d.meta("\\checkpoints 0123456789abcdef0123456789abcdef")
    assert not ok and "No job matches '0123456789abcdef0123456789abcdef'" in err
    ok, _, err = d.meta("\\checkpoints no-such-pipeline")
    assert not ok and "no-such-pipeline" in err and "\\jobs" in err

    jid = _datagen_job(d, f"cdcshell-ended-{uuid.uuid4().hex[:8]}", tmp_path)
    jobs_started.append(jid)
    _wait_for(lambda: "#" in d.meta(f"\\checkpoints {jid}")[1], what="a checkpoint")
    ok, _, err = d.meta(f"\\stop {jid}")  # cancel: the checkpoints are retained
    assert ok, err
    ok, out, err = d.meta(f"\\checkpoints {jid}")
    assert ok, err
    assert "CANCELED" in out and "no more checkpoints" in out
    assert f"\\resume {jid[:8]} restarts it from file:" in err

    unreachable = Driven(gateway_url, "http://127.0.0.1:9")
    ok, out, err = unreachable.meta("\\checkpoints")
    assert not ok and out == ""
    assert "Cannot reach the Flink JobManager at http://127.0.0.1:9" in err and "--jobmanager" in err
    assert "Traceback" not in err


def test_watch_repaints_in_place_until_interrupted(
    gateway_url: str, jobmanager_url: str, tmp_path: Path, home: Path, jobs_started: list[str]
) -> None:
    d = Driven(gateway_url, jobmanager_url, interactive=True)
    jid = _datagen_job(d, f"cdcshell-watch-{uuid.uuid4().hex[:8]}", tmp_path)
    jobs_started.append(jid)
    timer = threading.Timer(3.2, d.shell.cancel_event.set)  # what Ctrl-C does at the prompt
    timer.start()
    started = time.monotonic()
    ok, out, _ = d.meta(f"\\checkpoints {jid} --watch 1")
    timer.cancel()
    assert ok
    assert time.monotonic() - started >= 3
    frames = out.count("Ctrl-C to stop")
    assert frames >= 3
    assert out.count("\x1b[J") == frames - 1  # every later frame is painted over the previous one
