"""Judge the topic tagger in-sample and across sources, and print one table.

In-sample: the shipped model (trained on every source's training half) on each source's other
half. Leave-one-source-out: a model trained by bench/train_topics.py on three whole sources,
tested on the fourth, for each of BBC, HuffPost, Reuters and Wikinews: how the tagger does on
news of a kind it has never seen. "short" is the same articles cut to a headline and two
sentences (HuffPost items are short already). Accuracy is the primary topic's; an article
left without a topic counts as wrong.

    .venv/bin/python -m bench.topic_eval [--no-cross]
"""

from __future__ import annotations

import argparse
import statistics
from collections.abc import Sequence

from bench.corpora import SOURCES, Labelled, read_labelled
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


def cross_source(settings: Settings | None = None) -> Figures:
    """Return each source's figures under a model trained on the three others."""
    labelled = {source: read_labelled(source) for source in SOURCES}
    figures = {}
    for held_out in SOURCES:
        rest = [item for source in SOURCES if source != held_out for item in labelled[source]]
        model = TopicModel.from_data(train(rest, settings))
        figures[held_out] = (*accuracy(labelled[held_out], model), len(labelled[held_out]))
    return figures


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
    print_table(table_rows(in_sample(), None if args.no_cross else cross_source()))


if __name__ == "__main__":
    main()
