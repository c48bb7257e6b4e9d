"""Exports (issue 12, IO-2): what `crm export RECORD-TYPE` writes.

Owns: the columns of each record type (`columns`: which fields, under which header, of
which kind), chosen so that `crm import` reads an export back without --map (headers
from ``imports.aliases``, checked against the importer's own table), and the rows, read
as the caller writes them, through the same visibility rules and filters as the lists
(`rows`); a customer CSV that SQLite writes most of (`joined`: each row's cells as one
text, the rest back to `rows`); the other records' columns and rows a module each
(`products`, `quotes`, `opportunities`, `orders`, `receipts`). The file formats themselves
are the faces' business.

Sits above imports (whose header aliases it reads) and below overview. Faces use
`columns`, `rows`, `joined` and the record types' modules; nothing else imports it.
"""
