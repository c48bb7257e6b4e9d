"""The team's calendar (ACT-4, issue 13 point 4): events with a start and an end (or all
day), a place, a reminder lead time, invitees who accept or decline, an optional link to a
customer, contact or opportunity, and repeating series (RFC 5545 rules) whose single
occurrences can be moved or cancelled.

Times are stored in UTC, with the time zone the event was planned in; users type and read
them in the team's zone (the setting ``calendar.timezone``). Series are expanded for the
asked window only, never stored one row per occurrence.

Others may use: `events` (add, edit, cancel, accept, decline), `agenda` (`agenda`,
`occurrences_on`, `iter_events`, `get_event`), `records` (`Event`, `Occurrence`),
`recurrence` (turning `--repeat` options into a rule), `settings`, `models` (store only).
Depends on sales (opportunities), customers and core.
"""
