"""Rebuild progress on a text stream (stderr): a redrawn one-line bar on a terminal, plain
periodic lines otherwise (logs, CI), so a long rebuild never looks hung and never floods a log.
"""

from __future__ import annotations

import time
from typing import TextIO

BAR_WIDTH = 24
TERMINAL_INTERVAL = 0.2  # seconds between redraws of the bar
LOG_INTERVAL = 2.0  # seconds between plain lines


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
        self.started = time.monotonic()
        self._last_draw = 0.0
        self._drawn = False
        self._tty = bool(stream is not None and getattr(stream, "isatty", lambda: False)())

    def advance(self, files: int = 0, nbytes: int = 0, articles: int = 0) -> None:
        """Count work done and redraw when it is time to."""
        self.files += files
        self.bytes += nbytes
        self.articles += articles
        self._maybe_draw()

    def set_phase(self, phase: str) -> None:
        """Name what the rebuild is doing now (reading, writing, publishing)."""
        self.phase = phase
        # a log gets a line per phase only when the rebuild is long enough to need one
        self._maybe_draw(force=self._tty or time.monotonic() - self.started > LOG_INTERVAL)

    def line(self) -> str:
        """Return the current progress line (without terminal control characters)."""
        elapsed = max(1e-6, time.monotonic() - self.started)
        rate = self.articles / elapsed
        done = min(1.0, self.bytes / self.total_bytes)
        eta = elapsed * (1 - done) / done if done > 0 and self.phase == "reading" else None
        parts = [
            f"{self.phase}: files {self.files:,}/{self.total_files:,}",
            f"{self.articles:,} articles",
            f"{rate:,.0f} articles/s",
            f"ETA {_clock(eta)}" if eta is not None else f"elapsed {_clock(elapsed)}",
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
