"""Readers: files on disk -> RawDoc | Skip, streaming, with a one-line reason for every bad file."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest
from corpus_files import HTML_PAGE, json_line, reuters_file, reuters_story

from indexer.article import Skip
from indexer.reading.readers import (
    MAX_ARTICLE_BYTES,
    MAX_JSON_BYTES,
    RawDoc,
    find_files,
    iter_raw_docs,
    kind_of,
    plan_tasks,
    read_task,
)
from newsarchive.errors import SourceMissing


def _read(*paths: Path) -> list[RawDoc | Skip]:
    return list(iter_raw_docs(paths))


def _skips(items: list[RawDoc | Skip]) -> list[str]:
    return [str(item) for item in items if isinstance(item, Skip)]


def test_kinds_by_name() -> None:
    names = ["a.sgm", "b.HTML", "c.htm.gz", "d.html.gz", "e.txt", "f.jsonl", "g.ndjson", "h.md"]
    names += ["i.json", "j.json.gz"]
    assert [kind_of(n) for n in names] == [
        "sgml", "html", "html", "html", "txt", "jsonl", "jsonl", None, "json", "json",
    ]  # fmt: skip


def test_missing_path_is_refused_before_reading(tmp_path: Path) -> None:
    (tmp_path / "ok.txt").write_text("Title\n\nBody text of the article.\n")
    with pytest.raises(SourceMissing, match="nowhere"):
        find_files([tmp_path, tmp_path / "nowhere"])


def test_walk_is_sorted_skips_hidden_readme_and_other_kinds(tmp_path: Path) -> None:
    for name in ("b.txt", "a.txt", ".hidden.txt", "README.txt", "notes.md", "sub/c.jsonl"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "d.txt").write_text("x")
    files, skips, ignored = find_files([tmp_path])
    assert [f.rel_path for f in files] == ["a.txt", "b.txt", "sub/c.jsonl"]
    assert (skips, ignored) == ([], {"unsupported kind": 1, "documentation, not news": 1})


def test_a_file_argument_is_its_own_root(tmp_path: Path) -> None:
    (tmp_path / "deep").mkdir()
    (tmp_path / "deep" / "one.txt").write_text("x")
    files, _skips, _ignored = find_files([tmp_path / "deep" / "one.txt"])
    assert [f.rel_path for f in files] == ["one.txt"]


def test_broken_link_is_skipped_with_reason(tmp_path: Path) -> None:
    (tmp_path / "gone.html").symlink_to(tmp_path / "missing-target.html")
    (tmp_path / "ok.txt").write_text("Title\n\nBody.\n")
    items = _read(tmp_path)
    assert _skips(items) == ["gone.html: cannot read: broken symbolic link"]
    assert [i.path for i in items if isinstance(i, RawDoc)] == ["ok.txt"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_is_skipped(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("Title\n\nBody.\n")
    secret.chmod(0)
    try:
        assert _skips(_read(tmp_path)) == ["secret.txt: cannot read (Permission denied)"]
    finally:
        secret.chmod(0o644)


def test_empty_files_are_skipped(tmp_path: Path) -> None:
    for name in ("a.txt", "b.html", "c.sgm", "d.jsonl"):
        (tmp_path / name).write_bytes(b"")
    assert _skips(_read(tmp_path)) == [
        "a.txt: empty file", "b.html: empty file", "c.sgm: empty file", "d.jsonl: empty file",
    ]  # fmt: skip


def test_gzip_files_truncated_and_fake(tmp_path: Path) -> None:
    packed = gzip.compress(HTML_PAGE.encode())
    (tmp_path / "good.html.gz").write_bytes(packed)
    (tmp_path / "cut.html.gz").write_bytes(packed[: len(packed) // 2])
    (tmp_path / "fake.htm.gz").write_bytes(b"<html>not compressed</html>")
    # JSON Lines and SGML are streamed: the stories before a cut are kept
    lines = "".join(json_line(f"id-{n}", f"T{n}", "body " * 20) for n in range(50))
    (tmp_path / "feed.jsonl.gz").write_bytes(gzip.compress(lines.encode()))
    wire = gzip.compress(reuters_file([reuters_story(n, f"S{n}", "text") for n in (1, 2)]))
    (tmp_path / "reut.sgm.gz").write_bytes(wire)
    (tmp_path / "cut.sgm.gz").write_bytes(wire[: len(wire) // 2])
    (tmp_path / "fake.jsonl.gz").write_bytes(b"not gzip at all")
    items = _read(tmp_path)
    assert _skips(items) == [
        "cut.html.gz: cannot decompress: truncated",
        "cut.sgm.gz: cannot decompress: truncated",
        "fake.htm.gz: cannot decompress: not valid gzip data",
        "fake.jsonl.gz: cannot decompress: not valid gzip data",
    ]
    docs = [d for d in items if isinstance(d, RawDoc)]
    paths = [d.path for d in docs]
    assert [paths.count(name) for name in ("feed.jsonl.gz", "reut.sgm.gz")] == [50, 2]
    [good] = [d for d in docs if d.path == "good.html.gz"]
    assert good.data == HTML_PAGE.encode() and good.kind == "html"


def test_huge_single_line_files_are_skipped_quickly(tmp_path: Path) -> None:
    line = b"x" * (50 * 1024 * 1024)  # 50 MB, no newline anywhere
    for name in ("huge.txt", "huge.html", "huge.jsonl", "huge.sgm"):
        (tmp_path / name).write_bytes(line)
    reasons = _skips(_read(tmp_path))
    assert reasons == [
        "huge.html: too large for one article (50 MB > limit)",
        "huge.jsonl:1: line longer than 20 MB",
        "huge.sgm: no <REUTERS> or <DOC> stories found",
        "huge.txt: too large for one article (50 MB > limit)",
    ]
    assert MAX_ARTICLE_BYTES == 20 * 1024 * 1024


def test_jsonl_bad_lines_are_reported_with_line_numbers(tmp_path: Path) -> None:
    text = (
        json_line("a", "A", "first")
        + "{not json\n"
        + "\n"
        + "[1, 2]\n"
        + json_line("b", "B", "second")
        + json_line("c", "C", "last line without newline").rstrip("\n")
    )
    (tmp_path / "feed.jsonl").write_text(text)
    items = _read(tmp_path)
    assert _skips(items) == [
        "feed.jsonl:2: not valid JSON (Expecting property name enclosed in double quotes)",
        "feed.jsonl:4: not a JSON object",
    ]
    docs = [i for i in items if isinstance(i, RawDoc)]
    assert [(d.data["id"], d.line) for d in docs] == [("a", 1), ("b", 5), ("c", 6)]


def test_jsonl_nan_and_infinity_are_read_as_null(tmp_path: Path) -> None:
    # Python reads them, JSON has not: kept, they would make --json and the API emit non-JSON
    (tmp_path / "feed.jsonl").write_text('{"id": "a", "title": "T", "body": "B", "x": NaN, '
                                         '"y": [Infinity, -Infinity]}\n')  # fmt: skip
    [doc] = _read(tmp_path)
    assert isinstance(doc, RawDoc) and doc.data == {
        "id": "a", "title": "T", "body": "B", "x": None, "y": [None, None]
    }  # fmt: skip


NEWSAPI = """{"status": "ok", "totalResults": 2, "articles": [
 {"source": {"id": null, "name": "BBC News"}, "author": "Jane Doe", "title": "Floods hit Kenya",
  "description": "Rain flooded Nairobi.", "url": "https://example.org/kenya-floods",
  "publishedAt": "2020-01-02T10:00:00Z", "content": "Heavy rain flooded Nairobi on Monday."},
 {"source": {"name": "Reuters"}, "title": "Oil rises", "content": "Crude rose 3%."}]}"""


def test_a_json_export_is_read_as_its_list_of_articles(tmp_path: Path) -> None:
    (tmp_path / "newsapi.json").write_text(NEWSAPI)
    (tmp_path / "scraped.json").write_text(
        '[{"headline": "Judo gold", "text": "Japan won."}, {"title": "No text"}, 42]'
    )
    (tmp_path / "one.json").write_text('{"title": "One", "body": "A single story."}')
    (tmp_path / "lines.json").write_text(json_line("a", "A", "first") + json_line("b", "B", "2"))
    (tmp_path / "nothing.json").write_text('{"status": "error"}')
    (tmp_path / "broken.json").write_text('[{"title": "x",')
    items = _read(tmp_path)
    assert _skips(items) == [
        "broken.json: not valid JSON (Expecting property name enclosed in double quotes, line 1)",
        "nothing.json: no articles found (a list of objects with a title and text)",
    ]
    docs = {(d.path, d.line): d.data for d in items if isinstance(d, RawDoc)}
    assert [key for key in docs] == [
        ("lines.json", 1), ("lines.json", 2), ("newsapi.json", 1), ("newsapi.json", 2),
        ("one.json", 1), ("scraped.json", 1), ("scraped.json", 2),
    ]  # fmt: skip
    kenya = docs[("newsapi.json", 1)]
    assert kenya["id"] == "https://example.org/kenya-floods"
    assert (kenya["body"], kenya["description"]) == (
        "Heavy rain flooded Nairobi on Monday.",  # the text, moved; the summary stays itself
        "Rain flooded Nairobi.",
    )
    assert docs[("newsapi.json", 2)]["id"] == "newsapi-2"  # no url: the file and position
    assert docs[("scraped.json", 1)] == {
        "id": "scraped-1",
        "title": "Judo gold",
        "body": "Japan won.",
    }


def test_a_json_export_over_the_limit_is_refused_before_parsing(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    with big.open("wb") as out:
        out.truncate(MAX_JSON_BYTES + 10)
    assert _skips(_read(tmp_path)) == [
        "big.json: too large for one JSON document (over 100 MB): use JSON Lines"
    ]


def test_an_article_of_a_json_export_over_the_article_limit_is_skipped(tmp_path: Path) -> None:
    huge = {"title": "Huge", "body": "word " * (MAX_ARTICLE_BYTES // 5 + 1)}
    small = {"title": "Small", "body": "A story about tea."}
    (tmp_path / "feed.json").write_text(json.dumps([huge, small]))
    items = _read(tmp_path)
    assert _skips(items) == ["feed.json:1: too large for one article (over 20 MB)"]
    assert [d.data["title"] for d in items if isinstance(d, RawDoc)] == ["Small"]


def test_sgml_stories_with_line_numbers_and_latin1(tmp_path: Path) -> None:
    stories = [reuters_story(n, f"STORY {n}", f"Body of story {n}, café.") for n in (1, 2, 3)]
    (tmp_path / "reut2-000.sgm").write_bytes(reuters_file(stories))
    docs = _read(tmp_path)
    assert [d.line for d in docs] == [2, 21, 40]  # type: ignore[union-attr]
    assert all(isinstance(d, RawDoc) and "café" in d.data for d in docs)
    assert all(d.data.startswith("<REUTERS") and d.data.endswith("</REUTERS>") for d in docs)


def test_malformed_sgml_is_reported_and_the_rest_read(tmp_path: Path) -> None:
    good = reuters_story(1, "GOOD", "A good story.")
    unclosed = reuters_story(2, "UNCLOSED", "No end tag.").replace("</REUTERS>", "")
    last = reuters_story(3, "LAST", "Another good story.")
    (tmp_path / "a.sgm").write_bytes(reuters_file([good, unclosed, last]))
    (tmp_path / "b.sgm").write_bytes(reuters_file([good, unclosed]))
    (tmp_path / "c.sgm").write_bytes(b"<html>no stories here</html>")
    items = _read(tmp_path)
    assert _skips(items) == [
        "a.sgm:21: malformed SGML: <REUTERS> story without </REUTERS>",
        "b.sgm:21: malformed SGML: <REUTERS> story without </REUTERS>",
        "c.sgm: no <REUTERS> or <DOC> stories found",
    ]
    assert ['NEWID="1"' in d.data for d in items if isinstance(d, RawDoc)] == [1, 0, 1]


def test_oversized_sgml_story_is_dropped_and_the_next_one_read(tmp_path: Path) -> None:
    huge = reuters_story(1, "HUGE", "word " * (5 * 1024 * 1024))  # 25 MB
    last = reuters_story(2, "LAST", "A normal story after it.")
    (tmp_path / "a.sgm").write_bytes(reuters_file([huge, last]))
    items = _read(tmp_path)
    assert _skips(items) == ["a.sgm: malformed SGML: no </REUTERS> within 20 MB"]
    [doc] = [d for d in items if isinstance(d, RawDoc)]
    assert "LAST" in doc.data and doc.line == 21


def test_big_files_are_cut_into_tasks_that_read_the_same(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json_line(f"id-{n}", f"T{n}", "body " * 20) for n in range(300)))
    sgm = tmp_path / "big.sgm"
    sgm.write_bytes(reuters_file([reuters_story(n, f"S{n}", "text " * 30) for n in range(1, 120)]))
    files, _skips, _ignored = find_files([feed, sgm])
    for file in files:
        whole = [(d.line, str(d.data)) for d in read_task(plan_tasks(file)[0])]
        tasks = plan_tasks(file, chunk_bytes=4096)
        assert len(tasks) > 5 and [t.part for t in tasks] == list(range(1, len(tasks) + 1))
        parts = [(d.line, str(d.data)) for t in tasks for d in read_task(t)]
        assert parts == whole and len(whole) in (300, 119)


def _trec_doc(n: int) -> str:
    return (
        f"<DOC>\n<DOCNO> AP8802{n:02d}-0001 </DOCNO>\n<HEAD>Story {n}</HEAD>\n"
        f"<TEXT>\n   Body of story {n}, with <DOCNO>-like words.\n</TEXT>\n</DOC>\n"
    )


def test_trec_sgml_doc_stories_are_read_whole_and_in_tasks(tmp_path: Path) -> None:
    sgm = tmp_path / "ap88.sgml"
    sgm.write_text("".join(_trec_doc(n) for n in range(1, 100)), encoding="latin-1")
    docs = _read(sgm)
    assert len(docs) == 99 and [d.line for d in docs[:2]] == [1, 8]  # type: ignore[union-attr]
    assert all(isinstance(d, RawDoc) and d.data.startswith("<DOC>") for d in docs)
    assert all(d.data.endswith("</DOC>") for d in docs)  # type: ignore[union-attr]
    [file], _, _ = find_files([sgm])
    tasks = plan_tasks(file, chunk_bytes=1024)
    assert len(tasks) > 5
    assert [str(d.data) for t in tasks for d in read_task(t)] == [str(d.data) for d in docs]


def test_unclosed_trec_doc_is_reported(tmp_path: Path) -> None:
    text = _trec_doc(1) + _trec_doc(2).replace("</DOC>", "") + _trec_doc(3)
    (tmp_path / "ap.sgm").write_text(text)
    items = _read(tmp_path)
    assert _skips(items) == ["ap.sgm:8: malformed SGML: <DOC> story without </DOC>"]
    assert len([d for d in items if isinstance(d, RawDoc)]) == 2


def test_wire_archives_named_without_a_kind_are_found_by_their_content(tmp_path: Path) -> None:
    (tmp_path / "ap880212").write_text(_trec_doc(1) + _trec_doc(2))  # TREC's own file names
    (tmp_path / "nyt_eng_199407.gz").write_bytes(gzip.compress(_trec_doc(3).encode()))
    (tmp_path / "LICENSE").write_text("Permission is hereby granted ...")
    (tmp_path / "notes.gz").write_bytes(gzip.compress(b"<html>not a wire archive</html>"))
    files, skips, left_out = find_files([tmp_path])
    assert [(f.rel_path, f.kind) for f in files] == [
        ("ap880212", "sgml"),
        ("nyt_eng_199407.gz", "sgml"),
    ]
    assert not skips and sum(left_out.values()) == 2
    assert len([d for d in _read(tmp_path) if isinstance(d, RawDoc)]) == 3
