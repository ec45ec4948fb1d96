"""Phase 1 of a build: read, extract and tag every file, in worker processes when asked.

Work is cut into read tasks (``readers.plan_tasks``); each worker turns one task into a list of
``Article | Skip`` values (and, for a rebuild, each article's ``Fingerprint`` for the corpus
passes, so that work is parallel too). At most ``2 * workers`` tasks are in flight and results
are handed back in corpus order, so memory stays bounded and "the last article with an id
wins" means the same thing at every rebuild, whatever the number of workers.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import signal
import threading
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from indexer.article import Article, Skip
from indexer.passes.corpus_passes import CorpusPasses, Fingerprint, fingerprint_of
from indexer.progress import Progress
from indexer.reading.extract import extract_article
from indexer.reading.readers import ReadTask, SourceFile, find_files, plan_tasks, read_task
from indexer.reading.sources import CorpusRules
from indexer.report import IndexReport
from indexer.tagging.gazetteer import load_dateline_places
from indexer.tagging.taggers import tag

logger = logging.getLogger(__name__)
TASKS_PER_WORKER = 2  # in flight: enough to keep workers busy, few enough to bound memory
# Below this much input, starting worker processes costs more than it saves.
PARALLEL_MIN_BYTES = 2 * 1024 * 1024
FILE_SECONDS = 20.0  # to extract and tag one article; a file taking longer is skipped


@dataclass(frozen=True)
class TaskDone:
    """The outcome of one read task, with what it adds to the progress counters."""

    items: list[Article | Skip]
    bytes: int
    files_finished: int
    articles: int
    fingerprints: list[Fingerprint] = field(default_factory=list)  # one an article, if asked


@dataclass
class ExtractionRun:
    """The files found under the corpus paths and, lazily, their extracted articles."""

    files: list[SourceFile]
    skips: list[Skip]  # files that could not even be opened
    left_out: Counter[str]  # files not read, per reason (other kinds, documentation, excluded)
    results: Iterator[TaskDone]


def extract_corpus(
    paths: Iterable[Path],
    workers: int = 1,
    min_parallel_bytes: int = PARALLEL_MIN_BYTES,
    fingerprints: bool = False,
    rules: CorpusRules | None = None,
) -> ExtractionRun:
    """Find the files under ``paths`` and extract + tag them lazily, in corpus order.

    ``workers`` is an upper bound: a corpus smaller than ``min_parallel_bytes`` is read
    in-process. With ``fingerprints`` each result also carries its articles' fingerprints.
    ``rules``: the sources named for corpus paths and the globs to exclude.
    """
    files, skips, left_out = find_files(paths, rules)
    if sum(file.size for file in files) < min_parallel_bytes:
        workers = 1
    work = partial(_extract_task_done, fingerprints=fingerprints)
    return ExtractionRun(files, skips, left_out, _run(files, max(1, workers), work))


def extract_task(task: ReadTask, seconds: float = FILE_SECONDS) -> list[Article | Skip]:
    """Read one task and return its tagged articles and its skips (runs in a worker).

    Each article gets ``seconds`` to be extracted and tagged; one that takes longer (a
    pathological page) is skipped with that reason instead of stalling the rebuild.
    """
    items: list[Article | Skip] = []
    for raw in read_task(task):
        if isinstance(raw, Skip):
            items.append(raw)
            continue
        try:
            with time_limit(seconds):
                item = extract_article(raw)
                if isinstance(item, Article):
                    item = tag(with_source(item, task.file))
                items.append(item)
        except OutOfTime:
            items.append(Skip(raw.path, f"took over {seconds:g} s to extract: skipped", raw.line))
        except Exception as error:  # one odd file must not end a rebuild of thousands
            logger.debug("extracting %s failed", raw.path, exc_info=True)
            reason = f"could not extract ({type(error).__name__}: {error})"[:300]
            items.append(Skip(raw.path, reason, raw.line))
    return items


def with_source(article: Article, file: SourceFile) -> Article:
    """Give the article its corpus path's source: a named one always, the folder's name when
    the article names none."""
    if not file.source or (article.source and not file.named):
        return article
    how = "named for its corpus path" if file.named else "corpus folder's name (none in the file)"
    return article.with_(source=file.source, provenance={**article.provenance, "source": how})


class OutOfTime(BaseException):
    """An article's extraction ran past its time (a BaseException: no ``except Exception`` in
    the extractors may swallow it)."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise ``OutOfTime`` in the block once ``seconds`` have passed (a SIGALRM timer; only in
    a process's main thread, where extraction runs: elsewhere the block runs unbounded)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGALRM"):
        yield
        return

    def expire(_signum: int, _frame: object) -> None:
        raise OutOfTime

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _extract_task_done(task: ReadTask, fingerprints: bool) -> TaskDone:
    """Extract one task (in a worker) and return it with its progress counts."""
    items = extract_task(task)
    end = task.end if task.end is not None else task.file.size
    articles = [item for item in items if isinstance(item, Article)]
    prints = [fingerprint_of(article) for article in articles] if fingerprints else []
    return TaskDone(items, end - task.start, int(task.part == task.parts), len(articles), prints)


def _tasks(files: list[SourceFile]) -> Iterator[ReadTask]:
    for file in files:
        yield from plan_tasks(file)


def _run(
    files: list[SourceFile], workers: int, work: Callable[[ReadTask], TaskDone]
) -> Iterator[TaskDone]:
    if workers == 1:
        for task in _tasks(files):
            yield work(task)
        return
    _warm_up()  # load the taggers' tables once, before forking, so workers share them
    gc.freeze()  # ... and never scan them for garbage, which would copy every page they touch
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        pending: deque[Future[TaskDone]] = deque()
        try:
            for task in _tasks(files):
                pending.append(pool.submit(work, task))
                if len(pending) >= workers * TASKS_PER_WORKER:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()
            gc.unfreeze()


def _warm_up() -> None:
    tag(Article(id="warm-up", title="Paris", body="France and Brazil agree on trade."))
    load_dateline_places()  # read only for a body with a dateline, which the above lacks


def read_articles(
    run: ExtractionRun, report: IndexReport, passes: CorpusPasses, bar: Progress
) -> Iterator[tuple[Article, Fingerprint]]:
    """Yield each article of a fingerprinted ``run`` in corpus order with the fingerprint the
    corpus passes kept for it; skips go to ``report``, and ``bar`` advances file by file."""
    for done in run.results:
        prints = iter(done.fingerprints)
        for item in done.items:
            if isinstance(item, Skip):
                report.skipped.append(item)
                continue
            report.read += 1
            yield item, passes.add(item, next(prints))
        bar.advance(files=done.files_finished, nbytes=done.bytes, articles=done.articles)
