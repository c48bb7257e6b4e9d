"""The public pool (公海, POOL-1…POOL-6): settings and who takes part, claims, assignments,
releases, extensions, the nightly reclaim, the pool's lists and log.

Others may use: `settings` (`current`, `role_of`), `configure`, `moves`, `reclaim`,
`views` (lists, log, `protection_ending`), `pool_terms` (what query-language terms mean
for the pool list), `models` (store only). Depends on sales and activity (their records
decide returns), customers and core. `wiring` adds the pool's
visibility rule, settings section and deal listener to the layers below.
"""
