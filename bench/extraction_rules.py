"""Judge the HTML extractor's word rules by cross-validation over the 87 development pages.

A "rule" is one alternative of the extractor's word lists: a class/id word of page furniture
(reading/html/blocks.py), a hidden class, a stock phrase or photo-credit pattern
(paragraphs.py), a positive class word (body.py). Each rule is switched off in turn and
every page re-extracted, giving each rule's effect on each page. Then, for each of the five
folds fixed in bench/extraction_folds.tsv, only the rules that help on the other four folds
are kept and the fold's pages are extracted with the rest switched off: the pooled held-out
F1 is what the rules are worth on pages they were not written for. Rules that change a
single page, for better or worse, are listed: they were fitted to that page.

    .venv/bin/python -m bench.extraction_rules     # ~150 passes over the 87 pages
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import indexer.reading.html.blocks as html_blocks
import indexer.reading.html.body as html_body
import indexer.reading.html.paragraphs as html_paragraphs
from bench.extraction_score import load_pages, precision_recall_f1, shingle_scores
from indexer.article import Article
from indexer.reading.html.page import extract_html

FOLDS = Path(__file__).resolve().parent / "extraction_folds.tsv"
# (module, constant, text before the alternatives, text after them) of each word list.
PATTERNS = (
    (html_blocks, "_BOILER_WORDS", r"(?:^|[\s_-])(?:", r")(?=$|[\s_-])"),
    (html_paragraphs, "_STOCK_PHRASES", "^(", r")\W*$"),
    (html_paragraphs, "_CREDIT", "", ""),
    (html_body, "_POSITIVE", "", ""),
)
Scores = list[tuple[float, float, float]]


@dataclass(frozen=True)
class Rule:
    """One alternative of a word list, switched off by removing it."""

    module: object
    constant: str
    item: str

    @property
    def name(self) -> str:
        return f"{self.constant}:{self.item}"


def split_alternatives(inner: str) -> list[str]:
    """Return the top-level alternatives of a regex fragment ("a|b(c|d)" -> ["a", "b(c|d)"])."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(inner):
        char = inner[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":
            i = inner.index("]", i + 2 if inner[i + 1] == "]" else i + 1)
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(inner[start:i])
            start = i + 1
        i += 1
    return [*parts, inner[start:]]


def all_rules() -> list[Rule]:
    """Return every rule of the word lists and hidden classes."""
    rules = []
    for module, constant, before, after in PATTERNS:
        source = getattr(module, constant).pattern
        inner = source[len(before) : len(source) - len(after)]
        rules += [Rule(module, constant, item) for item in split_alternatives(inner)]
    hidden = html_blocks._HIDDEN_CLASSES
    rules += [Rule(html_blocks, "_HIDDEN_CLASSES", item) for item in sorted(hidden)]
    return rules


@contextmanager
def switched_off(rules: list[Rule]) -> Iterator[None]:
    """Run the extractor with these rules removed from their lists, then restore them."""
    saved = {}
    for module, constant, before, after in PATTERNS:
        gone = {r.item for r in rules if r.constant == constant}
        original = getattr(module, constant)
        saved[(module, constant)] = original
        inner = original.pattern[len(before) : len(original.pattern) - len(after)]
        kept = [item for item in split_alternatives(inner) if item not in gone] or ["(?!)"]
        pattern = before + "|".join(kept) + after
        setattr(module, constant, re.compile(pattern, original.flags))
    hidden = html_blocks._HIDDEN_CLASSES
    html_blocks._HIDDEN_CLASSES = hidden - {
        r.item for r in rules if r.constant == "_HIDDEN_CLASSES"
    }
    try:
        yield
    finally:
        for (module, constant), original in saved.items():
            setattr(module, constant, original)
        html_blocks._HIDDEN_CLASSES = hidden


def page_scores(pages: list[tuple[str, bytes, str]]) -> Scores:
    """Return each page's normalised (tp, fp, fn) under the current rules."""
    scores = []
    for key, raw, truth in pages:
        result = extract_html(raw, f"{key}.html")
        body = result.body if isinstance(result, Article) else ""
        scores.append(shingle_scores(truth, body))
    return scores


def _f1(score: tuple[float, float, float]) -> float:
    tp, fp, fn = score
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def rule_effects(pages: list[tuple[str, bytes, str]], rules: list[Rule]) -> dict[Rule, list[float]]:
    """Return, per rule, each page's F1 gain from the rule (F1 with it minus F1 without)."""
    base = [_f1(s) for s in page_scores(pages)]
    effects = {}
    for rule in rules:
        with switched_off([rule]):
            without = [_f1(s) for s in page_scores(pages)]
        effects[rule] = [b - w for b, w in zip(base, without, strict=True)]
    return effects


def cross_validate(pages, folds: list[int], effects: dict[Rule, list[float]]) -> Scores:
    """Return held-out page scores, each fold extracted with only the rules its training
    folds support (a positive total F1 gain on them)."""
    held: dict[int, tuple[float, float, float]] = {}
    for fold in sorted(set(folds)):
        train = [i for i, f in enumerate(folds) if f != fold]
        dropped = [r for r, gain in effects.items() if sum(gain[i] for i in train) <= 0]
        test = [i for i, f in enumerate(folds) if f == fold]
        with switched_off(dropped):
            for i, score in zip(test, page_scores([pages[i] for i in test]), strict=True):
                held[i] = score
    return [held[i] for i in range(len(pages))]


def read_folds(keys: list[str]) -> list[int]:
    """Return each page's fold from bench/extraction_folds.tsv."""
    table = dict(
        line.split("\t") for line in FOLDS.read_text().splitlines() if not line.startswith("#")
    )
    return [int(table[key]) for key in keys]


def cross_validated_row(pages: list[tuple[str, bytes, str]]) -> str:
    """Return the table row of the five-fold cross-validated F1 (for bench/extraction.py)."""
    folds = read_folds([key for key, _, _ in pages])
    effects = rule_effects(pages, all_rules())
    precision, recall, f1 = precision_recall_f1(cross_validate(pages, folds, effects))
    name = "newsarchive, word rules 5-fold cross-validated"
    return f"| {name} | {precision:.3f} | {recall:.3f} | {f1:.3f} | | |"


def main() -> None:
    """Print in-sample and cross-validated F1, and the rules that fit one page."""
    pages = load_pages()
    folds = read_folds([key for key, _, _ in pages])
    rules = all_rules()
    effects = rule_effects(pages, rules)
    inside = precision_recall_f1(page_scores(pages))
    cross = precision_recall_f1(cross_validate(pages, folds, effects))
    print(f"{len(pages)} pages, {len(rules)} rules")
    print("| measure | precision | recall | F1 |\n| --- | --- | --- | --- |")
    print("| in-sample (every rule) | {:.3f} | {:.3f} | {:.3f} |".format(*inside))
    print("| 5-fold cross-validated rules | {:.3f} | {:.3f} | {:.3f} |".format(*cross))
    print("\nRules that change one page only (gain on that page):")
    for rule, gain in effects.items():
        changed = [(g, pages[i][0][:12]) for i, g in enumerate(gain) if abs(g) > 1e-9]
        if len(changed) == 1:
            print(f"  {rule.name}  {changed[0][1]}  {changed[0][0]:+.3f}")
    unused = [rule.name for rule, gain in effects.items() if not any(gain)]
    print(f"\nRules that change no page ({len(unused)}): {', '.join(unused)}")


if __name__ == "__main__":
    main()
