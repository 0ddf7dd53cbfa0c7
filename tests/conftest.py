"""Hooks for every test: skips fail the run unless allow-listed, and every test has a time limit.

The hooks live in `tests/skip_policy.py` (a plugin module, so that `tests/unit/test_skip_policy.py` can run it
in a throwaway pytest with pytester); this file only loads it.
"""

from tests.skip_policy import (  # noqa: F401 - pytest finds hooks by name in a conftest
    pytest_addoption,
    pytest_collection_modifyitems,
    pytest_configure,
    pytest_sessionfinish,
    pytest_terminal_summary,
)
