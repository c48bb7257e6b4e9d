"""A customer filter with query-language terms on top (SH-1), checked before anything runs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from crm_cli.store.core.dates import now_or
from crm_cli.store.core.db import reading
from crm_cli.store.core.records import User
from crm_cli.store.customers.query import CustomerFilter, build_query
from crm_cli.store.customers.query_terms import split_terms


@reading
def with_terms(
    actor: User,
    flt: CustomerFilter,
    args: Sequence[str],
    named: Mapping[str, str] | None = None,
    *,
    now: dt.datetime | None = None,
) -> CustomerFilter:
    """``flt`` narrowed by the terms ``args`` (ANDed with what it already selects).

    Args:
        actor: Who lists; ``owner:me`` and ``+mine`` are this user.
        flt: The filter of the other options.
        args: Terms, one per item, as the shell split them.
        named: Named filters (``@hot``): name → a line of terms.

    Raises:
        BadTerm: a term that cannot be read, with the term in the message; the query is
            built (not run) here, so a face fails before it prints anything.
    """
    if not args:
        return flt
    words, terms = split_terms(args, named or {})
    merged = flt._replace(
        search=" ".join(w for w in (flt.search, words) if w), terms=(*flt.terms, *terms)
    )
    build_query(actor, merged, now_or(now).date())
    return merged
