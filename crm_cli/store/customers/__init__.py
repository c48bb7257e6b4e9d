"""Customers and everything that is part of one: contacts, delegations, statuses, custom
fields, search, duplicates, mnemonics, saved searches, and who may see or change them.

Others may use: `access` (the visibility rule every domain's reads and writes go through;
domains above widen it through `access.visibility_rules`), `customers` (`find_row`,
`require_live`, `require_unlocked`, `to_record`, add/get/edit), `fields` (customer fields,
`status_id`), `query` (`CustomerFilter`, list/count), `contacts`, `delegations`,
`lifecycle` (delete, restore, purge, transfer, audit; `purge_guards`), `records`, `models`
(store only), `search`, `statuses`, `saved_searches`, `mnemonic`, `duplicates`, `edits`
(many customers edited at once, each its own values, all or nothing), `query_terms` (what
query-language terms mean for customers; domains above add tags to `query_terms.tags`)
and `terms_filter` (a filter narrowed by terms, checked before it runs), `contact_terms`
(the words of the contact list), `term_select` (customer terms on another record type's
query, or as a subquery of customer ids), `through_terms` (the terms of a record that
belongs to a customer: its own, and the customer's through it), `addresses`
(contacts' e-mail addresses for a mail program's address book), `names` (the names a list
prints for status and owner ids, in one statement), `name_order` (SQLite: the customers
numbered in name order with their search text; whoever writes customers in bulk keeps it),
`name_buckets` (PostgreSQL: which stretches of the name order hold which pieces of the
search text; whoever writes customers notes them, in bulk rebuilds them).
"""
