"""Ranking quality: nDCG@10, MAP and P@10 of the engine against plain BM25 engines.

Collections (each indexed once with the real rebuild pipeline, cached under ``bench/out/``):

- ``reuters`` (development set): Reuters-21578 and the 40 natural-language queries of
  ``../shared/relevance/reuters-topics`` (relevant = the stories labelled with the topic).
- ``reuters-read``: the development set with 166 of its top-10 pairs judged by a blind reading
  (``bench/reuters_read_judgments.tsv``: TOPICS labels are a proxy; of the 96 top-10 stories
  they call not relevant the reading judges 67 relevant), every other pair by the qrels.
- ``reuters-heldout-read``: the held-out set with its top-10 pairs read the same way
  (``bench/reuters_heldout_read_judgments.tsv``, 236 pairs).
- ``reuters-heldout`` (held out, the same kind): the same index and 31 queries for the other
  Reuters TOPICS with at least 8 stories, written in ``bench/reuters_heldout_queries.tsv``
  (relevant = the stories labelled with the topic): a ranking that only fits the 40
  development queries shows here.
- ``huffpost`` (held out, another kind): the 9,999 HuffPost items of
  ``../shared/corpora/news-category-huffpost`` (a headline and one or two sentences), queries
  written from the sections' descriptions in ``bench/heldout_queries.tsv``, relevant = the
  items of that section.
- ``huffpost-lead``: the same items whose headline is replaced by the lead's first eight words
  (news whose "headline" only repeats the start of the lead, as in old magazine archives).

Engines and forms: ``newsarchive`` with each query typed as it is and with its words OR-ed;
SQLite FTS5 ``bm25()`` with the words OR-ed and AND-ed; ``rank_bm25`` (BM25Okapi, words
OR-ed, our tokens and stems). Every run goes through ``../shared/relevance/score.py``.

Run: ``.venv/bin/python -m bench.relevance [--collection reuters] [--per-query]``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from bench.search import CORPORA, OUT, reuters_index, stored_articles
from indexer import store
from indexer.article import Article
from newsarchive.settings import Settings
from search import Engine, SearchRequest
from search.query.compile import stems_of
from search.selection import rank, select

PROJECT = Path(__file__).resolve().parents[1]

RELEVANCE = PROJECT.parent / "shared" / "relevance"
SCORE = RELEVANCE / "score.py"
HUFFPOST = CORPORA / "news-category-huffpost" / "news-category-huffpost.jsonl"
HELDOUT_QUERIES = PROJECT / "bench" / "heldout_queries.tsv"
REUTERS_HELDOUT_QUERIES = PROJECT / "bench" / "reuters_heldout_queries.tsv"
READ_JUDGMENTS = PROJECT / "bench" / "reuters_read_judgments.tsv"
HELDOUT_READ_JUDGMENTS = PROJECT / "bench" / "reuters_heldout_read_judgments.tsv"
REUTERS_SGML = CORPORA / "reuters21578"
DEPTH = 1000  # ranked documents a query, as trec_eval reads
LEAD_WORDS = 8
_WORD = re.compile(r"\w+")
Runs = dict[str, list[str]]  # query id -> document ids, best first


@dataclass
class Collection:
    name: str
    index_dir: Path
    queries: dict[str, str]  # query id -> text
    qrels: Path


def reuters() -> Collection:
    folder = RELEVANCE / "reuters-topics"
    queries = dict(line.split("\t", 1) for line in _lines(folder / "queries.tsv"))
    return Collection("reuters", reuters_index(), queries, folder / "qrels.txt")


def reuters_heldout() -> Collection:
    """Return the Reuters index with the held-out queries; qrels from the stories' TOPICS."""
    queries = dict(line.split("\t", 1) for line in _lines(REUTERS_HELDOUT_QUERIES))
    qrels = OUT / "reuters-heldout" / "qrels.txt"
    if not qrels.exists():
        qrels.parent.mkdir(parents=True, exist_ok=True)
        story = re.compile(r'<REUTERS[^>]*NEWID="(\d+)"[^>]*>(.*?)</REUTERS>', re.S)
        topics = re.compile(r"<TOPICS>(.*?)</TOPICS>", re.S)
        lines = []
        for path in sorted(REUTERS_SGML.glob("reut2-*.sgm")):
            for newid, text in story.findall(path.read_text(encoding="latin-1")):
                found = topics.search(text)
                for code in re.findall(r"<D>(.*?)</D>", found.group(1) if found else ""):
                    if code in queries:
                        lines.append(f"{code} 0 reuters21578-{newid} 1\n")
        qrels.write_text("".join(lines))
    return Collection("reuters-heldout", reuters_index(), queries, qrels)


def read_by_hand(collection: Collection, judgments: Path) -> Collection:
    """Return the collection with the pairs read by hand judged by the reading (a TSV of
    ``query, document, 0|1, headline``) and every other pair by its qrels."""
    read = {}
    for line in _lines(judgments):
        query, doc, judged, _ = line.split("\t")
        read[(query, doc)] = judged
    lines = []
    for line in collection.qrels.open():
        query, _, doc, _ = line.split()
        if (query, doc) not in read:
            lines.append(line)
    lines += [f"{q} 0 {doc} 1\n" for (q, doc), judged in read.items() if judged == "1"]
    name = f"{collection.name}-read"
    qrels = OUT / name / "qrels.txt"
    qrels.parent.mkdir(parents=True, exist_ok=True)
    qrels.write_text("".join(lines))
    return Collection(name, collection.index_dir, collection.queries, qrels)


def huffpost(lead_as_headline: bool) -> Collection:
    """Return the HuffPost collection (headlines kept, or replaced by the lead's start)."""
    name = "huffpost-lead" if lead_as_headline else "huffpost"
    folder = OUT / name
    corpus, qrels = folder / "corpus" / "items.jsonl", folder / "qrels.txt"
    rows = [line.split("\t") for line in _lines(HELDOUT_QUERIES)]
    queries = {code: text for code, _, text in rows}
    if not qrels.exists():
        corpus.parent.mkdir(parents=True, exist_ok=True)
        sections = {section: code for code, section, _ in rows}
        with corpus.open("w") as items, qrels.open("w") as judged:
            for line in HUFFPOST.open():
                item = json.loads(line)
                if lead_as_headline:
                    item["title"] = " ".join(item["body"].split()[:LEAD_WORDS]) or item["title"]
                items.write(json.dumps(item) + "\n")
                code = sections.get(item["category"])
                if code:
                    judged.write(f"{code} 0 {item['id']} 1\n")
    index_dir = folder / "index"
    if store.generation_name(index_dir) is None:
        from indexer.build import build_index

        print(f"building the {name} index (once) ...", file=sys.stderr)
        build_index(Settings(index_dir=index_dir, source_dirs=(corpus.parent,)))
    return Collection(name, index_dir, queries, qrels)


def _lines(path: Path) -> Iterable[str]:
    """Yield the lines of a TSV file, comments and blank lines left out."""
    for line in path.open():
        if line.strip() and not line.startswith("#"):
            yield line.rstrip("\n")


def or_form(text: str) -> str:
    """Return the query's words joined by OR (what the issue calls "the same words OR-ed")."""
    return " OR ".join(_WORD.findall(text))


def engine_runs(engine: Engine, queries: dict[str, str], form: Callable[[str], str]) -> Runs:
    """Rank each query through the engine's own selection and scoring (no collapsing)."""
    view = engine.current_view()
    stored = view.searcher.reader().stored_fields
    runs = {}
    for qid, text in queries.items():
        request = SearchRequest(q=form(text), collapse=False)
        chosen = select(view, request, engine.settings)
        ranked = rank(view, chosen, request, 0, DEPTH)
        runs[qid] = [stored(docnum)["id"] for _, docnum in ranked]
    return runs


def fts_runs(articles: list[Article], path: Path, queries: dict[str, str], joiner: str) -> Runs:
    """Rank each query with SQLite FTS5's bm25() (porter stemmer), words joined by ``joiner``."""
    if not path.exists():  # built aside, then renamed: a run at once never reads half of it
        building = path.with_name(f"{path.name}.{os.getpid()}")
        db = sqlite3.connect(building)
        db.execute(
            "CREATE VIRTUAL TABLE fts USING fts5(id UNINDEXED, title, body, tokenize=porter)"
        )
        db.executemany(
            "INSERT INTO fts VALUES (?,?,?)", ((a.id, a.title, a.body) for a in articles)
        )
        db.commit()
        db.close()
        os.replace(building, path)
    db = sqlite3.connect(path)
    runs = {}
    for qid, text in queries.items():
        match = f" {joiner} ".join(f'"{w}"' for w in _WORD.findall(text))
        sql = "SELECT id FROM fts WHERE fts MATCH ? ORDER BY bm25(fts) LIMIT ?"
        runs[qid] = [row[0] for row in db.execute(sql, (match, DEPTH))]
    db.close()
    return runs


def rank_bm25_runs(articles: list[Article], queries: dict[str, str]) -> Runs:
    """Rank each query with rank_bm25's BM25Okapi over title + body (our stems)."""
    from rank_bm25 import BM25Okapi

    model = BM25Okapi([stems_of(f"{a.title}\n{a.body}") for a in articles])
    runs = {}
    for qid, text in queries.items():
        scores = model.get_scores(stems_of(text))
        best = sorted(range(len(articles)), key=lambda i: -scores[i])[:DEPTH]
        runs[qid] = [articles[i].id for i in best if scores[i] > 0]
    return runs


def score(qrels: Path, runs: Runs, name: str, per_query: bool) -> dict[str, float]:
    """Return MAP, nDCG@10, P@10 and Recall@100 of a run, as ``score.py`` computes them."""
    run_file = OUT / "runs" / f"{name}.jsonl"
    run_file.parent.mkdir(parents=True, exist_ok=True)
    written = run_file.with_name(f".{name}.{os.getpid()}.jsonl")  # two runs at once: no mix-up
    with written.open("w") as out:
        for qid, docids in runs.items():
            out.write(json.dumps({"qid": qid, "docids": docids}) + "\n")
    extra = ["--per-query"] if per_query else []
    output = subprocess.run(
        [sys.executable, str(SCORE), str(qrels), str(written), *extra],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    os.replace(written, run_file)  # the last run of each name is kept for reading
    if per_query:
        print(f"--- {name}\n" + "\n".join(output.splitlines()[:-6]))
    measures = {}
    for line in output.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] in ("MAP", "nDCG@10", "P@10", "Recall@100"):
            measures[parts[0]] = float(parts[1])
    return measures


def evaluate(
    collection: Collection, per_query: bool, engines: list[str]
) -> list[tuple[str, str, dict, float]]:
    """Return (engine, form, measures, ms per query) for every engine and form."""
    engine = Engine(Settings(index_dir=collection.index_dir))
    articles = stored_articles(collection.index_dir)
    fts = OUT / f"relevance-{collection.name}.sqlite"
    runners: list[tuple[str, str, Callable[[], Runs]]] = [
        ("newsarchive", "typed", lambda: engine_runs(engine, collection.queries, str)),
        ("newsarchive", "OR", lambda: engine_runs(engine, collection.queries, or_form)),
        ("FTS5 bm25", "OR", lambda: fts_runs(articles, fts, collection.queries, "OR")),
        ("FTS5 bm25", "AND", lambda: fts_runs(articles, fts, collection.queries, "AND")),
        ("rank_bm25", "OR", lambda: rank_bm25_runs(articles, collection.queries)),
    ]
    rows = []
    for name, form, runner in runners:
        if engines and name.split()[0] not in engines:
            continue
        started = time.perf_counter()
        runs = runner()
        elapsed = (time.perf_counter() - started) * 1000 / len(collection.queries)
        tag = f"{collection.name}-{name.split()[0].lower()}-{form.lower()}"
        rows.append((name, form, score(collection.qrels, runs, tag, per_query), elapsed))
    engine.close()
    return rows


COLLECTIONS: dict[str, Callable[[], Collection]] = {
    "reuters": reuters,
    "reuters-read": lambda: read_by_hand(reuters(), READ_JUDGMENTS),
    "reuters-heldout": reuters_heldout,
    "reuters-heldout-read": lambda: read_by_hand(reuters_heldout(), HELDOUT_READ_JUDGMENTS),
    "huffpost": lambda: huffpost(False),
    "huffpost-lead": lambda: huffpost(True),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--collection",
        action="append",
        choices=tuple(COLLECTIONS),
    )
    parser.add_argument(
        "--engine", action="append", choices=("newsarchive", "FTS5", "rank_bm25"), default=[]
    )
    parser.add_argument("--per-query", action="store_true", help="print each query's measures")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    print("| collection | engine | form | nDCG@10 | MAP | P@10 | R@100 | ms/query |")
    print("|---|---|---|---|---|---|---|---|")
    for name in args.collection or list(COLLECTIONS):
        collection = COLLECTIONS[name]()
        for engine, form, m, ms in evaluate(collection, args.per_query, args.engine):
            print(
                f"| {name} ({len(collection.queries)} q) | {engine} | {form} "
                f"| {m['nDCG@10']:.3f} | {m['MAP']:.3f} | {m['P@10']:.3f} "
                f"| {m['Recall@100']:.3f} | {ms:.0f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
