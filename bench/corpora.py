"""The shared corpora the benchmarks read (../shared/corpora), and their labelled splits."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from indexer.article import Article

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
REUTERS = CORPORA / "reuters21578"
BBC_TOPICS = {
    "business": "economy-business-finance", "politics": "politics", "sport": "sport",
    "tech": "science-technology", "entertainment": "arts-culture-entertainment-media",
}  # fmt: skip


_STORY = re.compile(r"<REUTERS (?P<attrs>[^>]*)>(?P<inner>.*?)</REUTERS>", re.S)


def _field(inner: str, name: str) -> str:
    match = re.search(rf"<{name}>(.*?)</{name}>", inner, re.S)
    return html.unescape(match.group(1)) if match else ""


def read_reuters() -> Iterator[tuple[dict[str, str], Article, list[str]]]:
    """Yield (attributes, article, gold place codes) for every Reuters story."""
    for path in sorted((CORPORA / "reuters21578").glob("reut2-*.sgm")):
        text = path.read_bytes().decode("latin-1")
        for story in _STORY.finditer(text):
            attrs = dict(re.findall(r'(\w+)="([^"]*)"', story.group("attrs")))
            inner = story.group("inner")
            places = re.findall(r"<D>(.*?)</D>", _field(inner, "PLACES"))
            dateline = " ".join(_field(inner, "DATELINE").split())
            body = _field(inner, "BODY").replace("\x03", "").strip()
            body = f"{dateline} {body}" if body and dateline else body
            title = " ".join(_field(inner, "TITLE").split())
            meta = {
                "places": places,
                "topics": re.findall(r"<D>(.*?)</D>", _field(inner, "TOPICS")),
            }
            article = Article(id=attrs["NEWID"], title=title, body=body, source_meta=meta)
            yield attrs, article, places


def read_bbc(parity: int) -> Iterator[tuple[int, str, str, str]]:
    """Yield (file number, title, body, IPTC slug) for BBC files whose number has this parity."""
    for folder, slug in BBC_TOPICS.items():
        for path in sorted((CORPORA / "bbc" / folder).glob("*.txt")):
            if int(path.stem) % 2 != parity:
                continue
            lines = path.read_bytes().decode("latin-1").strip().split("\n")
            yield int(path.stem), lines[0].strip(), "\n".join(lines[1:]).strip(), slug


HUFFPOST_TOPICS = {
    "POLITICS": "politics", "ENTERTAINMENT": "arts-culture-entertainment-media",
    "COMEDY": "arts-culture-entertainment-media", "MEDIA": "arts-culture-entertainment-media",
    "CULTURE & ARTS": "arts-culture-entertainment-media", "SPORTS": "sport",
    "CRIME": "crime-law-justice", "STYLE & BEAUTY": "lifestyle-leisure",
    "HOME & LIVING": "lifestyle-leisure", "FOOD & DRINK": "lifestyle-leisure",
    "TRAVEL": "lifestyle-leisure", "PARENTING": "lifestyle-leisure",
    "WEIRD NEWS": "human-interest", "ENVIRONMENT": "environment", "WELLNESS": "health",
    "BUSINESS": "economy-business-finance", "MONEY": "economy-business-finance",
    "TECH": "science-technology", "SCIENCE": "science-technology", "RELIGION": "religion",
    "EDUCATION": "education", "QUEER VOICES": "society", "BLACK VOICES": "society",
    "WOMEN": "society",
}  # fmt: skip


def is_training_item(item_id: str) -> bool:
    """Tell whether a HuffPost item is in the training half (odd last hex digit of its id)."""
    return int(item_id[-1], 16) % 2 == 1


def read_huffpost() -> list[dict]:
    """Return the HuffPost items."""
    path = CORPORA / "news-category-huffpost" / "news-category-huffpost.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# Topics of four sources of different kinds, each mapped to IPTC Media Topics. ``train`` marks a
# source's training half (the shipped model and the in-sample figures); the leave-one-source-out
# figures (bench/topic_eval.py) train on three whole sources and test on the fourth.
# BBC: odd-numbered files train. HuffPost: mapped sections, odd last hex digit of the id trains.
# Reuters: stories with TOPICS, economy-business-finance (labour for ``jobs``); LEWISSPLIT TRAIN
# trains. Wikinews: labelled by hand in tests/data/wikinews_topics.tsv (rule in its header);
# odd lines of the file train.
SOURCES = ("BBC", "HuffPost", "Reuters", "Wikinews")
WIKINEWS_LABELS = Path(__file__).resolve().parents[1] / "tests" / "data" / "wikinews_topics.tsv"


@dataclass(frozen=True)
class Labelled:
    """One article with its true primary topic."""

    source: str
    title: str
    body: str
    topic: str
    train: bool  # in the source's training half


def _bbc() -> Iterator[Labelled]:
    for parity in (1, 0):
        for number, title, body, slug in read_bbc(parity):
            yield Labelled("BBC", title, body, slug, number % 2 == 1)


def _huffpost() -> Iterator[Labelled]:
    for item in read_huffpost():
        slug = HUFFPOST_TOPICS.get(item["category"])
        if slug:
            train = is_training_item(item["id"])
            yield Labelled("HuffPost", item["title"], item["body"], slug, train)


HUFFPOST_BY_HAND = Path(__file__).resolve().parents[1] / "tests" / "data" / "huffpost_topics.tsv"
BBC_BY_HAND = Path(__file__).resolve().parents[1] / "tests" / "data" / "bbc_topics.tsv"


def read_hand_labels(path: Path) -> dict[str, str]:
    """Return {id: label} of a file of hand labels (``id<TAB>label[<TAB>title]``, comments
    after "#"; "-" marks a tie or none)."""
    labels = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            key, label = line.split("\t")[:2]
            labels[key] = label
    return labels


def huffpost_read_by_hand() -> list[tuple[Labelled, str]]:
    """Return the HuffPost items labelled by hand (tests/data/huffpost_topics.tsv, ties left
    out), each with its section's topic: (item with the hand-read topic, section topic)."""
    labels = read_hand_labels(HUFFPOST_BY_HAND)
    read = []
    for item in read_huffpost():
        slug = labels.get(item["id"], "-")
        if slug != "-":
            train = is_training_item(item["id"])
            labelled = Labelled("HuffPost", item["title"], item["body"], slug, train)
            read.append((labelled, HUFFPOST_TOPICS[item["category"]]))
    return read


def bbc_read_by_hand() -> list[tuple[Labelled, str]]:
    """Return the BBC stories read by hand (tests/data/bbc_topics.tsv, ties left out), each
    with its folder's topic: (story with the hand-read topic, folder topic)."""
    labels = read_hand_labels(BBC_BY_HAND)
    folders = {slug: folder for folder, slug in BBC_TOPICS.items()}
    read = []
    for number, title, body, slug in read_bbc(0):
        topic = labels.get(f"{folders[slug]}/{number:03d}", "-")
        if topic != "-":
            read.append((Labelled("BBC", title, body, topic, False), slug))
    return read


def _reuters() -> Iterator[Labelled]:
    for attrs, article, _ in read_reuters():
        topics = article.source_meta["topics"]
        if attrs.get("TOPICS") != "YES" or not topics or not article.body:
            continue
        slug = "labour" if "jobs" in topics else "economy-business-finance"
        split = attrs.get("LEWISSPLIT")
        if split in ("TRAIN", "TEST"):
            yield Labelled("Reuters", article.title, article.body, slug, split == "TRAIN")


def _wikinews() -> Iterator[Labelled]:
    labels = read_hand_labels(WIKINEWS_LABELS)
    path = CORPORA / "wikinews-en" / "wikinews-en.jsonl"
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        item = json.loads(line)
        slug = labels.get(item["id"], "-")
        if slug != "-":
            yield Labelled("Wikinews", item["title"], item["body"], slug, number % 2 == 1)


def read_labelled(source: str) -> list[Labelled]:
    """Return one source's labelled articles (both halves)."""
    readers = {"BBC": _bbc, "HuffPost": _huffpost, "Reuters": _reuters, "Wikinews": _wikinews}
    return list(readers[source]())
