"""Indexing: files -> readers -> extract -> taggers -> writer (see build.py)."""
