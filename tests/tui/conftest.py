"""The TUI tests read and write a personal config file of their own (the grid's columns,
named filters), never the developer's."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def own_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "config"
    monkeypatch.setenv("CRM_CONFIG_DIR", str(directory))
    return directory
