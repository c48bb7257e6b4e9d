"""Hooks (SPEC SH-2): the store's slot for a runner that a face fills.

A store write function that makes a hookable change calls ``fire(event, actor, now,
before, after)`` after it has validated and computed the change, inside its transaction.
The runner's ``check`` (the pre-hooks) may refuse the change by raising ``Vetoed``; the
transaction then rolls back and nothing is written. Otherwise the event waits until the
outermost ``writing`` transaction has committed, and ``notify`` (the post-hooks) runs
after it: a post-hook sees committed data and cannot undo the command.

The store knows nothing of files or processes: the CLI puts a runner here (``use``) that
finds executables in the config directory. With no runner (the default, tests, benchmarks,
`--no-hooks`) ``wanted`` is False and callers skip even building the records, so a store
without hooks pays one attribute test per write. ``suppressed()`` turns hooks off for a
stretch of work that will be rolled back (a dry run) or that is not a user's change.

Events: add-customer, modify-customer, delete-customer, log, claim, return, approve, pay.
``before`` and ``after`` are the store's plain records (None where there is none).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any, NamedTuple, Protocol

from crm_cli.store.core.records import User

EVENTS = (
    "add-customer", "modify-customer", "delete-customer", "log", "claim", "return",
    "approve", "pay",
)  # fmt: skip


class HookEvent(NamedTuple):
    event: str
    user: str
    at: dt.datetime
    before: Any
    after: Any


class Runner(Protocol):
    def wants(self, event: str) -> bool:
        """Whether any hook (pre or post) exists for ``event``; cheap, asked per write."""

    def check(self, event: HookEvent) -> None:
        """Run the pre-hooks; raise ``errors.Vetoed`` to refuse the change."""

    def notify(self, event: HookEvent) -> None:
        """Run the post-hooks after the commit; must not raise."""


class _State(threading.local):
    # Per thread: the TUI writes on worker threads, each with its own connection and
    # transaction, so the events waiting for a commit belong to that thread only.
    def __init__(self) -> None:
        self.depth = 0
        self.pending: list[HookEvent] = []
        self.suppressed = 0


_runner: Runner | None = None
_state = _State()


def use(runner: Runner | None) -> None:
    """Install the face's runner (None: no hooks). One slot, not a Registry: a process that
    runs several commands (tests, the TUI) replaces it rather than adding runners."""
    global _runner
    _runner = runner


def wanted(event: str) -> bool:
    """Whether ``fire`` would do anything for ``event``: callers build records only then."""
    return _runner is not None and not _state.suppressed and _runner.wants(event)


def fire(event: str, actor: User, now: dt.datetime, before: Any, after: Any) -> None:
    """Run the pre-hooks of ``event`` now and queue its post-hooks for after the commit.

    Raises:
        Vetoed: a pre-hook refused the change (the caller's transaction rolls back).
    """
    runner = _runner
    if runner is None or _state.suppressed or not runner.wants(event):
        return
    item = HookEvent(event, actor.login, now, before, after)
    runner.check(item)
    if _state.depth:
        _state.pending.append(item)
    else:  # not inside ``writing`` (a caller's own transaction): nothing to wait for
        _notify(runner, [item])


@contextmanager
def transaction() -> Iterator[None]:
    """Around each attempt of a ``writing`` transaction (outside its BEGIN/COMMIT).

    The outermost one runs the queued post-hooks once the commit succeeded; a rollback
    (an error, a veto, a retry after a lock) drops them, since nothing they describe
    happened.
    """
    outer = _state.depth == 0
    mark = len(_state.pending)
    _state.depth += 1
    try:
        yield
    except BaseException:
        # Only this attempt's events: an outer transaction that catches the error of a
        # nested one (a savepoint rolled back) keeps its own.
        del _state.pending[mark:]
        raise
    finally:
        _state.depth -= 1
    if outer and _state.pending:
        queued, _state.pending = _state.pending, []
        if _runner is not None:
            _notify(_runner, queued)


def _notify(runner: Runner, events: list[HookEvent]) -> None:
    for item in events:
        # The runner warns of its own failures; whatever else goes wrong, a committed
        # command has succeeded and its post-hooks cannot change that.
        with suppress(Exception):
            runner.notify(item)


@contextmanager
def suppressed() -> Iterator[None]:
    """No hooks inside (a dry run that will be rolled back runs neither pre nor post)."""
    _state.suppressed += 1
    try:
        yield
    finally:
        _state.suppressed -= 1
