"""What the customer center's keys do: a dialog, then the same store call as the CLI.

Flows get the center as a `ports.CustomerPane`; `flows.py` is their plumbing.
"""
