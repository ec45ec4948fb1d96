"""The relevance judgments read by hand that bench/relevance.py scores the `reuters-read`
collection with: well formed, and only for the development queries."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
JUDGMENTS = ROOT / "bench" / "reuters_read_judgments.tsv"
DEV_QUERIES = ROOT.parent / "shared" / "relevance" / "reuters-topics" / "queries.tsv"


def test_the_judgments_read_by_hand_are_one_per_pair_and_binary() -> None:
    rows = [line.split("\t") for line in JUDGMENTS.read_text().splitlines() if line[:1] != "#"]
    assert len(rows) == 166
    assert len({(query, doc) for query, doc, _, _ in rows}) == len(rows)
    assert {judged for _, _, judged, _ in rows} == {"0", "1"}
    assert all(doc.startswith("reuters21578-") for _, doc, _, _ in rows)
    if DEV_QUERIES.exists():
        codes = {line.split("\t")[0] for line in DEV_QUERIES.read_text().splitlines()}
        assert {query for query, _, _, _ in rows} <= codes
