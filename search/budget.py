"""A search's time budget, and the points where a search lets other requests run.

Every search gets ``query.limits.SEARCH_SECONDS`` of its own CPU time (``budget``; a machine busy
with other work does not eat into it). The costly steps call ``checkpoint()`` between units of
work (a few milliseconds each): it raises ``SearchTooCostly`` once the search has used up its
budget, so a pathological query is answered with a clear error instead of holding a worker,
and in the gevent web worker, where all of a worker's requests share one thread, it gives the
others a turn every ``TURN`` seconds (their turns do not count against the budget). Elsewhere
threads take turns by themselves and a checkpoint only counts. The budget travels in a context
variable (one per thread or greenlet): code in between needs no extra parameter.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from newsarchive.errors import SearchTooCostly
from search.query.limits import SEARCH_SECONDS

TURN = 0.01  # seconds a request runs before it lets the others of its worker run
PAUSE = 0.0005  # a sleep, not sleep(0): gevent then polls its sockets before resuming us


def _cooperative() -> bool:
    """Tell whether ``time.sleep`` is gevent's (the web worker patches it before the app loads)."""
    monkey = sys.modules.get("gevent.monkey")
    return monkey is not None and bool(monkey.is_module_patched("time"))


COOPERATIVE = _cooperative()


class Budget:
    """Running time left to one search."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.spent = 0.0  # CPU seconds of this thread while the search ran (not others' turns)
        self.resumed = time.thread_time()
        self.turn_started = time.perf_counter()

    def checkpoint(self) -> None:
        """Count the CPU used since the last checkpoint, raise when over, maybe yield."""
        cpu = time.thread_time()
        self.spent += cpu - self.resumed
        self.resumed = cpu
        if self.spent > self.seconds:
            raise SearchTooCostly(
                f"This search needs more than {self.seconds:g} s of work; "
                "narrow it (fewer wildcard, fuzzy or OR-ed words, or a filter)."
            )
        if COOPERATIVE and time.perf_counter() - self.turn_started > TURN:
            time.sleep(PAUSE)  # the other requests' turn
            self.resumed, self.turn_started = time.thread_time(), time.perf_counter()


_current: ContextVar[Budget | None] = ContextVar("search_budget", default=None)


@contextmanager
def budget(seconds: float = SEARCH_SECONDS) -> Iterator[Budget]:
    """Give the searching done inside the block ``seconds`` of running time (nested: the outer
    budget goes on counting)."""
    outer = _current.get()
    if outer is not None:
        yield outer
        return
    current = Budget(seconds)
    token = _current.set(current)
    try:
        yield current
    finally:
        _current.reset(token)


def checkpoint() -> None:
    """Raise ``SearchTooCostly`` when the current budget is spent; maybe let others run."""
    current = _current.get()
    if current is not None:
        current.checkpoint()
    elif COOPERATIVE:
        time.sleep(PAUSE)
