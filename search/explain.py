"""Explain a query: how it was read (the syntax tree after stemming) and what each clause matches.

The answer to "why did I get this, and not that?": every clause of the tree is compiled on its
own, as the search compiles it (stems, phrase words, wildcard expansions, keyword values), and
counted alone over the whole archive, without the other clauses or the filters. Groups (AND, OR)
are counted too, so a reader sees where the matches are lost. There are no synonyms: a word
matches its stem and nothing else, which the ``stemmed`` form shows.

>>> describe(wq.Or([wq.Term("title", "coffe"), wq.Term("body", "coffe")]))
'title|body:coffe'
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from whoosh import query as wq

from indexer.codec.postings import Postings
from newsarchive.errors import QueryError
from search.budget import budget
from search.engine import Engine
from search.matchset import match_set
from search.query import parse as ast
from search.query.compile import TEXT_FIELDS, Compiler, is_stop_word_node, left_out
from search.query.near import Near
from search.results import EXCLUDE_PREFIX, SearchRequest
from search.view import View

MAX_SHOWN_TERMS = 12  # expansions of a wildcard listed in ``stemmed``


def explain_query(engine: Engine, request: SearchRequest) -> dict[str, Any]:
    """Return the explanation of a request (JSON-serialisable: tree, clauses, filters)."""
    with engine.leased_view() as view:
        return explain_view(view, request)


def explain_view(view: View, request: SearchRequest) -> dict[str, Any]:
    """Return the explanation of a request over one view of the index."""
    node = ast.parse_query(request.q)
    filters = explain_filters(request)
    if node is None:
        return {"tree": None, "clauses": [], "filters": filters}
    explainer = _Explainer(view)
    with budget():  # counting each clause costs like a search: the same time budget
        tree = explainer.explain(node)
    return {"tree": tree, "clauses": explainer.clauses, "filters": filters}


def explain_filters(request: SearchRequest) -> dict[str, Any]:
    """Return the filters of a request as the explanation lists them (the query tree aside)."""
    filters: dict[str, Any] = {name: list(v) for name, v in request.filters.items()}
    filters.update({EXCLUDE_PREFIX + name: list(v) for name, v in request.exclude.items()})
    filters.update({k: v for k, v in (("from", request.date_from), ("to", request.date_to)) if v})
    if request.min_mentions:
        filters["min_mentions"] = request.min_mentions
    return filters


class _Explainer:
    """Walks one syntax tree, compiling and counting each node alone."""

    def __init__(self, view: View) -> None:
        self.view = view
        self.postings: Postings = view.postings()
        self.clauses: list[dict[str, Any]] = []

    def explain(self, node: ast.Node) -> dict[str, Any]:
        if isinstance(node, ast.And | ast.Or):
            kind = "and" if isinstance(node, ast.And) else "or"
            out = left_out(node) if isinstance(node, ast.And) else [False] * len(node.items)
            items = [
                _dropped(item) if dropped else self.explain(item)
                for item, dropped in zip(node.items, out, strict=True)
            ]
            return {"op": kind, "items": items, "matches": self._count(node)}
        if isinstance(node, ast.Not):
            return {"op": "not", "item": self.explain(node.item)}
        compiled = self._compile(node)
        clause = {
            "clause": clause_text(node),
            "stemmed": _searched_terms(compiled) if compiled is not None else "",
            "searches": describe(compiled) if compiled is not None else "(nothing: a stop word)",
            "matches": self._count(node),
        }
        self.clauses.append(clause)
        return clause

    def _compile(self, node: ast.Node) -> wq.Query | None:
        compiler = Compiler(self.view.searcher.reader(), self.view.columns.sources)
        try:
            return compiler.compile(node)
        except QueryError:
            return None

    def _count(self, node: ast.Node) -> int:
        compiled = self._compile(node)
        return 0 if compiled is None else len(match_set(self.postings, compiled))


def _dropped(node: ast.Node) -> dict[str, Any]:
    why = "a stop word" if is_stop_word_node(node) else "says what is asked for"
    return {"clause": clause_text(node), "stemmed": "", "searches": f"(left out: {why})",
            "matches": None}  # fmt: skip


def clause_text(node: ast.Node) -> str:
    """Return a leaf of the syntax tree as the user would write it."""
    field = getattr(node, "field", None)
    prefix = f"{field}:" if field else ""
    times = getattr(node, "boost", 1)
    boost = f"^{times}" if times > 1 else ""
    if isinstance(node, ast.Phrase):
        near = "" if node.near is None else f"~{node.near}"
        return f'{prefix}"{node.text}"{near}{boost}'
    if isinstance(node, ast.Range):
        opening, closing = "{" if node.low_excluded else "[", "}" if node.high_excluded else "]"
        return f"{prefix}{opening}{node.low or '*'} TO {node.high or '*'}{closing}"
    return prefix + getattr(node, "text", "") + boost


def describe(query: wq.Query) -> str:
    """Return a compiled whoosh query as compact text (fields and indexed terms)."""
    if isinstance(query, wq.Term):
        return f"{query.fieldname}:{_text(query.text)}"
    if isinstance(query, wq.Phrase):
        return f'{query.fieldname}:"{" ".join(query.words)}"'
    if isinstance(query, Near):
        return f'{query.fieldname}:"{" ".join(query.words)}"~{query.within}'
    if isinstance(query, wq.Or) and len(query.subqueries) > 1 and _same(query.subqueries):
        return f"{describe(query.subqueries[0])} x{len(query.subqueries)}"  # a boost (coffee^3)
    if isinstance(query, wq.Or) and _text_terms(query):
        terms: list[Any] = list(query.subqueries)  # all wq.Term (checked above)
        texts = list(dict.fromkeys(_text(q.text) for q in terms))
        fields = "|".join(dict.fromkeys(q.fieldname for q in terms))
        hidden = len(texts) - MAX_SHOWN_TERMS
        words = " OR ".join(texts[:MAX_SHOWN_TERMS]) + (f" OR {hidden} more" if hidden > 0 else "")
        return f"{fields}:{words}" if len(texts) == 1 else f"{fields}:({words})"
    if isinstance(query, wq.And | wq.Or):
        joiner = " AND " if isinstance(query, wq.And) else " OR "
        return "(" + joiner.join(describe(q) for q in query.subqueries) + ")"
    if isinstance(query, wq.AndNot):
        return f"({describe(query.a)} NOT {describe(query.b)})"
    if isinstance(query, wq.Every):
        return "*"
    if isinstance(query, wq.Prefix):
        return f"{query.fieldname}:{query.text}*"
    if isinstance(query, wq.TermRange):  # Lucene's brackets: { } leave the bound out
        opening, closing = "{" if query.startexcl else "[", "}" if query.endexcl else "]"
        return f"{query.fieldname}:{opening}{query.start or '*'} TO {query.end or '*'}{closing}"
    return str(query)


def _same(queries: Sequence[wq.Query]) -> bool:
    return all(q == queries[0] for q in queries[1:])


def _text_terms(query: wq.Or) -> bool:
    return all(isinstance(q, wq.Term) and q.fieldname in TEXT_FIELDS for q in query.subqueries)


def _searched_terms(query: wq.Query) -> str:
    """Return the distinct indexed words a compiled clause looks up, in order."""
    unique = list(dict.fromkeys(_words(query)))
    shown = " ".join(unique[:MAX_SHOWN_TERMS])
    hidden = len(unique) - MAX_SHOWN_TERMS
    return shown + (f" (+{hidden} more)" if hidden > 0 else "")


def _words(query: wq.Query) -> list[str]:
    if isinstance(query, wq.Phrase):
        return [" ".join(query.words)]
    if isinstance(query, Near):
        return [f'"{" ".join(query.words)}"~{query.within}']
    if isinstance(query, wq.Term):
        return [] if query.fieldname == "id" else [_text(query.text)]
    if isinstance(query, wq.AndNot):
        return _words(query.a)
    if isinstance(query, wq.Prefix):
        return [f"{query.text}*"]
    if isinstance(query, wq.TermRange):
        return [describe(query)]
    return [word for sub in getattr(query, "subqueries", ()) for word in _words(sub)]


def _text(value: str | bytes) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def render_explain(data: dict[str, Any]) -> str:
    """Return the explanation as indented text lines, for the terminal."""
    lines = ["How this search was read (each clause counted alone, without filters):"]
    if data["tree"] is None:
        lines.append("  every article (no query)")
    else:
        _render(data["tree"], 1, lines)
    if data["filters"]:
        shown = "; ".join(
            f"{k}={','.join(v) if isinstance(v, list) else v}" for k, v in data["filters"].items()
        )
        lines.append(f"Filters: {shown}")
    return "\n".join(lines) + "\n"


def _render(node: dict[str, Any], depth: int, lines: list[str]) -> None:
    pad = "  " * depth
    if "op" in node and node["op"] == "not":
        lines.append(f"{pad}NOT (articles with it are left out)")
        _render(node["item"], depth + 1, lines)
    elif "op" in node:
        lines.append(f"{pad}{node['op'].upper()}  {node['matches']:,} articles")
        for item in node["items"]:
            _render(item, depth + 1, lines)
    else:
        count = "" if node["matches"] is None else f"{node['matches']:,} articles  "
        lines.append(
            f"{pad}{node['clause']}  -> {node['stemmed'] or '-'}  {count}[{node['searches']}]"
        )
