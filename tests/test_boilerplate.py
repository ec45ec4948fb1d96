"""Paragraphs one source repeats are dropped at rebuild; real text and other sources are kept."""

from __future__ import annotations

from indexer.article import Article
from indexer.passes.boilerplate import RepeatedParagraphs, paragraph_key, split_paragraphs

FOOTER = "Sign up for the Daily Planet newsletter to get our top stories every morning."
SEE_ALSO = "See also: The ten best things to do in Metropolis this weekend"


def _article(n: int, body: str, source: str | None = "Daily Planet", path: str = "") -> Article:
    return Article(
        id=f"a{n}", title=f"Story {n}", body=body, source=source, path=path or f"{n}.html"
    )


def _stories(count: int, source: str | None = "Daily Planet", folder: str = "") -> list[Article]:
    return [
        _article(
            n,
            f"Story number {n} opens with its own lead paragraph.\n\n{SEE_ALSO}\n\n"
            f"The council voted {n} times on the bridge.\n\n{FOOTER}",
            source,
            f"{folder}/{n}.html" if folder else "",
        )
        for n in range(count)
    ]


def _run(articles: list[Article], **thresholds: float) -> list[Article]:
    repeated = RepeatedParagraphs(**thresholds)  # type: ignore[arg-type]
    for article in articles:
        repeated.add(article)
    return [repeated.strip(article) for article in articles]


def test_paragraph_key_ignores_case_spacing_and_punctuation() -> None:
    assert paragraph_key("Sign up, for our NEWSLETTER!") == paragraph_key(
        "sign up for  our newsletter"
    )
    assert paragraph_key("Sign up for our newsletter") != paragraph_key("Sign up for our podcast")
    assert len(paragraph_key(FOOTER)) == 16


def test_footer_and_see_also_repeated_by_every_story_are_removed() -> None:
    stripped = _run(_stories(4))
    assert split_paragraphs(stripped[2].body) == [
        "Story number 2 opens with its own lead paragraph.",
        "The council voted 2 times on the bridge.",
    ]
    assert stripped[2].provenance["boilerplate"] == "2 repeated paragraphs removed"


def test_paragraph_in_too_few_articles_is_kept() -> None:
    stripped = _run(_stories(2))
    assert FOOTER in stripped[0].body


def test_paragraph_shared_by_less_than_the_share_is_kept() -> None:
    others = [
        _article(10 + n, f"Unrelated story {n}.\n\nIt has no footer at all.") for n in range(7)
    ]
    stripped = _run(_stories(3) + others, min_files=3, min_share=0.5)
    assert FOOTER in stripped[0].body  # 3 of 10 articles: under half the source


def test_sources_are_counted_separately() -> None:
    mixed = _stories(2, source="Daily Planet") + _stories(2, source="Gotham Gazette")
    stripped = _run(mixed)
    assert all(FOOTER in article.body for article in stripped)


def test_source_falls_back_to_the_top_folder() -> None:
    stripped = _run(_stories(3, source=None, folder="planet"))
    assert FOOTER not in stripped[0].body
    unrelated = _run(_stories(2, source=None, folder="planet") + _stories(2, None, "gazette"))
    assert FOOTER in unrelated[0].body


def test_a_body_made_only_of_repeated_paragraphs_is_not_emptied() -> None:
    copies = [_article(n, f"{FOOTER}\n\n{SEE_ALSO}") for n in range(5)]
    stripped = _run(copies)
    assert stripped[0].body == f"{FOOTER}\n\n{SEE_ALSO}"
    assert "boilerplate" not in stripped[0].provenance


def test_a_paragraph_repeated_inside_one_article_counts_once() -> None:
    article = _article(1, f"{FOOTER}\n\nReal text here.\n\n{FOOTER}\n\n{FOOTER}")
    assert _run([article]) == [article]
