"""Sample data (`crm demo`): a team, customers with contacts, their sales history, service
tickets and evaluations, and the team's calendar, written in bulk. May use every domain;
nothing uses it but the demo command and tests.

Others may use: `generate` (`add_demo_data`, `parse_size`, `DemoSummary`). `names` is a
data table (word lists).
"""
