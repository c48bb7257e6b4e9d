"""Query-language terms (SPEC SH-1) on the command line: the argument lists, exports and
reports take, the named filters of the personal config, and ``-tag`` kept from the parser.

``crm customer list owner:me city:深圳 +owed -overdue @hot 中兴``: the terms are ANDed with
the options; a term the store cannot read fails with one line naming it, before anything
is printed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Annotated, Any

import typer
from typer.core import TyperCommand

TERMS_HELP = (
    "Query terms, ANDed: field:value, field.before|after|over|under|not|has:value, +tag, "
    "-tag, @named-filter, words to search. Example: owner:me city:深圳 +owed @hot"
)
TermsArg = Annotated[
    list[str] | None, typer.Argument(help=TERMS_HELP, show_default=False, metavar="[TERMS]...")
]
# "-overdue", "-uncontacted30": a negated tag, never an option (options are "--x" or "-x").
_NEGATED_TAG = re.compile(r"-([a-z][a-z_]+?)\d*")
# Tags of every record type (a test holds them to the store's): "-overdue" is the tag even
# where -o is an option (`export -o FILE`), which it would otherwise be, with "verdue".
TAGS = frozenset(("owed", "mine", "overdue", "uncontacted", "public", "audited", "pool_soon",
                  "open", "won", "lost", "draft", "submitted", "approved", "rejected",
                  "cancelled", "expired", "ordered", "deal", "failed", "next", "fee",
                  "unassigned", "done", "repeating", "active",
                  "late", "commented", "current", "empty"))  # fmt: skip


class TermsCommand(TyperCommand):
    """A command whose arguments may be ``-tag`` terms: each is moved behind ``--`` before
    click reads the options, so ``-overdue`` is not taken for ``-o -v …``.

    Left alone: anything after ``--``, the value of an option that takes one
    (``--search -abc``), and, unless it is a known tag, a word whose first letter is a
    short option (``-fjson``).
    """

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        return super().parse_args(ctx, self._tags_last(args))

    def _tags_last(self, args: list[str]) -> list[str]:
        short = {o[1] for p in self.params for o in p.opts if len(o) == 2 and o[0] == "-"}
        # Typer's own copy of click: options told by their type name, not their class.
        valued = {o for p in self.params if p.param_type_name == "option"
                  and not getattr(p, "is_flag", False) for o in p.opts}  # fmt: skip
        kept: list[str] = []
        tags: list[str] = []
        for i, arg in enumerate(args):
            if arg == "--":
                return [*kept, "--", *tags, *args[i + 1 :]]
            tag = _NEGATED_TAG.fullmatch(arg)
            after_option = i > 0 and args[i - 1] in valued
            if tag and not after_option and (tag.group(1) in TAGS or arg[1] not in short):
                tags.append(arg)
            else:
                kept.append(arg)
        return [*kept, "--", *tags] if tags else kept


def named(s: Any) -> dict[str, str]:
    """The named filters (``@hot``) of the session's personal config."""
    from crm_cli.store.core.terms import named_filters

    return named_filters(s.personal())


def customers(s: Any, flt: Any, terms: Sequence[str] | None) -> Any:
    """``flt`` (a ``CustomerFilter``) narrowed by the terms; checked now, so a bad term fails
    before anything is printed."""
    if not terms:
        return flt
    from crm_cli.store.customers.terms_filter import with_terms

    return with_terms(s.actor(), flt, list(terms), named(s))


# Each record type's vocabulary in the store, imported only by the list that uses it.
VOCABULARIES = {
    "opportunity": "crm_cli.store.sales.opportunity_terms",
    "order": "crm_cli.store.sales.order_terms",
    "quote": "crm_cli.store.sales.quote_terms",
    "receivable": "crm_cli.store.sales.receivable_terms",
    "contact record": "crm_cli.store.activity.record_terms",
    "contact": "crm_cli.store.customers.contact_terms",
    "receipt": "crm_cli.store.sales.receipt_terms",
    "product": "crm_cli.store.sales.product_terms",
    "pool": "crm_cli.store.pool.pool_terms",
    "ticket": "crm_cli.store.service.ticket_terms",
    "reminder": "crm_cli.store.activity.reminder_terms",
    "event": "crm_cli.store.schedule.event_terms",
    "expense": "crm_cli.store.expenses.expense_terms",
    "campaign": "crm_cli.store.campaigns.campaign_terms",
    "work report": "crm_cli.store.workreports.report_terms",
    "approval": "crm_cli.store.overview.approval_terms",
    "target": "crm_cli.store.targets.target_terms",
    "price book": "crm_cli.store.sales.pricebook_terms",
    "user": "crm_cli.store.core.user_terms",
}


def checked(s: Any, terms: Sequence[str] | None, record_type: str) -> tuple[str, ...]:
    """The terms with named filters expanded, checked now (before anything is printed)
    against the vocabulary of ``record_type`` (a key of ``VOCABULARIES``)."""
    if not terms:
        return ()
    from importlib import import_module

    from crm_cli.store.core.terms import expand

    vocabulary = import_module(VOCABULARIES[record_type])
    found = tuple(t.text for t in expand(list(terms), named(s)))
    vocabulary.check_terms(s.actor(), found)
    return found


def opportunities(s: Any, terms: Sequence[str] | None) -> tuple[str, ...]:
    """The opportunity terms, expanded and checked."""
    return checked(s, terms, "opportunity")


def leading_term(first: str | None, terms: Sequence[str] | None) -> tuple[str | None, list[str]]:
    """(record, terms) of a command whose first argument names a record and the rest are
    terms (``crm contact history [CUSTOMER] [TERMS]...``): a first argument that reads as
    a field, tag or named filter is the first term, so ``crm contact history +mine``
    needs no customer. A customer whose name reads as a term: ``customer:CODE``."""
    rest = list(terms or ())
    if first is None:
        return None, rest
    from crm_cli.store.core.terms import parse_term

    if parse_term(first).kind != "word":
        return None, [first, *rest]
    return first, rest
