"""Where the live index lives, and how a new one replaces it atomically.

An index folder holds whole index *generations* and one symlink naming the live one::

    INDEX_DIR/
      CURRENT -> gen-20261125T142233-4242   (swapped with os.replace: atomic)
      gen-20261125T142233-4242/             (a complete whoosh index + build.json)
      .building-.../                        (a rebuild in progress; removed if it was killed)
      write.lock                            (held by the one process writing: rebuild or add)

A rebuild writes a new generation beside the live one and swaps the symlink only after the new
index is committed, so a crash at any moment leaves the previous generation live and whole.
Readers notice a swap by re-reading the symlink (one ``readlink`` per request).
"""

from __future__ import annotations

import ctypes
import fcntl
import json
import os
import shutil
import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.index import Index

from newsarchive.errors import IndexLocked, IndexMissing

CURRENT = "CURRENT"
BUILD_INFO = "build.json"
KEEP_OLD_GENERATIONS = 1  # the previous one stays for readers that still have it open
_PR_SET_PDEATHSIG = 1  # linux/prctl.h

# File descriptors of write locks this process holds. flock() locks belong to the open file,
# which fork() shares with children: a writer's helper processes (extraction pool, whoosh
# sub-writers) would keep the lock, and keep running, after a `kill -9` of the writer.
_held_lock_fds: set[int] = set()
_forking_pid = 0


def current_generation(index_dir: Path) -> Path | None:
    """Return the live generation's folder, or None when there is no index yet."""
    try:
        target = os.readlink(index_dir / CURRENT)
    except (FileNotFoundError, NotADirectoryError):
        return None
    return index_dir / target


def generation_name(index_dir: Path) -> str | None:
    """Return the live generation's name (cheap: one readlink) for change detection."""
    try:
        return os.readlink(index_dir / CURRENT)
    except (FileNotFoundError, NotADirectoryError):
        return None


def index_missing(index_dir: Path) -> IndexMissing:
    """Return the error for a folder holding no index, naming the fix."""
    return IndexMissing(f"No index at {index_dir}. Run `newsarchive rebuild` first.")


def folder_bytes(folder: Path) -> int:
    """Return the total size of the files under a folder (0 when it cannot be read)."""
    try:
        return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    except OSError:
        return 0


def open_live(index_dir: Path) -> Index:
    """Open the live index for reading; raises IndexMissing with the fix when there is none."""
    generation = current_generation(index_dir)
    if generation is None or not whoosh_index.exists_in(str(generation)):
        raise index_missing(index_dir)
    return whoosh_index.open_dir(str(generation))


def read_build_info(index_dir: Path) -> dict[str, Any]:
    """Return the live generation's build.json (built time, counts), or {} when absent."""
    generation = current_generation(index_dir)
    if generation is None:
        return {}
    try:
        return json.loads((generation / BUILD_INFO).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def write_build_info(generation: Path, info: dict[str, Any]) -> None:
    """Record how and when a generation was built."""
    (generation / BUILD_INFO).write_text(json.dumps(info, indent=2), encoding="utf-8")


@contextmanager
def writer_lock(index_dir: Path) -> Iterator[None]:
    """Hold the index folder's write lock; raises IndexLocked when another writer has it."""
    index_dir.mkdir(parents=True, exist_ok=True)
    with open(index_dir / "write.lock", "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise IndexLocked(
                f"Another newsarchive process is writing {index_dir}; "
                "wait for it to finish and try again."
            ) from None
        _held_lock_fds.add(handle.fileno())
        try:
            yield
        finally:
            _held_lock_fds.discard(handle.fileno())
            fcntl.flock(handle, fcntl.LOCK_UN)


def _after_fork_in_child() -> None:
    """In a child forked by a writer: let go of the write lock and die with the writer."""
    if not _held_lock_fds:
        return
    null = os.open(os.devnull, os.O_RDONLY)
    for fd in _held_lock_fds:  # the child's reference only: the parent keeps its lock
        os.dup2(null, fd)
    os.close(null)
    _held_lock_fds.clear()
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the child outlives a killed writer
        return
    if os.getppid() != _forking_pid:  # the writer died before prctl took effect
        os._exit(1)


def _before_fork() -> None:
    global _forking_pid
    _forking_pid = os.getpid()


os.register_at_fork(before=_before_fork, after_in_child=_after_fork_in_child)


def start_generation(index_dir: Path) -> Path:
    """Create an empty folder for a new generation (call with the write lock held)."""
    for leftover in index_dir.glob(".building-*"):
        shutil.rmtree(leftover, ignore_errors=True)  # a rebuild that was killed
    for link in index_dir.glob(".CURRENT-*"):
        link.unlink(missing_ok=True)  # killed between making the new link and swapping it in
    # microseconds: two rebuilds by one process within a second must not collide
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    path = index_dir / f".building-{stamp}-{os.getpid()}"
    path.mkdir(parents=True)
    return path


def publish_generation(index_dir: Path, building: Path) -> Path:
    """Make a finished generation live atomically and prune old ones; return its folder."""
    final = index_dir / building.name.replace(".building-", "gen-", 1)
    _fsync_tree(building)
    building.rename(final)
    link_tmp = index_dir / f".CURRENT-{os.getpid()}-{time.monotonic_ns()}"
    os.symlink(final.name, link_tmp)
    os.replace(link_tmp, index_dir / CURRENT)
    _fsync_dir(index_dir)
    _prune(index_dir, keep=final.name)
    return final


def _prune(index_dir: Path, keep: str) -> None:
    old = sorted(p for p in index_dir.glob("gen-*") if p.name != keep)
    for path in old[: max(0, len(old) - KEEP_OLD_GENERATIONS)]:
        shutil.rmtree(path, ignore_errors=True)


def _fsync_tree(path: Path) -> None:
    for file in path.rglob("*"):
        if file.is_file():
            fd = os.open(file, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
    _fsync_dir(path)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
