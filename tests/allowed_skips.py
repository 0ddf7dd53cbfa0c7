"""The only tests that may skip in `make test` / CI, each with the reason it may (see tests/skip_policy.py).

Keys are pytest node ids (`tests/integration/test_x.py::test_name`, `*` allowed for parametrized ids); values
say why the skip is legitimate, so a reviewer can judge it — or are `(why, text)`, allowing the skip only when
its own reason contains `text` (a version-specific skip must not cover any other). Keep this list short: every entry is a test that
CI does not run. Version-specific skips of the integration tests (a second sandbox on another Flink series)
name the test's node id here with the series and the reason.
"""

from __future__ import annotations

_NO_CDC_ON_2X = (
    "no Flink CDC release supports Flink 2.x yet (on the 2.2 sandbox only)",
    "no Flink CDC release runs on Flink 2.",
)

_EXTERNAL = (
    "needs a sandbox this run controls; skips only against an external gateway (never in CI)",
    "needs a sandbox this test run controls",
)

ALLOWED_SKIPS: dict[str, str | tuple[str, str] | list[tuple[str, str]]] = {
    # A Flink that the test run did not start (CDCSHELL_TEST_GATEWAY) cannot have its TaskManager killed; CI
    # unsets CDCSHELL_TEST_* (.ci/run), so there the test always runs.
    "tests/integration/test_cdc_e2e.py::test_crash_of_the_taskmanager_restores_from_the_latest_checkpoint": _EXTERNAL,
    # The CDC tests need a Flink CDC release for the sandbox's Flink; on 1.20 they run, on 2.2 they may skip.
    "tests/integration/test_sandbox_live.py::test_postgres_cdc_to_jdbc_sink": _NO_CDC_ON_2X,
    "tests/integration/test_tutorial_live.py::*": _NO_CDC_ON_2X,
    "tests/integration/test_cdc_e2e.py::*": _NO_CDC_ON_2X,
    "tests/integration/test_mysql_e2e.py::*": [
        _NO_CDC_ON_2X,
        _EXTERNAL,
        (
            "the binlog test purges the sandbox's own MariaDB; skips only against an external gateway",
            "needs the sandbox's own MariaDB",
        ),
    ],
    "tests/integration/test_kafka_e2e.py::*": (
        "needs Flink CDC (1.x only) and the broker's tools of a sandbox this run controls: skips on 2.x and "
        "against an external gateway, never in CI",
        "needs a Flink 1.x sandbox this test run controls",
    ),
}
