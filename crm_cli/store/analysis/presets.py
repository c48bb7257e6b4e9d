"""The preset analyses (RPT-2), one registry: each is a name, a line in English and in
Chinese, and a function that runs it as SQL for one period inside the actor's scope.

A preset module calls ``register`` at import; ``load`` imports every module of the
packages of `PRESET_MODULES` (their ``__init__.py`` imports nothing, as every package's),
so `crm report list` describes every one and `crm report run NAME` finds it. Running with
a comparison runs the preset twice, once per period, and sets the figures side by side
(`compare.beside`), so a preset never deals with comparisons itself.
"""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

import peewee as pw

from crm_cli.store.analysis import align, compare
from crm_cli.store.analysis.periods import Period
from crm_cli.store.analysis.records import Report
from crm_cli.store.core.db import reading
from crm_cli.store.core.errors import InvalidInput, NotFound
from crm_cli.store.core.records import User
from crm_cli.store.core.terms import BadTerm

# Modules that register presets, imported by ``load``.
PRESET_MODULES = ("crm_cli.store.analysis.presets_sales", "crm_cli.store.analysis.presets_more")


class Params(NamedTuple):
    """What a run is given: the period (None: the preset's default, usually all time or
    ``default_period``), the as-of day, and the preset's own options (``--by month``,
    ``--user wang``, ``--top 20`` …) as text."""

    period: Period | None
    today: dt.date
    options: dict[str, str] = {}  # noqa: RUF012 (a NamedTuple default, never mutated)
    # The customers the run's terms select (a subquery of ids, set by ``run_preset``);
    # None: every customer. A preset narrows its rows with ``of_customers``.
    customers: Any = None


class Preset(NamedTuple):
    name: str
    title: str  # English, one line
    title_zh: str
    run: Callable[[User, Params], Report]
    # The options it takes (name -> help), checked before it runs.
    options: dict[str, str] = {}  # noqa: RUF012 (a NamedTuple default, never mutated)
    # The chart that suits it (bar, line, pie, funnel) and the columns it draws.
    chart: str = "bar"
    x: str = ""
    y: str = ""
    # False: the figures are a state as of a day (aging, funnel), not a period's flow;
    # --period and --compare are refused.
    periodic: bool = True
    # False: its figures are not per customer (targets), so customer terms are refused.
    terms: bool = True


def of_customers(params: Params, customer: Any) -> Any:
    """``customer`` (a customer id column) is one the run's terms select; true without."""
    return pw.SQL("1 = 1") if params.customers is None else customer.in_(params.customers)


_REGISTRY: dict[str, Preset] = {}


def register(preset: Preset) -> Preset:
    if preset.name in _REGISTRY and _REGISTRY[preset.name] is not preset:
        raise ValueError(f"two presets named {preset.name!r}")
    _REGISTRY[preset.name] = preset
    return preset


def load() -> None:
    for name in PRESET_MODULES:
        package = importlib.import_module(name)
        for module in pkgutil.iter_modules(package.__path__):
            importlib.import_module(f"{name}.{module.name}")


def all_presets() -> list[Preset]:
    load()
    return sorted(_REGISTRY.values(), key=lambda p: p.name)


def find(name: str) -> Preset | None:
    load()
    return _REGISTRY.get(name.strip().lower())


def _check_options(preset: Preset, options: dict[str, Any]) -> None:
    unknown = sorted(set(options) - set(preset.options))
    if unknown:
        known = ", ".join(f"--{o}" for o in preset.options) or "none"
        raise InvalidInput(
            "report {name} takes no option {unknown!r} (it takes: {known})",
            name=preset.name,
            unknown=unknown[0],
            known=known,
        )


def _narrowed(actor: User, preset: Preset, params: Params, terms: Sequence[str]) -> Params:
    if terms and not preset.terms:
        raise BadTerm(
            "report {name} counts per person, not per customer: it takes no terms ({terms!r})",
            terms[0],
            name=preset.name,
            terms=terms[0],
        )
    from crm_cli.store.customers.term_select import customer_ids

    return params._replace(customers=customer_ids(actor, terms, params.today))


@reading
def run_preset(
    actor: User,
    name: str,
    params: Params,
    compare_with: Period | None = None,
    *,
    terms: Sequence[str] = (),
) -> Report:
    """Run preset ``name`` for ``params``; beside it the same for ``compare_with``.

    ``terms``: customer terms (SH-1, ``customers.query_terms``, named filters expanded):
    only what belongs to the customers they select counts, in SQL.

    Raises:
        NotFound: no such preset. InvalidInput: an option it does not take, or a period or
        comparison given to a report of a state (``periodic`` False). BadTerm: a term
        that cannot be read, or terms given to a preset that is not per customer.
    """
    preset = find(name)
    if preset is None:
        raise NotFound("unknown report {name!r}: `crm report list` shows them", name=name)
    _check_options(preset, params.options)
    if terms:
        params = _narrowed(actor, preset, params, terms)
    if not preset.periodic and (params.period is not None or compare_with is not None):
        raise InvalidInput(
            "report {name} shows a state as of a day: give --as-of, not a period", name=preset.name
        )
    report = preset.run(actor, params)
    if compare_with is None:
        return report
    earlier = preset.run(actor, params._replace(period=compare_with))
    if params.period is not None:  # time buckets stand beside their match (align)
        buckets = align.bucket_columns(report, earlier)
        earlier = align.aligned(earlier, buckets, params.period, compare_with)
    return compare.beside(report, earlier)
