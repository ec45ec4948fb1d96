"""Build an index from corpus folders (``build_index``) or add files to it (``add_paths``).

A rebuild runs in three phases, holding the index's write lock throughout:

1. **extract + tag**, in parallel over read tasks (``indexer.extract_phase``); articles are spooled
   in order to a file inside the new generation's folder (pickles: twice as fast as JSON for
   the serial main process) while corpus-wide statistics are collected (``CorpusPasses``);
2. **corpus passes** over the spool: exact duplicates (same id: the last one wins; the same
   normalised body: indexed once), repeated-paragraph boilerplate, near-duplicate groups;
3. **write** to whoosh, commit, delete the spool and publish the generation atomically
   (``indexer.store``). Until the publish, the previous index stays live and untouched.
"""

from __future__ import annotations

import logging
import pickle
import shutil
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import BinaryIO, TextIO

from whoosh import index as whoosh_index
from whoosh.index import Index

from indexer import store
from indexer.article import Article
from indexer.extract_phase import extract_corpus, read_articles
from indexer.incremental import add_to_live
from indexer.passes.corpus_passes import CorpusPasses, SpoolRecord, spool_record
from indexer.progress import Progress
from indexer.reading.readers import require_paths
from indexer.reading.sources import CorpusRules
from indexer.report import IndexReport
from indexer.writing.parallel import in_share, write_parallel
from indexer.writing.writer import add_article, create_index, open_writer
from newsarchive.errors import AppError
from newsarchive.settings import Settings

logger = logging.getLogger(__name__)
SPOOL_NAME = "articles.spool.pickle"
# Fewer articles than this are written by one process: starting writer processes costs more.
PARALLEL_MIN_ARTICLES = 2000


def build_index(settings: Settings, progress: TextIO | None = None) -> IndexReport:
    """Rebuild the index from ``settings.source_dirs`` and swap it in atomically.

    Raises SourceMissing before doing anything when a corpus path does not exist, IndexLocked
    when another process writes the index, and AppError when nothing could be indexed (the
    previous index then stays live).
    """
    require_paths(settings.source_dirs)  # before anything is locked or created
    with _os_errors_explained(settings.index_dir), store.writer_lock(settings.index_dir):
        return _build_generation(settings, settings.source_dirs, progress)


def add_paths(
    settings: Settings, paths: Sequence[Path], progress: TextIO | None = None
) -> IndexReport:
    """Add or replace the articles of ``paths`` in the live index (created when there is none)."""
    require_paths(paths)
    with _os_errors_explained(settings.index_dir), store.writer_lock(settings.index_dir):
        live = store.current_generation(settings.index_dir)
        if live is None or not whoosh_index.exists_in(str(live)):
            return _build_generation(settings, tuple(paths), progress)
        return _add_to_live(settings, live, paths, progress)


@contextmanager
def _os_errors_explained(index_dir: Path) -> Iterator[None]:
    """Turn a failure to write the index folder (not a folder, no permission, disk full) into
    a one-line AppError; unreadable corpus files never get here, they are Skips."""
    try:
        yield
    except OSError as error:
        reason = error.strerror or str(error)
        where = Path(error.filename).absolute() if isinstance(error.filename, str) else None
        index = index_dir.absolute()
        if where is not None and not (where.is_relative_to(index) or index.is_relative_to(where)):
            raise AppError(f"Cannot read {where}: {reason}.") from error  # not the index: say so
        raise AppError(f"Cannot write the index in {index_dir}: {reason}.") from error


def _build_generation(
    settings: Settings, sources: Sequence[Path], progress: TextIO | None
) -> IndexReport:
    started = time.monotonic()
    report = IndexReport()
    building = store.start_generation(settings.index_dir)
    bar: Progress | None = None
    try:
        spool = building / SPOOL_NAME
        passes = CorpusPasses()
        with spool.open("wb") as out:
            bar = _extract_to_spool(settings, sources, progress, report, passes, out)
        if report.read == 0:
            raise AppError(_nothing_indexed(sources, report))
        logger.info("read and tagged %d articles in %.1f s", report.read, _since(started))
        passes.finish()
        logger.info("corpus passes finished at %.1f s", _since(started))
        bar.set_phase("writing", to_write=passes.expected())
        _write_index(building, spool, passes, settings, report, bar)
        logger.info("committed %d articles at %.1f s", report.indexed, _since(started))
        spool.unlink()
        bar.set_phase("publishing")
        _write_info(building, settings, sources, report, started)
        final = store.publish_generation(settings.index_dir, building)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    finally:
        if bar is not None:
            bar.close()
    report.generation = final.name
    report.index_bytes = store.folder_bytes(final)
    report.seconds = time.monotonic() - started
    return report


def _write_index(
    folder: Path,
    spool: Path,
    passes: CorpusPasses,
    settings: Settings,
    report: IndexReport,
    bar: Progress,
) -> None:
    """Phase 3: write the selected articles to a new index in ``folder`` and commit."""
    index = create_index(folder)
    parts = settings.workers if report.read >= PARALLEL_MIN_ARTICLES else 1
    if parts > 1:
        _write_in_parts(index, spool, passes, parts, report, bar)
        return
    writer = open_writer(index)
    try:
        for article in passes.select(_read_spool(spool), report):
            add_article(writer, article)
            report.indexed += 1
            bar.wrote()
        bar.set_phase("committing")
        logger.info("committing %d articles", report.indexed)
        writer.commit()
    except BaseException:
        writer.cancel()
        raise


def _write_in_parts(
    index: Index,
    spool: Path,
    passes: CorpusPasses,
    parts: int,
    report: IndexReport,
    bar: Progress,
) -> None:
    def share(part: int, parts: int) -> tuple[Iterator[Article], Callable[[], dict[str, int]]]:
        counts = IndexReport()  # every process counts the same duplicates
        keep = partial(in_share, part=part, parts=parts)
        articles = passes.select(_read_spool(spool), counts, keep)
        return articles, lambda: {"ids": counts.duplicate_ids, "bodies": counts.duplicate_bodies}

    def progress(written: int, committing: bool) -> None:
        bar.wrote(written - bar.written)
        if committing and bar.phase != "committing":
            bar.set_phase("committing")

    done = write_parallel(index, share, parts, progress)
    report.indexed = sum(part.indexed for part in done)
    report.duplicate_ids = done[0].counts["ids"]
    report.duplicate_bodies = done[0].counts["bodies"]


def _extract_to_spool(
    settings: Settings,
    sources: Sequence[Path],
    progress: TextIO | None,
    report: IndexReport,
    passes: CorpusPasses,
    out: BinaryIO,
) -> Progress:
    """Phase 1: extract and tag every file, spooling articles in corpus order."""
    rules = CorpusRules(dict(settings.source_names), settings.excludes)
    run = extract_corpus(sources, settings.workers, fingerprints=True, rules=rules)
    report.walked(len(run.files), run.skips, run.left_out)
    bar = Progress(progress, len(run.files), sum(f.size for f in run.files))
    for article, fingerprint in read_articles(run, report, passes, bar):
        pickle.dump(spool_record(article, fingerprint), out, protocol=pickle.HIGHEST_PROTOCOL)
    return bar


def _read_spool(spool: Path) -> Iterator[SpoolRecord]:
    with spool.open("rb") as handle:
        while True:
            try:
                yield pickle.load(handle)
            except EOFError:
                return


def _nothing_indexed(sources: Sequence[Path], report: IndexReport) -> str:
    where = ", ".join(str(s) for s in sources)
    why = f"{len(report.skipped)} skipped" if report.skipped else "no supported files"
    return (
        f"Nothing to index under {where} ({report.files} files read, {why}); "
        "the previous index, if any, stays live. Supported: .sgm, .html/.htm(.gz), .txt, "
        ".jsonl/.ndjson, .json."
    )


def _write_info(
    building: Path,
    settings: Settings,
    sources: Sequence[Path],
    report: IndexReport,
    started: float,
) -> None:
    info = {
        "built": datetime.now(UTC).isoformat(timespec="seconds"),
        "generation": building.name.replace(".building-", "gen-", 1),
        "corpus": [str(Path(s).resolve()) for s in sources],
        "articles": report.indexed,
        "files": report.files,
        "duplicates": report.duplicates,
        "skipped": len(report.skipped),
        "workers": settings.workers,
        "seconds": round(time.monotonic() - started, 2),
    }
    store.write_build_info(building, info)


def _add_to_live(
    settings: Settings, live: Path, paths: Sequence[Path], progress: TextIO | None
) -> IndexReport:
    started = time.monotonic()
    report = IndexReport()
    final = add_to_live(settings, live, paths, report, progress)
    report.generation = final.name
    report.index_bytes = store.folder_bytes(final)
    report.seconds = time.monotonic() - started
    return report


def _since(started: float) -> float:
    return time.monotonic() - started
