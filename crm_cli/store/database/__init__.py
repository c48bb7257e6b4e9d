"""The database as a whole (`crm db`): what it holds, whether it is sound, and getting it
out and back in: backups, restores and copies to another database.

It reads every domain's tables, so it sits at the top of the store beside `demo` and
`overview`, and nothing in the store uses it.

Others may use: `info` (`database_info`), `checks` (`check_database`, `CHECKS`),
`backup` (`backup_database`), `restore` (`inspect_backup`, `restore_database`), `copy`
(`copy_database`), `records`, `team` (team mode on PostgreSQL: `init_team`,
`grant_login`, `row_rules`; its policies in `team_sql`, the functions they call in
`team_functions`, the records' copies of their customer's visibility and the triggers
that keep them in `team_keys`). Inside: `tables` (every table in foreign-key order, from
the models), `values` (how values travel between backends and files), `engine` (the one copy engine:
a source's rows into a database), `dump` (the portable file format), `sources` (backup
files as sources), `contents` (row counts, is it empty), `rules` (the queries of the
store's rules that `checks` runs).
"""
