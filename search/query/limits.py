"""What one search may cost: every cap on a query's work, in one place.

A query comes from anyone, so each way it can make the engine work harder is bounded here:
how many words it may hold, how deep it may nest, how far its wildcard and fuzzy words may
expand, and how long a search may take. The parser (``search/query/parse.py``), the compiler
(``search/query/compile.py``) and the engine read these names; change a cap here, nowhere else.
"""

# The query's shape.
MAX_TERMS = 64  # words, phrases and filters in one query
MAX_DEPTH = 20  # nested parentheses

# Wildcard and fuzzy words.
MAX_EXPANDING_WORDS = 8  # wildcard or fuzzy words in one query
MAX_EXPANSIONS = 50  # words of the vocabulary one wildcard or fuzzy word may stand for
MAX_SCANNED = 20_000  # vocabulary entries one wildcard may look at
MAX_WILDCARD_STARS = 4  # "*" in one wildcard word (after "**" is read as "*")
MAX_FUZZY_LETTERS = 24  # letters of a fuzzy word (matching costs grow with its length)
MAX_TOTAL_EXPANSIONS = 200  # words all the wildcard and fuzzy words of a query stand for

# Phrases.
MAX_PHRASE_WORDS = 16  # words in one quoted phrase (each one's positions are read)
DEFAULT_NEAR = 5  # "rate cut"~ : other words allowed among a proximity phrase's words
MAX_BOOST = 10  # coffee^N: times a word or phrase may count in the score
MAX_NEAR = 10_000  # "rate cut"~N: larger N is read as this (a whole article)

# Filters (URL parameters such as country=, not_topic=).
MAX_FILTER_VALUES = 20  # values of one filter or exclusion
MAX_FILTER_VALUES_TOTAL = 40  # values of all filters and exclusions (each is a chip and links)

# Time.
SEARCH_SECONDS = 2.0  # CPU time of one search (its own, not other requests' meanwhile)
