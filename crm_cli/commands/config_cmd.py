"""`crm config …`: personal settings (config file) and team settings (database)."""

import typer

from crm_cli import config, i18n
from crm_cli.commands import _words
from crm_cli.commands._common import FieldsOpt, FormatOpt, note, session, show_records
from crm_cli.store.core.errors import InvalidInput

app = typer.Typer(help="Settings: personal ones in your config file, team ones in the database.")


def _team_settings(ctx: typer.Context) -> dict[str, str]:
    from crm_cli.store.core import settings

    return settings.list_settings(session(ctx).actor())


@app.command("list")
def list_(ctx: typer.Context, fmt: FormatOpt = None, fields: FieldsOpt = None) -> None:
    """Every setting with its value and where it is kept.

    Example: crm config list
    """
    s = session(ctx)
    personal = s.personal()
    rows = [
        {"key": k, "value": _shown(k, personal.get(k, "")), "scope": "personal", "help": h}
        for k, h in config.PERSONAL_KEYS.items()
    ]
    rows += [
        {"key": k, "value": v, "scope": "personal", "help": f"named filter @{k[7:]}"}
        for k, v in sorted(personal.items())
        if k.startswith(config.FILTER_PREFIX)
    ]
    from crm_cli.store.core import settings

    for key, value in _team_settings(ctx).items():
        rows.append({"key": key, "value": value, "scope": "team", "help": settings.SPECS[key].help})
    with _words.values_of("config"):
        show_records(s, rows, fmt, fields, ("key", "value", "scope"))


def _shown(key: str, value: str) -> str:
    """A secret is listed as set, never printed: a list is shown on screens and pasted into
    chats; `crm config get KEY` still prints it for a script that asks by name."""
    return "********" if key in config.SECRET_KEYS and value else value


@app.command("get")
def get(ctx: typer.Context, key: str) -> None:
    """Print one setting's value.

    Example: crm config get code.customer_prefix
    """
    if config.is_personal(key):
        typer.echo(session(ctx).personal().get(key, ""))
        return
    from crm_cli.store.core import settings

    typer.echo(settings.get_setting(session(ctx).actor(), key))


@app.command("set")
def set_(ctx: typer.Context, key: str, value: str) -> None:
    """Change a setting: personal keys in your config file, team keys (admins) in the database.

    Example: crm config set user wang ; crm config set code.customer_prefix KH
    """
    if config.is_personal(key):
        if key.startswith(config.FILTER_PREFIX) and value.strip():
            from crm_cli.store.core.terms import check_named

            check_named(key.removeprefix(config.FILTER_PREFIX), value)
        if key == "format" and value.strip():
            from crm_cli.commands._output import resolve_format

            value = resolve_format(value)
        if key in config.BOOLEAN_KEYS and value.strip():
            from crm_cli.store.core.values import parse_bool

            value = "true" if parse_bool(value, key) else "false"
        if key == "language" and value.strip():
            value = config.language(value)  # a ConfigError: invalid input
        if key == "hooks.timeout" and value.strip():
            config.hook_timeout(value)
        try:
            path = config.save(key, value or None)
        except (ValueError, OSError) as exc:
            raise InvalidInput("{exc}; fix or remove the file", exc=i18n.message_of(exc)) from None
        note("Set {key} in {path}.", key=key, path=path)
        return
    from crm_cli.store.core import settings

    stored = settings.set_setting(session(ctx).actor(), key, value)
    note("Set {key} = {stored} for everyone on this database.", key=key, stored=stored)
