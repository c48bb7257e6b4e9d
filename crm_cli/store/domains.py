"""The store with every domain connected: faces, tests and benchmarks open it here.

Lower layers offer extension points that the domains above them fill (see
`core.registry`): team settings, who sees what, what a deal sets off, what keeps a
customer from being purged. ``load()`` imports each domain's settings and wiring, so the
rules hold whatever a caller happened to import before; ``open_store`` loads, then opens.
"""

from __future__ import annotations

from crm_cli.store.core import db


def load() -> None:
    """Connect every domain to the layers below it (cheap: each module loads once)."""
    # The imports are the registrations; nothing else is needed from them.
    from crm_cli.store.activity import wiring as _activity  # noqa: F401
    from crm_cli.store.campaigns import settings as _campaigns  # noqa: F401
    from crm_cli.store.customers import settings as _customers  # noqa: F401
    from crm_cli.store.evaluation import settings as _evaluation  # noqa: F401
    from crm_cli.store.expenses import settings as _expenses  # noqa: F401
    from crm_cli.store.overview import settings as _overview  # noqa: F401
    from crm_cli.store.pool import wiring as _pool  # noqa: F401
    from crm_cli.store.sales import wiring as _sales  # noqa: F401
    from crm_cli.store.schedule import settings as _schedule  # noqa: F401
    from crm_cli.store.service import settings as _service  # noqa: F401
    from crm_cli.store.workreports import settings as _workreports  # noqa: F401


def open_store(url: str) -> db.StoreInfo:
    """Open the database at ``url`` (migrating it) with every domain loaded."""
    load()
    return db.open_store(url)
