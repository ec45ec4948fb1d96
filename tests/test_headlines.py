"""Headlines that only repeat the lead count once: their words are already the body's."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from whoosh import index as whoosh_index

from indexer.article import Article
from indexer.headline import HEADLINE_FIELD, repeats_lead
from indexer.schema import build_schema, to_document
from indexer.writing.writer import publish_articles
from newsarchive.settings import Settings
from search import Engine, SearchRequest
from search.field_lengths import FieldLengths

FILLER = " ".join(f"filler{n}" for n in range(40))


def story(doc_id: str, source: str, title: str, lead: str) -> Article:
    return Article(
        id=doc_id, title=title, body=f"{lead} {FILLER}", source=source, path=f"{doc_id}.txt"
    )


def both(source: str) -> list[Article]:
    """A story whose headline is its lead's start (coffee once, there), and one with coffee
    twice in its body but not in its headline."""
    key = source.lower()
    return [
        story(
            f"{key}-lead", source, "Coffee exports rose in March", "Coffee exports rose in March."
        ),
        story(f"{key}-body", source, "Growers met in the capital", "Growers met. Coffee, coffee."),
    ]


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    folder: Path = tmp_path_factory.mktemp("headlines")
    magazine = [
        *both("Magazine"),
        story("mag-3", "Magazine", "The rains came late", "The rains came late."),
    ]
    wire = [
        *both("Wire"),
        story("wire-3", "Wire", "Markets close higher", "Stocks ended the day up."),
        story("wire-4", "Wire", "Rain hits the crops", "Heavy rain fell on Monday."),
    ]
    publish_articles(folder, magazine + wire)
    engine = Engine(Settings(index_dir=folder))
    yield engine
    engine.close()


def ranked(engine: Engine, q: str, source: str) -> list[str]:
    request = SearchRequest(q=q, filters={"source": (source,)})
    return [hit.article.id for hit in engine.search(request).hits]


def test_a_source_without_real_headlines_scores_the_lead_once(engine):
    # every Magazine headline repeats its lead: the headline adds nothing, two mentions beat one
    assert ranked(engine, "coffee", "Magazine") == ["magazine-body", "magazine-lead"]


def test_a_real_headline_that_happens_to_be_the_lead_still_counts(engine):
    # one Wire headline in four repeats its lead: Wire has real headlines, and that one weighs
    assert ranked(engine, "coffee", "Wire") == ["wire-lead", "wire-body"]


def test_such_headlines_are_still_searched_and_shown(engine):
    assert ranked(engine, "title:coffee", "Magazine") == ["magazine-lead"]
    hit = engine.search(SearchRequest(q="coffee exports", filters={"source": ("Magazine",)})).hits[
        0
    ]
    assert hit.article.title == "Coffee exports rose in March"


def test_what_counts_as_repeating_the_lead():
    assert repeats_lead("Coffee exports rose in March", "COFFEE EXPORTS rose in March, it said.")
    assert repeats_lead(
        "Coffee exports rose", "SAO PAULO, March 3 (Reuters) - Coffee exports rose."
    )
    assert not repeats_lead("Coffee exports rose", "Brazil said coffee exports fell, then rose.")
    assert not repeats_lead("Coffee", "Coffee exports rose.")  # too short to tell


def test_an_index_written_before_the_mark_still_loads(tmp_path):
    schema = build_schema()
    schema.remove(HEADLINE_FIELD)
    article = story(
        "old-1", "Magazine", "Coffee exports rose in March", "Coffee exports rose in March."
    )
    with whoosh_index.create_in(str(tmp_path), schema).writer() as writer:
        writer.add_document(**{k: v for k, v in to_document(article).items() if k in schema})
    with whoosh_index.open_dir(str(tmp_path)).searcher() as searcher:
        lengths = FieldLengths.load(searcher, np.zeros(1, np.int64))
    assert lengths.lead_titles.tolist() == [False]
