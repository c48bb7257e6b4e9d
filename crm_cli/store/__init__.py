"""The data core: the only package that touches the database."""
