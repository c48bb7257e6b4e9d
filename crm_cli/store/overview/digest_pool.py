"""The pool's digest kind: held pool customers whose protection ends soon (issue 4, point 8).

The window is the pool's own `pool.remind_days` (or the digest's, if longer): a holder
hears about a customer before it returns, whatever `--days` says.
"""

from __future__ import annotations

from crm_cli.store.core.errors import Phrase
from crm_cli.store.customers import models as cm
from crm_cli.store.overview.digest_items import Found, Window, item, urgent
from crm_cli.store.pool.views import protection_ending


def pool_returns(w: Window) -> Found:
    ending = protection_ending(w.user.id, w.today)
    if w.days > 0:
        longer = protection_ending(w.user.id, w.today, w.days)
        known = {i.code for i in ending}
        ending += [i for i in longer if i.code not in known]
    found = []
    for pool_item in ending:
        if pool_item.protect_until is None:
            continue
        customer = cm.Customer(code=pool_item.code, name=pool_item.name)
        left = pool_item.days_left
        text = Phrase(
            "pool protection ends in {left} day(s): an order or receipt keeps it", left=left
        )
        found.append(item(w, pool_item.protect_until, text, pool_item.code, customer))
    return Found(urgent(w, found), len(found))
