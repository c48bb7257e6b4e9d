"""The customer center's record-keeping flows: transfer, delegate, audit, delete, restore,
move to the pool, and the filter builder and saved searches."""

from __future__ import annotations

from typing import Any

from crm_cli.i18n import N_, phrase, tr
from crm_cli.store.core.dates import parse_date
from crm_cli.store.customers.records import Customer
from crm_cli.tui.actions.flows import done, needs_customer, start
from crm_cli.tui.dialogs.confirm import ConfirmDialog
from crm_cli.tui.dialogs.name_form import NameDialog
from crm_cli.tui.dialogs.pick_user import UserChoice, UserDialog
from crm_cli.tui.ports import Crm, CustomerPane


@needs_customer
async def transfer(screen: CustomerPane, app: Crm, c: Customer) -> None:
    from crm_cli.store.customers import lifecycle as customer_ops

    def save(choice: UserChoice) -> str:
        customer_ops.transfer_customers(app.user, [c.code], choice.user, now=app.now)
        return choice.user

    heading = tr("Transfer {code} {name} to", code=c.code, name=c.name)
    to = await app.push_screen_wait(UserDialog(heading, save=save))
    if to is not None:
        done(screen, tr("Transferred {code} to {user}", code=c.code, user=to), grid=True)


@needs_customer
async def delegate(screen: CustomerPane, app: Crm, c: Customer) -> None:
    from crm_cli.store.customers import delegations

    def save(choice: UserChoice) -> str:
        until = parse_date(choice.until or "", app.today())
        delegations.delegate_customers(app.user, [c.code], choice.user, until, now=app.now)
        return tr("{user} until {day}", user=choice.user, day=until)

    heading = tr("Delegate {code} {name}", code=c.code, name=c.name)
    to = await app.push_screen_wait(UserDialog(heading, until=True, save=save))
    if to is not None:
        done(screen, tr("Delegated {code} to {user}", code=c.code, user=to))


@needs_customer
async def audit(screen: CustomerPane, app: Crm, c: Customer) -> None:
    from crm_cli.store.customers import lifecycle as customer_ops

    ask, said = (
        (N_("Unaudit {code} {name}?"), N_("Unaudited {code}"))
        if c.audited
        else (N_("Audit {code} {name}?"), N_("Audited {code}"))
    )
    if not await app.push_screen_wait(ConfirmDialog(tr(ask, code=c.code, name=c.name))):
        return
    act = customer_ops.unaudit_customers if c.audited else customer_ops.audit_customers
    if await app.attempt(act, app.user, [c.code], now=app.now):
        done(screen, tr(said, code=c.code), grid=True)


@needs_customer
async def delete(screen: CustomerPane, app: Crm, c: Customer) -> None:
    from crm_cli.store.customers import lifecycle as customer_ops

    question = tr("Delete {code} {name}? It can be restored (Ctrl+R).", code=c.code, name=c.name)
    if not await app.push_screen_wait(ConfirmDialog(question, yes=N_("Delete"))):
        return
    if await app.attempt(customer_ops.delete_customers, app.user, [c.code], now=app.now):
        done(screen, tr("Deleted {code} {name}", code=c.code, name=c.name), grid=True)


async def _restore(screen: CustomerPane) -> None:
    from crm_cli.store.customers import lifecycle as customer_ops

    app = screen.crm

    def save(code: str) -> Any:
        return customer_ops.restore_customers(app.user, [code], now=app.now)[0]

    dialog = NameDialog(N_("Restore a deleted customer"), N_("Code"), save=save)
    back = await app.push_screen_wait(dialog)
    if back is not None:
        done(screen, tr("Restored {code} {name}", code=back.code, name=back.name), grid=True)


def restore(screen: CustomerPane) -> None:
    """Restore a deleted customer by its code."""
    start(screen, _restore(screen))


@needs_customer
async def move_to_pool(screen: CustomerPane, app: Crm, c: Customer) -> None:
    from crm_cli.store.pool import moves as pool_moves

    question = tr("Move {code} {name} to the pool?", code=c.code, name=c.name)
    if not await app.push_screen_wait(ConfirmDialog(question)):
        return
    outcomes = await app.attempt(pool_moves.add, app.user, [c.code], now=app.now)
    for o in outcomes or []:
        if o.done:
            done(screen, tr("{code} is in the pool", code=o.customer), grid=True)
        else:
            app.report(phrase(o.message), error=True)


async def _save_search(screen: CustomerPane) -> None:
    from crm_cli.store.customers import saved_searches

    app, q = screen.crm, screen.query_state

    def save(name: str) -> Any:
        return saved_searches.save_search(app.user, name, q.flt, sort=q.sort)

    saved = await app.push_screen_wait(NameDialog(N_("Save this search"), N_("Name"), save=save))
    if saved is not None:
        app.report(tr("Saved search {name!r}", name=saved.name))
        screen.refresh_side()


def save_search(screen: CustomerPane) -> None:
    """Save the current search, filters and sort under a name."""
    start(screen, _save_search(screen))


async def _add_filter(screen: CustomerPane) -> None:
    from crm_cli.store.customers import query as customer_query
    from crm_cli.tui.dialogs.filter_form import FilterDialog

    app, q = screen.crm, screen.query_state
    clause = await app.push_screen_wait(FilterDialog())
    if clause is None:
        return
    flt = q.flt._replace(where=(*q.flt.where, clause))
    # One row read first proves the clause is valid before the grid forgets its rows (a
    # count would read the whole table, on the thread the grid's pages wait on).
    found = await app.attempt(customer_query.list_customers, app.user, flt, limit=1, now=app.now)
    if found is not None:
        screen.reload(q._replace(flt=flt))


def add_filter(screen: CustomerPane) -> None:
    """Add a field/operator/value filter (the same as `customer list --where`)."""
    start(screen, _add_filter(screen))
