"""Daily ingest without a rebuild: ``add`` and ``optimize`` publish a new generation that shares
the live one's segments.

An add (``add_to_live``) extracts and tags the files as a rebuild does (in parallel), drops
exact duplicates within the batch and of indexed bodies, and groups near-duplicates with the
indexed articles a rebuild could group them with (``indexer.add_grouping``). It then starts a
new generation holding *hard links* to the live generation's segment files (whoosh writes a
segment once and never changes it; deletions live in the table of contents, which is copied),
writes the new articles, and the indexed ones whose group changed, into one new segment, and
publishes the generation atomically, as a rebuild does: a crash leaves the live index as it
was, and searchers (web workers) switch to the new generation without a restart.

Merging is bounded: each add's segment is small, and when more than ``MAX_SMALL_SEGMENTS``
segments under ``SMALL_SHARE`` of the largest one have accumulated, the commit merges them into
one. ``optimize`` merges them whatever their number (``full=True``: every segment into one,
as slow as rewriting the whole index).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from whoosh import index as whoosh_index
from whoosh.reading import SegmentReader

from indexer import store
from indexer.article import Article
from indexer.extract_phase import extract_corpus, read_articles
from indexer.passes.add_grouping import indexed_neighbours, regroup
from indexer.passes.corpus_passes import CorpusPasses, Fingerprint, spool_record
from indexer.progress import Progress
from indexer.reading.sources import CorpusRules
from indexer.report import IndexReport
from indexer.writing.writer import add_article, open_writer
from newsarchive.settings import Settings

logger = logging.getLogger(__name__)
MAX_SMALL_SEGMENTS = 4
SMALL_SHARE = 0.1  # a segment holding under a tenth of the largest one's articles is small


def add_to_live(
    settings: Settings,
    live: Path,
    paths: Sequence[Path],
    report: IndexReport,
    progress: TextIO | None,
) -> Path:
    """Add the articles of ``paths`` in a new generation; publish it and return its folder.

    When nothing is left to write (every file left out or skipped, every body already
    indexed), nothing is published: ``report.unchanged`` is set and ``live`` returned.
    """
    articles, prints = _extract(settings, paths, report, progress)
    if not articles:
        report.unchanged = True
        return live
    with whoosh_index.open_dir(str(live)).reader() as reader:  # the segments linked below
        existing = {a.id for a in articles if ("id", a.id) in reader}
        regrouped = regroup(indexed_neighbours(reader, articles), articles, prints)
    new = [a for a in articles if a.id not in regrouped.duplicate_of]
    report.duplicate_bodies += len(articles) - len(new)
    if not new and not regrouped.rewrite:
        report.unchanged = True
        return live
    building = _linked_generation(settings.index_dir, live)
    try:
        index = whoosh_index.open_dir(str(building))
        writer = open_writer(index)
        try:
            for article in new:
                add_article(writer, article.with_(group=regrouped.groups.get(article.id)), True)
                report.indexed += 1
                report.replaced += article.id in existing
            for article in regrouped.rewrite:
                add_article(writer, article, replace=True)
        except BaseException:
            writer.cancel()
            raise
        writer.commit(mergetype=merge_small_segments)
        _update_info(building, whoosh_index.open_dir(str(building)).doc_count(), "updated")
        return store.publish_generation(settings.index_dir, building)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise


def optimize_live(settings: Settings, full: bool = False) -> tuple[int, int, Path]:
    """Merge the live index's small segments (``full``: all of them) in a new generation.

    Returns the segment counts before and after, and the published generation's folder.
    """
    live = store.current_generation(settings.index_dir)
    store.open_live(settings.index_dir)  # IndexMissing with the fix when there is no index
    assert live is not None
    building = _linked_generation(settings.index_dir, live)
    try:
        index = whoosh_index.open_dir(str(building))
        before = len(index._segments())
        writer = open_writer(index)
        if full:
            writer.commit(optimize=True)
        else:
            writer.commit(mergetype=_merger(lambda small: len(small) > 1))
        after = len(whoosh_index.open_dir(str(building))._segments())
        _update_info(building, index.doc_count(), "optimized")
        return before, after, store.publish_generation(settings.index_dir, building)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise


def _merger(should_merge: Callable[[list[Any]], bool]) -> Callable[[Any, list[Any]], list[Any]]:
    """Return a whoosh merge policy merging the small segments when ``should_merge(small)``."""

    def merge(writer: Any, segments: list[Any]) -> list[Any]:
        if not segments:
            return segments
        largest = max(segment.doc_count_all() for segment in segments)
        small = [s for s in segments if s.doc_count_all() < largest * SMALL_SHARE]
        if not should_merge(small):
            return segments
        for segment in small:
            reader = SegmentReader(writer.storage, writer.schema, segment)
            writer.add_reader(reader)
            reader.close()
        logger.info("merged %d small segments", len(small))
        return [s for s in segments if s not in small]

    return merge


merge_small_segments = _merger(lambda small: len(small) > MAX_SMALL_SEGMENTS)


def _extract(
    settings: Settings, paths: Sequence[Path], report: IndexReport, progress: TextIO | None
) -> tuple[list[Article], list[Fingerprint]]:
    """Extract and tag ``paths``; return the articles a rebuild would keep, with fingerprints."""
    rules = CorpusRules(dict(settings.source_names), settings.excludes)
    run = extract_corpus(paths, settings.workers, fingerprints=True, rules=rules)
    report.walked(len(run.files), run.skips, run.left_out)
    bar = Progress(progress, len(run.files), sum(f.size for f in run.files))
    passes = CorpusPasses()
    records = []
    by_id: dict[str, Fingerprint] = {}
    for article, fingerprint in read_articles(run, report, passes, bar):
        by_id[article.id] = fingerprint
        records.append(spool_record(article, fingerprint, pickled=False))
    bar.close()
    passes.finish()
    articles = [a.with_(group=None) for a in passes.select(iter(records), report)]
    return articles, [by_id[a.id] for a in articles]


def _linked_generation(index_dir: Path, live: Path) -> Path:
    """Start a generation holding hard links to ``live``'s segments and copies of the rest."""
    building = store.start_generation(index_dir)
    for path in live.iterdir():
        if path.suffix == ".seg":
            os.link(path, building / path.name)
        elif path.is_file():
            shutil.copy2(path, building / path.name)
    return building


def _update_info(generation: Path, articles: int, what: str) -> None:
    try:
        info = json.loads((generation / store.BUILD_INFO).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        info = {}
    info.update({"articles": articles, what: datetime.now(UTC).isoformat(timespec="seconds")})
    info["generation"] = generation.name.replace(".building-", "gen-", 1)
    store.write_build_info(generation, info)
