"""A description of the commands for the completion fast path, cached in a JSON file.

Typer learns a command's options by importing its module and inspecting every signature,
which costs more than a Tab may take. So the first completion of a value inside a noun,
answered by Typer, describes that noun's commands (each option: how many values it takes
and what completes them) and keeps it beside the default database; later ones read the
file. It names the version and the command modules' sizes and times: a change rebuilds it.

A node is ``{"opts": {"--status": [1, "statuses"]}, "args": [[-1, "customers"]],
"commands": {"show": ["help", node]}}``: per option the number of values it takes (0 for
a flag) and its completer: a ``_complete`` function's name, a list of choices, None for
nothing to offer, or ``"?"`` when only Typer itself knows.
"""

from __future__ import annotations

import contextlib
import json
import os
import zlib
from pathlib import Path
from typing import Any

from crm_cli import __version__

_HERE = Path(__file__).parent
_CALLBACKS = "crm_cli.commands._complete"
TYPER_ONLY = "?"


def cache_path() -> Path:
    directory = os.environ.get("CRM_DATA_DIR")
    if not directory:
        from platformdirs import user_cache_dir

        directory = user_cache_dir("crm", appauthor=False)
    return Path(directory) / "completion.json"


def stamp() -> str:
    """What the description depends on: the version and the command modules as they are."""
    parts = [__version__]
    for folder in (_HERE, _HERE.parent):
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.endswith(".py"):
                    info = entry.stat()
                    parts.append(f"{entry.name}:{info.st_mtime_ns}:{info.st_size}")
    return f"{zlib.crc32(' '.join(sorted(parts)).encode()):08x}"


class Spec:
    """The cached description. Only a Typer completion callback may describe what is
    missing, from the ``root`` command it runs under: the fast path runs while
    ``crm_cli.cli`` is still importing."""

    def __init__(self, root: Any = None) -> None:
        self.path = cache_path()
        self.root_command = root
        self.data: dict[str, Any] = {}
        current = stamp()
        with contextlib.suppress(OSError, ValueError):  # none yet, or half written
            self.data = json.loads(self.path.read_text(encoding="utf-8"))
        if not isinstance(self.data, dict) or self.data.get("stamp") != current:
            self.data = {"stamp": current, "nouns": {}}

    def root(self) -> dict[str, Any] | None:
        if "root" not in self.data and self.root_command is not None:
            self.data["root"] = describe_root(self.root_command)
            self._save()
        return self.data.get("root")

    def noun(self, name: str) -> dict[str, Any] | None:
        root = self.root()
        if root is None or name not in root["nouns"]:
            return None
        nouns = self.data["nouns"]
        if name not in nouns and self.root_command is not None:
            nouns[name] = describe_noun(self.root_command, name)
            self._save()
        return nouns.get(name)

    def _save(self) -> None:
        """Write atomically; a completion that cannot write merely stays slow."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
            tmp.write_text(json.dumps(self.data, ensure_ascii=False), encoding="utf-8")
            tmp.replace(self.path)
        except OSError:
            pass


def _context(root: Any) -> Any:
    return root.context_class(root, info_name="crm", resilient_parsing=True)


def describe_root(root: Any) -> dict[str, Any]:
    """The root's options and nouns (``root``: the Click command of ``crm_cli.cli.app``)."""
    ctx = _context(root)
    node = _params(root, ctx)
    node["nouns"] = root.list_commands(ctx)
    return node


def describe_noun(root: Any, name: str) -> dict[str, Any]:
    """Every command of the noun ``name``: resolved without the word after it, the root
    builds them all (it builds only the one named when there is one)."""
    ctx = _context(root)
    command = root.resolve_command(ctx, [name])[1]
    return _node(command, command.context_class(command, info_name=name, parent=ctx))


def _node(command: Any, ctx: Any) -> dict[str, Any]:
    node = _params(command, ctx)
    if hasattr(command, "list_commands"):
        node["commands"] = {}
        for name in command.list_commands(ctx):
            child = command.get_command(ctx, name)
            if child is None or child.hidden:
                continue
            child_ctx = child.context_class(child, info_name=name, parent=ctx)
            node["commands"][name] = [child.get_short_help_str(), _node(child, child_ctx)]
    return node


def _params(command: Any, ctx: Any) -> dict[str, Any]:
    opts: dict[str, list[Any]] = {}
    args: list[list[Any]] = []
    for param in command.get_params(ctx):
        completer = _completer(param, ctx)
        if param.param_type_name == "option":
            values = 0 if param.is_flag or param.count else param.nargs
            for name in (*param.opts, *param.secondary_opts):
                opts[name] = [values, completer]
        else:
            args.append([param.nargs, completer])
    return {"opts": opts, "args": args}


def _completer(param: Any, ctx: Any) -> Any:
    """Which ``_complete`` function completes ``param`` (Typer wraps it in a closure)."""
    import inspect

    from typer._click.types import ParamType

    custom = getattr(param, "_custom_shell_complete", None)
    if custom is not None:
        for cell in custom.__closure__ or ():
            function = inspect.unwrap(cell.cell_contents) if callable(cell.cell_contents) else None
            if getattr(function, "__module__", None) == _CALLBACKS:
                return function.__name__  # type: ignore[union-attr]
        return TYPER_ONLY
    kind = param.type
    if getattr(kind, "choices", None) is not None and getattr(kind, "case_sensitive", False):
        return [str(item.value) for item in kind.shell_complete(ctx, param, "")]
    if type(kind).shell_complete is ParamType.shell_complete:
        return None  # text, numbers, dates: Typer offers nothing either
    return TYPER_ONLY  # files, paths, case-blind choices
