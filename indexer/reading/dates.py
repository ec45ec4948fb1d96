"""Dates as people and programs write them: ISO 8601, RFC 2822 and 850, asctime, epoch seconds,
"19 Nov 2019", "19-Nov-2019", "Nov. 19, 2019", "19.11.2019", "2019/11/19", "2019年11月19日".
Shared by the readers of pages and of JSON exports.

Never a guess: "05/10/2018" is a date only when the caller knows the writer puts the day first
(or one part is over 12).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from email.utils import parsedate_to_datetime

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january", "janvier", "januar", "enero"),
            ("feb", "february", "février", "februar", "febrero"),
            ("mar", "march", "mars", "märz", "marzo"),
            ("apr", "april", "avril", "abril"),
            ("may", "mai", "mayo"),
            ("jun", "june", "juin", "juni", "junio"),
            ("jul", "july", "juillet", "juli", "julio"),
            ("aug", "august", "août", "agosto"),
            ("sep", "sept", "september", "septembre", "septiembre"),
            ("oct", "october", "octobre", "oktober", "octubre"),
            ("nov", "november", "novembre", "noviembre"),
            ("dec", "december", "décembre", "dezember", "diciembre"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_ISO_RE = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_COMPACT_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:$|T)")
_YEAR_FIRST_RE = re.compile(r"(?<![\d/.])(\d{4})([/.])(\d{1,2})\2(\d{1,2})(?![\d/.])")  # 2020/01/02
_EPOCH_RE = re.compile(r"^\d{10}(?:\d{3})?$")
_DAY_MONTH_RE = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)?\.?\s+(?:of\s+)?" + _MONTH + r",?\s+(\d{4})\b", re.I
)
# "19-Nov-2019", and RFC 850's "Tuesday, 19-Nov-19" (the month named: only the century to tell).
_HYPHENATED_RE = re.compile(r"\b(\d{1,2})-" + _MONTH + r"-(\d{4}|\d{2})\b", re.I)
# "Nov 19, 2019", and asctime's "Tue Nov 19 10:00:00 2019".
_MONTH_DAY_RE = re.compile(
    _MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(?:\d{1,2}:\d{2}(?::\d{2})?\s+)?(\d{4})\b", re.I
)
# "2019年11月19日" (Chinese, Japanese), "2019년 11월 19일" (Korean).
_CJK_RE = re.compile(r"(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]")
_SLASHED_RE = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/((?:19|20)\d{2})(?![\d/])")
_DOTTED_RE = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4})(?![\d.])")


EARLIEST = date(1600, 1, 1)  # an older "date" in an archive's data is a placeholder (0001-01-01)


def is_plausible(day: date) -> bool:
    """Tell whether a date can be a story's: from 1600 to tomorrow (not 9999-12-31)."""
    return EARLIEST <= day <= datetime.now(UTC).date() + timedelta(days=1)


def parse_date(value: object, day_first: bool | None = None) -> date | None:
    """Read a date from an ISO, RFC 2822, epoch (seconds or milliseconds), year-first
    (2019/11/19) or written-out date string; None if unsure.

    >>> parse_date("2019-11-19T23:30:00-05:00"), parse_date("Tue, 19 Nov 2019 10:00:00 GMT")
    (datetime.date(2019, 11, 19), datetime.date(2019, 11, 19))
    >>> parse_date("Nov. 19, 2019"), parse_date("11/12/2019")
    (datetime.date(2019, 11, 19), None)
    """
    if not isinstance(value, str):
        return None
    text = value.strip()[:200]
    if not text:
        return None
    if _EPOCH_RE.match(text):
        seconds = int(text[:10])
        return datetime.fromtimestamp(seconds, UTC).date()
    for regex in (_ISO_RE, _COMPACT_RE):
        match = regex.search(text)
        if match:
            return make_date(*match.groups())
    match = _YEAR_FIRST_RE.search(text)
    if match:
        return make_date(match.group(1), match.group(3), match.group(4))
    if re.match(r"^[A-Za-z]{3},\s+\d{1,2}\s+[A-Za-z]{3}\s+\d{4}", text):
        try:
            return parsedate_to_datetime(text).date()
        except (TypeError, ValueError, IndexError):
            pass
    return find_written_date(text, day_first)


def find_written_date(text: str, day_first: bool | None = None) -> date | None:
    """Return the first "19 November 2019", "Nov 19, 2019" or "19.11.2019" date in a text.

    "05/10/2018" needs ``day_first`` (from the page language) unless one part is over 12.

    >>> find_written_date("Publicado 05/10/2018 - Saúde", day_first=True)
    datetime.date(2018, 10, 5)
    >>> find_written_date("Posted 05/10/2018") is None
    True
    """
    found: list[tuple[int, date]] = []
    for match in _DAY_MONTH_RE.finditer(text):
        day, month, year = match.groups()
        _append(found, match.start(), make_date(year, _MONTHS[month.lower()], day))
        break
    for match in _MONTH_DAY_RE.finditer(text):
        month, day, year = match.groups()
        _append(found, match.start(), make_date(year, _MONTHS[month.lower()], day))
        break
    for match in _HYPHENATED_RE.finditer(text):
        day, month, year = match.groups()
        _append(found, match.start(), make_date(full_year(year), _MONTHS[month.lower()], day))
        break
    for match in _CJK_RE.finditer(text):
        _append(found, match.start(), make_date(*match.groups()))
        break
    for match in _DOTTED_RE.finditer(text):
        day, month, year = match.groups()
        _append(found, match.start(), make_date(year, month, day))
        break
    for match in _SLASHED_RE.finditer(text):
        first, second, year = match.groups()
        _append(found, match.start(), _slashed_date(first, second, year, day_first))
        break
    return min(found)[1] if found else None


def _slashed_date(first: str, second: str, year: str, day_first: bool | None) -> date | None:
    if int(first) > 12:
        day_first = True
    elif int(second) > 12:
        day_first = False
    elif first.lstrip("0") == second.lstrip("0"):  # 5/5/2020 reads the same both ways
        day_first = True
    if day_first is None:
        return None
    return make_date(year, second, first) if day_first else make_date(year, first, second)


def _append(found: list[tuple[int, date]], position: int, value: date | None) -> None:
    if value is not None:
        found.append((position, value))


def full_year(year: str) -> int:
    """Return a year written with four digits, or with two as the latest year a story can have
    ("19" -> 2019, "87" -> 1987: a news date is never in the future)."""
    value = int(year)
    if len(year) > 2:
        return value
    this_century = value + 2000
    return this_century if this_century <= datetime.now(UTC).year + 1 else value + 1900


def make_date(year: str | int, month: str | int, day: str | int) -> date | None:
    """Return the date, or None when the parts do not make one (February 30)."""
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None
