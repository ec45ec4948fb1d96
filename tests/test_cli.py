"""The newsarchive command line: stdout vs stderr, exit codes 0/1/2, never a traceback."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from corpus_files import json_line, write_small_corpus

from indexer import store
from newsarchive.cli import cli


def run(*args: str | Path, env: dict[str, str] | None = None) -> Result:
    result = CliRunner().invoke(cli, [str(a) for a in args], env=env)
    assert "Traceback" not in result.output, result.output
    return result


def ok(*args: str | Path) -> Result:
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_small_corpus(tmp_path_factory.mktemp("corpus"))
    (root / "bad").mkdir()
    (root / "bad" / "junk.html").write_bytes(bytes(range(256)) * 64)
    (root / "bad" / "lines.jsonl").write_text("{oops\n")
    return root


@pytest.fixture(scope="module")
def index(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    index_dir = tmp_path_factory.mktemp("cli") / "index"
    ok("--index", index_dir, "rebuild", "--corpus", corpus)
    return index_dir


def test_rebuild_prints_a_summary_and_progress_goes_to_stderr(tmp_path: Path, corpus: Path) -> None:
    result = ok("rebuild", "--index", tmp_path / "idx", "--corpus", corpus, "--workers", "2")
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Rebuilt: 7 articles indexed from 7 files in ")
    assert "Duplicates: 0 (same id: 0, same text: 0)." in lines
    assert "Skipped: 2 (1 not HTML, 1 not valid JSON):" in lines
    assert "  bad/junk.html: not HTML (binary data)" in lines
    assert lines[-1].startswith("Index: ") and "gen-" in lines[-1]
    assert "Rebuilt" not in result.stderr
    assert store.read_build_info(tmp_path / "idx")["articles"] == 7


def test_rebuild_json_report(tmp_path: Path, corpus: Path) -> None:
    report = json.loads(
        ok("--index", tmp_path / "i", "rebuild", "--corpus", corpus, "--json").stdout
    )
    assert (report["indexed"], report["duplicates"], len(report["skipped"])) == (7, 0, 2)


def test_a_json_export_is_indexed_and_found(tmp_path: Path) -> None:
    corpus = tmp_path / "exports"
    corpus.mkdir()
    (corpus / "feed.json").write_text(json.dumps({"status": "ok", "articles": [
        {"title": "Floods hit Kenya", "content": "Heavy rain flooded Nairobi on Monday.",
         "url": "https://example.org/kenya", "publishedAt": "2020-01-02T10:00:00Z",
         "source": {"name": "BBC News"}},
    ]}))  # fmt: skip
    report = json.loads(
        ok("--index", tmp_path / "i", "rebuild", "--corpus", corpus, "--json").stdout
    )
    assert report["indexed"] == 1
    found = json.loads(ok("--index", tmp_path / "i", "search", "nairobi", "--json").stdout)
    [hit] = found["results"]
    assert (hit["title"], hit["date"], hit["source"], hit["countries"]) == (
        "Floods hit Kenya", "2020-01-02", "BBC News", ["KE"],
    )  # fmt: skip


def test_rebuild_outside_the_project_says_where_the_corpus_is_looked_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("--index", tmp_path / "idx", "rebuild")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == (
        f"Error: No corpus/ folder in {tmp_path}: run in the project folder, or give "
        "--corpus PATH.\n"
    )


def test_missing_corpus_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    result = run("--index", tmp_path / "idx", "rebuild", "--corpus", tmp_path / "nope")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("Error: Corpus path not found: ")
    assert not (tmp_path / "idx").exists()


def test_nothing_to_index_fails_clearly(tmp_path: Path) -> None:
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "notes.md").write_text("not a news file")
    result = run("--index", tmp_path / "idx", "rebuild", "--corpus", tmp_path / "c")
    assert result.exit_code == 1 and result.stderr.startswith("Error: Nothing to index under ")


def test_locked_index_is_refused(tmp_path: Path, corpus: Path) -> None:
    with store.writer_lock(tmp_path / "idx"):
        result = run("--index", tmp_path / "idx", "rebuild", "--corpus", corpus)
    assert result.exit_code == 1
    assert "Error: Another newsarchive process is writing" in result.stderr


def test_an_index_path_that_is_a_file_is_an_error(tmp_path: Path, corpus: Path) -> None:
    (tmp_path / "plain-file").write_text("not a folder")
    assert run("--index", tmp_path / "plain-file", "rebuild", "--corpus", corpus).exit_code == 2
    inside = tmp_path / "plain-file" / "index"
    result = run("--index", inside, "rebuild", "--corpus", corpus)
    assert result.exit_code == 1
    assert result.stderr == f"Error: Cannot write the index in {inside}: Not a directory.\n"


def test_bad_usage_exits_2(index: Path) -> None:
    assert run("--index", index, "rebuild", "--workers", "0").exit_code == 2
    assert run("--index", index, "search", "x", "--page", "0").exit_code == 2
    assert run("--index", index, "frobnicate").exit_code == 2
    assert run("--index", index, "add").exit_code == 2


def test_every_skip_is_listed_with_verbose(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "good.jsonl").write_text(json_line("g", "Good", "A good article."))
    for n in range(25):
        (corpus / f"empty-{n:02d}.txt").write_bytes(b"")
    short = ok("--index", tmp_path / "a", "rebuild", "--corpus", corpus).stdout
    assert "  and 5 more (-v lists them all)" in short and short.count(": empty file") == 20
    full = ok("-v", "--index", tmp_path / "b", "rebuild", "--corpus", corpus).stdout
    assert full.count(": empty file") == 25 and "more" not in full


def test_stats_text_and_json(index: Path) -> None:
    data = json.loads(ok("--index", index, "stats", "--json").stdout)
    assert data["articles"] == 7
    assert (data["first_date"], data["last_date"]) == ("1987-02-26", "2023-08-14")
    assert data["index_bytes"] > 0 and data["built"] and data["generation"].startswith("gen-")
    assert {"value": "Reuters", "label": "Reuters", "count": 2} in data["top_source"]
    text = ok("stats", "--index", index).stdout
    assert "Articles:   7" in text and "Dates:      1987-02-26 .. 2023-08-14" in text
    assert "\nTop sources: " in text and "\nTop topics: " in text


def test_index_from_environment(index: Path) -> None:
    result = run("stats", "--json", env={"NEWSARCHIVE_INDEX": str(index)})
    assert result.exit_code == 0 and json.loads(result.stdout)["articles"] == 7


def test_no_index_says_how_to_fix(tmp_path: Path) -> None:
    result = run("--index", tmp_path / "none", "stats")
    assert result.exit_code == 1
    assert (
        result.stderr
        == f"Error: No index at {tmp_path / 'none'}. Run `newsarchive rebuild` first.\n"
    )


def test_search_json_text_and_csv(index: Path) -> None:
    document = json.loads(ok("--index", index, "search", "cocoa", "--json").stdout)
    assert document["total"] == 1
    assert [r["id"] for r in document["results"]] == ["reuters21578-1"]
    assert "COCOA REVIEW" in ok("--index", index, "search", "cocoa").stdout
    exported = ok("--index", index, "search", "prices", "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(exported)))
    assert {"id", "title"} <= set(rows[0]) and {row["id"] for row in rows} >= {"feed-1"}
    assert ok("--index", index, "search", "zzzqqq", "--json").exit_code == 0


def test_search_reports_an_automatic_correction(index: Path) -> None:
    text = ok("--index", index, "search", "cocao").stdout
    assert "Showing results for cocoa. Search instead for cocao (--no-correct)." in text
    assert "COCOA REVIEW" in text
    document = json.loads(ok("--index", index, "search", "cocao", "--json").stdout)
    assert document["corrected"] == "cocoa" and document["total"] == 1
    as_typed = json.loads(ok("--index", index, "search", "cocao", "--no-correct", "--json").stdout)
    assert as_typed["total"] == 0 and "corrected" not in as_typed


@pytest.mark.parametrize(
    "option", [("--from", "2020-13-45"), ("--to", "yesterday"), ("--page", "5000")]
)
def test_a_malformed_option_value_is_bad_usage(index: Path, option: tuple[str, str]) -> None:
    result = run("--index", index, "search", "oil", *option)
    assert result.exit_code == 2 and result.stderr.startswith("Error: ")
    assert len(result.stderr.strip().splitlines()) == 1  # one line, no traceback


def test_extract_json_paths_as_given(corpus: Path) -> None:
    result = ok("extract", "--json", corpus / "feed.jsonl", corpus / "pages")
    articles = [json.loads(line) for line in result.stdout.splitlines()]
    # ids come from the path under the argument, as a rebuild with that corpus root gives them
    assert [a["id"] for a in articles] == ["feed-1", "feed-2", "grain", "harbour-deal"]
    assert articles[0]["path"] == str(corpus / "feed.jsonl")
    assert articles[3]["path"] == str(corpus / "pages" / "harbour-deal.txt")
    assert set(articles[0]) >= {"id", "title", "body", "date", "countries", "regions", "topics"}


def test_extract_explain_and_readable_summary(corpus: Path) -> None:
    explained = json.loads(
        ok("extract", "--json", "--explain", corpus / "feed.jsonl").stdout.splitlines()[0]
    )
    assert "explain" in explained
    readable = ok("extract", "--explain", corpus / "wire").stdout
    assert "why these countries" in readable and "{" not in readable  # text, not JSON
    assert "why these topics" in readable
    text = ok("extract", corpus / "wire").stdout
    assert text.startswith("COCOA REVIEW <CCO>\n  id: reuters21578-1\n  date: 1987-02-26\n")
    assert "SALVADOR, Feb 26 - Showers continued" in text


def test_extract_reports_skips_on_stderr_and_missing_paths(corpus: Path, tmp_path: Path) -> None:
    result = run("extract", "--json", corpus / "bad")
    assert result.stdout == "" and result.exit_code == 1  # nothing extracted: a script can tell
    assert f"skipped {corpus / 'bad' / 'lines.jsonl'}:1: not valid JSON" in result.stderr
    assert result.stderr.endswith(
        f"Error: No article extracted from {corpus / 'bad'}: the lines above say why.\n"
    )
    (tmp_path / "README.txt").write_text("About this dataset.\n")
    (tmp_path / "notes.md").write_text("# Notes\n")
    left_out = run("extract", tmp_path / "README.txt")
    assert (left_out.exit_code, left_out.stdout) == (1, "")
    assert left_out.stderr.startswith(
        f"left out {tmp_path / 'README.txt'}: documentation, not news\nError: No article"
    )
    assert f"left out 1 file under {tmp_path}: unsupported kind" in run("extract", tmp_path).stderr
    (tmp_path / "empty").mkdir()
    empty = run("extract", tmp_path / "empty")
    assert empty.exit_code == 1 and "no supported files there" in empty.stderr
    with_one = run("extract", "--json", corpus / "bad", corpus / "feed.jsonl")
    assert with_one.exit_code == 0 and with_one.stdout  # one path gave articles: success
    missing = run("extract", tmp_path / "nothing.txt")
    assert missing.exit_code == 1 and missing.stderr.startswith("Error: Corpus path not found")


def test_add_then_replace(tmp_path: Path) -> None:
    one = tmp_path / "one.jsonl"
    one.write_text(json_line("a", "Alpha", "First text."))
    first = ok("--index", tmp_path / "idx", "add", one).stdout
    assert first.startswith("Added: 1 article indexed from 1 file in ")
    one.write_text(json_line("a", "Alpha again", "Second text."))
    second = ok("add", "--index", tmp_path / "idx", one).stdout
    assert second.startswith("Added: 1 article indexed (1 replaced) from 1 file in ")
    assert json.loads(ok("--index", tmp_path / "idx", "stats", "--json").stdout)["articles"] == 1


def test_serve_help() -> None:
    assert "--port" in ok("serve", "--help").stdout
