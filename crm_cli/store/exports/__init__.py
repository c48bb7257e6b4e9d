"""Exports (issue 12, IO-1's other half): what `crm export customers|contacts` writes.

Owns: the columns of each record type (`columns`: which fields, under which header, of
which kind), chosen so that `crm import` reads an export back without --map (headers
from ``imports.aliases``, checked against the importer's own table), and the rows, read
as the caller writes them, through the same visibility rules and filters as the lists
(`rows`). The file formats themselves are the faces' business.

Sits above imports (whose header aliases it reads) and below overview. Faces use
`columns` and `rows`; nothing else imports this package.
"""
