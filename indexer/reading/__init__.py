"""Reading: files on disk -> RawDoc -> Article | Skip, one reader and extractor per kind."""
