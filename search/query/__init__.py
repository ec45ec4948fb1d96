"""The query language: string -> syntax tree -> whoosh Query, with its cost caps."""
