"""Imports (issue 12, IO-1): one engine that reads a file of records, checks every row,
finds duplicates in the database and within the file, and writes all of it or none, as a
batch that ``crm import undo`` can take back.

Owns: the engine (`engine`: reading, header mapping, dry runs, the report of rejected
rows; `policy`: what a duplicate does), the protocol of record types (`specs`) and those it runs:
customers (`customers_spec`, with `customer_rows`, `customer_match`, `customer_writes`,
`customer_undo`), contacts (`contacts_spec`, with `contact_rows`, `contact_writes`),
products (`products_spec`) and quotes (`quotes_spec`, with `quote_rows`, `quote_save`,
`quote_undo`, over the sales domain's quote checks), opportunities (`opportunities_spec`,
with `opportunity_rows`), orders (`orders_spec`, with `order_groups`, `order_writes`) and
receipts (`receipts_spec`, with `receipt_money`, `receipt_writes`), the three sharing
`deal_rows`;
header aliases (`aliases`), vCard reading (`vcard`), owners and rights (`people`), codes
(`numbering`), bulk writes (`bulk`), the import batches and their items (`models`,
migration 0008; `batches`: history; `undo`), and its plain records (`records`).

Sits above customers and sales (a spec uses their rules and models) and below overview.
Faces use `engine`, `batches`, `undo`, `records` and `specs.SPECS`; exports read the
specs' header tables; nothing else imports this package.
"""
