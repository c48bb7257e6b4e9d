"""Shared options, the session (store + acting user) and helpers of every command.

THE error translator is ``_group.CrmGroup`` (re-exported here, with the error line).
"""

import datetime as dt
import os
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Annotated, Any, TypeVar

import typer

from crm_cli import config, i18n
from crm_cli.commands import _output
from crm_cli.commands._group import CrmGroup, add_headers_option, error_line, message_of
from crm_cli.i18n import N_
from crm_cli.store.core.errors import CrmError, Duplicate, InvalidInput

__all__ = ["CrmGroup", "add_headers_option", "error_line", "message_of"]  # re-exported
from crm_cli.store.core.records import User
from crm_cli.store.core.values import MAX_ID

T = TypeVar("T")


def _check_format(ctx: typer.Context, value: str | None) -> str | None:
    """Refuse an unknown format (given, CRM_FORMAT or configured) before the command acts."""
    if not ctx.resilient_parsing:
        session(ctx).format(value)
    return value


FormatOpt = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        help="table, plain, csv, tsv, json, jsonl or markdown.",
        callback=_check_format,
    ),
]
FieldsOpt = Annotated[
    str | None, typer.Option("--fields", help="Comma-separated columns to print, in order.")
]
YesOpt = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask; assume yes.")]
AsOfOpt = Annotated[
    str | None, typer.Option("--as-of", help="Act as if today were this date (YYYY-MM-DD, +3d …).")
]


def whole_option(*decls: str, low: int = -MAX_ID, high: int = MAX_ID, help: str = "") -> Any:
    """A whole-number option: not a number is a usage error (exit 2); a number outside
    ``low``…``high`` is invalid input naming the option and the range (exit 1). Either
    way no value reaches a database as an integer it cannot store."""
    name = decls[0]

    def parse(text: str) -> int:
        try:
            number = int(text)
        except ValueError:
            message = i18n.render(N_("{text!r} is not a whole number"), {"text": text})
            raise typer.BadParameter(message) from None
        if not low <= number <= high:
            raise InvalidInput(
                "invalid {name} {number}: expected {low} to {high}",
                name=name, number=number, low=low, high=high,
            )  # fmt: skip
        return number

    return typer.Option(*decls, parser=parse, metavar="<int>", help=help)


def check_text(args: Iterable[str | None]) -> None:
    """Refuse arguments that are not valid UTF-8, naming the option they belong to.

    The shell hands Python raw bytes, which it keeps as lone surrogates: they would fail
    only when written to the database or the terminal, with a traceback.
    """
    previous = ""
    for arg in args:
        if arg is not None and any("\udc80" <= char <= "\udcff" for char in arg):
            shown = arg.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            where = f"{previous} " if previous.startswith("-") else ""
            raise InvalidInput(
                "invalid {where}'{shown}': not valid UTF-8 text", where=where, shown=shown
            )
        previous = arg or ""


LimitOpt = Annotated[int | None, whole_option("--limit", "-n", low=0, help="At most this many.")]
OffsetOpt = Annotated[int, whole_option("--offset", low=0, help="Skip this many first.")]


class Session:
    """What the root options chose; opens the store on first use only."""

    def __init__(
        self, db_url: str | None = None, login: str | None = None, *, hooks: bool = True
    ) -> None:
        self.db_url = db_url
        self.login = login
        self.hooks = hooks  # False: `crm --no-hooks` or CRM_NO_HOOKS=1 (SPEC SH-2)
        self._actor: User | None = None
        self._settings: dict[str, str] | None = None

    def personal(self) -> dict[str, str]:
        if self._settings is None:
            self._settings = config.load()  # unreadable: a ConfigError, invalid input
        return self._settings

    def open(self) -> None:
        """Open the chosen database, unless it (or, with none chosen, any) is open already."""
        from crm_cli.commands import _hooks
        from crm_cli.store.core.db import default_sqlite_url, info
        from crm_cli.store.domains import open_store

        url = self.db_url or os.environ.get("CRM_DATABASE_URL") or self.personal().get("database")
        try:
            current = info().url
        except CrmError:
            current = None
        # Several commands in one process (tests, the TUI) must not keep a previous database.
        if current is None or (url is not None and url != current):
            open_store(url or default_sqlite_url())
        # After opening (closing a store empties the slot), and each time: in one process
        # each command chooses for itself whether hooks run.
        _hooks.install(self.hooks)

    def actor(self) -> User:
        if self._actor is None:
            self.open()
            from crm_cli.store.core.users import resolve_actor

            login = self.login or os.environ.get("CRM_USER") or self.personal().get("user")
            # Team mode: an unnamed user is the database login's own (USR-2, TEAM-3).
            self._actor = resolve_actor(login or config.os_login(), named=bool(login))
        return self._actor

    def format(self, requested: str | None) -> str:
        return _output.resolve_format(requested, self.personal().get("format"))


def session(ctx: typer.Context) -> Session:
    obj = ctx.find_root().obj
    if not isinstance(obj, Session):
        obj = Session()
        ctx.find_root().obj = obj
    return obj


def fail(message: str, code: int = 1, **params: Any) -> None:
    """One line on stderr, then exit with ``code``. With ``params``, ``message`` is a
    catalog template (``fail("no order {code}", 4, code=ref)``), else translated as is."""
    typer.echo(error_line(i18n.render(message, params)), err=True)
    raise typer.Exit(code)


def interactive() -> bool:
    return sys.stdin.isatty() and sys.stderr.isatty()


def confirm(question: str, *, yes: bool = False, **params: Any) -> bool:
    """Ask on stderr, only on a terminal; without one, refuse unless --yes. With
    ``params``, ``question`` is a catalog template."""
    if yes:
        return True
    question = i18n.render(question, params)
    if not interactive():
        raise InvalidInput(
            "{question}: refusing without a terminal; pass --yes", question=question.rstrip("?？")
        )
    return typer.confirm(question, default=False, err=True)


def note(message: str, **params: Any) -> None:
    """A message on stderr; with ``params``, ``message`` is a catalog template."""
    typer.echo(i18n.render(message, params), err=True)


def with_duplicate_prompt(action: Callable[[bool], T], allow: bool) -> T:
    """Run ``action(allow)``; on a terminal, show possible duplicates and ask (CUS-2).

    Off a terminal the Duplicate error stands: exit 3, unless --allow-duplicate.
    """
    try:
        return action(allow)
    except Duplicate as exc:
        if allow or not interactive():
            raise
        note("Possible duplicates:")
        for match in exc.matches:
            name, reason = i18n.phrase(match.name), i18n.phrase(match.reason)
            typer.echo(f"  {match.code}  {name}  ({reason})", err=True)
        if not confirm("Save it anyway?"):
            note("Nothing saved.")
            raise typer.Exit(3) from None
        return action(True)


def today_or(as_of: str | None) -> dt.datetime:
    """The ``now`` a command works at: --as-of at the current time of day, else now."""
    now = dt.datetime.now().replace(microsecond=0)
    if not as_of:
        return now
    from crm_cli.store.core.dates import parse_date

    return dt.datetime.combine(parse_date(as_of, now.date()), now.time())


def pairs(items: Iterable[str], what: str) -> dict[str, str]:
    """``KEY=VALUE`` options into a dict."""
    result: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise InvalidInput("invalid {what} {item!r}: expected KEY=VALUE", what=what, item=item)
        result[key.strip()] = value
    return result


def check_fields(fields: str | None, known: Iterable[str]) -> None:
    """Refuse unknown ``--fields`` names before a command changes anything.

    ``known``: the keys of the record the command prints (``Customer._fields`` …).
    """
    if fields is None:
        return
    names = set(known)
    if not fields.replace(",", "").strip():
        raise InvalidInput(
            "no field names given; available: {names}", names=", ".join(sorted(names))
        )
    unknown = [
        name.strip()
        for name in fields.split(",")
        if name.strip() and name.strip().lower().replace("-", "_") not in names
    ]
    if unknown:
        raise InvalidInput(
            "unknown field {fields}; available: {names}",
            fields=", ".join(repr(name) for name in unknown),
            names=", ".join(sorted(names)),
        )


def wanted_fields(fields: str | None) -> list[str]:
    """The ``--fields`` names as records spell them (``due-date`` is ``due_date``), once
    each, in order; empty when not given. ``check_fields`` has vetted them."""
    if fields is None:
        return []
    names = (name.strip().lower().replace("-", "_") for name in fields.split(","))
    return list(dict.fromkeys(name for name in names if name))


def given(**values: Any) -> dict[str, Any]:
    """The options the user actually gave (not None)."""
    return {k: v for k, v in values.items() if v is not None}


def show_records(
    s: Session,
    rows: Sequence[Mapping[str, Any]],
    fmt: str | None,
    fields: str | None,
    columns: Sequence[str],
    *,
    empty: str = "",
    titled: Mapping[str, str] | None = None,
) -> None:
    """``titled``: columns titled as another column is (an event's ``title`` as ``subject``,
    主题, where a contact's is 职务)."""
    chosen = s.format(fmt)
    if not rows and empty and chosen in ("table", "plain"):
        note(empty)
    labels = _output.titled_as(titled) if titled else None
    _output.emit(rows, fmt=chosen, fields=fields, columns=columns, labels=labels)


def stream_records(
    s: Session,
    rows: Iterable[Mapping[str, Any]],
    fmt: str | None,
    fields: str | None,
    columns: Sequence[str],
    *,
    empty: str = "",
) -> None:
    """``show_records`` for a list of any length: rows print as the store reads them."""
    from crm_cli.commands._stream import emit_rows

    chosen = s.format(fmt)
    count = emit_rows(rows, fmt=chosen, fields=fields, columns=columns)
    if not count and empty and chosen in ("table", "plain"):
        note(empty)


def show_record(s: Session, row: Mapping[str, Any], fmt: str | None, fields: str | None) -> None:
    _output.emit_one(row, fmt=s.format(fmt), fields=fields)
