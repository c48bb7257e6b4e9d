"""What a real `crm` process leaves behind when it exits or is killed (issue 10, points 1, 7).

Run as a separate process through the installed entry point (`python -m crm_cli`): the
test runner's in-process commands would keep the connection open for the next one.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def crm(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CRM_")}
    env.update(
        CRM_DATABASE_URL=f"sqlite:///{tmp_path / 'live' / 'crm.db'}",
        CRM_USER="admin",
        CRM_CONFIG_DIR=str(tmp_path / "cfg"),
        CRM_DATA_DIR=str(tmp_path / "data"),
    )
    return subprocess.run(
        [sys.executable, "-m", "crm_cli", *args], cwd=ROOT, env=env, capture_output=True,
        text=True, timeout=120,
    )  # fmt: skip


def test_the_main_file_alone_holds_every_change_after_a_command(tmp_path: Path) -> None:
    (tmp_path / "live").mkdir()
    assert crm(tmp_path, "customer", "add", "杭州东山科技有限公司").returncode == 0
    assert crm(tmp_path, "customer", "add", "宁波北仑贸易有限公司").returncode == 0
    refused = crm(tmp_path, "customer", "show", "C999999")
    assert refused.returncode == 4  # an error exit leaves the file whole too

    backup = tmp_path / "backup"
    backup.mkdir()
    shutil.copy(tmp_path / "live" / "crm.db", backup / "crm.db")  # the way people back up
    conn = sqlite3.connect(backup / "crm.db")
    try:
        names = [row[0] for row in conn.execute("SELECT name FROM customer ORDER BY id")]
    finally:
        conn.close()
    assert names == ["杭州东山科技有限公司", "宁波北仑贸易有限公司"]
    assert not (tmp_path / "live" / "crm.db-wal").exists()


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        text = (task / "children").read_text()
        found.extend(int(child) for child in text.split())
    return found


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")  # a zombie has ended; only its parent has not reaped it


def test_killing_demo_ends_its_drafting_child(tmp_path: Path) -> None:
    if not Path("/proc/self/task").exists():
        pytest.skip("needs /proc to find the child process")
    (tmp_path / "live").mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CRM_")}
    env.update(
        CRM_DATABASE_URL=f"sqlite:///{tmp_path / 'live' / 'crm.db'}", CRM_USER="admin",
        CRM_CONFIG_DIR=str(tmp_path / "cfg"), CRM_DATA_DIR=str(tmp_path / "data"),
    )  # fmt: skip
    # Big enough that a forked child draws the customers while the parent writes them.
    proc = subprocess.Popen(
        [sys.executable, "-m", "crm_cli", "demo", "--size", "300000"], cwd=ROOT, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while not (children := _children(proc.pid)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert children, "the demo never forked its drafting child"
        time.sleep(0.5)  # let the child fill the pipe and block on it
    finally:
        proc.kill()
        proc.wait()
    deadline = time.monotonic() + 20
    while any(map(_running, children)) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = [pid for pid in children if _running(pid)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert left == []
