"""The customer center's search box (SH-1): plain words search as before; a line with a
field, a tag or a named filter (``city:深圳 +owed @hot 中兴``) is read as query terms."""

from __future__ import annotations

from crm_cli import config, i18n
from crm_cli.store.core.errors import CrmError
from crm_cli.store.core.terms import looks_like_terms, named_filters
from crm_cli.store.customers.query import CustomerFilter
from crm_cli.store.customers.query_terms import split_terms
from crm_cli.tui.ports import CustomerPane


def _named() -> dict[str, str]:
    try:
        return named_filters(config.load())
    except ValueError:  # an unreadable config file: no named filters, as `crm` would say
        return {}


def search_filter(flt: CustomerFilter, text: str) -> CustomerFilter:
    """``flt`` searching for what the box holds: its words, and its terms if it has any.

    Raises:
        BadTerm: a quote left open or an unknown ``@name``; a term the store cannot read
            fails later, when the list runs, and is reported as any store error is.
    """
    if not looks_like_terms(text):
        return flt._replace(search=text, terms=())
    words, terms = split_terms([text], _named(), line=True)
    return flt._replace(search=words, terms=terms)


def apply_search(pane: CustomerPane, text: str) -> None:
    """Show what the box's ``text`` finds; a line that cannot be read is reported instead."""
    query = pane.query_state
    try:
        flt = search_filter(query.flt, text)
    except CrmError as exc:
        pane.crm.report(i18n.message_of(exc), error=True)
        return
    if flt != query.flt:
        pane.reload(query._replace(flt=flt))


def box_text(flt: CustomerFilter) -> str:
    """What the box shows for a filter (a saved search): its terms, then its words."""
    return " ".join((*flt.terms, flt.search)).strip()
