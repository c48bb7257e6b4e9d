"""Shared by the benchmarks: sample databases, the `crm` subprocess, timing, the table.

Each benchmark measures our figure and an anchor in the same run, interleaved, so a
machine that is busy or slow that minute moves both.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path

DEFAULT_DATA = Path(tempfile.gettempdir()) / "crm-bench"


def crm_command() -> list[str]:
    """The installed `crm` entry point beside this interpreter, else `python -m crm_cli`."""
    script = Path(sys.executable).with_name("crm")
    found = str(script) if script.exists() else shutil.which("crm")
    return [found] if found else [sys.executable, "-m", "crm_cli"]


def bench_env(db_path: Path) -> dict[str, str]:
    """The environment of every timed subprocess.

    PYTHONDONTWRITEBYTECODE is dropped so both sides run from cached bytecode, as an
    installed crm does; a warm-up run writes the caches first.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("CRM_")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(
        CRM_DATABASE_URL=f"sqlite:///{db_path}",
        CRM_USER="admin",
        CRM_CONFIG_DIR=str(db_path.parent / "config"),
        CRM_DATA_DIR=str(db_path.parent / "data"),
    )
    return env


def copy_database(source: Path, target: Path) -> None:
    """A fresh copy of a closed SQLite database: a WAL left beside ``target`` by an earlier
    run would otherwise be replayed over the copy (and time a run that does nothing)."""
    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(source, target)


def build(db_path: Path, size: int, extra: Callable[[], None] | None = None) -> None:
    """A database of ``size`` demo customers (seed 1) at ``db_path``, built once.

    A ``.ready`` file beside it marks a finished build; anything else is rebuilt.
    ``extra`` runs after the demo data, in the same store session (the needles).
    """
    ready = db_path.with_name(db_path.name + ".ready")
    if ready.exists() and db_path.exists():
        print(f"reusing {db_path} ({size:,} customers)", flush=True)
        return
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    from crm_cli.store import domains
    from crm_cli.store.core import db, users
    from crm_cli.store.demo import generate as demo

    domains.open_store(f"sqlite:///{db_path}")
    started = time.perf_counter()
    summary = demo.add_demo_data(
        users.resolve_actor("admin"), size, seed=1, progress=_progress(started)
    )
    if extra is not None:
        extra()
    db.close_store()
    seconds = time.perf_counter() - started
    rate = summary.customers / seconds
    print(f"\nbuilt {db_path}: {summary.customers:,} customers, {summary.contacts:,} contacts"
          f" in {seconds:.1f} s ({rate:,.0f} customers/s)", flush=True)  # fmt: skip
    ready.write_text(f"{size}\n")


def _progress(started: float) -> Callable[[int, int], None]:
    def show(done: int, total: int) -> None:
        if done % 50_000 == 0 or done == total:
            rate = done / (time.perf_counter() - started)
            print(f"\r  {done:,}/{total:,} customers, {rate:,.0f}/s", end="", flush=True)

    return show


def timed(argv: Sequence[str], env: dict[str, str], check: Callable[[str], None]) -> float:
    """Seconds one subprocess takes; ``check`` sees its stdout (it must have worked)."""
    started = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} exited {done.returncode}: {done.stderr.strip()}")
    check(done.stdout)
    return seconds


def summary_row(label: str, ours: list[float], anchor: list[float]) -> list[str]:
    mine, theirs = statistics.median(ours), statistics.median(anchor)
    return [label, f"{mine * 1000:.0f} ms", f"{theirs * 1000:.0f} ms", f"{mine / theirs:.2f}",
            f"{min(ours) * 1000:.0f} ms", str(len(ours))]  # fmt: skip


def print_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    widths = [max(_width(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, ["-" * w for w in widths], *rows]:
        cells = [cell + " " * (w - _width(cell)) for cell, w in zip(row, widths, strict=True)]
        print("  ".join(cells).rstrip())


def _width(text: str) -> int:
    """Terminal columns: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
