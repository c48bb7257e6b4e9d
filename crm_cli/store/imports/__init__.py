"""Imports (issue 12, IO-1): one engine that reads a file of records, checks every row,
finds duplicates in the database and within the file, and writes all of it or none, as a
batch that ``crm import undo`` can take back.

Owns: the engine (`engine`: reading, header mapping, the duplicate policy, dry runs, the
report of rejected rows), the protocol of record types (`specs`) and those it runs:
customers (`customers_spec`, with `customer_rows`, `customer_match`, `customer_writes`,
`customer_undo`) and contacts (`contacts_spec`, with `contact_rows`, `contact_writes`);
header aliases (`aliases`), vCard reading (`vcard`), owners and rights (`people`), codes
(`numbering`), bulk writes (`bulk`), the import batches and their items (`models`,
migration 0008; `batches`: history; `undo`), and its plain records (`records`).

Sits above customers and sales (a spec uses their rules and models) and below overview.
Faces use `engine`, `batches`, `undo`, `records` and `specs.SPECS`; nothing else imports
this package.
"""
