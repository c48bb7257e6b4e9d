"""`crm pool settings`: show or change the pool and who takes part (POOL-2), registered on
the `crm pool` app by pool.py."""

from typing import Annotated

import typer

from crm_cli.commands._common import (
    FieldsOpt,
    FormatOpt,
    check_fields,
    given,
    session,
    show_record,
    whole_option,
)

app = typer.Typer()
Days = Annotated[str | None, typer.Option(help="Days per level: 30 or A:60,B:45,*:30; '' = off.")]


@app.command("settings")
def settings_(
    ctx: typer.Context,
    enable: Annotated[
        bool | None, typer.Option("--enable/--disable", help="Turn the pool on or off.")
    ] = None,
    protect_days: Annotated[
        int | None, whole_option("--protect-days", help="Days a claim is protected.")
    ] = None,
    goal: Annotated[
        str | None, typer.Option(help="order, receipt or either ends protection.")
    ] = None,
    limit: Annotated[
        int | None, whole_option("--limit", help="Most pool customers one user may hold.")
    ] = None,
    daily_claims: Annotated[
        int | None, whole_option("--daily-claims", help="Claims per user per day (0: any).")
    ] = None,
    cooldown_days: Annotated[
        int | None,
        whole_option("--cooldown-days", help="Days before a holder may reclaim theirs."),
    ] = None,
    remind_days: Annotated[
        int | None,
        whole_option("--remind-days", help="Warn the holder this many days ahead."),
    ] = None,
    no_contact_days: Days = None,
    no_opportunity_days: Days = None,
    no_deal_days: Days = None,
    admin: Annotated[
        list[str] | None, typer.Option("--admin", help="Make a user a pool admin.")
    ] = None,
    member: Annotated[
        list[str] | None, typer.Option("--member", help="Make a user a pool member.")
    ] = None,
    remove: Annotated[
        list[str] | None, typer.Option("--remove", help="Take a user out of the pool.")
    ] = None,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Show the pool settings, or change them (admins). Disabling returns every pool customer
    to normal.

    Example: crm pool settings --enable --protect-days 30 --limit 20 --member wang --admin li
    """
    from crm_cli.store.pool import configure

    s = session(ctx)
    values = {
        k: str(v)
        for k, v in given(
            protect_days=protect_days, goal=goal, limit=limit, daily_claims=daily_claims,
            cooldown_days=cooldown_days, remind_days=remind_days, no_contact_days=no_contact_days,
            no_opportunity_days=no_opportunity_days, no_deal_days=no_deal_days,
        ).items()
    }  # fmt: skip
    if enable is not None:
        values["enabled"] = "yes" if enable else "no"
    check_fields(fields, configure.PoolSettings._fields)
    if values or admin or member or remove:
        found = configure.update_pool_settings(
            s.actor(), values, admins=tuple(admin or ()), members=tuple(member or ()),
            remove=tuple(remove or ()),
        )  # fmt: skip
    else:
        found = configure.pool_settings(s.actor())
    show_record(s, found.to_dict(), fmt, fields)
