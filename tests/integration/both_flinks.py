"""Opt a whole test module into both Flink versions with one import.

`from tests.integration.both_flinks import gateway_url_of_both, jobmanager_url_of_both` overrides, for that
module only, the session's 1.20 `gateway_url`/`jobmanager_url` with the ones of `flink_sandbox`, so every test in
it runs once on Flink 1.20 and once on Flink 2.2 without a change to its body. pytest registers a fixture under
its `name=`, so the imported names do not shadow the tests' parameters. They live here, not in conftest, because
a second `gateway_url` in conftest would replace the first for every module.
"""

from __future__ import annotations

import pytest

from cdcshell.sandbox.connectors import CDC_AVAILABLE
from cdcshell.sandbox.lifecycle import SandboxInfo

# The Flink series the suite runs on, and the test ids that name them (`-k flink2.2` picks the 2.2 half).
FLINK_SERIES = ("1.20", "2.2")
FLINK_IDS = [f"flink{s}" for s in FLINK_SERIES]
# The series a Flink CDC release runs on, as the sandbox knows it: 1.20 only until Flink CDC 3.6 (the first for
# Flink 2.x) is served. CDC tests run on these by design, so on 2.2 they are absent, not skipped.
CDC_SERIES = tuple(s for s in FLINK_SERIES if CDC_AVAILABLE.get(s))
CDC_IDS = [f"flink{s}" for s in CDC_SERIES]


@pytest.fixture(scope="session", name="gateway_url")
def gateway_url_of_both(flink_sandbox: SandboxInfo) -> str:
    return flink_sandbox.gateway_url


@pytest.fixture(scope="session", name="jobmanager_url")
def jobmanager_url_of_both(flink_sandbox: SandboxInfo) -> str:
    return flink_sandbox.jobmanager_url
