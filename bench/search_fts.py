"""The same searches through SQLite FTS5: bm25 ranking, snippet(), facet counts by GROUP BY."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from bench.search_queries import BenchQuery
from indexer.article import Article

PER_PAGE = 10
FACET_LIMIT = 20
MULTI = {"country": "doc_country", "region": "doc_region", "topic": "doc_topic"}
SINGLE = {"source": "source", "year": "year"}
SCHEMA = """
CREATE TABLE docs(rowid INTEGER PRIMARY KEY, id TEXT, date TEXT, year TEXT, source TEXT,
                  countries TEXT);
CREATE VIRTUAL TABLE fts USING fts5(title, body, tokenize='porter unicode61');
CREATE TABLE doc_country(rowid INTEGER, value TEXT);
CREATE TABLE doc_region(rowid INTEGER, value TEXT);
CREATE TABLE doc_topic(rowid INTEGER, value TEXT);
"""
INDEXES = """
CREATE INDEX docs_date ON docs(date, id);
CREATE INDEX docs_source ON docs(source);
CREATE INDEX docs_year ON docs(year);
CREATE INDEX doc_country_v ON doc_country(value, rowid);
CREATE INDEX doc_country_r ON doc_country(rowid, value);
CREATE INDEX doc_region_v ON doc_region(value, rowid);
CREATE INDEX doc_region_r ON doc_region(rowid, value);
CREATE INDEX doc_topic_v ON doc_topic(value, rowid);
CREATE INDEX doc_topic_r ON doc_topic(rowid, value);
"""


class FtsIndex:
    """An FTS5 database of the benchmark articles (cached on disk)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.db.execute("CREATE TEMP TABLE m(rowid INTEGER PRIMARY KEY)")

    @classmethod
    def build(cls, path: Path, articles: Iterable[Article]) -> FtsIndex:
        """Open the database at ``path``, filling it first when it does not exist yet."""
        if not path.exists():
            partial = path.with_suffix(".partial")
            partial.unlink(missing_ok=True)
            db = sqlite3.connect(partial)
            db.executescript(SCHEMA)
            for rowid, a in enumerate(articles, start=1):
                year = a.date[:4] if a.date else None
                db.execute(
                    "INSERT INTO docs VALUES (?,?,?,?,?,?)",
                    (rowid, a.id, a.date, year, a.source, " ".join(a.countries)),
                )
                db.execute(
                    "INSERT INTO fts(rowid, title, body) VALUES (?,?,?)", (rowid, a.title, a.body)
                )
                for table, values in (("doc_country", a.countries), ("doc_region", a.regions),
                                      ("doc_topic", a.topics)):  # fmt: skip
                    db.executemany(
                        f"INSERT INTO {table} VALUES (?,?)", [(rowid, v) for v in values]
                    )
            db.executescript(INDEXES)
            db.commit()
            db.close()
            partial.rename(path)
        return cls(sqlite3.connect(path, check_same_thread=False))

    def close(self) -> None:
        self.db.close()

    def search(self, query: BenchQuery) -> dict[str, Any]:
        """Return hits with snippets, the total and the five facets, like the Engine."""
        db = self.db
        db.execute("DELETE FROM m")
        match = query.fts_match()
        dates, date_args = _date_clause(query)
        if match is None:
            db.execute(f"INSERT INTO m SELECT rowid FROM docs WHERE 1 {dates}", date_args)
        else:
            db.execute(
                f"INSERT INTO m SELECT rowid FROM fts WHERE fts MATCH ? {dates}",
                (match, *date_args),
            )
        filters = _filters(query)
        where, args = _where(filters, skip=None)
        total = db.execute(f"SELECT count(*) FROM m WHERE 1 {where}", args).fetchone()[0]
        hits = self._hits(query, match, where, args)
        facets = {name: self._facet(name, filters) for name in (*MULTI, *SINGLE)}
        return {"total": total, "hits": hits, "facets": facets}

    def _hits(self, query: BenchQuery, match: str | None, where: str, args: list[str]) -> list:
        offset = (query.page - 1) * PER_PAGE
        if match is None or query.sort == "date":
            order = "d.date DESC, d.id"
        else:
            order = "bm25(fts, 3.0, 1.0), d.date DESC, d.id"
        sql = (
            "SELECT d.id, fts.title, d.date, d.source, d.countries, "
            "snippet(fts, 1, '<mark>', '</mark>', '…', 30), bm25(fts, 3.0, 1.0) "
            "FROM m JOIN fts ON fts.rowid = m.rowid JOIN docs d ON d.rowid = m.rowid "
            f"WHERE {'fts MATCH ?' if match else '1'} {where} ORDER BY {order} LIMIT ? OFFSET ?"
        )
        params = ([match] if match else []) + args + [PER_PAGE, offset]
        return self.db.execute(sql, params).fetchall()

    def _facet(self, name: str, filters: dict[str, list[str]]) -> list[tuple[str, int]]:
        where, args = _where(filters, skip=name)
        if name in MULTI:
            source = f"{MULTI[name]} t JOIN m ON m.rowid = t.rowid"
            column = "t.value"
        else:
            source = "docs t JOIN m ON m.rowid = t.rowid"
            column = f"t.{SINGLE[name]}"
        sql = (
            f"SELECT {column}, count(*) c FROM {source} WHERE {column} IS NOT NULL {where} "
            f"GROUP BY {column} ORDER BY c DESC LIMIT {FACET_LIMIT}"
        )
        return self.db.execute(sql, args).fetchall()


def _filters(query: BenchQuery) -> dict[str, list[str]]:
    filters: dict[str, list[str]] = {}
    for name, value in query.filters:
        filters.setdefault(name, []).append(value)
    return filters


def _date_clause(query: BenchQuery) -> tuple[str, list[str]]:
    if not (query.date_from or query.date_to):
        return "", []
    return (
        "AND rowid IN (SELECT rowid FROM docs WHERE date BETWEEN ? AND ?)",
        [query.date_from or "0000", query.date_to or "9999"],
    )


def _where(filters: dict[str, list[str]], skip: str | None) -> tuple[str, list[str]]:
    clauses, args = [], []
    for name, values in filters.items():
        if name == skip:
            continue
        marks = ",".join("?" * len(values))
        if name in MULTI:
            clauses.append(
                f"AND m.rowid IN (SELECT rowid FROM {MULTI[name]} WHERE value IN ({marks}))"
            )
        else:
            clauses.append(
                f"AND m.rowid IN (SELECT rowid FROM docs WHERE {SINGLE[name]} IN ({marks}))"
            )
        args.extend(values)
    return " ".join(clauses), args
