"""What every domain stands on; imports no domain.

Owns: opening the database and the unit of work (`db`: `open_store`, `reading`,
`writing`), the numbered `migrations` of every domain's tables (their order is global),
the base `models` (`BaseModel`, `MoneyField`, users, settings, sequences, the operation
log), plain `records` (`User`, `LogEntry`, `BatchResult`, `Exact`), `errors`, `dates`
(`parse_date`, `now_or`; the Chinese forms in `dates_zh`), `values` (`parse_money`,
`parse_bool`), `choices` (a closed list's value from its English or Chinese name, the names
in `choice_names`), team `settings` (the
registry every domain declares its keys in), `codes`, `oplog`, `users`, `normalize` (text
and duplicate keys), `phones` (mainland numbers in one format), `credit_code`
(统一社会信用代码), `tabular` (reading CSV/XLSX/JSONL files), `terms` (the query language's
grammar, SH-1: each domain gives its words their meaning; `term_sql` compiles a record
type's words to peewee conditions), `registry`, the extension
points upper domains fill, and `hooks`, the slot a face fills with its hook runner (SH-2).

Other packages may use every module here; faces use all but `models` and `migrations`.
"""
