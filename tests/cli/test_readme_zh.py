"""README.zh-CN.md (issue 17, point 6): the same two set-up commands and the same tour as
README.md, and every `crm` command it shows parses against the real command line (its
options and arguments exist), so the Chinese guide cannot drift into commands that fail."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import typer.main

from crm_cli.cli import app

ROOT = Path(__file__).resolve().parents[2]
ENGLISH = (ROOT / "README.md").read_text(encoding="utf-8")
CHINESE = (ROOT / "README.zh-CN.md").read_text(encoding="utf-8")


def setup_commands(text: str) -> list[str]:
    """The indented command lines before the first section: install-and-run, then tests."""
    head = text.split("\n## ", 1)[0]
    return [line.strip() for line in head.splitlines() if line.startswith("    ")]


def shell_blocks(text: str) -> list[str]:
    return re.findall(r"```sh\n(.*?)```", text, flags=re.S)


def commands(block: str) -> list[str]:
    """Each `crm …` command of a block: comments cut, `;`-joined commands split."""
    found = []
    for line in block.splitlines():
        code = line.split("  #", 1)[0].strip()
        found += [part.strip() for part in code.split(" ; ") if part.strip().startswith("crm ")]
    return found


def test_the_same_two_setup_commands() -> None:
    assert setup_commands(CHINESE) == setup_commands(ENGLISH)
    assert len(setup_commands(CHINESE)) == 2


def test_the_same_tour() -> None:
    assert commands(shell_blocks(CHINESE)[0]) == commands(shell_blocks(ENGLISH)[0])


def _parse(line: str) -> None:
    """Resolve the subcommand and parse its options, as `crm` would, without running it."""
    group = typer.main.get_command(app)
    args = shlex.split(line)[1:]
    ctx = group.make_context("crm", list(args), resilient_parsing=False)
    command = group
    while hasattr(command, "list_commands"):  # a group (Typer's own vendored Click)
        # A group keeps the subcommand's name apart from the rest (Click's private field).
        left = [*getattr(ctx, "_protected_args", []), *ctx.args]
        assert left, f"{line!r} names a group, not a command"
        name, *rest = left
        found = command.get_command(ctx, name)
        assert found is not None, f"no command {name!r} in {line!r}"
        command = found
        ctx = command.make_context(name, rest, parent=ctx, resilient_parsing=False)


@pytest.mark.parametrize(
    "line", [c for block in shell_blocks(CHINESE) for c in commands(block)], ids=str
)
def test_every_command_shown_parses(line: str) -> None:
    try:
        _parse(line)
    except Exception as exc:  # Typer's vendored Click: its UsageError, formatted
        pytest.fail(f"{line}: {getattr(exc, 'format_message', exc.__str__)()}")
