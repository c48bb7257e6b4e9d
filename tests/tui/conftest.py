"""The TUI tests read and write a personal config file of their own (the grid's columns,
named filters, the interface language), never the developer's."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def own_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "config"
    monkeypatch.setenv("CRM_CONFIG_DIR", str(directory))
    return directory


@pytest.fixture(autouse=True)
def own_language(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """English unless a test asks for Chinese (``i18n.use`` or the config's ``language``):
    the language is chosen afresh for each test, never the developer's locale."""
    from crm_cli import i18n

    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    i18n.use(None)
    yield
    i18n.use(None)
