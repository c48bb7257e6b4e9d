"""Sample data (`crm demo`): a team, customers with contacts, and their sales history,
written in bulk. May use every domain; nothing uses it but the demo command and tests.

Others may use: `generate` (`add_demo_data`, `parse_size`, `DemoSummary`). `names` is a
data table (word lists).
"""
