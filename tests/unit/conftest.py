"""Unit tests never touch the developer's real history, journals or sandbox."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    home = tmp_path_factory.mktemp("cdcshell-home")
    monkeypatch.setenv("CDCSHELL_HOME", str(home))
    monkeypatch.delenv("CDCSHELL_GATEWAY", raising=False)
    monkeypatch.delenv("CDCSHELL_CONFIG", raising=False)
    monkeypatch.setenv("CDCSHELL_LANG", "en")
    from cdcshell import i18n

    i18n.set_language("en")
    yield home
