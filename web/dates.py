"""Human-readable dates and periods for the pages."""

from __future__ import annotations

import calendar
from datetime import date

MONTHS = list(calendar.month_name)[1:]


def long_date(value: str | None) -> str:
    """Format YYYY-MM-DD as '3 March 1987'; other text is returned as it is.

    >>> long_date("1987-03-03")
    '3 March 1987'
    """
    if not value:
        return ""
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        return value
    return f"{parsed.day} {MONTHS[parsed.month - 1]} {parsed.year}"


def period_label(date_from: str | None, date_to: str | None) -> str:
    """Describe a date range: a whole year, a whole month, or 'from X to Y'.

    >>> period_label("1987-03-01", "1987-03-31")
    'March 1987'
    """
    if date_from and date_to:
        if date_from == date_to:
            return long_date(date_from)
        whole = _whole_period(date_from, date_to)
        if whole:
            return whole
        return f"{long_date(date_from)} – {long_date(date_to)}"
    if date_from:
        return f"from {long_date(date_from)}"
    return f"until {long_date(date_to)}"


def month_bounds(year: int, month: int) -> tuple[str, str]:
    """Return the first and last day of a month as YYYY-MM-DD."""
    last = calendar.monthrange(year, month)[1]
    return f"{year:04d}-{month:02d}-01", f"{year:04d}-{month:02d}-{last:02d}"


def _whole_period(date_from: str, date_to: str) -> str | None:
    try:
        start, end = date.fromisoformat(date_from), date.fromisoformat(date_to)
    except ValueError:
        return None
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return str(start.year)
    if start.day == 1 and (start.year, start.month) == (end.year, end.month):
        if end.day == calendar.monthrange(end.year, end.month)[1]:
            return f"{MONTHS[start.month - 1]} {start.year}"
    return None


def period_bounds(period: str) -> tuple[str, str]:
    """Return the first and last day of a period named 1987, 1987-03 or 1987-03-02."""
    parts = [int(p) for p in period.split("-")]
    if len(parts) == 1:
        return f"{parts[0]:04d}-01-01", f"{parts[0]:04d}-12-31"
    if len(parts) == 2:
        return month_bounds(*parts)
    return period, period


def period_name_long(period: str) -> str:
    """Return a period as words: '1987', 'March 1987', '2 March 1987'."""
    parts = period.split("-")
    if len(parts) == 2:
        return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return long_date(period) if len(parts) == 3 else period


def periods_between(first: str, last: str) -> list[str]:
    """Return every period from ``first`` to ``last`` (both of one unit), in order.

    >>> periods_between("1987-11", "1988-02")
    ['1987-11', '1987-12', '1988-01', '1988-02']
    """
    if len(first) == 4:
        return [str(year) for year in range(int(first), int(last) + 1)]
    if len(first) == 7:
        start, end = (
            int(first[:4]) * 12 + int(first[5:]) - 1,
            int(last[:4]) * 12 + int(last[5:]) - 1,
        )
        return [f"{m // 12:04d}-{m % 12 + 1:02d}" for m in range(start, end + 1)]
    day, end_day = date.fromisoformat(first), date.fromisoformat(last)
    return [
        date.fromordinal(n).isoformat() for n in range(day.toordinal(), end_day.toordinal() + 1)
    ]
