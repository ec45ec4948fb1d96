"""Rebuild and add on real whoosh indexes: counts, skips, duplicates, ids, locking, atomic swap."""

from __future__ import annotations

import dataclasses
import errno
import gc
import gzip
import io
import json
import os
import signal
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest
from corpus_files import HTML_PAGE, json_line, write_small_corpus

from indexer import store
from indexer.article import Article
from indexer.build import _os_errors_explained, add_paths, build_index
from indexer.extract_phase import extract_corpus
from indexer.passes.corpus_passes import CorpusPasses, fingerprint_of, spool_record
from indexer.progress import Progress
from indexer.report import IndexReport
from newsarchive.errors import AppError, IndexLocked, SourceMissing
from newsarchive.settings import Settings
from search import Engine, SearchRequest

PROJECT = Path(__file__).resolve().parents[1]
GOOD_IDS = {
    "feed-1", "feed-2", "bbc-business-001", "pages-grain", "pages-harbour-deal",
    "reuters21578-1", "reuters21578-2",
}  # fmt: skip


def write_bad_files(folder: Path, good_line: bool = True) -> None:
    """One file for each kind of bad input the issue lists (the JSON Lines file has one good
    line unless ``good_line`` is false)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "junk.html").write_bytes(bytes(range(256)) * 64)
    (folder / "cut.html.gz").write_bytes(gzip.compress(HTML_PAGE.encode())[:200])
    (folder / "broken.sgm").write_bytes(b"<REUTERS NEWID='x'>never closed")
    good = json_line("bad-1", "Fine", "A fine line.") if good_line else ""
    (folder / "lines.jsonl").write_text(good + "{oops\n")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "huge.txt").write_bytes(b"y" * (21 * 1024 * 1024))
    (folder / "dangling.html").symlink_to(folder / "nothing-here.html")


def ids_in(index_dir: Path) -> set[str]:
    with store.open_live(index_dir).searcher() as searcher:
        return {fields["id"] for fields in searcher.all_stored_fields()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_small_corpus(tmp_path_factory.mktemp("corpus"))
    write_bad_files(root / "bad")
    return root


@pytest.fixture(scope="module")
def built(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, IndexReport]:
    settings = Settings(index_dir=tmp_path_factory.mktemp("built") / "index", source_dirs=(corpus,))
    return settings, build_index(settings)


def test_rebuild_indexes_every_kind_and_lists_skips(built: tuple[Settings, IndexReport]) -> None:
    settings, report = built
    assert (report.indexed, report.files, report.duplicates) == (8, 11, 0)
    assert sorted(str(skip) for skip in report.skipped) == [
        "bad/broken.sgm:1: malformed SGML: <REUTERS> story without </REUTERS>",
        "bad/cut.html.gz: cannot decompress: truncated",
        "bad/dangling.html: cannot read: broken symbolic link",
        "bad/empty.txt: empty file",
        "bad/huge.txt: too large for one article (21 MB > limit)",
        "bad/junk.html: not HTML (binary data)",
        "bad/lines.jsonl:2: not valid JSON (Expecting property name enclosed in double quotes)",
    ]
    assert ids_in(settings.index_dir) == GOOD_IDS | {"bad-1"}
    engine = Engine(settings)
    hits = engine.search(SearchRequest(q="cocoa")).hits
    engine.close()
    assert [hit.article.id for hit in hits] == ["reuters21578-1"]
    info = store.read_build_info(settings.index_dir)
    assert info["articles"] == 8 and info["generation"] == report.generation
    assert not list(settings.index_dir.glob(".building-*"))
    assert not list(settings.index_dir.rglob("*.spool.*"))


def test_ids_are_stable_across_rebuilds(corpus: Path, tmp_path: Path) -> None:
    settings = Settings(index_dir=tmp_path / "index", source_dirs=(corpus,))
    first = build_index(settings)
    first_ids = ids_in(settings.index_dir)
    second = build_index(settings)
    assert ids_in(settings.index_dir) == first_ids == GOOD_IDS | {"bad-1"}
    assert second.generation != first.generation


def test_duplicates_last_id_wins_and_same_body_indexed_once(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.jsonl").write_text(
        json_line("x", "First version", "The first version of the story.")
        + json_line("y", "Copy", "Exactly  the same text.")
        + json_line("x", "Second version", "The corrected version of the story.")
    )
    (corpus / "b.jsonl").write_text(json_line("z", "Copy again", "exactly the same TEXT."))
    settings = Settings(index_dir=tmp_path / "index", source_dirs=(corpus,))
    report = build_index(settings)
    assert (report.read, report.indexed, report.duplicate_ids, report.duplicate_bodies) == (
        4, 2, 1, 1,
    )  # fmt: skip
    engine = Engine(settings)
    assert engine.get_article("x").title == "Second version"
    engine.close()
    assert ids_in(settings.index_dir) == {"x", "y"}


def test_the_progress_bar_expects_the_articles_left_after_duplicates() -> None:
    bodies = [
        "Story one.",
        "Exactly the same text.",
        "Story one, corrected.",
        "exactly the SAME text.",
    ]
    articles = [
        Article(id=id_, title=f"Title {n}", body=body)
        for n, (id_, body) in enumerate(zip(["x", "y", "x", "z"], bodies, strict=True))
    ]
    passes = CorpusPasses()
    records = [spool_record(article, passes.add(article)) for article in articles]
    passes.finish()
    chosen = [a.id for a in passes.select(iter(records), IndexReport())]
    assert chosen == ["y", "x"] and passes.expected() == len(chosen)


def test_finished_passes_keep_no_table_of_every_article() -> None:
    # What select needs after finish is a few decisions; the signatures, ids and body keys
    # of phase 1 (~600 bytes an article) would be shared with, and partly copied into, the
    # writer processes of a million-article rebuild.
    articles = [
        Article(id=f"a{n}", title=f"Story {n}", body=" ".join(f"w{n * 97 + k}" for k in range(40)))
        for n in range(3000)
    ]
    prints = [fingerprint_of(article) for article in articles]  # workers compute them
    tracemalloc.start()
    try:
        passes = CorpusPasses()
        records = [
            spool_record(article, passes.add(article, found), pickled=False)
            for article, found in zip(articles, prints, strict=True)
        ]
        held_while_adding = tracemalloc.get_traced_memory()[0]
        passes.finish()
        del records
        gc.collect()
        held = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert held_while_adding > 300 * len(articles)  # the test sees the tables
    assert held < 60 * len(articles), held / len(articles)
    assert passes.expected() == len(articles)


def test_nothing_indexable_keeps_the_previous_index(built: tuple[Settings, IndexReport]) -> None:
    settings, report = built
    bad = settings.index_dir.parent / "only-bad"
    write_bad_files(bad, good_line=False)
    with pytest.raises(AppError, match="Nothing to index under .*previous index.*stays live"):
        build_index(Settings(index_dir=settings.index_dir, source_dirs=(bad,)))
    assert store.generation_name(settings.index_dir) == report.generation
    assert not list(settings.index_dir.glob(".building-*"))


def test_missing_corpus_path_is_refused_before_anything(tmp_path: Path) -> None:
    settings = Settings(index_dir=tmp_path / "index", source_dirs=(tmp_path / "nope",))
    with pytest.raises(SourceMissing, match="nope"):
        build_index(settings)
    assert not (tmp_path / "index").exists()


def test_a_second_writer_is_refused(tmp_path: Path, corpus: Path) -> None:
    settings = Settings(index_dir=tmp_path / "index", source_dirs=(corpus,))
    with store.writer_lock(settings.index_dir):
        with pytest.raises(IndexLocked, match="Another newsarchive process is writing"):
            build_index(settings)
        with pytest.raises(IndexLocked):
            add_paths(settings, [corpus / "feed.jsonl"])


def test_add_creates_then_adds_then_replaces(tmp_path: Path) -> None:
    settings = Settings(index_dir=tmp_path / "index")
    one = tmp_path / "one.jsonl"
    one.write_text(json_line("a", "Alpha", "The first article."))
    created = add_paths(settings, [one])
    assert (created.indexed, created.replaced) == (1, 0)
    two = tmp_path / "two.jsonl"
    two.write_text(json_line("b", "Beta", "The second article."))
    assert add_paths(settings, [two]).indexed == 1
    one.write_text(json_line("a", "Alpha, updated", "The first article, corrected."))
    replaced = add_paths(settings, [one])
    assert (replaced.indexed, replaced.replaced) == (1, 1)
    assert ids_in(settings.index_dir) == {"a", "b"}
    engine = Engine(settings)
    assert engine.get_article("a").title == "Alpha, updated"
    engine.close()
    assert store.read_build_info(settings.index_dir)["articles"] == 2


def test_leftover_building_folder_is_removed_by_the_next_rebuild(
    tmp_path: Path, corpus: Path
) -> None:
    settings = Settings(index_dir=tmp_path / "index", source_dirs=(corpus / "feed.jsonl",))
    leftover = tmp_path / "index" / ".building-20200101T000000-1"
    leftover.mkdir(parents=True)
    (leftover / "half-written.seg").write_bytes(b"x")
    build_index(settings)
    assert not leftover.exists()


def test_parallel_extraction_gives_the_same_articles_in_the_same_order(corpus: Path) -> None:
    def items(workers: int) -> list[str]:
        run = extract_corpus([corpus], workers, min_parallel_bytes=0)
        return [json.dumps(i.to_dict() if isinstance(i, Article) else str(i)) for d in
                run.results for i in d.items]  # fmt: skip

    single = items(1)
    assert len(single) == 14 and items(2) == single  # 8 articles, 6 skips


@pytest.mark.slow
def test_parallel_rebuild_indexes_what_a_single_process_does(tmp_path: Path) -> None:
    corpus = _big_corpus(tmp_path / "big", 2500)
    (corpus / "big.jsonl").write_text((corpus / "big.jsonl").read_text() * 2)  # over 2 MB
    reports = []
    for workers in (1, 2):
        settings = Settings(index_dir=tmp_path / f"i{workers}", source_dirs=(corpus,))
        reports.append(build_index(dataclasses.replace(settings, workers=workers)))
        assert ids_in(settings.index_dir) == {f"big-{n}" for n in range(2500)}
    assert [r.to_dict()["duplicate_ids"] for r in reports] == [2500, 2500]
    assert _search(tmp_path / "i2", "harvest") == _search(tmp_path / "i1", "harvest")


def test_progress_is_plain_lines_off_a_terminal() -> None:
    stream = io.StringIO()
    progress = Progress(stream, total_files=4, total_bytes=400)
    progress.advance(files=1, nbytes=100, articles=10)
    progress.set_phase("writing", to_write=10)
    assert "\r" not in stream.getvalue() and stream.getvalue().count("\n") <= 1
    line = progress.line()
    assert line.startswith("writing: 0/10 articles · ") and "[" not in line


def test_progress_guesses_no_end_from_the_first_file() -> None:
    progress = Progress(io.StringIO(), total_files=2253, total_bytes=36_000_000)
    progress.advance(files=1, nbytes=2_000, articles=1)  # start-up costs would say 7 hours
    line = progress.line()
    assert "ETA" not in line and "elapsed 0:00" in line
    assert line.startswith("reading: files 1/2,253 · 1 article · ")


def test_progress_redraws_one_line_on_a_terminal() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Terminal()
    progress = Progress(stream, total_files=2, total_bytes=200)
    progress.set_phase("reading")
    progress.advance(files=1, nbytes=100, articles=5)
    progress.close()
    out = stream.getvalue()
    assert out.startswith("\r\x1b[K[") and out.endswith("\n")
    assert "reading: files 0/2 · 0 articles" in out
    assert "[############............]" in progress.line()


# --- kill -9 at any moment leaves the previous index live -----------------------------------


def _big_corpus(folder: Path, articles: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "big.jsonl").open("w") as out:
        for n in range(articles):
            body = f"Harvest report number {n} from the northern valley farms. " * 6
            out.write(json_line(f"big-{n}", f"Harvest report {n}", body))
    return folder


def _start_rebuild(index_dir: Path, corpus: Path) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "newsarchive", "-v", "--index", str(index_dir), "rebuild"]
    return subprocess.Popen(
        [*command, "--corpus", str(corpus)],
        cwd=PROJECT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def _kill_when(process: subprocess.Popen[str], marker: str | None, delay: float) -> None:
    """SIGKILL the process `delay` seconds after a log line containing `marker` appears."""
    assert process.stderr is not None
    try:
        if marker is not None:
            seen = []
            for line in process.stderr:
                seen.append(line)
                if marker in line:
                    break
            else:
                pytest.fail(f"rebuild ended before logging {marker!r}: {''.join(seen[-3:])}")
        time.sleep(delay)
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        process.stderr.close()


def _assert_lock_released(index_dir: Path) -> None:
    deadline = time.monotonic() + 5
    while True:
        try:
            with store.writer_lock(index_dir):
                return
        except IndexLocked:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _search(index_dir: Path, query: str) -> tuple[int, list[str]]:
    engine = Engine(Settings(index_dir=index_dir))
    try:
        results = engine.search(SearchRequest(q=query))
        return results.total, [hit.article.id for hit in results.hits]
    finally:
        engine.close()


@pytest.mark.slow
def test_kill_9_at_any_moment_leaves_the_previous_index(tmp_path: Path, corpus: Path) -> None:
    index_dir = tmp_path / "index"
    build_index(Settings(index_dir=index_dir, source_dirs=(corpus,)))
    live = store.generation_name(index_dir)
    query = "cocoa OR coffee OR harbour"
    expected = _search(index_dir, query)
    assert expected[0] == 3
    big = _big_corpus(tmp_path / "big", 3000)
    moments = [
        (None, 0.3),
        ("read and tagged", 0),
        ("writing with", 0.3),
        ("committing", 0),
        ("committed", 0),
    ]
    survived = 0
    for marker, delay in moments:
        process = _start_rebuild(index_dir, big)
        _kill_when(process, marker, delay)
        _assert_lock_released(index_dir)  # no helper process of the killed writer holds it
        if store.generation_name(index_dir) == live:
            assert _search(index_dir, query) == expected
            survived += 1
        else:  # the kill came after the atomic swap: the new index must be whole
            assert _search(index_dir, "harvest")[0] == 3000
            live, expected = store.generation_name(index_dir), _search(index_dir, query)
    assert survived >= 2  # at least the early and the first mid-write kill hit a rebuild
    build_index(Settings(index_dir=index_dir, source_dirs=(corpus,)))
    assert not list(index_dir.glob(".building-*"))
    assert ids_in(index_dir) == GOOD_IDS | {"bad-1"}
    assert store.read_build_info(index_dir)["articles"] == 8


def test_an_os_error_names_the_index_only_when_it_is_the_index(tmp_path: Path) -> None:
    index = tmp_path / "index"
    for failing, said in [
        (index / "gen-1" / "seg", f"Cannot write the index in {index}: No space left on device."),
        (tmp_path, f"Cannot write the index in {index}: No space left on device."),  # a parent
        (tmp_path / "corpus" / "a.txt", f"Cannot read {tmp_path}/corpus/a.txt: Permission denied."),
    ]:
        code = errno.ENOSPC if "space" in said else errno.EACCES
        with pytest.raises(AppError) as raised, _os_errors_explained(index):
            raise OSError(code, os.strerror(code), str(failing))
        assert str(raised.value) == said
