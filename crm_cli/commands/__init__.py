"""Thin Typer command modules, one per noun."""
