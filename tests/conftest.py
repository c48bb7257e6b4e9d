"""Fixtures: a real temp-file SQLite database, and real PostgreSQL/MariaDB servers.

Server tests skip with a stated reason when no server answers, unless
CRM_REQUIRE_SERVERS=1 (as .ci/run sets), which turns the skip into a failure.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from crm_cli.store import domains
from crm_cli.store.core import db, users
from crm_cli.store.core.records import User

POSTGRES_URL = os.environ.get("CRM_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
MYSQL_URL = os.environ.get("CRM_TEST_MYSQL_URL", "mysql://root@127.0.0.1:3306/test")
REQUIRE = os.environ.get("CRM_REQUIRE_SERVERS") == "1"


def _unavailable(reason: str) -> None:
    if REQUIRE:
        pytest.fail(f"{reason} (CRM_REQUIRE_SERVERS=1 makes this mandatory)")
    pytest.skip(reason)


def _fresh_postgres() -> str:
    try:
        import psycopg2
    except ImportError:
        _unavailable("psycopg2 is not installed (pip install '.[postgres]')")
    parsed = urlparse(POSTGRES_URL)
    try:
        conn = psycopg2.connect(
            dbname=parsed.path.lstrip("/"), user=parsed.username, host=parsed.hostname,
            port=parsed.port or 5432, password=parsed.password, connect_timeout=3,
        )  # fmt: skip
    except psycopg2.OperationalError as exc:
        _unavailable(f"no PostgreSQL server at {POSTGRES_URL}: {str(exc).strip()}")
    conn.autocommit = True
    schema = f"crm_t_{uuid.uuid4().hex[:10]}"
    with conn.cursor() as cur:
        # In public, so every test schema (on the search path before public) sees it.
        cur.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public")
        cur.execute(f"CREATE SCHEMA {schema}")
    conn.close()
    sep = "&" if parsed.query else "?"
    return f"{POSTGRES_URL}{sep}options=-csearch_path%3D{schema},public"


def _drop_postgres(url: str) -> None:
    import psycopg2

    schema = url.rsplit("search_path%3D", 1)[1].split(",")[0]
    parsed = urlparse(POSTGRES_URL)
    conn = psycopg2.connect(
        dbname=parsed.path.lstrip("/"), user=parsed.username, host=parsed.hostname,
        port=parsed.port or 5432, password=parsed.password,
    )  # fmt: skip
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
    conn.close()


def _drop_mysql(url: str) -> None:
    import pymysql

    parsed = urlparse(MYSQL_URL)
    conn = pymysql.connect(
        user=parsed.username or "root", host=parsed.hostname, port=parsed.port or 3306,
        password=parsed.password or "",
    )  # fmt: skip
    with conn.cursor() as cur:
        cur.execute(f"DROP DATABASE IF EXISTS {url.rsplit('/', 1)[1]}")
    conn.close()


def _fresh_mysql() -> str:
    try:
        import pymysql
    except ImportError:
        _unavailable("pymysql is not installed (pip install '.[mysql]')")
    parsed = urlparse(MYSQL_URL)
    try:
        conn = pymysql.connect(
            user=parsed.username or "root", host=parsed.hostname, port=parsed.port or 3306,
            password=parsed.password or "", connect_timeout=3,
        )  # fmt: skip
    except pymysql.err.OperationalError as exc:
        _unavailable(f"no MySQL/MariaDB server at {MYSQL_URL}: {exc}")
    name = f"crm_t_{uuid.uuid4().hex[:10]}"
    with conn.cursor() as cur:
        cur.execute(f"CREATE DATABASE {name} CHARACTER SET utf8mb4")
    conn.close()
    return MYSQL_URL.rsplit("/", 1)[0] + f"/{name}"


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def copy_database(template: Path, target: Path) -> None:
    """``target`` as a copy of the closed SQLite file ``template``, private as the store
    makes new files (0600). Copying a migrated file takes ~4 ms; migrating a new one takes
    100-300 ms, which over a few thousand tests is minutes of CI."""
    assert not Path(f"{template}-wal").exists(), "the template must be closed (checkpointed)"
    target.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out, template.open("rb") as src:
        shutil.copyfileobj(src, out)


@pytest.fixture(scope="session")
def empty_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite database with no rows written by a user, made once per worker."""
    path = tmp_path_factory.mktemp("template") / "crm.db"
    domains.open_store(sqlite_url(path))
    db.close_store()
    return path


@pytest.fixture
def db_url(tmp_path: Path, empty_template: Path) -> Iterator[str]:
    """A fresh SQLite file database (a copy of the migrated template), opened for the test."""
    copy_database(empty_template, tmp_path / "crm.db")
    url = sqlite_url(tmp_path / "crm.db")
    domains.open_store(url)
    yield url
    db.close_store()


@pytest.fixture(params=["sqlite", "postgres", "mysql"])
def any_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The same test on SQLite, PostgreSQL and MariaDB/MySQL."""
    if request.param == "sqlite":
        url = sqlite_url(tmp_path / "crm.db")
    elif request.param == "postgres":
        url = _fresh_postgres()
    else:
        url = _fresh_mysql()
    domains.open_store(url)
    yield url
    db.close_store()
    if request.param == "postgres":
        _drop_postgres(url)
    elif request.param == "mysql":
        _drop_mysql(url)


@pytest.fixture
def admin(db_url: str) -> User:
    return users.resolve_actor("admin")


class Team:
    """admin; manager li over wang, who leads zhao (recursion); chen on her own."""

    def __init__(self) -> None:
        self.admin = users.resolve_actor("admin")
        add = users.add_user
        self.li = add(self.admin, "li", role="manager", display="李经理")
        self.wang = add(self.admin, "wang", role="sales", supervisor="li", display="王芳")
        self.zhao = add(self.admin, "zhao", role="sales", supervisor="wang", display="赵强")
        self.chen = add(self.admin, "chen", role="sales", display="陈静")


@pytest.fixture
def team(db_url: str) -> Team:
    return Team()


@pytest.fixture
def any_team(any_db: str) -> Team:
    return Team()
