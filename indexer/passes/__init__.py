"""Corpus passes: decisions over the whole corpus (duplicates, boilerplate)."""
