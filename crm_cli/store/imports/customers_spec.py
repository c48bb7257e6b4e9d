"""Customers as a record type of the import engine (`crm import customers FILE`).

Every row obeys what `crm customer add` obeys: its fields checked the same way, owners the
actor may give customers to (a sales user imports only as their own owner), CUS-2's
duplicates, the audit lock on updates. A row may also name the customer's first contact
(联系人, with 手机 and 职务), who is added with it. See ``customer_rows``,
``customer_match`` and ``customer_writes``.
"""

from __future__ import annotations

from collections.abc import Mapping

from crm_cli.store.core.errors import InvalidInput
from crm_cli.store.core.normalize import fold
from crm_cli.store.core.tabular import Table
from crm_cli.store.customers import fields as cf
from crm_cli.store.customers import models as cm
from crm_cli.store.customers.duplicates import MAX_KEYWORD
from crm_cli.store.imports import customer_match, customer_rows, customer_writes
from crm_cli.store.imports.aliases import CUSTOMER, IGNORED, alias_table, header_key
from crm_cli.store.imports.bulk import tuples
from crm_cli.store.imports.people import People
from crm_cli.store.imports.specs import Draft, Entity, Problems, Run


class Keywords:
    """Live customers' duplicate keywords (read once), for "a keyword in the name"."""

    def __init__(self) -> None:
        C = cm.Customer
        self.ids: dict[str, list[int]] = {}
        query = C.select(C.keyword, C.id).where((C.keyword != "") & C.deleted_at.is_null())
        for keyword, row_id in tuples(query):
            self.add(row_id, keyword)
        self.local: list[tuple[str, int]] = []  # this batch's rows: (keyword, row)

    def add(self, row_id: int, keyword: str) -> None:
        key = fold(keyword).strip()
        if key and len(key) <= MAX_KEYWORD:
            self.ids.setdefault(key, []).append(row_id)

    def hits(self, name: str) -> list[int]:
        """Customers whose keyword ``name`` (folded) contains."""
        found: list[int] = []
        for size in {len(k) for k in self.ids}:
            for start in range(len(name) - size + 1):
                found += self.ids.get(name[start : start + size], ())
        return found


class State:
    """What one customer import looks up once."""

    def __init__(self, run: Run, fields: list[str]) -> None:
        S = cm.CustomerStatus
        self.run = run
        self.people = People(run.actor, run.today)
        self.statuses: dict[str, int] = dict(tuples(S.select(S.name, S.id).order_by(S.position)))
        self.status_names = {v: k for k, v in self.statuses.items()}
        self.default_status = next(iter(self.statuses.values()), None)
        self.custom = cf.custom_keys()
        self.spec_fields = fields
        self.keywords = Keywords()
        self.convert = customer_rows.converters(self)

    def status_id(self, text: str) -> int:
        name = cf.status_named(text, list(self.statuses))
        if name is None:
            raise InvalidInput(
                "unknown status; statuses: {statuses}", statuses=", ".join(self.statuses)
            )
        return int(self.statuses[name])


class CustomersSpec:
    name = "customers"
    noun = "customer"
    required = ("name",)
    vcard = False
    tables = ("customer", "contact")

    def aliases(self) -> Mapping[str, str]:
        table = alias_table(CUSTOMER)
        fields = cm.CustomField
        query = fields.select(fields.key, fields.label).where(fields.entity == "customer")
        for key, label in tuples(query):  # its label, its key, or custom.KEY
            for header in (label, key, f"custom.{key}"):
                table.setdefault(header_key(header), f"custom.{key}")
        return table

    def start(self, run: Run) -> State:
        fields = sorted(set(self.aliases().values()) - {IGNORED})
        return State(run, fields)

    def parse(self, table: Table, state: State, problems: Problems) -> list[Draft]:
        return customer_rows.parse(table, state.convert, problems)

    def match(self, drafts: list[Draft], state: State, problems: Problems) -> None:
        state.keywords.local = []
        customer_match.match(drafts, state)

    def write(self, drafts: list[Draft], state: State) -> None:
        customer_writes.create(
            [d for d in drafts if d.action == "create"], state.run, state.people, state
        )
        for draft in drafts:
            if draft.action == "update":
                customer_writes.update(draft, state)

    def entity(self, name: str) -> Entity:
        from crm_cli.store.imports import contacts_spec, customer_undo

        return customer_undo.ENTITY if name == "customer" else contacts_spec.SPEC.entity(name)


SPEC = CustomersSpec()
