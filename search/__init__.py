"""Search: a user's query and filters -> ranked, highlighted, faceted results.

Stages (``pipeline.run_search``, its matches from ``selection.select``, each search within its
time ``budget``): ``request.parse_request`` (URL/CLI parameters -> SearchRequest, validated) ->
``query.parse.parse_query`` (string -> syntax tree, repaired) -> ``query.compile.compile_query``
(tree -> whoosh Query, bounded expansions, highlight marks) -> ``matchset.match_set`` (every
matching document, by set algebra over the posting lists of ``indexer.codec.postings``) ->
filters and ``facets.facet_counts`` (disjunctive) -> ``scoring`` (BM25F, ``ranking``
parameters, ``field_lengths``; ties by date, then id; plain words in ``tiers``) -> ``snippets``
-> ``suggest`` (did you mean) -> ``SearchResults.to_dict()``.

The query language is one sub-package, ``query/``: ``parse``, ``compile``, ``wildcard``,
``stop_words`` and the cost caps in ``limits``. Roles: ``engine.Engine`` owns one searcher per
thread per index generation (``view``); ``collapse`` folds syndicated copies; ``mentions`` keeps
articles that use the query's words N times; ``similar`` finds related articles; ``explain``,
``export`` and ``histogram`` serve the research tools. The CLI's listing is
``newsarchive.results_table``.
"""

from search.engine import Engine
from search.results import FacetCount, Hit, SearchRequest, SearchResults

__all__ = ["Engine", "FacetCount", "Hit", "SearchRequest", "SearchResults"]
