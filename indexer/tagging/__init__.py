"""Tagging: Article -> Article with countries, regions and topics (``taggers.tag``)."""
