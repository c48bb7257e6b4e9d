"""Foreground reads first (`core.priority`): on SQLite, a statement on a background
connection (the TUI's counts) waits while a foreground call (what a person waits for)
runs, and goes on to its right answer once none does."""

from __future__ import annotations

import threading
import time

from crm_cli.store.core import priority
from crm_cli.store.core.db import db_proxy

ROWS = 400_000
COUNT = (
    "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < ?) "
    "SELECT count(*) FROM n"
)


def _count() -> int:
    return int(db_proxy.connection().execute(COUNT, (ROWS,)).fetchone()[0])


def _timed_in_background() -> float:
    started = time.perf_counter()
    assert priority.in_background(_count) == ROWS
    return time.perf_counter() - started


def test_a_background_count_waits_while_a_foreground_call_runs(db_url: str) -> None:
    alone = max(_timed_in_background() for _ in range(2))  # what it takes here, now
    held = 3 * alone + 0.3
    answers: list[int] = []
    background = threading.Thread(target=lambda: answers.append(priority.in_background(_count)))
    with priority.foreground():
        background.start()
        time.sleep(held)
        # Three times what it needed alone, and still not through: it waited.
        assert background.is_alive() and not answers
    background.join(timeout=60)
    assert answers == [ROWS]


def test_without_a_foreground_call_nothing_waits_and_the_handler_is_removed(
    db_url: str,
) -> None:
    assert priority.in_background(_count) == ROWS
    with priority.foreground():
        # The same connection, no longer in the background: runs although a call is on.
        assert _count() == ROWS


def test_nested_foreground_calls_release_the_background_only_at_the_end() -> None:
    with priority.foreground():
        with priority.foreground():
            pass
        assert not priority._idle.is_set()
    assert priority._idle.is_set()
