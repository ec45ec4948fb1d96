"""Writing: articles -> a whoosh index (one writer, or writer processes)."""
