"""Widgets the screens compose: the customer grid, the detail tabs, the side panel, the
calendar's week strip, and the shared record table and message line. Widgets start no
flows: they post messages."""
