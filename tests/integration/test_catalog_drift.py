"""A catalog and its generator must agree: regenerate from the real jars and compare with the committed files.

Needs a JDK, Maven and the Flink homes (the sandbox's assembled ones are reused; missing ones are downloaded),
so it runs with the integration tests (`make unit` needs no Java). `make test` installs the JDK and Maven
(scripts/install-java.sh); a skip for a missing tool fails the run, since the test is not on the skip allow-list."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.integration
@pytest.mark.timeout(1900)  # the generator's own bound (1800 s) plus the start of the JVMs
def test_catalogs_match_what_the_generator_produces_from_the_jars() -> None:
    for tool in ("java", "javac", "mvn"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is needed to regenerate the catalogs")
    proc = subprocess.run(
        [sys.executable, str(ROOT / "completions/generator/generate.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
