"""Sales targets (TGT-1): per user or department, per month, quarter or year, for approved
order amount, receipts, new customers and contact records; attainment as of a date.

Others may use: `targets` (set_targets, set_target, delete_target), `views`
(`iter_targets`: targets with their attainment), `attainment` (`subject_attainment`,
`team_attainment` for the TUI home), `records` (`Target`, `Attainment`, `METRICS`),
`periods` (parsing 2026-12, 2026-Q4, 2026), `models` (store only). Depends on the
domains whose records attainment counts (activity, customers, sales) and core.
"""
