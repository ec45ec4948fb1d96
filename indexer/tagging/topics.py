"""Topic tagger: IPTC Media Topics top-level subjects from a topic model plus a lexicon.

The model (data/topic_model.json, trained by bench/train_topics.py: logistic regression and
naive Bayes, averaged; ``topic_model``) knows the topics its
training sets carry; the hand-written lexicon (data/topic_lexicon.tsv) covers all 17 and
keeps the tagger honest on news unlike the training sets. A topic's score is the model's
probability plus a weight times the lexicon's evidence per sqrt(word). For the primary topic
the weight is the model's doubt (1 - its highest probability): on news like its training
sets the model is sure and leads, on news of another kind the lexicon does. A fixed larger
weight chooses the topics scoring at least SECONDARY_SHARE of the primary's that follow it,
at most MAX_TOPICS in all. When no topic scores
MIN_PRIMARY_SCORE the article gets none.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import filterfalse
from pathlib import Path

from indexer.analysis import stem
from indexer.tagging.topic_lexicon import load_lexicon
from indexer.tagging.topic_model import TopicModel

DATA = Path(__file__).resolve().parents[1] / "data"
MAX_TOPICS = 3
# For the primary topic the lexicon weighs LEXICON_DOUBT_WEIGHT x (1 - the model's highest
# probability): chosen on the leave-one-source-out figures (bench/RESULTS.md), where a fixed
# weight had to trade news of a new source against the sources the model was trained on.
LEXICON_DOUBT_WEIGHT = 1.0
SECONDARY_LEXICON_WEIGHT = 0.5  # for the others: the lexicon may add a topic of its own
# Below this combined score the primary topic was right about a quarter of the time on the
# held-out halves of the labelled sources (bench/topic_eval.py): better no topic than a guess.
MIN_PRIMARY_SCORE = 0.3
SECONDARY_SHARE = 0.4
SECONDARY_MIN = 0.3
TITLE_REPEAT = 2  # headline words count twice
MAX_CACHED_STEMS = 500_000  # words seen in articles, stemmed once
_STEMS: dict[str, str] = {}
MIN_FOREIGN_WORDS = 5
MAX_WORD_CHARS = 60  # longer "words" are blobs, not vocabulary (and would bloat the caches)

_ANY_WORD = re.compile(r"[^\W\d_]+")  # words in any script, for telling the language
_NON_LATIN_START = re.compile(r"\b[^\W\d_a-z\u00df-\u024f]")
_WORD = re.compile(r"[a-z][a-z0-9&]*(?:['\-][a-z0-9&]+)*")
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each few
    for from further had has have having he her here hers herself him himself his how i if in
    into is it its itself just me more most my myself no nor not now of off on once only or
    other our ours ourselves out over own same she should so some such than that the their
    theirs them themselves then there these they this those through to too under until up
    very was we were what when where which while who whom why will with would you your yours
    yourself said says say new one two three year years would could it's he's she's i'm
    that's there's we're they're don't can't won't mr mrs ms""".split()
)

# The commonest function words of other languages written in Latin script.
FOREIGN_STOPWORDS = frozenset(
    """de la le les des du et est une un el los las que y en por para con del al se lo su
    com não uma um os da do das dos em na no é der die das und ist nicht mit den dem ein eine
    zu von sich auf für het een van en op niet och att är som på il di che per non della gli
    si ne je""".split()
)


def all_words(text: str) -> list[str]:
    """Return the lower-case words of a text, function words too (lexicon phrases read them)."""
    words = _WORD.findall(text.lower().replace("’", "'"))  # typographic apostrophes too
    if max(map(len, words), default=0) <= MAX_WORD_CHARS:
        return words
    return [w for w in words if len(w) <= MAX_WORD_CHARS]


def content_words(words: list[str]) -> list[str]:
    """Return the words that are not stopwords."""
    return list(filterfalse(STOPWORDS.__contains__, words))


def tokenize(text: str) -> list[str]:
    """Return the lower-case content words of a text (stopwords dropped)."""
    return content_words(all_words(text))


def looks_english(text: str) -> bool:
    """Tell whether a text reads as English (the model and lexicon know English only).

    Not English: mostly words in a non-Latin script, or more function words of other
    languages ("de", "und", "que") than of English. Tables of figures count as English, and
    so does plain ASCII text (other languages in Latin script nearly always use accents).
    """
    sample = text[:3000].lower()
    if sample.isascii():
        return True
    words = _ANY_WORD.findall(sample)
    if len(_NON_LATIN_START.findall(sample)) > len(words) / 2:
        return False
    foreign = sum(map(FOREIGN_STOPWORDS.__contains__, words))
    return foreign < MIN_FOREIGN_WORDS or foreign <= sum(map(STOPWORDS.__contains__, words))


def _pairs(words: list[str]) -> list[str]:
    return list(map("_".join, zip(words, words[1:], strict=False)))


def lexicon_terms(title: str, body: str) -> list[str]:
    """Return what the lexicon reads: the content words and the lexicon phrases of the
    article, the headline's repeated."""
    title_all, body_all = all_words(title), all_words(body)
    return _lexicon_terms(title_all, content_words(title_all), body_all, content_words(body_all))


def _lexicon_terms(
    title: list[str], title_content: list[str], body: list[str], body_content: list[str]
) -> list[str]:
    lexicon = load_lexicon()
    title_terms = title_content + lexicon.phrases_in(title)
    return title_terms * TITLE_REPEAT + body_content + lexicon.phrases_in(body)


def model_features(title: str, body: str) -> list[str]:
    """Return the model's features: the stems of the article's words and of adjacent word
    pairs ("box_offic"), the headline's twice. Stems, not words: "elections" in one source is
    "election" in another (leave-one-source-out mean 0.801 -> 0.807, ``bench/RESULTS.md``)."""
    return _features(tokenize(title), tokenize(body))


def _features(title_words: list[str], body_words: list[str]) -> list[str]:
    title_stems, body_stems = _stems(title_words), _stems(body_words)
    return title_stems * TITLE_REPEAT + body_stems + _pairs(title_stems) + _pairs(body_stems)


def _stems(words: list[str]) -> list[str]:
    """Return the Snowball stems of the words (the index's stemmer), from a cache."""
    try:
        return list(map(_STEMS.__getitem__, words))
    except KeyError:  # a word not seen before
        if len(_STEMS) > MAX_CACHED_STEMS:
            _STEMS.clear()
        _STEMS.update((word, stem(word)) for word in words if word not in _STEMS)
        return list(map(_STEMS.__getitem__, words))


@dataclass(frozen=True)
class TopicEvidence:
    """What the topic tagger saw in one article."""

    probabilities: dict[str, float]  # the model's, per topic
    lexicon: dict[str, float]  # summed lexicon weights, per topic
    size: int  # words read


@lru_cache(maxsize=1)
def _model() -> TopicModel:
    return TopicModel.load(DATA / "topic_model.json")


def lexicon_hits(terms: list[str]) -> dict[str, dict[str, float]]:
    """Return {topic: {word or phrase: summed weight}} for the lexicon entries among the
    terms (``lexicon_terms``)."""
    return load_lexicon().hits(terms)


def model_probabilities(features: list[str], model: TopicModel | None = None) -> dict[str, float]:
    """Return the model's topic probabilities (empty when no feature is known)."""
    return (model or _model()).probabilities(features)


def model_words(title: str, body: str, topic: str, limit: int = 8) -> list[str]:
    """Return the article's words (and word pairs) that most raised the model's topic score,
    as the article writes them (the model reads stems)."""
    words = tokenize(title) + tokenize(body)
    written = dict(zip(reversed(_stems(words)), reversed(words), strict=True))  # first wins
    indicative = _model().indicative(model_features(title, body), topic, limit)
    return [" ".join(written.get(part, part) for part in f.split(" ")) for f in indicative]


def score_topics(title: str, body: str, model: TopicModel | None = None) -> TopicEvidence:
    """Return the model's probabilities and the lexicon's totals for an article (the shipped
    model unless another is given, as the cross-source evaluation does)."""
    title_all, body_all = all_words(title), all_words(body)
    title_words, body_words = content_words(title_all), content_words(body_all)
    features = _features(title_words, body_words)
    lexicon = load_lexicon().totals(_lexicon_terms(title_all, title_words, body_all, body_words))
    size = len(title_words) * TITLE_REPEAT + len(body_words)
    return TopicEvidence(model_probabilities(features, model), lexicon, size)


def combine(evidence: TopicEvidence, weight: float) -> dict[str, float]:
    """Return {topic: model probability + weight * lexicon evidence per sqrt(word)}."""
    scores = dict(evidence.probabilities)
    scale = math.sqrt(evidence.size + 10)
    for slug, total in evidence.lexicon.items():
        scores[slug] = scores.get(slug, 0.0) + weight * total / scale
    return scores


def primary_scores(evidence: TopicEvidence) -> dict[str, float]:
    """Return the scores that choose the primary topic: the lexicon weighs the model's doubt."""
    doubt = 1.0 - max(evidence.probabilities.values(), default=0.0)
    return combine(evidence, LEXICON_DOUBT_WEIGHT * doubt)


def pick_topics(evidence: TopicEvidence) -> list[str]:
    """Return the primary topic and the runners-up strong enough to follow it."""
    first = primary_scores(evidence)
    if not first or max(first.values()) < MIN_PRIMARY_SCORE:
        return []  # no confident topic
    primary = max(first, key=first.__getitem__)
    scores = combine(evidence, SECONDARY_LEXICON_WEIGHT)
    floor = max(SECONDARY_MIN, SECONDARY_SHARE * scores[primary])
    others = sorted((s for s in scores if s != primary), key=scores.__getitem__, reverse=True)
    return [primary] + [s for s in others if scores[s] >= floor][: MAX_TOPICS - 1]


def classify(title: str, body: str, model: TopicModel | None = None) -> list[str]:
    """Return up to three IPTC topic slugs for an article, primary first."""
    if not looks_english(body or title):
        return []
    return pick_topics(score_topics(title, body, model))
