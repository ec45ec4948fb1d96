"""Judge the topic tagger in-sample and across sources, and print one table.

In-sample: the shipped model (trained on every source's training half) on each source's other
half. Leave-one-source-out: a model trained by bench/train_topics.py on three whole sources,
tested on the fourth, for each of BBC, HuffPost, Reuters and Wikinews: how the tagger does on
news of a kind it has never seen. "short" is the same articles cut to a headline and two
sentences (HuffPost items are short already). Accuracy is the primary topic's; an article
left without a topic counts as wrong. HuffPost's labels are its sections: 295 of its items
read by hand (tests/data/huffpost_topics.tsv) tell how often a section is the topic a careful
reader files the item under, and how the tagger does against that reading; 195 BBC stories
read by hand (tests/data/bbc_topics.tsv) tell, where the tagger and the folder differ, which
of them the reading sides with.

    .venv/bin/python -m bench.topic_eval [--no-cross]
"""

from __future__ import annotations

import argparse
import statistics
from collections.abc import Sequence

from bench.corpora import (
    SOURCES,
    Labelled,
    bbc_read_by_hand,
    huffpost_read_by_hand,
    read_labelled,
)
from bench.train_topics import Settings, short_version, train
from indexer.tagging.topic_model import TopicModel
from indexer.tagging.topics import classify

Figures = dict[str, tuple[float, float, int]]  # source -> (accuracy, short accuracy, articles)


def accuracy(items: Sequence[Labelled], model: TopicModel | None = None) -> tuple[float, float]:
    """Return primary-topic accuracy on the articles and on their short versions."""
    right = short_right = 0
    for item in items:
        right += classify(item.title, item.body, model)[:1] == [item.topic]
        title, lead = short_version(item.title, item.body)
        short_right += classify(title, lead, model)[:1] == [item.topic]
    return right / max(1, len(items)), short_right / max(1, len(items))


def in_sample() -> Figures:
    """Return the shipped model's figures on each source's held-out half."""
    figures = {}
    for source in SOURCES:
        test = [item for item in read_labelled(source) if not item.train]
        figures[source] = (*accuracy(test), len(test))
    return figures


def cross_source(settings: Settings | None = None) -> tuple[Figures, dict[str, TopicModel]]:
    """Return each source's figures under a model trained on the three others, and the models
    (source held out -> model)."""
    labelled = {source: read_labelled(source) for source in SOURCES}
    figures, models = {}, {}
    for held_out in SOURCES:
        rest = [item for source in SOURCES if source != held_out for item in labelled[source]]
        models[held_out] = model = TopicModel.from_data(train(rest, settings))
        figures[held_out] = (*accuracy(labelled[held_out], model), len(labelled[held_out]))
    return figures, models


def read_by_hand_rows(huffpost_held_out: TopicModel | None) -> list[tuple[str, str, str]]:
    """Return rows on the items read by hand. HuffPost: how often its section labels agree with
    a careful reading (what any tagger scored against sections is bounded by), and the tagger
    against the reading, in-sample on the held-out half and (given the model trained without
    HuffPost) leave-one-source-out. BBC: where the tagger and the folder disagree, which of
    them the reading sides with."""
    read = huffpost_read_by_hand()
    agree = sum(item.topic == section for item, section in read) / len(read)
    held_out_half = [item for item, _ in read if not item.train]
    rows = [
        (f"HuffPost read by hand (n={len(read)}): sections agree", f"{agree:.3f}", ""),
        (
            f"  tagger against the reading, in-sample (n={len(held_out_half)})",
            f"{accuracy(held_out_half)[0]:.3f}",
            "",
        ),
    ]
    if huffpost_held_out:
        loso = accuracy([item for item, _ in read], huffpost_held_out)[0]
        rows.append(("  tagger against the reading, leave-one-source-out", f"{loso:.3f}", ""))
    return rows + _bbc_read_by_hand_rows()


def _bbc_read_by_hand_rows() -> list[tuple[str, str, str]]:
    rows = []
    disputed = [
        (item.topic, folder, tagged[0])
        for item, folder in bbc_read_by_hand()
        if (tagged := classify(item.title, item.body)[:1]) and tagged[0] != folder
    ]
    for name, side in (("the tagger", 2), ("the folder", 1)):
        share = sum(row[0] == row[side] for row in disputed) / max(1, len(disputed))
        measure = f"BBC read by hand, where tagger and folder differ (n={len(disputed)})"
        rows.append((f"{measure}: the reading is {name}'s", f"{share:.3f}", ""))
    return rows


def topic_rows(cross: bool = True) -> list[tuple[str, str, str]]:
    """Return every topic figure's (measure, value, target) rows (``cross``: with the four
    leave-one-source-out trainings)."""
    figures, models = cross_source() if cross else (None, {})
    return table_rows(in_sample(), figures) + read_by_hand_rows(models.get("HuffPost"))


def table_rows(inside: Figures, cross: Figures | None) -> list[tuple[str, str, str]]:
    """Return (measure, value, target) rows for the figures."""
    rows = []
    for source in SOURCES:
        acc, short, n = inside[source]
        target = ">= 0.95" if source == "BBC" else ""
        rows.append((f"{source} topic, in-sample (held-out half, n={n})", f"{acc:.3f}", target))
        rows.append((f"  {source} short items, in-sample", f"{short:.3f}", ""))
    if cross:
        for source in SOURCES:
            acc, short, n = cross[source]
            rows.append((f"{source} topic, leave-one-source-out (n={n})", f"{acc:.3f}", ">= 0.80"))
            rows.append((f"  {source} short items, leave-one-source-out", f"{short:.3f}", ""))
        mean = statistics.mean(acc for acc, _, _ in cross.values())
        rows.append(("Topic accuracy, leave-one-source-out mean", f"{mean:.3f}", ">= 0.85"))
    return rows


def print_table(rows: list[tuple[str, str, str]]) -> None:
    """Print (measure, value, target) rows as a Markdown table."""
    width = max(len(r[0]) for r in rows)
    print(f"| {'measure'.ljust(width)} | value | target |")
    print(f"| {'-' * width} | ----- | ------ |")
    for name, value, target in rows:
        print(f"| {name.ljust(width)} | {value} | {target} |")


def main() -> None:
    """Print the in-sample and (unless --no-cross) the cross-source figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-cross", action="store_true", help="skip the four trainings")
    args = parser.parse_args()
    print_table(topic_rows(cross=not args.no_cross))


if __name__ == "__main__":
    main()
