"""Work reports (WRK-1, 日报/周报/月报): a person's report for a day, week or month, its
reference figures (参考数据) collected from the data, submission on time or late by n days,
and the comments of the people above the writer.

Others may use: `reports` (write, submit, comment, delete), `views` (`get_report`,
`iter_reports`, `draft_for`), `report_terms` (what query-language terms mean for them),
`overview` (`submission_overview`: who submitted when),
`periods` (parsing ``2026-12-01``, ``2026-W49``, ``2026-12``), `records`, `settings`
(grace days, expected kinds, code prefix), `models` (store only). Depends on the domains
whose records the figures count (activity, customers, sales, service) and core.
"""
