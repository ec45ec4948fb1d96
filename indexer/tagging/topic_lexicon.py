"""The topic lexicon: hand-written weighted words and phrases for the 17 IPTC topics.

data/topic_lexicon.tsv: one line per topic and weight; "elect*" matches any ending,
"box office" two adjacent words.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from pathlib import Path

from indexer.tagging.topic_model import PackedWeights

LEXICON_FILE = Path(__file__).resolve().parents[1] / "data" / "topic_lexicon.tsv"
MAX_CACHED_WORDS = 500_000  # words seen in articles, resolved once (prefixes are slow)


class Lexicon:
    """Weighted words, word prefixes and phrases per topic."""

    def __init__(self, lines: list[str]) -> None:
        self.words: dict[str, dict[str, float]] = {}
        self.prefixes: dict[str, dict[str, float]] = {}
        self.phrases: dict[str, dict[str, float]] = {}
        slugs = set()
        for line in lines:
            if not line.strip() or line.startswith("#"):
                continue
            slug, weight, terms = line.split("\t")
            slugs.add(slug)
            for term in (t.strip() for t in terms.split(";") if t.strip()):
                if " " in term:
                    table, key = self.phrases, term
                elif term.endswith("*"):
                    table, key = self.prefixes, term[:-1]
                else:
                    table, key = self.words, term
                entry = table.setdefault(key, {})
                entry[slug] = entry.get(slug, 0.0) + float(weight)
        self.phrase_starts = {phrase.split()[0] for phrase in self.phrases}
        self.packed = PackedWeights(sorted(slugs))

    def entries(self, term: str) -> dict[str, float]:
        """Return {topic: weight} for a word (exact, else its longest listed prefix) or phrase."""
        if " " in term:
            return self.phrases.get(term, {})
        found = self.words.get(term)
        if found is not None:
            return found
        for size in range(min(len(term), 12), 3, -1):
            found = self.prefixes.get(term[:size])
            if found is not None:
                return found
        return {}

    def terms(self, words: list[str]) -> list[str]:
        """Return the words plus the lexicon phrases found among them."""
        starts, phrases = self.phrase_starts, self.phrases
        pairs = [
            f"{word} {words[i + 1]}"
            for i, word in enumerate(words[:-1])
            if word in starts and f"{word} {words[i + 1]}" in phrases
        ]
        return words + pairs

    def totals(self, words: list[str]) -> dict[str, float]:
        """Return {topic: summed weight} of the lexicon entries among the words (fast)."""
        terms = self.terms(words)
        rows = self.packed.rows
        if len(rows) > MAX_CACHED_WORDS:
            rows.clear()
        for term in set(terms).difference(rows):
            found = self.entries(term)
            if found:
                self.packed.add(term, [found.get(slug, 0.0) for slug in self.packed.classes])
            else:
                rows[term] = self.packed.zero
        sums, _ = self.packed.sums(terms)
        return {slug: s for slug, s in zip(self.packed.classes, sums, strict=True) if s}

    def hits(self, words: list[str]) -> dict[str, dict[str, float]]:
        """Return {topic: {word or phrase: summed weight}}: the evidence behind ``totals``."""
        hits: dict[str, dict[str, float]] = {}
        for term, count in Counter(self.terms(words)).items():
            for slug, weight in self.entries(term).items():
                topic = hits.setdefault(slug, {})
                topic[term] = topic.get(term, 0.0) + weight * count
        return hits


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Return the shipped lexicon."""
    return Lexicon(LEXICON_FILE.read_text(encoding="utf-8").splitlines())
