"""Search: a user's query and filters -> ranked, highlighted, faceted results.

Stages (``pipeline.run_search``): ``request.parse_request`` (URL/CLI parameters ->
SearchRequest, validated) -> ``query.parse_query`` (string -> syntax tree, repaired) ->
``compile.compile_query`` (tree -> whoosh Query, bounded expansions, highlight marks) ->
``matchset.match_set`` (every matching document, by set algebra over ``postings``) -> filters
and ``facets.facet_counts`` (disjunctive) -> ``scoring`` (BM25F, ``ranking`` parameters; ties by
date, then id) -> ``snippets`` -> ``suggest`` (did you mean) -> ``SearchResults.to_dict()``.

Roles: ``engine.Engine`` owns one searcher per thread per index generation (``view``);
``similar`` finds related articles; ``terminal`` renders results for the CLI.
"""

from search.engine import Engine
from search.results import FacetCount, Hit, SearchRequest, SearchResults

__all__ = ["Engine", "FacetCount", "Hit", "SearchRequest", "SearchResults"]
