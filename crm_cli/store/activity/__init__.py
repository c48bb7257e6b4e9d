"""Contact records (联系记录, ACT-1) and manual reminders, and what they keep up to date on
the customer (last and next contact, latest progress).

Others may use: `activities` (log, list, edit, delete contact records), `fields` (their
fields and methods), `reminders`, `mail` (e-mail sent and imported as contact records,
SH-4), `record_terms` (the query language's words for contact records, SH-1), `models`
(store only). Depends on customers and core.
"""
