"""Modal dialogs, one class per module, each returning a typed result (None: cancelled)."""
