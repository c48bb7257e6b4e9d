"""Shared by the benchmarks: sample databases, the `crm` subprocess, timing, the table.

Each benchmark measures our figure and an anchor in the same run, interleaved, so a
machine that is busy or slow that minute moves both.
"""

from __future__ import annotations

import argparse
import json
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
from typing import NamedTuple

DEFAULT_DATA = Path(tempfile.gettempdir()) / "crm-bench"


def crm_command() -> list[str]:
    """The installed `crm` entry point beside this interpreter, else `python -m crm_cli`."""
    script = Path(sys.executable).with_name("crm")
    found = str(script) if script.exists() else shutil.which("crm")
    return [found] if found else [sys.executable, "-m", "crm_cli"]


def bench_env(db_path: Path) -> dict[str, str]:
    """The environment of every timed subprocess on the SQLite file ``db_path``."""
    return url_env(f"sqlite:///{db_path}", db_path.parent)


def url_env(url: str, home: Path) -> dict[str, str]:
    """The environment of every timed subprocess on the database at ``url``.

    PYTHONDONTWRITEBYTECODE is dropped so both sides run from cached bytecode, as an
    installed crm does; a warm-up run writes the caches first.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("CRM_")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(
        CRM_DATABASE_URL=url,
        CRM_USER="admin",
        CRM_CONFIG_DIR=str(home / "config"),
        CRM_DATA_DIR=str(home / "data"),
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
        up_to_date(f"sqlite:///{db_path}")
        return
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    add_demo(f"sqlite:///{db_path}", size, extra)
    ready.write_text(f"{size}\n")


def up_to_date(url: str) -> None:
    """Apply the installed crm's pending migrations to a database built by an older one,
    now, so that no timed run (or copy) pays for them."""
    from crm_cli.store import domains
    from crm_cli.store.core import db

    domains.open_store(url)
    db.close_store()


def add_demo(url: str, size: int, extra: Callable[[], None] | None = None) -> None:
    """``size`` demo customers (seed 1) and their sales history into the database at ``url``."""
    from crm_cli.store import domains
    from crm_cli.store.core import db, users
    from crm_cli.store.demo import generate as demo

    domains.open_store(url)
    started = time.perf_counter()
    summary = demo.add_demo_data(
        users.resolve_actor("admin"), size, seed=1, progress=_progress(started)
    )
    if extra is not None:
        extra()
    db.close_store()
    seconds = time.perf_counter() - started
    rate = summary.customers / seconds
    print(f"\nbuilt {url}: {summary.customers:,} customers, {summary.contacts:,} contacts"
          f" in {seconds:.1f} s ({rate:,.0f} customers/s)", flush=True)  # fmt: skip


def _progress(started: float) -> Callable[[int, int], None]:
    def show(done: int, total: int) -> None:
        if done % 50_000 == 0 or done == total:
            rate = done / (time.perf_counter() - started)
            print(f"\r  {done:,}/{total:,} customers, {rate:,.0f}/s", end="", flush=True)

    return show


class Done(NamedTuple):
    """One finished subprocess: wall time, its own peak resident memory, its output."""

    seconds: float
    peak_mb: float
    code: int
    stdout: str
    stderr: str


# A child's ru_maxrss starts at its parent's resident size when it forks (the kernel keeps
# the high-water mark across exec), and a benchmark that built its databases in process is
# hundreds of MB: GNU time, a small process, forks the measured command and reports its
# own peak. Without it the peak is the parent's at worst, and says so by being large.
TIME = "/usr/bin/time" if Path("/usr/bin/time").exists() else None
PEAK = "crm-bench-peak-kb "


def with_peak(argv: Sequence[str]) -> list[str]:
    """``argv`` run under GNU time, which adds its peak resident memory to stderr."""
    return [TIME, "-q", "-f", PEAK + "%M", *argv] if TIME else list(argv)


def peak_of(stderr: str, fallback_mb: float) -> tuple[float, str]:
    """(peak MB, stderr without time's line) of a command run ``with_peak``."""
    head, mark, tail = stderr.rpartition(PEAK)
    if not mark:
        return fallback_mb, stderr
    return int(tail.split()[0]) / 1024, head


def run(argv: Sequence[str], env: dict[str, str]) -> Done:
    """Run ``argv`` to the end with its own peak resident memory. Output goes to
    temporary files (no pipe to fill up)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(
            with_peak(argv), env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err
        )
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        text = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
    peak, stderr = peak_of(text[1], usage.ru_maxrss / 1024)
    return Done(seconds, peak, code, text[0], stderr)


def checked(argv: Sequence[str], env: dict[str, str], check: Callable[[str], None]) -> Done:
    """``run``, failing loudly unless it exited 0 and ``check`` accepts its stdout."""
    done = run(argv, env)
    if done.code != 0:
        raise SystemExit(f"{' '.join(argv)} exited {done.code}: {done.stderr.strip()[-2000:]}")
    check(done.stdout)
    return done


def timed(argv: Sequence[str], env: dict[str, str], check: Callable[[str], None]) -> float:
    """Seconds one subprocess takes; ``check`` sees its stdout (it must have worked)."""
    return checked(argv, env, check).seconds


class Row(NamedTuple):
    """One line of a benchmark's result, as every script prints it and run_all gathers it."""

    figure: str
    ours: str
    anchor: str
    ratio: str
    target: str
    met: str  # "yes", "no", or "-" where nothing was compared

    @staticmethod
    def header() -> list[str]:
        return ["figure", "ours", "anchor", "ratio", "target", "met"]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


def ratio_row(figure: str, ours: list[float], anchor: list[float], at_most: float | None) -> Row:
    """Median times against an anchor's; met when ours / anchor <= ``at_most`` (None: shown
    for information, no target)."""
    mine, theirs = statistics.median(ours), statistics.median(anchor)
    ratio = mine / theirs
    target, met = ("-", "-") if at_most is None else (f"<= {at_most}", _yes(ratio <= at_most))
    return Row(f"{figure} (median of {len(ours)})", ms(mine), ms(theirs), f"{ratio:.2f}",
               target, met)  # fmt: skip


def _yes(met: bool) -> str:
    return "yes" if met else "no"


def rate_row(figure: str, ours: float, anchor: float, unit: str, at_least: float | None) -> Row:
    """Throughputs (``unit`` per second); met when ours / anchor >= ``at_least``."""
    ratio = ours / anchor
    target, met = ("-", "-") if at_least is None else (f">= {at_least}", _yes(ratio >= at_least))
    return Row(figure, f"{ours:,.0f} {unit}/s", f"{anchor:,.0f} {unit}/s", f"{ratio:.2f}",
               target, met)  # fmt: skip


def limit_row(figure: str, value: float, unit: str, limit: float, anchor: str = "-",
              inclusive: bool = False) -> Row:  # fmt: skip
    """A measured value with an absolute limit (peak memory): below it, or up to it."""
    met = value <= limit if inclusive else value < limit
    target = f"{'<=' if inclusive else '<'} {limit:,.0f} {unit}"
    return Row(figure, f"{value:,.0f} {unit}", anchor, "-", target, _yes(met))


def options(doc: str) -> argparse.ArgumentParser:
    """A parser with the options every benchmark takes: --data and --json."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="where databases live")
    parser.add_argument("--json", type=Path, help="also write the result rows to this file")
    return parser


def report(title: str, rows: Sequence[Row], note: str, json_path: Path | None) -> None:
    """Print the rows under a title; write them as JSON too when asked (run_all reads it)."""
    print(f"\n{title} (python {sys.version.split()[0]})\n")
    print_table(Row.header(), rows)
    if note:
        print(f"\n{note}")
    if json_path is not None:
        json_path.write_text(json.dumps([r._asdict() for r in rows], ensure_ascii=False))


def print_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    widths = [max(_width(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, ["-" * w for w in widths], *rows]:
        cells = [cell + " " * (w - _width(cell)) for cell, w in zip(row, widths, strict=True)]
        print("  ".join(cells).rstrip())


def _width(text: str) -> int:
    """Terminal columns: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
