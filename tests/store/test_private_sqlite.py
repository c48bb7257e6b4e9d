"""Issue 16, point 1: SQLite stays single-user, and a database file crm creates is readable
by its owner only (as are the -wal and -shm files SQLite makes beside it)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from crm_cli.store import domains
from crm_cli.store.core import db
from crm_cli.store.core.users import resolve_actor


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_a_new_database_is_its_owners_only(tmp_path: Path) -> None:
    old = os.umask(0o022)  # a usual umask: files readable by everyone
    try:
        path = tmp_path / "crm.db"
        domains.open_store(f"sqlite:///{path}")
        resolve_actor("admin")  # writes: the -wal file exists now
        assert _mode(path) == 0o600
        for extra in ("crm.db-wal", "crm.db-shm"):
            if (tmp_path / extra).exists():
                assert _mode(tmp_path / extra) & 0o077 == 0, extra
    finally:
        db.close_store()
        os.umask(old)


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_an_existing_file_keeps_the_mode_its_owner_gave_it(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    path.touch(mode=0o640)
    os.chmod(path, 0o640)
    domains.open_store(f"sqlite:///{path}")
    db.close_store()
    assert _mode(path) == 0o640


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_backups_are_their_owners_only(tmp_path: Path) -> None:
    from crm_cli.store.database.backup import backup_database

    old = os.umask(0o022)
    try:
        domains.open_store(f"sqlite:///{tmp_path / 'crm.db'}")
        admin = resolve_actor("admin")
        for name, dump in (("copy.db", False), ("dump.gz", True)):
            backup_database(admin, str(tmp_path / name), dump=dump)
            assert _mode(tmp_path / name) == 0o600, name
    finally:
        db.close_store()
        os.umask(old)
