"""The Chinese catalog's toolchain (issue 17): extract, update, compile, check.

    python tools/i18n_catalog.py update   # new texts into crm.po (empty), then compile
    python tools/i18n_catalog.py compile  # crm.po -> crm.mo
    python tools/i18n_catalog.py check    # what tools/check runs

What a user can read comes from three places, all English msgids:
- the help of the built command tree (docstrings, ``help=``): every command and option,
  read from the objects click shows, so no help text needs marking by hand;
- Babel's extraction of the marked calls in ``crm_cli/*.py``, ``crm_cli/commands/``,
  ``crm_cli/store/`` and ``crm_cli/tui/``
  (``_``, ``N_``, ``tr``, ``fail``, ``note``, the error classes: a literal or a template
  with named arguments; f-strings are skipped until converted); in the TUI also a key's
  description (``Binding``'s third argument), a form field's label (``Field``'s second)
  and a value of its tables (``NC_("value", "order")``);
- the column names of the store's records (context ``column``) and Typer's own texts.

``check`` fails on a text missing from crm.po, an untranslated or fuzzy entry, and a crm.mo
that is not crm.po compiled: a new English help text needs its translation before merge.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import importlib
import io
import pkgutil
import re
import sys
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "crm_cli/locale/zh_CN/LC_MESSAGES/crm.po"
MO = PO.with_suffix(".mo")
ERRORS = [
    "CrmError", "InvalidInput", "StoreUnavailable", "NotFound", "Ambiguous", "Vetoed",
    "Conflict", "Duplicate", "Locked", "ClaimLost", "LimitReached", "PermissionDenied",
    "BadTerm",
]  # fmt: skip
KEYWORDS = {
    **DEFAULT_KEYWORDS, "N_": None, "tr": None, "fail": None, "note": None, "confirm": None,
    "Phrase": None, "labelled": None,
}  # fmt: skip
KEYWORDS.update(dict.fromkeys(ERRORS))
# The TUI translates a key's description and a field's label where it shows them.
TUI_KEYWORDS = {**KEYWORDS, "Binding": (3,), "Field": (2,), "NC_": ((1, "c"), 2)}
# The command layer, the store (its errors are templates) and the TUI (issue 17).
FOLDERS = (
    ("crm_cli", "*.py", KEYWORDS), ("crm_cli/commands", "**.py", KEYWORDS),
    ("crm_cli/store", "**.py", KEYWORDS), ("crm_cli/tui", "**.py", TUI_KEYWORDS),
)  # fmt: skip
HEADER = """\
# Simplified Chinese for crm (issue 17). msgid: the English text; msgctxt "column": a
# column title for tables, "value": a fixed value shown to people, "what": an action or a
# field a message names.
# Made by tools/i18n_catalog.py update; every entry translated (tools/check)."""
# Typer's own gettext calls (typer/core.py), which `_zh.install` routes to our catalog.
TYPER_TEXTS = (
    "Options", "Commands", "Arguments", "default: {default}", "required", "env var: {var}",
    "Missing command.", "No such command {name!r}.", "Aborted!", "(dynamic)",
    "Show this message and exit.",
)  # fmt: skip


def help_texts() -> Iterator[tuple[str, str]]:
    """(text, where) for every help text of the whole command tree, in English."""
    sys.path.insert(0, str(ROOT))
    from typer import main as typer_main
    from typer._click.core import Context

    from crm_cli import i18n
    from crm_cli.cli import app

    i18n.use("en")
    root = typer_main.get_command(app)

    def walk(command: object, ctx: Context, path: str) -> Iterator[tuple[str, str]]:
        for attr in ("help", "short_help", "epilog"):
            if text := getattr(command, attr, None):
                yield text, path
        for param in getattr(command, "params", []):
            if text := getattr(param, "help", None):
                yield text, f"{path} {param.opts[0] if param.opts else param.name}"
        if hasattr(command, "list_commands"):
            for name in command.list_commands(ctx):
                sub = command.get_command(ctx, name)
                if sub is not None:
                    yield from walk(sub, Context(sub, parent=ctx, info_name=name), f"{path} {name}")

    yield from walk(root, Context(root, info_name="crm"), "crm")


def code_messages() -> Iterator[tuple[str | tuple[str, ...], str, str | None]]:
    """(msgid, file, context) of the marked calls; Babel's warnings about f-strings dropped."""
    with contextlib.redirect_stderr(io.StringIO()):
        for folder, pattern, keywords in FOLDERS:
            found = extract_from_dir(
                ROOT / folder, method_map=[(pattern, "python")], keywords=keywords,
                comment_tags=(), strip_comment_tags=True,
            )  # fmt: skip
            for filename, line, message, _comments, context in found:
                if line not in _english_only(ROOT / folder / filename):
                    yield message, f"{folder}/{filename}", context


@functools.cache
def _english_only(path: Path) -> frozenset[int]:
    """The lines of the messages that are no literal (``f"..." + ", ".join(x)``, ``f"..."
    "who ..."``): English only, where Babel would take a literal piece for the message."""
    lines: set[int] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and node.args and _name(node.func) in KEYWORDS:
            first = node.args[0]
            if isinstance(first, ast.JoinedStr | ast.BinOp):
                lines.update(range(first.lineno, (first.end_lineno or first.lineno) + 1))
    return frozenset(lines)


def _name(func: ast.expr) -> str:
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")


# Columns commands print that no *records module declares (products, today's items,
# settings, the pool, campaigns …).
EXTRA_COLUMNS = (
    "price", "cost", "list_price", "subcategory", "probability", "close_date", "closed_on",
    "result", "summary", "purpose", "cause", "project", "minutes", "next_status",
    "next_note", "contact_name", "key", "value", "help", "urgency", "overdue_days",
    "days_left", "holder", "previous_owner", "protect_until", "goal", "actual_cost",
    "actual_revenue", "cost_per_response", "roi", "done", "tags",
    # the TUI's tables: the home's inbox and team, the calendar's day, the pool's log
    "age_days", "weighted", "when", "next_date", "from_owner", "to_owner", "time", "answer",
    "attainment",
    # `crm db info`'s own lines; `crm pool settings`
    "row_rules", "size", "enabled", "protect_days", "limit", "daily_claims", "cooldown_days",
    "remind_days", "no_contact_days", "no_opportunity_days", "no_deal_days", "admins",
    "members", "rule", "group",
)  # fmt: skip


def column_names() -> set[str]:
    """The fields of every record the store returns: the columns lists and shows print."""
    import crm_cli.store as store

    names: set[str] = set()
    for info in pkgutil.walk_packages(store.__path__, "crm_cli.store."):
        if not info.name.endswith("records"):  # records.py, quote_records.py …
            continue
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, tuple)
                and value.__module__ == module.__name__
            ):
                names.update(getattr(value, "_fields", ()))
    return names


def expected() -> Catalog:
    """Every msgid the program may look up, as a template catalog."""
    template = Catalog(locale=None, domain="crm", project="crm", charset="utf-8")
    for text, where in help_texts():
        template.add(text, auto_comments=[where] if text not in template else [])
    for text in TYPER_TEXTS:
        template.add(text)
    for message, _where, context in code_messages():
        template.add(message, context=context)
    for name in sorted(column_names() | set(EXTRA_COLUMNS)):
        template.add(name, context="column")
    from crm_cli.commands import _words

    for word in sorted(_words.words()):
        template.add(word, context="value")
    from tools.i18n_words import what_words  # help_texts put the checkout on the path

    for word, _where in what_words(ROOT, ("crm_cli",)):
        template.add(word, context="what")
    return template


def load(path: Path = PO) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale="zh_CN", domain="crm")


def save(catalog: Catalog, path: Path = PO) -> None:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, no_location=True, sort_output=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())


def compiled(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def update() -> int:
    """Merge the extracted texts into crm.po (new ones empty, gone ones dropped); compile."""
    catalog = load() if PO.exists() else Catalog(locale="zh_CN", domain="crm", project="crm")
    catalog.update(expected(), no_fuzzy_matching=True)
    catalog.obsolete.clear()
    catalog.header_comment = HEADER
    catalog.fuzzy = False
    catalog.last_translator = catalog.language_team = "crm maintainers"
    save(catalog)
    MO.write_bytes(compiled(load()))
    missing = sum(1 for message in load() if message.id and not message.string)
    print(f"{PO.relative_to(ROOT)}: {len(catalog)} messages, {missing} to translate")
    return 0


def problems(po: Path, mo: Path, template: Catalog) -> list[str]:
    """What is wrong with the catalog at ``po``/``mo`` for the texts of ``template``."""
    catalog = load(po)
    found: list[str] = []
    for message in template:
        if message.id and (message.id, message.context) not in _keys(catalog):
            found.append(f"not in the catalog: {_show(message.id)}")
    for message in catalog:
        if not message.id:
            continue
        if message.fuzzy:
            found.append(f"fuzzy: {_show(message.id)}")
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            found.append(f"untranslated: {_show(message.id)}")
        elif any(not _fields(text) <= _fields(_first(message.id)) for text in strings):
            found.append(f"unknown placeholder in the translation: {_show(message.id)}")
    if not mo.exists() or mo.read_bytes() != compiled(catalog):
        found.append(f"{mo.name} is not {po.name} compiled: run tools/i18n_catalog.py compile")
    return found


# A named placeholder ``{name}``, ``{ref!r}``: a translation may leave one out (Chinese
# has no plural "s"), but one the message does not fill would show English instead.
PLACEHOLDER = re.compile(r"\{(\w+(?:\.\w+)?)(?:![rsa])?\}")


def _fields(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def _first(msgid: object) -> str:
    return msgid[0] if isinstance(msgid, tuple) else str(msgid)


def _keys(catalog: Catalog) -> set[tuple[object, str | None]]:
    return {(message.id, message.context) for message in catalog}


def _show(msgid: object) -> str:
    text = _first(msgid)
    return repr(text if len(text) < 70 else text[:67] + "...")


def check() -> int:
    found = problems(PO, MO, expected())
    for line in found[:20]:
        print(f"{PO.relative_to(ROOT)}: {line}", file=sys.stderr)
    if len(found) > 20:
        print(f"… and {len(found) - 20} more", file=sys.stderr)
    if found:
        print("fix: python tools/i18n_catalog.py update, translate, then compile", file=sys.stderr)
    return 1 if found else 0


def main(argv: list[str]) -> int:
    commands = {"update": update, "check": check, "compile": lambda: _compile()}
    if len(argv) != 1 or argv[0] not in commands:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    return commands[argv[0]]()


def _compile() -> int:
    MO.write_bytes(compiled(load()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
