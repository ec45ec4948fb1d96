"""Phase 3 in parallel: writer processes each index a share of the articles into a segment.

Each process reads the whole spool through the same corpus passes (so every process sees the
same numbered sequence of selected articles), indexes the chunks of that sequence that are its
own into a whoosh segment of its own, and sends the finished segment back; the parent then
commits one table of contents naming all segments.
Nothing is copied between processes but a few counters, unlike whoosh's ``MpWriter``, whose
parent pickles every document to its children (that parent was the bottleneck: two
processes wrote only 1.2x faster than one).
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, cast

from whoosh.index import Index
from whoosh.writing import SegmentWriter

from indexer.article import Article
from indexer.codec.segment_writer import DirectSegmentWriter
from indexer.writing.writer import WRITER_MEMORY_MB, add_article
from newsarchive.errors import AppError

logger = logging.getLogger(__name__)
CHUNK = 500  # consecutive articles a process takes at a time: shares stay balanced
POLL_SECONDS = 0.2
# What a rebuild's processes together aim to stay under (issue #16: 2 GiB at a million
# articles): the writers share what the parent they fork from leaves.
REBUILD_MEMORY_MB = 1800
WRITER_OVERHEAD_MB = 150  # a writer's memory beside its postings (columns, lengths, caches)
MIN_WRITER_MB = 128

# share(part, parts) -> (the articles of that part, a function returning its side counts)
Share = Callable[[int, int], tuple[Iterator[Article], Callable[[], dict[str, int]]]]


def in_share(ordinal: int, part: int, parts: int) -> bool:
    """Return True when the ``ordinal``-th selected article belongs to process ``part``.

    >>> [n for n in range(6) if in_share(n * 250, 1, 2)]
    [2, 3]
    """
    return (ordinal // CHUNK) % parts == part


@dataclass(frozen=True)
class PartDone:
    """What one writer process sends back."""

    segment: Any  # a whoosh Segment, or None when the share was empty
    indexed: int
    counts: dict[str, int]


def writer_memory_mb(parts: int, parent_mb: float) -> int:
    """Return the postings each of ``parts`` writer processes may hold before spilling: what
    the parent (``parent_mb`` resident, shared with them) leaves of ``REBUILD_MEMORY_MB``,
    at most ``WRITER_MEMORY_MB``. Past the limit postings go to disk: at a million articles
    every posting is spilled once anyway, so a lower limit costs little there.

    >>> writer_memory_mb(2, 430), writer_memory_mb(2, 950), writer_memory_mb(4, 1500)
    (512, 275, 128)
    """
    spare = (REBUILD_MEMORY_MB - parent_mb) / parts - WRITER_OVERHEAD_MB
    return int(max(MIN_WRITER_MB, min(WRITER_MEMORY_MB, spare)))


def resident_mb() -> float:
    """Return this process's resident memory in MiB (0 where /proc is not available)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            pages = int(handle.read().split()[1])
    except (OSError, ValueError, IndexError):
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def write_parallel(
    index: Index, share: Share, parts: int, progress: Callable[[int, bool], None]
) -> list[PartDone]:
    """Index ``parts`` shares in as many processes and commit them as one index.

    ``progress(written, committing)`` is called while the processes work. Raises AppError
    (after cancelling the index) when a process fails.
    """
    main = SegmentWriter(index)  # holds whoosh's own lock; adds no documents itself
    limit = writer_memory_mb(parts, resident_mb())
    context = multiprocessing.get_context("fork")
    gc.freeze()  # children never scan (and so never copy) the objects they inherit
    written = context.Array("q", parts, lock=False)  # articles added, -1 - n once adding ended
    children: list[tuple[Any, Connection]] = []
    try:
        for part in range(parts):
            receive, send = context.Pipe(duplex=False)
            child = context.Process(
                target=_write_share,
                args=(index, share, part, parts, written, send, limit),
                daemon=True,
            )
            child.start()
            send.close()
            children.append((child, receive))
        logger.info("writing with %d processes, %d MB of postings each", parts, limit)
        results = _collect(children, written, progress)
        segments = [done.segment for done in results if done.segment is not None]
        main._close_segment()
        main._commit_toc(segments)
        main._finish()
        return results
    except BaseException:
        for child, _receive in children:
            if child.is_alive():
                child.kill()
        main.cancel()
        raise
    finally:
        for child, receive in children:
            child.join()
            receive.close()
        gc.unfreeze()


def _collect(
    children: list[tuple[Any, Connection]],
    written: Any,
    progress: Callable[[int, bool], None],
) -> list[PartDone]:
    receivers = [receive for _child, receive in children]
    results: dict[int, PartDone] = {}
    committing = False
    while len(results) < len(receivers):
        pending = [r for n, r in enumerate(receivers) if n not in results]
        for ready in wait(pending, timeout=POLL_SECONDS):
            part = receivers.index(cast(Connection, ready))
            try:
                outcome = receivers[part].recv()
            except EOFError:
                outcome = f"writer process {part} died"
            if not isinstance(outcome, PartDone):
                raise AppError(f"Writing the index failed: {outcome}")
            results[part] = outcome
        counts = list(written)
        if not committing and all(n < 0 for n in counts):
            committing = True
            logger.info("committing %d segments", len(children))
        progress(sum(n if n >= 0 else -1 - n for n in counts), committing)
    return [results[part] for part in range(len(receivers))]


def _write_share(
    index: Index,
    share: Share,
    part: int,
    parts: int,
    written: Any,
    send: Connection,
    limit_mb: int,
) -> None:
    """Child process: index this part's articles into a segment and send it back."""
    gc.disable()  # indexing makes no reference cycles; the process ends when its share does
    try:
        writer = DirectSegmentWriter(index, _lk=False, limitmb=limit_mb)
        articles, counts = share(part, parts)
        added = 0
        last_report = time.monotonic()
        for article in articles:
            add_article(writer, article)
            added += 1
            if time.monotonic() - last_report > POLL_SECONDS / 2:
                written[part] = added
                last_report = time.monotonic()
        written[part] = -1 - added
        send.send(PartDone(writer.finish_segment(), added, counts()))
    except BaseException as error:  # the parent reports it in one line and cancels
        logger.debug("writer process %d failed", part, exc_info=True)
        send.send(f"{type(error).__name__}: {error}"[:300])
    finally:
        send.close()
