"""Text the ``newsarchive`` command prints: build reports, articles, index statistics.

Pure string formatting (no printing, no click), so it is easy to test and to keep consistent.
"""

from __future__ import annotations

import re
import textwrap
from collections import defaultdict
from typing import Any

from indexer.article import Article, Skip
from indexer.tagging.labels import country_label
from search.results import MISSING_LABELS

# Control characters but tab and newline: ESC starts a terminal escape sequence, CR overwrites.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """Return ``text`` harmless to a terminal: each control character shown as ``\\x1b`` etc.

    Article text and file names come from the corpus, and may hold escape sequences that would
    recolour, retitle or rewrite the user's terminal if printed as they are.
    """
    return _CONTROL.sub(lambda match: f"\\x{ord(match.group()):02x}", text)


def format_report(report: Any, verb: str, max_skips: int | None) -> str:
    """Return the closing summary of a rebuild or add (``max_skips``: None lists every skip)."""
    lines = [
        f"{verb.capitalize()}: {_count(report.indexed, 'article')} indexed"
        + (f" ({report.replaced:,} replaced)" if report.replaced else "")
        + f" from {_count(report.files, 'file')} in {_duration(report.seconds)}.",
        f"Duplicates: {report.duplicates:,} (same id: {report.duplicate_ids:,}, "
        f"same text: {report.duplicate_bodies:,}).",
    ]
    if report.ignored_files:
        reasons = getattr(report, "left_out", None) or {"unsupported kind": report.ignored_files}
        why = ", ".join(f"{count:,} {reason}" for reason, count in sorted(reasons.items()))
        lines.append(f"Left out: {_count(report.ignored_files, 'file')} ({why}).")
    lines.extend(_skip_lines(report.skipped, max_skips))
    if getattr(report, "unchanged", False):
        lines.append("Nothing new to index: no generation published, the live index is unchanged.")
    lines.append(f"Index: {_size(report.index_bytes)} ({report.generation}).")
    return "\n".join(lines)


def _skip_lines(skips: list[Skip], max_skips: int | None) -> list[str]:
    if not skips:
        return ["Skipped: none."]
    by_reason: dict[str, int] = defaultdict(int)
    for skip in skips:
        by_reason[skip.reason.split(" (")[0]] += 1
    reasons = ", ".join(f"{count:,} {reason}" for reason, count in sorted(by_reason.items()))
    lines = [f"Skipped: {len(skips):,} ({reasons}):"]
    shown = skips if max_skips is None else skips[:max_skips]
    lines.extend(f"  {skip}" for skip in shown)
    if len(shown) < len(skips):
        lines.append(f"  and {len(skips) - len(shown):,} more (-v lists them all)")
    return lines


def format_article(article: Article, preview_chars: int, explain: Any = None) -> str:
    """Return a readable summary of an extracted article."""
    details = [
        ("id", article.id),
        ("date", article.date),
        ("source", article.source),
        ("author", article.author),
        ("url", article.url),
        ("path", article.path),
        ("countries", ", ".join(article.countries)),
        ("regions", ", ".join(article.regions)),
        ("topics", ", ".join(article.topics)),
    ]
    lines = [article.title or "(no title)"]
    lines.extend(f"  {name}: {value}" for name, value in details if value)
    body = " ".join(article.body.split())
    if body:
        preview = body[:preview_chars] + ("…" if len(body) > preview_chars else "")
        lines.extend(textwrap.wrap(preview, 96, initial_indent="  ", subsequent_indent="  "))
    if explain is not None:
        lines.extend(format_explain(explain))
    return "\n".join(lines) + "\n"


def format_explain(explain: dict[str, Any]) -> list[str]:
    """Return why each country and topic was (or was not) given, one line a candidate
    (``+`` tagged, ``-`` left out); ``--json --explain`` has every detail."""
    lines = ["  why these countries (+ tagged, - left out; score; words found where):"]
    for code, why in (explain.get("countries") or {}).items():
        said = _mentions(why.get("mentions") or [])
        lines.append(
            f"    {_verdict(why)} {code} {country_label(code)}: {why.get('score')}; {said}"
        )
    lines.append("  why these topics (score; lexicon words; words the model weighed most):")
    for slug, why in (explain.get("topics") or {}).items():
        words = ", ".join(why.get("words") or []) or "-"
        model = ", ".join(why.get("model_words") or []) or "-"
        lines.append(f"    {_verdict(why)} {slug}: {why.get('score')}; {words}; {model}")
    return lines


def _mentions(mentions: list[dict[str, Any]]) -> str:
    """'Taiwan' x19 (title, lead, body), 'Taipei' (body)."""
    places: dict[str, list[str]] = defaultdict(list)
    for mention in mentions:
        places[str(mention.get("text"))].append(str(mention.get("where")))
    parts = []
    for text, wheres in places.items():
        times = f" x{len(wheres)}" if len(wheres) > 1 else ""
        parts.append(f"{text!r}{times} ({', '.join(dict.fromkeys(wheres))})")
    return ", ".join(parts) or "-"


def _verdict(why: dict[str, Any]) -> str:
    return "+" if why.get("tagged") else "-"


def format_stats(data: dict[str, Any]) -> str:
    """Return the index statistics as aligned text."""
    lines = [
        f"Articles:   {data['articles']:,}",
        f"Dates:      {data['first_date'] or '-'} .. {data['last_date'] or '-'}"
        + (
            f" ({_count(data['without_date'], 'article')} without a date)"
            if data.get("without_date")
            else ""
        ),  # fmt: skip
        f"Index size: {_size(data['index_bytes'])} ({data['generation']})",
        f"Built:      {data['built'] or '-'}"
        + (f" (updated {data['updated']})" if data.get("updated") else ""),
    ]
    if data.get("corpus"):
        lines.append(f"Corpus:     {', '.join(data['corpus'])}")
    for field in ("countries", "regions", "topics", "source"):
        values = data.get(f"top_{field}") or []
        listed = ", ".join(f"{v['label']} {v['count']:,}" for v in values) or "-"
        if field == "source" and data.get("without_source"):
            listed += f"; {MISSING_LABELS['source']} {data['without_source']:,}"
        lines.append(f"Top {'sources' if field == 'source' else field}: {listed}")
    return "\n".join(lines)


def _size(nbytes: int) -> str:
    size = float(nbytes)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:,.0f} {unit}" if unit == "B" else f"{size:,.1f} {unit}"
        size /= 1024
    return f"{size:.1f} GB"


def _duration(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, rest = divmod(int(seconds), 60)
    return f"{minutes} min {rest:02d} s"


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"
