"""Rebuild progress on a text stream (stderr): a redrawn one-line bar on a terminal, plain
periodic lines otherwise (logs, CI), so a long rebuild never looks hung and never floods a log.
"""

from __future__ import annotations

import time
from typing import TextIO

BAR_WIDTH = 24
TERMINAL_INTERVAL = 0.2  # seconds between redraws of the bar
LOG_INTERVAL = 2.0  # seconds between plain lines
ETA_AFTER = 5.0  # seconds into a phase before guessing its end (start-up costs skew a guess)


class Progress:
    """Track files and articles done; ``update`` redraws at most every interval."""

    def __init__(self, stream: TextIO | None, total_files: int, total_bytes: int) -> None:
        self.stream = stream
        self.total_files = total_files
        self.total_bytes = max(1, total_bytes)
        self.files = 0
        self.bytes = 0
        self.articles = 0
        self.phase = "reading"
        self.written = 0
        self.to_write = 0
        self.started = time.monotonic()
        self._phase_started = self.started
        self._last_draw = 0.0
        self._drawn = False
        self._tty = bool(stream is not None and getattr(stream, "isatty", lambda: False)())

    def advance(self, files: int = 0, nbytes: int = 0, articles: int = 0) -> None:
        """Count work done and redraw when it is time to."""
        self.files += files
        self.bytes += nbytes
        self.articles += articles
        self._maybe_draw()

    def wrote(self, articles: int = 1) -> None:
        """Count articles handed to the index writer."""
        self.written += articles
        self._maybe_draw()

    def set_phase(self, phase: str, to_write: int = 0) -> None:
        """Name what the rebuild is doing now (reading, writing, committing, publishing)."""
        self.phase = phase
        self.to_write = to_write or self.to_write
        self._phase_started = time.monotonic()
        # a log gets a line per phase only when the rebuild is long enough to need one
        self._maybe_draw(force=self._tty or time.monotonic() - self.started > LOG_INTERVAL)

    def line(self) -> str:
        """Return the current progress line (without terminal control characters)."""
        now = time.monotonic()
        in_phase = max(1e-6, now - self._phase_started)
        elapsed = f"elapsed {_clock(now - self.started)}"
        if self.phase == "reading":
            done = min(1.0, self.bytes / self.total_bytes)
            count = f"files {self.files:,}/{self.total_files:,} · {_articles(self.articles)}"
            rate = self.articles / in_phase
        elif self.phase == "writing":
            done = min(1.0, self.written / max(1, self.to_write))
            count = f"{self.written:,}/{_articles(self.to_write)}"
            rate = self.written / in_phase
        else:  # committing, publishing: no count to show, only time
            return f"{self.phase}: {_articles(self.written)} · {elapsed}"
        guess = 0 < done < 1 and in_phase >= ETA_AFTER
        eta = in_phase * (1 - done) / done if guess else None
        parts = [
            f"{self.phase}: {count}",
            f"{rate:,.0f} articles/s",
            f"ETA {_clock(eta)}" if eta is not None else elapsed,
        ]
        if self._tty:
            filled = int(done * BAR_WIDTH)
            parts.insert(0, "[" + "#" * filled + "." * (BAR_WIDTH - filled) + "]")
        return " · ".join(parts)

    def close(self) -> None:
        """End the bar's line so the summary starts on a fresh one."""
        if self.stream is not None and self._tty and self._drawn:
            self.stream.write("\n")
            self.stream.flush()

    def _maybe_draw(self, force: bool = False) -> None:
        if self.stream is None:
            return
        now = time.monotonic()
        interval = TERMINAL_INTERVAL if self._tty else LOG_INTERVAL
        if not force and now - self._last_draw < interval:
            return
        self._last_draw = now
        self._drawn = True
        if self._tty:
            self.stream.write("\r\x1b[K" + self.line())
        else:
            self.stream.write(self.line() + "\n")
        self.stream.flush()


def _clock(seconds: float) -> str:
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def _articles(count: int) -> str:
    return f"{count:,} article" if count == 1 else f"{count:,} articles"
