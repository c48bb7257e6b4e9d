"""Reading campaigns: one campaign, and the list (latest start first through the
(starts_on, id) index of migration 0013). Everyone sees every live campaign (`lookup`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence

from crm_cli.store.campaigns import campaign_terms
from crm_cli.store.campaigns import models as km
from crm_cli.store.campaigns.lookup import find_row
from crm_cli.store.campaigns.records import Campaign, logins, record
from crm_cli.store.core.dates import now_or
from crm_cli.store.core.db import reading
from crm_cli.store.core.listing import ALL, Page, rows, streaming
from crm_cli.store.core.records import User
from crm_cli.store.core.users import user_row

K = km.Campaign


@reading
def get_campaign(actor: User, ref: str) -> Campaign:
    return record(find_row(ref))


@streaming
def iter_campaigns(
    actor: User,
    *,
    stage: str | None = None,
    type: str | None = None,
    owner: str | None = None,
    active_on: dt.date | None = None,
    page: Page = ALL,
    terms: Sequence[str] = (),
    now: dt.datetime | None = None,
) -> Iterator[Campaign]:
    """Live campaigns, latest start first; ``owner`` a login or ``me``; ``active_on`` keeps
    those running that day; ``terms``: query-language terms (SH-1, ``campaign_terms``)."""
    query = K.select().where(K.deleted_at.is_null())
    # Not checked against the settings: a stage or type the team dropped still names old ones.
    if stage:
        query = query.where(K.stage == stage.strip().lower().replace(" ", "_"))
    if type:
        query = query.where(K.type == type.strip().lower().replace(" ", "_"))
    if owner:
        word = owner.strip()
        query = query.where(K.owner == (actor.id if word.lower() == "me" else user_row(word).id))
    if active_on is not None:
        query = query.where(
            (K.starts_on <= active_on) & (K.ends_on.is_null() | (K.ends_on >= active_on))
        )
    for cond in campaign_terms.conditions(terms, actor, now_or(now).date()):
        query = query.where(cond)
    query = query.order_by(K.starts_on.desc(), K.id.desc())
    names = logins()
    for row in rows(page.apply(query)):
        yield record(row, names)
