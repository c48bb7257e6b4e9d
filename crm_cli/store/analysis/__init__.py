"""Analysis (RPT-1..RPT-4): where the business stands. One engine for every report: a
report runs as SQL (``GROUP BY`` in the database, never rows summed in Python), inside the
acting user's scope (a salesperson's own data, a manager's team, an admin's all), for a
period, optionally beside the same report for a compared period (环比 previous, 同比 last
year).

Others may use: `periods` (`parse_period`, `resolve`, `compared`), `records` (`Report`,
`Column`), `scope` (`owner_scope`), `sqlbits` (time buckets and money sums per backend),
`presets` (the registry: `register`, `find`, `all_presets`, `run_preset`), `compare`,
`summary` (the summary wizard: `Definition`, `with_terms`, `run_summary`), `saved` (saved
summaries), `kinds` (the record types a summary groups: `find_kind`, `describe`).
Sits at the top of the store with overview/: it reads every domain and none reads it.
"""
