"""A readable, terminal-width listing of search results for ``newsarchive search``.

Snippets are HTML (``<mark>`` around matches, the rest escaped); here the marks become bold
yellow when the output is a colour terminal, or stay invisible, and entities are unescaped.
"""

from __future__ import annotations

import re
import textwrap
from html import unescape
from typing import Any

from newsarchive.output import printable
from search.results import SearchResults

BOLD_MATCH = "\x1b[1;33m"
DIM = "\x1b[2m"
BOLD = "\x1b[1m"
RESET = "\x1b[0m"
TOP_FACET_VALUES = 5
_MARK = re.compile(r"<mark>(.*?)</mark>", re.S)


def render_results(results: SearchResults, color: bool, width: int) -> str:
    """Return the results as text lines fitting ``width`` columns (ANSI styles when ``color``)."""
    width = max(40, width)
    request = results.request
    lines = [printable(_summary(results))]
    for note in (results.notice, _suggestion(results)):
        if note:
            lines.append(printable(note))
    lines.append("")
    for number, hit in enumerate(results.hits, start=(request.page - 1) * request.per_page + 1):
        article = hit.article
        title = f"{number}. {article.title or '(no title)'}"
        lines.extend(_wrap(title, width, BOLD if color else "", color))
        details = " · ".join(
            part
            for part in (article.date, article.source, ", ".join(article.countries), article.id)
            if part
        )
        lines.extend(_wrap(details, width, DIM if color else "", color, indent="   "))
        lines.extend(_wrap_snippet(hit.snippet, width, color))
        lines.extend(_versions(hit.extra.get("other_versions", []), width, color))
        lines.append("")
    lines.extend(_facet_lines(results, width))
    return "\n".join(lines).rstrip() + "\n"


def _summary(results: SearchResults) -> str:
    request = results.request
    filtered = request.filters or request.exclude or request.date_from or request.date_to
    what = f"“{request.q}”" if request.q else "the filters" if filtered else "the archive"
    verb = ("matches", "match") if request.q or filtered else ("is in", "are in")
    if results.total == 0:
        return f"No articles {verb[1]} {what}."
    first = (request.page - 1) * request.per_page + 1
    total = _count(results.total, "article")
    if not results.hits:
        return f"{total} {verb[results.total != 1]} {what}; page {request.page} is past the end."
    last = first + len(results.hits) - 1
    counted = f"{total} {verb[results.total != 1]}"
    stories = results.extra.get("stories", results.total) if request.collapse else results.total
    if stories < results.total:  # as on the web: copies of one story are listed once
        counted = f"{_count(stories, 'story', 'stories')} ({total}) {verb[1]}"
    return f"{counted} {what} (showing {first}-{last}, {results.elapsed_ms:.0f} ms)."


def _count(number: int, noun: str, plural: str | None = None) -> str:
    return f"{number:,} {noun if number == 1 else plural or noun + 's'}"


def _versions(versions: list[dict[str, Any]], width: int, color: bool) -> list[str]:
    """List the other versions of a collapsed story, one line each (the first published marked)."""
    if not versions:
        return []
    noun = "version" if len(versions) == 1 else "versions"
    lines = _wrap(f"+ {len(versions)} other {noun}:", width, DIM if color else "", color, "   ")
    for version in versions:
        when = " · ".join(part for part in (version.get("date"), version.get("source")) if part)
        first = " (first published)" if version.get("first") else ""
        differs = version.get("differs")
        first += f" [differs in {', '.join(differs)}]" if differs else ""
        text = f"- {version.get('title') or '(no title)'} · {when or version['id']}{first}"
        lines.extend(_wrap(text, width, DIM if color else "", color, "     "))
    return lines


def _suggestion(results: SearchResults) -> str | None:
    if results.corrected:
        typed = results.request.q
        return (
            f"Showing results for {results.corrected}. Search instead for {typed} (--no-correct)."
        )
    return f"Did you mean: {results.suggestion}" if results.suggestion else None


def _wrap(text: str, width: int, style: str, color: bool, indent: str = "") -> list[str]:
    text = printable(text)
    wrapped = textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=indent or "   ")
    return [f"{style}{line}{RESET}" if style else line for line in wrapped]


def _wrap_snippet(snippet: str, width: int, color: bool) -> list[str]:
    # Wrap the plain text first, then re-insert the emphasis, so that escape codes never count
    # towards the line width.
    plain = printable(unescape(_MARK.sub(r"\1", snippet)))
    lines = textwrap.wrap(plain, width, initial_indent="   ", subsequent_indent="   ")
    if not color:
        return lines
    matches = [printable(unescape(m)) for m in _MARK.findall(snippet)]
    if not matches:
        return lines
    pattern = re.compile(
        "|".join(re.escape(m) for m in sorted(set(matches), key=len, reverse=True))
    )
    return [pattern.sub(lambda m: f"{BOLD_MATCH}{m.group()}{RESET}", line) for line in lines]


def _facet_lines(results: SearchResults, width: int) -> list[str]:
    lines = []
    for name, values in results.facets.items():
        top = [v for v in values if v.count][:TOP_FACET_VALUES]
        if not top:
            continue
        listed = printable(", ".join(f"{v.label} ({v.count:,})" for v in top))
        lines.extend(
            textwrap.wrap(f"{name.capitalize()}: {listed}", width, subsequent_indent="   ")
        )
    return lines


def render_histogram(results: SearchResults) -> str:
    """Return the search's matches per period as a table: period, matches, all articles, share."""
    rows = results.extra.get("histogram", [])
    unit = results.request.histogram or "period"
    lines = [f"{unit:<10} {'matches':>9} {'articles':>9} {'share':>9}"]
    for row in rows:
        lines.append(
            f"{row['period']:<10} {row['count']:>9,} {row['total']:>9,} {row['share']:>9.3%}"
        )
    if not rows:
        lines.append("(no dated match)")
    return "\n".join(lines) + "\n"
