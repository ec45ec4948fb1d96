"""The topic lexicon: hand-written weighted words and phrases for the 17 IPTC topics.

data/topic_lexicon.tsv: one line per topic and weight; "elect*" matches any ending,
"box office" adjacent words (two or three), "interest rate*" with any ending of the last word.
Phrases are found in the text's every word, function words too ("formula one", "search and
rescue", "laid off"); single words among its content words.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from pathlib import Path

from indexer.tagging.topic_model import PackedWeights

LEXICON_FILE = Path(__file__).resolve().parents[1] / "data" / "topic_lexicon.tsv"
MAX_CACHED_WORDS = 500_000  # words seen in articles, resolved once (prefixes are slow)
MAX_PHRASE_WORDS = 3


class Lexicon:
    """Weighted words, word prefixes and phrases per topic."""

    def __init__(self, lines: list[str]) -> None:
        self.words: dict[str, dict[str, float]] = {}
        self.prefixes: dict[str, dict[str, float]] = {}
        self.phrases: dict[str, dict[str, float]] = {}
        self.phrase_prefixes: dict[str, dict[str, float]] = {}  # "interest rate*"
        slugs = set()
        for line in lines:
            if not line.strip() or line.startswith("#"):
                continue
            slug, weight, terms = line.split("\t")
            slugs.add(slug)
            for term in (t.strip() for t in terms.split(";") if t.strip()):
                if " " in term and term.endswith("*"):
                    table, key = self.phrase_prefixes, term[:-1]
                elif " " in term:
                    table, key = self.phrases, term
                elif term.endswith("*"):
                    table, key = self.prefixes, term[:-1]
                else:
                    table, key = self.words, term
                entry = table.setdefault(key, {})
                entry[slug] = entry.get(slug, 0.0) + float(weight)
        self.phrase_starts = {p.split()[0] for p in [*self.phrases, *self.phrase_prefixes]}
        self.phrase_heads = {p.rpartition(" ")[0] for p in self.phrase_prefixes}
        self.phrase_pairs = {" ".join(p.split()[:2]) for p in self.phrases}
        self.prefix_starts = {p.split()[0] for p in self.phrase_prefixes}
        self.packed = PackedWeights(sorted(slugs))

    def entries(self, term: str) -> dict[str, float]:
        """Return {topic: weight} for a word (exact, else its longest listed prefix) or phrase."""
        if " " in term:
            found = self.phrases.get(term)
            head = term.rpartition(" ")[0]
            if found is None and head in self.phrase_heads:  # "interest rates" for "rate*"
                last = len(head) + 1
                for size in range(len(term), last, -1):
                    found = self.phrase_prefixes.get(term[:size])
                    if found is not None:
                        break
            return found or {}
        found = self.words.get(term)
        if found is None and term.endswith("'s"):  # "trump's", "company's": the word's own
            found = self.words.get(term[:-2])
        if found is not None:
            return found
        for size in range(min(len(term), 12), 3, -1):
            found = self.prefixes.get(term[:size])
            if found is not None:
                return found
        return {}

    def phrases_in(self, words: list[str]) -> list[str]:
        """Return the lexicon phrases among a text's words (every word, in order)."""
        found: list[str] = []
        starts, pairs, prefix_starts = self.phrase_starts, self.phrase_pairs, self.prefix_starts
        if starts.isdisjoint(words):
            return found
        for i in [i for i, word in enumerate(words[:-1]) if word in starts]:
            if words[i] not in prefix_starts and f"{words[i]} {words[i + 1]}" not in pairs:
                continue  # "on" not followed by "sale": the common case, decided quickly
            for size in range(MAX_PHRASE_WORDS, 1, -1):
                phrase = " ".join(words[i : i + size])
                if phrase.count(" ") == size - 1 and self.entries(phrase):
                    found.append(phrase)
                    break
        return found

    def totals(self, terms: list[str]) -> dict[str, float]:
        """Return {topic: summed weight} of the lexicon entries among the terms (fast): an
        article's content words and the phrases found in it (``phrases_in``)."""
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

    def hits(self, terms: list[str]) -> dict[str, dict[str, float]]:
        """Return {topic: {word or phrase: summed weight}}: the evidence behind ``totals``."""
        hits: dict[str, dict[str, float]] = {}
        for term, count in Counter(terms).items():
            for slug, weight in self.entries(term).items():
                topic = hits.setdefault(slug, {})
                topic[term] = topic.get(term, 0.0) + weight * count
        return hits


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Return the shipped lexicon."""
    return Lexicon(LEXICON_FILE.read_text(encoding="utf-8").splitlines())
