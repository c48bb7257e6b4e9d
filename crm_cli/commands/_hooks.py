"""Hooks (SPEC SH-2): the executables in ``<config dir>/hooks/`` that the store's events run.

Naming, as Taskwarrior users expect it but with the phase in the name:
``pre-<event>`` runs inside the transaction and may refuse the change (a non-zero exit;
its first stderr line is the message); ``on-<event>`` runs after the commit and cannot
change the outcome (a failure is one warning line). Anything after a dot is free, so an
event can have several hooks, run in name order: ``on-add-customer.10-wecom.sh``,
``on-add-customer.20-export``. Only executable regular files count; dot files and editor
leftovers (``~``, ``.bak``, ``.orig``, ``.swp``) are skipped, so editing a hook in place
does not run its backup.

Each hook gets the event as one JSON object on stdin: ``event``, ``record`` (what kind),
``user``, ``at``, ``before`` and ``after`` (the record as the command's ``-f json`` prints
it, or null). It runs with ``CRM_NO_HOOKS=1`` (a hook that calls ``crm`` cannot set off
hooks, endlessly) and the command's database and user. Its stdout is discarded: the
command's stdout is data for scripts.

Start-up: nothing here runs until a write asks ``wants``; then the directory is read once.
subprocess and the JSON encoder are imported only when a hook is about to run.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import Any

from crm_cli import config
from crm_cli.i18n import tr
from crm_cli.store.core import hooks
from crm_cli.store.core.errors import CrmError, Vetoed

PRE, POST = "pre-", "on-"
LEFTOVERS = ("~", ".bak", ".orig", ".swp", ".swo", ".rej", ".tmp")
# The payload's ``record``: what kind of record ``before``/``after`` are (``approve`` is
# for orders and expenses, so a hook needs to know which without guessing from the keys).
RECORD_KINDS = {"Customer": "customer", "Activity": "contact_record", "OrderView": "order",
                "Expense": "expense", "Receipt": "receipt"}  # fmt: skip


def install(enabled: bool) -> None:
    """Put a runner in the store's slot, or clear it (``--no-hooks``, ``CRM_NO_HOOKS=1``).

    Called whenever a command opens the store, so a process that runs several commands
    (the tests) never keeps the previous one's choice.
    """
    hooks.use(FileRunner() if enabled else None)


class FileRunner:
    """Finds and runs the hook executables; a ``hooks.Runner``."""

    def __init__(self, directory: Path | None = None) -> None:
        # None: ``config.hooks_dir()``, found at the first write (it may load platformdirs).
        self.directory = directory
        self._found: dict[str, list[Path]] | None = None
        self._timeout: float | None = None

    def wants(self, event: str) -> bool:
        found = self._scan()
        return bool(found) and (PRE + event in found or POST + event in found)

    def check(self, event: hooks.HookEvent) -> None:
        for path in self._scan().get(PRE + event.event, ()):
            failure = self._run(path, event, "pre")
            if failure is not None:
                raise Vetoed("refused by hook {name}: {failure}", name=path.name, failure=failure)

    def notify(self, event: hooks.HookEvent) -> None:
        for path in self._scan().get(POST + event.event, ()):
            failure = self._run(path, event, "post")
            if failure is not None:
                # stderr read now, not earlier: the TUI swaps it for its own while it runs.
                warning = tr("Warning: hook {name} failed: {failure}", name=path.name,
                             failure=failure)  # fmt: skip
                sys.stderr.write(warning + "\n")

    def _scan(self) -> dict[str, list[Path]]:
        """Hook files by ``pre-EVENT`` / ``on-EVENT``, each list in name order; read once."""
        if self._found is None:
            self._found = {}
            try:
                directory = self.directory or config.hooks_dir()
                entries = sorted(os.scandir(directory), key=lambda e: e.name)
            except OSError:  # no hooks directory: the usual case, and no hooks
                entries = []
            for entry in entries:
                key = _key(entry.name)
                if key is not None and _runnable(entry):
                    self._found.setdefault(key, []).append(Path(entry.path))
        return self._found

    def _run(self, path: Path, event: hooks.HookEvent, phase: str) -> str | None:
        """Run one hook; None when it succeeded, else why not, in a few words."""
        from crm_cli.commands._hook_process import run_hook

        if self._timeout is None:
            try:
                self._timeout = config.hook_timeout(config.load().get("hooks.timeout"))
            except ValueError as exc:  # an unreadable config file or a bad value
                warning = tr("Warning: {exc}; hooks get {seconds:g} s", exc=exc,
                             seconds=config.HOOK_TIMEOUT_S)  # fmt: skip
                sys.stderr.write(warning + "\n")
                self._timeout = config.HOOK_TIMEOUT_S
        return run_hook(path, payload(event), _environment(event, phase), self._timeout)


def _key(name: str) -> str | None:
    """``pre-add-customer.check.sh`` → ``pre-add-customer``; None for anything else."""
    if name.startswith(".") or name.endswith(LEFTOVERS):
        return None
    base = name.split(".", 1)[0]
    for phase in (PRE, POST):
        if base.startswith(phase) and base[len(phase) :] in hooks.EVENTS:
            return base
    return None


def _runnable(entry: os.DirEntry[str]) -> bool:
    try:  # follows symlinks: a link to a shared script is a hook like any other
        return entry.is_file() and os.access(entry.path, os.X_OK)
    except OSError:
        return False


def payload(event: hooks.HookEvent) -> bytes:
    """The event as the JSON a hook reads: the records as their commands print them."""
    from crm_cli.commands._values import dumps_json

    record = event.after if event.after is not None else event.before
    data: dict[str, Any] = {
        "event": event.event,
        "record": RECORD_KINDS.get(type(record).__name__, type(record).__name__.lower()),
        "user": event.user,
        "at": event.at,
        "before": _plain(event.before),
        "after": _plain(event.after),
    }
    return (dumps_json(data, indent=None) + "\n").encode("utf-8")


def _plain(record: Any) -> Any:
    return record.to_dict() if hasattr(record, "to_dict") else record


def _environment(event: hooks.HookEvent, phase: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(CRM_NO_HOOKS="1", CRM_HOOK_EVENT=event.event, CRM_HOOK_PHASE=phase)
    env["CRM_USER"] = event.user
    from crm_cli.store.core.db import info  # loaded already: the store is open

    # The same database as the command, whatever chose it (--db …); with no open store
    # the hook's crm chooses as crm would.
    with contextlib.suppress(CrmError):
        env["CRM_DATABASE_URL"] = info().url
    return env
