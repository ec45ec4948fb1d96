"""Codec: every module that knows whoosh3's on-disk format."""
