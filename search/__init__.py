"""Search: a user's query and filters -> ranked, highlighted, faceted results.

Stages: ``request.parse_request`` (URL/CLI parameters -> SearchRequest, validated) ->
``query.parse_query`` (string -> whoosh Query) -> ``engine.Engine.search`` (reused searcher;
BM25F ranking, filters, facets, snippets, did-you-mean) -> ``SearchResults.to_dict()``.
"""

from search.engine import Engine
from search.results import FacetCount, Hit, SearchRequest, SearchResults

__all__ = ["Engine", "FacetCount", "Hit", "SearchRequest", "SearchResults"]
