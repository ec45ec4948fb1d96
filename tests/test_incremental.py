"""`add` and `optimize` on a real index: a new generation sharing the live segments, grouping
with indexed near-duplicates as a rebuild does, bounded merging, searchable at once."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from corpus_files import json_line
from test_dedupe import STORY_A, STORY_B, WIRE, WIRE_EDITED
from whoosh import index as whoosh_index

from indexer import store
from indexer.build import add_paths, build_index
from indexer.incremental import MAX_SMALL_SEGMENTS
from indexer.schema import from_stored
from newsarchive.cli import cli
from newsarchive.settings import Settings
from search import Engine, SearchRequest

FILLER = " ".join(f"Filler story number {n} about the harvest in county {n}." for n in range(40))


def stored(index_dir: Path) -> dict[str, dict]:
    generation = store.current_generation(index_dir)
    with whoosh_index.open_dir(str(generation)).searcher() as searcher:
        return {fields["id"]: fields for fields in searcher.all_stored_fields()}


def segments(index_dir: Path) -> int:
    return len(store.open_live(index_dir)._segments())


def built(tmp_path: Path, more: int = 0) -> Settings:
    """An index built by a rebuild: the wire story on 1987-03-03, two other stories (and
    ``more`` short ones)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "base.jsonl").write_text(
        json_line("wire", "Freedonia raises rates", WIRE, date="1987-03-03")
        + json_line("flood", "Railway closed", STORY_A, date="1987-03-03")
        + json_line("library", "Library approved", STORY_B, date="1990-01-01")
        + "".join(json_line(f"brief-{n}", f"Brief {n}", f"Brief number {n}.") for n in range(more))
    )
    settings = Settings(index_dir=tmp_path / "index", source_dirs=(corpus,), workers=1)
    build_index(settings)
    return settings


def add_file(settings: Settings, tmp_path: Path, name: str, text: str) -> object:
    path = tmp_path / f"{name}.jsonl"
    path.write_text(text)
    return add_paths(settings, [path])


def test_add_publishes_a_new_generation_sharing_the_segments(tmp_path: Path) -> None:
    settings = built(tmp_path)
    old = store.current_generation(settings.index_dir)
    assert old is not None
    engine = Engine(settings)
    assert engine.count(SearchRequest(q="harvest")) == 0
    report = add_file(settings, tmp_path, "new", json_line("fill", "Harvest", FILLER))
    new = store.current_generation(settings.index_dir)
    assert new != old and report.generation == new.name  # type: ignore[attr-defined]
    shared = [p.name for p in old.glob("*.seg") if (new / p.name).exists()]
    assert shared and all((old / n).stat().st_ino == (new / n).stat().st_ino for n in shared)
    assert engine.count(SearchRequest(q="harvest")) == 1  # a running engine sees it at once
    assert whoosh_index.open_dir(str(old)).doc_count() == 3  # the old generation is unchanged
    engine.close()


def test_an_added_copy_joins_the_indexed_story_as_a_rebuild_groups_it(tmp_path: Path) -> None:
    settings = built(tmp_path)
    assert stored(settings.index_dir)["wire"].get("group") is None
    add_file(settings, tmp_path, "a", json_line("copy", "Rates up", WIRE_EDITED, date="1987-03-04"))
    docs = stored(settings.index_dir)
    assert docs["copy"]["group"] == docs["wire"]["group"] == "wire"  # named by the earliest
    earlier = json_line("early", "Rates", WIRE_EDITED + " Markets.", date="1987-03-02")
    add_file(settings, tmp_path, "b", earlier)
    docs = stored(settings.index_dir)
    assert {docs[i]["group"] for i in ("wire", "copy", "early")} == {"early"}
    assert docs["flood"].get("group") is None and docs["library"].get("group") is None
    far = json_line("far", "Rates again", WIRE_EDITED + " Later.", date="1989-03-04")
    add_file(settings, tmp_path, "c", far)
    assert stored(settings.index_dir)["far"].get("group") is None  # years apart: not grouped
    engine = Engine(settings)
    article = engine.get_article("copy")
    assert from_stored(docs["copy"]).title == article.title == "Rates up"
    engine.close()


def test_an_indexed_body_under_another_id_is_a_duplicate(tmp_path: Path) -> None:
    settings = built(tmp_path)
    report = add_file(
        settings, tmp_path, "d", json_line("again", "Flood", STORY_A, date="1987-03-03")
    )
    assert (report.indexed, report.duplicate_bodies) == (0, 1)  # type: ignore[attr-defined]
    assert "again" not in stored(settings.index_dir)
    assert report.unchanged  # type: ignore[attr-defined]


def test_an_add_with_nothing_to_index_publishes_nothing_and_says_so(tmp_path: Path) -> None:
    settings = built(tmp_path)
    live = store.current_generation(settings.index_dir)
    drop = tmp_path / "drop"
    drop.mkdir()
    (drop / "README.md").write_text("# About this folder\n")
    (drop / "prices.csv").write_text("a,b\n1,2\n")
    result = CliRunner().invoke(cli, ["--index", str(settings.index_dir), "add", str(drop)])
    assert result.exit_code == 0, result.output
    assert "Left out: 2 files" in result.output
    assert "no generation published, the live index is unchanged" in result.output
    assert store.current_generation(settings.index_dir) == live
    assert [p.name for p in settings.index_dir.iterdir() if p.name.startswith("gen-")] == [
        live.name  # type: ignore[union-attr]
    ]
    as_json = CliRunner().invoke(
        cli, ["--index", str(settings.index_dir), "add", str(drop), "--json"]
    )
    assert json.loads(as_json.output)["unchanged"] is True


def test_small_segments_are_merged_when_they_accumulate(tmp_path: Path) -> None:
    settings = built(tmp_path, more=27)
    base = segments(settings.index_dir)
    for n in range(MAX_SMALL_SEGMENTS + 3):
        body = f"{FILLER} Edition {n}."
        add_file(settings, tmp_path, f"f{n}", json_line(f"fill-{n}", f"Harvest {n}", body))
        assert segments(settings.index_dir) <= base + MAX_SMALL_SEGMENTS + 1
    assert len(stored(settings.index_dir)) == 30 + MAX_SMALL_SEGMENTS + 3


def test_optimize_merges_segments_and_keeps_every_article(tmp_path: Path) -> None:
    settings = built(tmp_path, more=27)
    for n in range(3):
        add_file(settings, tmp_path, f"o{n}", json_line(f"o-{n}", f"Harvest {n}", FILLER + str(n)))
    assert segments(settings.index_dir) == 4
    runner = CliRunner()
    result = runner.invoke(cli, ["--index", str(settings.index_dir), "optimize"])
    assert result.exit_code == 0, result.output
    assert "4 -> 2 segments" in result.output
    result = runner.invoke(cli, ["--index", str(settings.index_dir), "optimize", "--full"])
    assert "2 -> 1 segments" in result.output
    assert len(stored(settings.index_dir)) == 33
    engine = Engine(settings)
    assert engine.count(SearchRequest(q="harvest")) == 3
    engine.close()
    missing = runner.invoke(cli, ["--index", str(tmp_path / "none"), "optimize"])
    assert missing.exit_code == 1 and "rebuild" in missing.output
