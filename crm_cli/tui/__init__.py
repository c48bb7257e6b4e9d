"""The Textual customer center (`crm tui`); imported lazily, never by plain commands."""
