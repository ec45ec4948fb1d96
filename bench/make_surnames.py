"""Write indexer/data/surnames.txt: common US surnames that are not English words or places.

Source: the US Census Bureau's 1990 surname list (``dist.all.last``, public domain; shipped in
the MIT-licensed ``names`` package on PyPI). Kept: the RANK most common surnames, less every
name that the shared corpora write in lower case as a word ("king", "rice", "banks") and every
gazetteer place name ("England", "Paris"). The country tagger reads a risky place name followed
by one of them in a title-case headline as a person ("Paris Hilton Launches Perfume").

    pip download --no-deps names && tar xzf names-*.tar.gz
    .venv/bin/python -m bench.make_surnames names-0.3.0/names/dist.all.last
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

from bench.corpora import SOURCES, read_labelled, read_reuters
from indexer.tagging.gazetteer import load_gazetteer

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "indexer" / "data" / "surnames.txt"
RANK = 20_000
MIN_LOWER_CASE = 2  # written this often in lower case: an English word
HEADER = """\
# Common US surnames (US Census Bureau 1990, public domain), for telling "Paris Hilton" and
# "Jordan Klepper" from Paris and Jordan in title-case headlines. Made by bench/make_surnames.py:
# the 20,000 commonest, less English words ("King", "Rice", "Banks") and place names.
"""


def lower_case_words() -> Counter[str]:
    """Return how often each word is written in lower case in the shared corpora."""
    counts: Counter[str] = Counter()
    texts = [a.title + " " + a.body for _, a, _ in read_reuters()]
    texts += [i.title + " " + i.body for s in SOURCES for i in read_labelled(s)]
    for text in texts:
        counts.update(re.findall(r"\b[a-z]{2,}\b", text))
    return counts


def main() -> None:
    """Read the census list and write the surnames file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("census", type=Path, help="dist.all.last of the names package")
    census = parser.parse_args().census
    lines = census.read_text(encoding="ascii").splitlines()[:RANK]
    words, places = lower_case_words(), load_gazetteer()
    kept = [
        name.title()
        for name in (line.split()[0] for line in lines)
        if words[name.lower()] < MIN_LOWER_CASE and name.lower() not in places and len(name) > 2
    ]
    rows = [" ".join(kept[i : i + 12]) for i in range(0, len(kept), 12)]
    OUT.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    print(f"{len(kept):,} of {len(lines):,} surnames -> {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
