"""Answering a shell's Tab before Typer loads (issue 18: completion under 150 ms).

The script ``crm --install-completion`` installs runs ``crm`` with ``_CRM_COMPLETE`` set
(``complete_bash``, ``complete_zsh`` or ``complete_fish``) and the command line in the
environment. Importing Typer and a noun's command modules alone takes longer than a Tab
may, so ``answer`` walks the cached description of the commands (`_complete_spec`) as
Click's parser would, asks `_complete_data` for the values, and prints them in the
format of Typer's own completion classes. Whatever it is unsure of (an option's name, a
command name at the top, a value only Typer can complete, an unusual command line) it
leaves to Typer by returning.
"""

from __future__ import annotations

import os
import re
import shlex
import sys
from typing import Any

from crm_cli.commands._complete_spec import TYPER_ONLY, Spec

Found = list[tuple[str, str]]


def answer() -> None:
    """Print the completions and exit; return to let Typer answer instead."""
    shell = os.environ.get("_CRM_COMPLETE", "").removeprefix("complete_")
    if shell not in ("bash", "zsh", "fish"):
        return
    try:
        found = resolve(*_command_line(shell))
    except Exception:
        return  # Typer answers, or says what is wrong, as without this path
    if found is None:
        return
    db = sys.modules.get("crm_cli.store.core.db")
    if db is not None:
        db.close_store()
    _print(shell, found)


def _split(text: str) -> list[str]:
    """Words as a shell splits them; an unclosed quote keeps its word (Click's way)."""
    lexer = shlex.shlex(text, posix=True)
    lexer.whitespace_split = True
    lexer.commenters = ""
    words: list[str] = []
    try:
        words.extend(lexer)
    except ValueError:
        words.append(lexer.token)
    return words


def _command_line(shell: str) -> tuple[list[str], str]:
    """(the words before the one completed, that word so far), as Typer reads them."""
    if shell == "bash":
        words = _split(os.environ["COMP_WORDS"])
        index = int(os.environ["COMP_CWORD"])
        return words[1:index], words[index] if index < len(words) else ""
    line = os.environ.get("_TYPER_COMPLETE_ARGS", "")
    words = _split(line)[1:]
    if words and not line.endswith(" "):
        return words[:-1], words[-1]
    return words, ""


def resolve(args: list[str], incomplete: str) -> Found | None:
    """The (value, help) pairs for ``incomplete`` after ``args``; None: ask Typer."""
    spec = Spec()
    node = spec.root()
    if node is None:
        return None  # not described yet: Typer answers, and describes (`_complete`)
    root_values: dict[str, str] = {}
    positional: list[str] = []
    pending: list[Any] | None = None  # an option still waiting for its value
    i = 0
    while i < len(args):
        word = args[i]
        if word.startswith("-") and word != "-":
            name, equals, value = word.partition("=")
            option = node["opts"].get(name)
            if word == "--" or option is None:
                return None
            step = 1 if equals or not option[0] else 1 + option[0]
            if "nouns" in node and option[0]:
                root_values[name] = value if equals else " ".join(args[i + 1 : i + step])
            pending = option if i + step > len(args) else None
            i += step
            continue
        if "commands" in node or "nouns" in node:
            child = spec.noun(word) if "nouns" in node else node["commands"].get(word, [0, None])[1]
            if child is None:
                return None
            node = child
        else:
            positional.append(word)
        i += 1
    where = {"db_url": root_values.get("--db"), "login": root_values.get("--user")}
    where["login"] = where["login"] or root_values.get("-u")
    return _complete(node, positional, pending, incomplete, where)


def _complete(
    node: dict[str, Any],
    positional: list[str],
    pending: list[Any] | None,
    incomplete: str,
    where: dict[str, str | None],
) -> Found | None:
    if pending is not None:
        return _values(pending[1], incomplete, where)
    if incomplete.startswith("-"):
        name, equals, rest = incomplete.partition("=")
        option = node["opts"].get(name)
        if equals and option is not None and option[0]:
            return _values(option[1], rest, where)
        return None  # option names: Typer lists them with their help
    if "nouns" in node:
        return None  # the top's commands: Typer shows each one's help
    if "commands" in node:
        return [(n, h) for n, (h, _) in node["commands"].items() if n.startswith(incomplete)]
    count = len(positional)
    for nargs, completer in node["args"]:
        if nargs < 0 or count < nargs:
            return _values(completer, incomplete, where)
        count -= nargs
    return []


def _values(completer: Any, incomplete: str, where: dict[str, str | None]) -> Found | None:
    if completer == TYPER_ONLY:
        return None
    if completer is None:
        return []
    if isinstance(completer, list):
        return [(choice, "") for choice in completer if choice.startswith(incomplete)]
    from crm_cli.commands._complete_data import candidates

    db_url, login = where.get("db_url"), where.get("login")
    return candidates(completer, incomplete, db_url=db_url, login=login, fresh_process=True)


# Characters a shell would read as syntax in a bash completion inserted as it is.
_BASH_SPECIAL = re.compile(r"([\s\\'\"`$&|;<>()*?!#~{}\[\]])")


def _print(shell: str, found: Found) -> None:
    """Write ``found`` as Typer's completion class for ``shell`` would, then exit."""
    if shell == "bash":
        # Bash inserts a completion as typed text: a name with a space must be escaped.
        print("\n".join(_BASH_SPECIAL.sub(r"\\\1", value) for value, _ in found))
    elif shell == "zsh":
        if not found:
            print("_files")
            sys.exit(0)
        items = "\n".join(_zsh_item(value, hint) for value, hint in found)
        print(f"_arguments '*: :(({items}))'")
    else:
        lines = [f"{value}\t{_one_line(hint)}" if hint else value for value, hint in found]
        if os.environ.get("_TYPER_COMPLETE_FISH_ACTION") == "is-args":
            sys.exit(0 if found else 1)
        print("\n".join(lines))
    sys.exit(0)


def _one_line(text: str) -> str:
    return re.sub(r"\s", " ", text)


def _zsh_escape(text: str) -> str:
    for old, new in (('"', '""'), ("'", "''"), ("$", "\\$"), ("`", "\\`"), (":", r"\\:")):
        text = text.replace(old, new)
    return text


def _zsh_item(value: str, hint: str) -> str:
    if hint:
        return f'"{_zsh_escape(value)}":"{_zsh_escape(hint)}"'
    return f'"{_zsh_escape(value)}"'
