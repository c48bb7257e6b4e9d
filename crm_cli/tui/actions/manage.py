"""The customer center's record-keeping flows: transfer, delegate, audit, delete, restore,
move to the pool, and the filter builder and saved searches."""

from __future__ import annotations

from typing import Any

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

    heading = f"Transfer {c.code} {c.name} to"
    to = await app.push_screen_wait(UserDialog(heading, save=save))
    if to is not None:
        done(screen, f"Transferred {c.code} to {to}", grid=True)


@needs_customer
async def delegate(screen: CustomerPane, app: Crm, c: Customer) -> None:
    from crm_cli.store.customers import delegations

    def save(choice: UserChoice) -> str:
        until = parse_date(choice.until or "", app.today())
        delegations.delegate_customers(app.user, [c.code], choice.user, until, now=app.now)
        return f"{choice.user} until {until}"

    heading = f"Delegate {c.code} {c.name}"
    to = await app.push_screen_wait(UserDialog(heading, until=True, save=save))
    if to is not None:
        done(screen, f"Delegated {c.code} to {to}")


@needs_customer
async def audit(screen: CustomerPane, app: Crm, c: Customer) -> None:
    from crm_cli.store.customers import lifecycle as customer_ops

    verb = "Unaudit" if c.audited else "Audit"
    if not await app.push_screen_wait(ConfirmDialog(f"{verb} {c.code} {c.name}?")):
        return
    act = customer_ops.unaudit_customers if c.audited else customer_ops.audit_customers
    if await app.attempt(act, app.user, [c.code], now=app.now):
        done(screen, f"{verb}ed {c.code}", grid=True)


@needs_customer
async def delete(screen: CustomerPane, app: Crm, c: Customer) -> None:
    from crm_cli.store.customers import lifecycle as customer_ops

    question = f"Delete {c.code} {c.name}? It can be restored (Ctrl+R)."
    if not await app.push_screen_wait(ConfirmDialog(question, yes="Delete")):
        return
    if await app.attempt(customer_ops.delete_customers, app.user, [c.code], now=app.now):
        done(screen, f"Deleted {c.code} {c.name}", grid=True)


async def _restore(screen: CustomerPane) -> None:
    from crm_cli.store.customers import lifecycle as customer_ops

    app = screen.crm

    def save(code: str) -> Any:
        return customer_ops.restore_customers(app.user, [code], now=app.now)[0]

    dialog = NameDialog("Restore a deleted customer", "Code", save=save)
    back = await app.push_screen_wait(dialog)
    if back is not None:
        done(screen, f"Restored {back.code} {back.name}", grid=True)


def restore(screen: CustomerPane) -> None:
    """Restore a deleted customer by its code."""
    start(screen, _restore(screen))


@needs_customer
async def move_to_pool(screen: CustomerPane, app: Crm, c: Customer) -> None:
    from crm_cli.store.pool import moves as pool_moves

    if not await app.push_screen_wait(ConfirmDialog(f"Move {c.code} {c.name} to the pool?")):
        return
    outcomes = await app.attempt(pool_moves.add, app.user, [c.code], now=app.now)
    for o in outcomes or []:
        if o.done:
            done(screen, f"{o.customer} is in the pool", grid=True)
        else:
            app.report(o.message, error=True)


async def _save_search(screen: CustomerPane) -> None:
    from crm_cli.store.customers import saved_searches

    app, q = screen.crm, screen.query_state

    def save(name: str) -> Any:
        return saved_searches.save_search(app.user, name, q.flt, sort=q.sort)

    saved = await app.push_screen_wait(NameDialog("Save this search", "Name", save=save))
    if saved is not None:
        app.report(f"Saved search {saved.name!r}")
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
