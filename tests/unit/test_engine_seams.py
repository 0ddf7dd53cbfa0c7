"""The engine's seams: the executor's job hooks fire where a job follower needs them, and the layers keep to
their imports (commands see only the CommandContext layer, completion is handed the command names)."""

from __future__ import annotations

import ast
import io
from pathlib import Path

import httpx
import pytest

from cdcshell.engine.shell import Shell
from cdcshell.gateway.client import GatewayClient
from cdcshell.gateway.models import ResultPage
from cdcshell.options import Options
from cdcshell.sql.splitter import Statement, split
from tests.unit.test_shell_recovery import URL, FakeGateway, _NoCluster

PACKAGE = Path(__file__).resolve().parents[2] / "cdcshell"


class JobGateway(FakeGateway):
    """Answers every statement's result with a page naming a job, as Flink does for an INSERT."""

    def __call__(self, request: httpx.Request) -> httpx.Response:
        answer = super().__call__(request)
        if "/result/" in request.url.path:
            return httpx.Response(
                200,
                json={
                    "resultType": "EOS",
                    "isQueryResult": False,
                    "resultKind": "SUCCESS_WITH_CONTENT",
                    "jobID": "j" * 32,
                    "results": {
                        "columns": [{"name": "job id", "logicalType": {"type": "VARCHAR", "nullable": True}}],
                        "data": [{"kind": "INSERT", "fields": ["j" * 32]}],
                    },
                },
            )
        return answer


@pytest.fixture
def shell() -> Shell:
    sh = Shell(Options(gateway=URL, timeout=1), out=io.StringIO(), err=io.StringIO(), heartbeat=False)
    sh.client = GatewayClient(URL, transport=httpx.MockTransport(JobGateway()), retry_backoff=0.0, timeout=1)
    sh._cluster = _NoCluster()  # type: ignore[assignment]
    assert sh.connect(quiet=True)
    return sh


def test_after_submit_fires_once_with_the_job_and_while_waiting_sees_each_page(shell: Shell) -> None:
    submitted: list[tuple[str, str]] = []
    pages: list[ResultPage] = []

    def on_submit(stmt: Statement, job_id: str) -> None:
        submitted.append((stmt.text, job_id))

    def on_page(stmt: Statement, page: ResultPage) -> None:
        pages.append(page)

    shell.hooks.after_submit.append(on_submit)
    shell.hooks.while_waiting.append(on_page)
    outcome = shell.run(split("INSERT INTO t VALUES (1)")[0], source="input")
    assert outcome.ok and outcome.job_id == "j" * 32
    assert submitted == [("INSERT INTO t VALUES (1)", "j" * 32)]
    assert pages and all(p.job_id == "j" * 32 for p in pages)


def test_no_job_no_after_submit(shell: Shell) -> None:
    shell.client = GatewayClient(
        URL, transport=httpx.MockTransport(FakeGateway()), retry_backoff=0.0, timeout=1
    )
    assert shell.connect(quiet=True)
    submitted: list[str] = []
    shell.hooks.after_submit.append(lambda stmt, job_id: submitted.append(job_id))
    assert shell.run(split("SET 'a' = 'b'")[0], source="input").ok
    assert submitted == []


def _imports(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside functions and TYPE_CHECKING blocks."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


@pytest.mark.parametrize(
    "package, forbidden",
    [
        ("meta", ("cdcshell.engine", "cdcshell.shell", "cdcshell.repl", "cdcshell.batch", "cdcshell.cli")),
        ("completion", ("cdcshell.meta", "cdcshell.engine", "cdcshell.repl")),
        ("repl", ("cdcshell.sandbox",)),
        ("store", ("cdcshell.engine", "cdcshell.meta", "cdcshell.repl")),
    ],
)
def test_layers_keep_to_their_imports(package: str, forbidden: tuple[str, ...]) -> None:
    wrong = {
        f"{path.relative_to(PACKAGE.parent)} imports {module}"
        for path in (PACKAGE / package).rglob("*.py")
        for module in _imports(path)
        if module.startswith(forbidden)
    }
    assert not wrong
