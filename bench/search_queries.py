"""The 200 benchmark queries, each renderable for the Engine and for SQLite FTS5."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

WORDS = (
    "oil coffee gold bank trade dollar wheat profit shares tax japan opec sugar cocoa grain "
    "merger dividend inflation yen debt loan earnings acquisition copper steel tin rubber "
    "soybean corn rice ship strike budget deficit exports imports reserves bonds futures "
    "sterling crude gasoline computer airline bankruptcy brazil canada china france germany "
    "mexico venezuela tariff subsidy interest prices growth unemployment production output "
    "refinery pipeline mining cattle cotton silver platinum currency treasury takeover"
).split()
PHRASES = (
    "crude oil", "interest rates", "trade deficit", "central bank", "stock exchange",
    "oil prices", "money supply", "net loss", "wall street", "federal reserve",
    "joint venture", "tender offer", "balance of payments", "world bank", "common stock",
    "exchange rate", "natural gas", "stock split", "european community", "bank of japan",
)  # fmt: skip


@dataclass(frozen=True)
class BenchQuery:
    """One benchmark query: words combined by ``mode``, plus filters, sort and page."""

    label: str
    words: tuple[str, ...]
    mode: str = "and"  # and | or | phrase
    filters: tuple[tuple[str, str], ...] = ()
    date_from: str | None = None
    date_to: str | None = None
    sort: str = "relevance"
    page: int = 1
    extra: dict[str, str] = field(default_factory=dict)

    def q(self) -> str:
        """Return the query in the Engine's language."""
        if self.mode == "phrase":
            return f'"{" ".join(self.words)}"'
        return (" OR " if self.mode == "or" else " ").join(self.words)

    def params(self) -> dict[str, list[str]]:
        """Return URL-style parameters for ``parse_request``."""
        params: dict[str, list[str]] = {
            "q": [self.q()],
            "sort": [self.sort],
            "page": [str(self.page)],
        }
        for name, value in self.filters:
            params.setdefault(name, []).append(value)
        if self.date_from:
            params["from"] = [self.date_from]
        if self.date_to:
            params["to"] = [self.date_to]
        return params

    def fts_match(self) -> str | None:
        """Return the FTS5 MATCH expression (None: every article)."""
        if not self.words:
            return None
        if self.mode == "phrase":
            return '"' + " ".join(self.words) + '"'
        return (" OR " if self.mode == "or" else " ").join(f'"{w}"' for w in self.words)


def make_queries(engine: object, count: int = 200, seed: int = 3) -> list[BenchQuery]:
    """Return ``count`` mixed queries, the same every run."""
    from search import SearchRequest

    everything = engine.search(SearchRequest(q="", per_page=1))  # type: ignore[attr-defined]
    countries = [f.value for f in everything.facets["country"][:8]]
    topics = [f.value for f in everything.facets["topic"][:6]]
    rng = random.Random(seed)
    word = lambda: rng.choice(WORDS)  # noqa: E731
    country = lambda: (("country", rng.choice(countries)),)  # noqa: E731
    makers = [
        (50, lambda: BenchQuery("word", (word(),))),
        (35, lambda: BenchQuery("and", (word(), word()))),
        (20, lambda: BenchQuery("or", (word(), word()), mode="or")),
        (20, lambda: BenchQuery("phrase", tuple(rng.choice(PHRASES).split()), mode="phrase")),
        (15, lambda: BenchQuery("country", (word(),), filters=country())),
        (5, lambda: BenchQuery("2 countries", (word(),), filters=tuple(
            ("country", c) for c in rng.sample(countries, 2)))),
        (5, lambda: BenchQuery("topic", (word(),), filters=(("topic", rng.choice(topics)),))),
        (5, lambda: BenchQuery("browse country", (), filters=country())),
        (5, lambda: BenchQuery("dates", (word(),), date_from="1987-03-01", date_to="1987-03-31")),
        (20, lambda: BenchQuery("sort date", (word(),), sort="date")),
        (20, lambda: BenchQuery("page 5", (word(),), page=5)),
    ]  # fmt: skip
    queries = [make() for times, make in makers for _ in range(times)]
    rng.shuffle(queries)
    return queries[:count]
