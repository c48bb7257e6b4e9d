"""Views across domains: the customer 360 view (CUS-7) and the `crm today` digest (ACT-3).

Read-only, except `approvals`, which hands each decision to its domain's own verb; may use
every domain, and no domain uses it. A later domain's records show
here by one more kind: a `related` function, or a `digest_*` module and a line in
`digest.KINDS`. Others may use: `customer360` (`customer_view`, `CustomerView`), `digest`
(`build_digest`), `settings` (what the TUI home shows each role), `approvals` (the one
approval inbox: `iter_approvals`, `count_approvals`, `approve`, `reject`; its terms:
`approval_terms`), `team` (the
team's pipeline on the manager's home), `completion` (what a shell's Tab offers: customers,
users, statuses, products, saved searches; `open_store` for a Tab), `completion_replay`
(a Tab answered again by the plan `completion.plan` kept, with sqlite3 and no ORM).
"""
