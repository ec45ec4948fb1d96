"""HTML extraction: one saved news page -> Article (``page.extract_html``)."""
