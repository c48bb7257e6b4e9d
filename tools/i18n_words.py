"""The words a message names through its ``{what}`` placeholder (issue 17).

``you may not {what} customer {code}`` is filled with ``log contacts with``, ``delete`` …,
passed down from where the rule is applied; `i18n.render` translates a ``what`` in the
catalog's context ``what``. This finds those words: every string literal given to a
parameter named ``what`` (by keyword, or by position to a function that has one).
Literals that are not words (option names, the demo's lists of names) are left out.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

WORD = re.compile(r"[a-z][a-z_ -]*[a-z]")  # lower-case English words, spaces, '_' and '-'


def _positions(trees: dict[Path, ast.Module]) -> dict[str, set[int]]:
    """Function name -> the positions of its ``what`` parameter (self counted)."""
    found: dict[str, set[int]] = {}
    for tree in trees.values():
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                names = [a.arg for a in (*node.args.posonlyargs, *node.args.args)]
                if "what" in names:
                    found.setdefault(node.name, set()).add(names.index("what"))
            elif isinstance(node, ast.ClassDef):  # Sorts("customers", …): its __init__'s
                for item in node.body:
                    if isinstance(item, ast.FunctionDef) and item.name == "__init__":
                        names = [a.arg for a in item.args.args][1:]  # self is not passed
                        if "what" in names:
                            found.setdefault(node.name, set()).add(names.index("what"))
    return found


def _literal(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _given(call: ast.Call, positions: dict[str, set[int]]) -> Iterator[ast.expr]:
    for keyword in call.keywords:
        if keyword.arg == "what":
            yield keyword.value
    name = call.func.id if isinstance(call.func, ast.Name) else getattr(call.func, "attr", "")
    for position in positions.get(name, ()):
        # a method's position counts self, which a call through the object does not pass
        shift = 1 if isinstance(call.func, ast.Attribute) and position > 0 else 0
        for index in {position, position - shift}:
            if 0 <= index < len(call.args):
                yield call.args[index]


def what_words(root: Path, folders: tuple[str, ...]) -> Iterator[tuple[str, str]]:
    """(word, file:line) for every literal that reaches a ``what``."""
    trees = {
        path: ast.parse(path.read_text(encoding="utf-8"))
        for folder in folders
        for path in sorted((root / folder).rglob("*.py"))
        if "demo" not in path.parts  # its word lists are data
    }
    positions = _positions(trees)
    for path, tree in trees.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                for argument in _given(node, positions):
                    word = _literal(argument)
                    if word is not None and WORD.fullmatch(word):
                        yield word, f"{path.relative_to(root)}:{node.lineno}"
