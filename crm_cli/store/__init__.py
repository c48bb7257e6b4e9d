"""The data core: the only package that touches the database, shared by every face.

Packages by domain, each depending only on those below it (ARCHITECTURE.md, and the
import-linter contracts in pyproject.toml):

    database | demo | overview
                        the database as a whole (`crm db`: info, checks, backups, copies);
                        sample data; views across domains (the 360 view, `crm today`)
    exports | imports   records as files (columns the importer reads back) | the import
                        engine: files into records of the domains below
    pool                the public pool (公海)
    activity | sales    contact records and reminders | opportunities to receipts
    customers           customers, contacts, delegations, who sees what
    core                database, migrations, errors, dates, settings, users, the log

Faces open the store with `domains.open_store`, which connects every domain first.
This file imports nothing: `crm customer add` pays only for the modules it uses.
"""
