"""Benchmark the country and topic taggers and print one table.

Countries: Reuters-21578 PLACES (TEST stories with TOPICS="YES", PLACES and BODY; tune with
``--split TRAIN``) and 100 BBC stories labelled by hand (tests/data/bbc_countries.tsv, with the
rule followed), a source the tagger was not tuned on, and 150 Wikinews stories labelled by hand
(tests/data/wikinews_countries.tsv, by an annotator who saw no tagger output). Topics
(bench/topic_eval.py): primary topic accuracy in-sample (each source's held-out half) and
leave-one-source-out over BBC, HuffPost, Reuters and Wikinews (four trainings; ``--no-cross``
skips them), and the stories read by hand.
Throughput: articles/s of ``taggers.tag`` on the Reuters stories.

    .venv/bin/python -m bench.taggers [--split TRAIN|TEST] [--errors N] [--no-cross]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

from bench.corpora import CORPORA, read_hand_labels, read_reuters
from bench.topic_eval import print_table, topic_rows
from indexer.tagging.countries import tag_countries
from indexer.tagging.gazetteer import load_gazetteer
from indexer.tagging.taggers import tag

ROOT = Path(__file__).resolve().parents[1]

# Reuters place codes with no ISO name of their own. Dissolved states keep their ISO 3166-3
# former codes (as the tagger does, indexer/data/README.md); renamed ones map to today's state.
REUTERS_PLACES = {
    "usa": "US", "uk": "GB", "ussr": "SU", "west-germany": "DE", "east-germany": "DD",
    "czechoslovakia": "CS", "yugoslavia": "YU", "zaire": "CD", "kampuchea": "KH",
    "netherlands-antilles": "CW", "yemen-arab-republic": "YE", "yemen-demo-republic": "YE",
    "uae": "AE", "trinidad-tobago": "TT", "congo": "CG", "burma": "MM",
}  # fmt: skip


def reuters_gold(place: str) -> str | None:
    """Map a Reuters place code to ISO alpha-2."""
    if place in REUTERS_PLACES:
        return REUTERS_PLACES[place]
    entry = load_gazetteer().get(place.replace("-", " "))
    return entry.code if entry else None


def evaluate_countries(split: str, errors: int) -> dict[str, float]:
    """Return micro P/R/F1, macro-F1 and first-country accuracy on one LEWISSPLIT."""
    tp = fp = fn = first_ok = stories = 0
    per_country: Counter[tuple[str, str]] = Counter()
    gold_count: Counter[str] = Counter()
    shown = 0
    for attrs, article, places in read_reuters():
        if attrs.get("LEWISSPLIT") != split or attrs.get("TOPICS") != "YES":
            continue
        if not places or not article.body:
            continue
        gold = [code for code in map(reuters_gold, places) if code]
        gold = list(dict.fromkeys(gold))
        got = list(tag_countries(article.title, article.body))
        stories += 1
        first_ok += bool(got) and got[0] == gold[0]
        for code in set(gold) | set(got):
            gold_count[code] += code in gold
            outcome = "tp" if code in gold and code in got else "fn" if code in gold else "fp"
            per_country[(code, outcome)] += 1
        tp += len(set(gold) & set(got))
        fp += len(set(got) - set(gold))
        fn += len(set(gold) - set(got))
        if shown < errors and set(gold) != set(got):
            shown += 1
            print(f"{article.id}: gold={gold} got={got} | {article.title}", file=sys.stderr)
    precision, recall = tp / max(1, tp + fp), tp / max(1, tp + fn)
    f1s = _country_f1s(per_country, gold_count)
    return {
        "stories": stories,
        "precision": precision,
        "recall": recall,
        "f1": 2 * precision * recall / max(1e-9, precision + recall),
        "macro_f1": sum(f1s) / max(1, len(f1s)),
        "macro_countries": len(f1s),
        "first_accuracy": first_ok / max(1, stories),
    }


def _country_f1s(outcomes: Counter[tuple[str, str]], gold_count: Counter[str]) -> list[float]:
    """Return F1 of each country with at least 10 gold stories."""
    f1s = []
    for code, count in gold_count.items():
        if count >= 10:
            tp, fp, fn = (outcomes[(code, kind)] for kind in ("tp", "fp", "fn"))
            f1s.append(2 * tp / max(1, 2 * tp + fp + fn))
    return f1s


BBC_COUNTRY_LABELS = ROOT / "tests" / "data" / "bbc_countries.tsv"
WIKINEWS_COUNTRY_LABELS = ROOT / "tests" / "data" / "wikinews_countries.tsv"


def evaluate_bbc_countries() -> tuple[float, float, float]:
    """Return micro precision, recall and F1 on the 100 hand-labelled BBC stories."""
    stories = []
    for name, codes in _countries_by_hand(BBC_COUNTRY_LABELS):
        lines = (CORPORA / "bbc" / f"{name}.txt").read_bytes().decode("latin-1").split("\n")
        stories.append((lines[0].strip(), "\n".join(lines[1:]).strip(), codes))
    return _micro_scores(stories)


def evaluate_wikinews_countries() -> tuple[float, float, float]:
    """Return micro precision, recall and F1 on the 150 hand-labelled Wikinews stories."""
    path = CORPORA / "wikinews-en" / "wikinews-en.jsonl"
    items = {item["id"]: item for item in map(json.loads, path.read_text("utf-8").splitlines())}
    return _micro_scores(
        [
            (items[key]["title"], items[key]["body"], codes)
            for key, codes in _countries_by_hand(WIKINEWS_COUNTRY_LABELS)
        ]
    )


def _countries_by_hand(path: Path) -> list[tuple[str, set[str]]]:
    """Return (story key, countries) of a file of hand labels ("-": none)."""
    labels = read_hand_labels(path)
    return [
        (key, set() if codes == "-" else set(codes.split(","))) for key, codes in labels.items()
    ]


def _micro_scores(stories: list[tuple[str, str, set[str]]]) -> tuple[float, float, float]:
    """Return micro precision, recall and F1 of the tagger on (title, body, countries)."""
    tp = fp = fn = 0
    for title, body, gold in stories:
        got = set(tag_countries(title, body))
        tp, fp, fn = tp + len(gold & got), fp + len(got - gold), fn + len(gold - got)
    precision, recall = tp / max(1, tp + fp), tp / max(1, tp + fn)
    return precision, recall, 2 * precision * recall / max(1e-9, precision + recall)


def measure_throughput() -> tuple[float, float, int]:
    """Return tagging speed (articles/s, wall clock and CPU time) over the Reuters stories."""
    articles = [article for _, article, _ in read_reuters() if article.body]
    tag(articles[0])  # build the matcher and load the model outside the timing
    wall, cpu = time.perf_counter(), time.process_time()
    for article in articles:
        tag(article)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return len(articles) / wall, len(articles) / cpu, len(articles)


def main() -> None:
    """Run every measurement and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="TEST", choices=["TRAIN", "TEST"])
    parser.add_argument("--errors", type=int, default=0, help="print N wrong stories to stderr")
    parser.add_argument("--skip-speed", action="store_true")
    parser.add_argument("--no-cross", action="store_true", help="skip leave-one-source-out")
    args = parser.parse_args()
    c = evaluate_countries(args.split, args.errors)
    bbc_p, bbc_r, bbc_f1 = evaluate_bbc_countries()
    wiki_p, wiki_r, wiki_f1 = evaluate_wikinews_countries()
    rows = [
        (f"Reuters {args.split} countries: stories", f"{c['stories']}", ""),
        ("  micro precision", f"{c['precision']:.3f}", ""),
        ("  micro recall", f"{c['recall']:.3f}", ""),
        ("  micro F1", f"{c['f1']:.3f}", ">= 0.93"),
        (
            f"  macro F1 ({c['macro_countries']} countries >= 10 stories)",
            f"{c['macro_f1']:.3f}",
            "",
        ),
        ("  first-country accuracy", f"{c['first_accuracy']:.3f}", ">= 0.90"),
        ("BBC countries, 100 stories labelled by hand: micro precision", f"{bbc_p:.3f}", ""),
        ("  micro recall", f"{bbc_r:.3f}", ""),
        ("  micro F1", f"{bbc_f1:.3f}", ">= 0.85"),
        ("Wikinews countries, 150 stories labelled by hand: micro precision", f"{wiki_p:.3f}", ""),
        ("  micro recall", f"{wiki_r:.3f}", ""),
        ("  micro F1", f"{wiki_f1:.3f}", ""),
    ]
    rows += topic_rows(cross=not args.no_cross)
    if not args.skip_speed:
        wall, cpu, n = measure_throughput()
        rows.append(
            (f"Tagging throughput, wall clock (Reuters, {n} articles)", f"{wall:,.0f}/s", "")
        )
        rows.append(("Tagging throughput, CPU time of the process", f"{cpu:,.0f}/s", ""))
    print_table(rows)


if __name__ == "__main__":
    main()
