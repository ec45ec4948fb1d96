"""Exports (CLI ``--format``, ``/export.csv``, ``/export.jsonl``) on real indexes, parsed back."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsarchive.cli import cli
from newsarchive.settings import Settings
from search import Engine, SearchRequest
from search.export import COLUMNS, export_name, iter_export_rows
from web import create_app

ALL_IDS = {
    "coffee-brazil", "coffee-colombia", "oil-opec", "oil-heating", "taiwan-ukraine",
    "football-final",
}  # fmt: skip


@pytest.fixture(scope="module")
def client(sample_settings: Settings):
    return create_app(sample_settings).test_client()


def read_csv(text: str) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    assert tuple(reader.fieldnames or ()) == COLUMNS
    return list(reader)


def test_csv_download_names_query_filters_and_generation(client, sample_index_dir: Path):
    response = client.get("/export.csv?q=coffee&country=br")
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == "text/csv"
    generation = response.headers["X-Newsarchive-Generation"]
    assert generation == (sample_index_dir / "CURRENT").readlink().name
    stamp = "-".join(generation.split("-")[:2])
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="newsarchive_coffee_country-BR_{stamp}.csv"'
    )
    assert response.headers["X-Newsarchive-Query"] == "coffee"
    assert response.headers["X-Newsarchive-Filters"] == "country=BR"
    rows = read_csv(response.get_data(as_text=True))
    ranked = client.get("/api/search?q=coffee&country=BR").get_json()["results"]
    assert [row["id"] for row in rows] == [hit["id"] for hit in ranked]
    assert {row["id"] for row in rows} == {"coffee-brazil", "coffee-colombia"}
    first = next(row for row in rows if row["id"] == "coffee-brazil")
    assert first["countries"] == "BR"
    assert first["regions"] == "americas;latin-america-and-the-caribbean"
    assert first["url"] == "https://example.com/coffee-brazil"
    assert float(rows[0]["score"]) >= float(rows[1]["score"]) > 0


def test_jsonl_rows_are_pure_articles_with_arrays(client):
    response = client.get("/export.jsonl?q=oil&sort=date")
    assert response.status_code == 200
    rows = [json.loads(line) for line in response.get_data(as_text=True).splitlines()]
    assert [row["id"] for row in rows] == ["oil-opec", "oil-heating"]
    assert list(rows[0]) == list(COLUMNS)
    assert rows[0]["countries"] == ["SA", "AT"]
    assert rows[0]["topics"] == ["economy-business-finance", "politics"]


@pytest.mark.parametrize("q", ["", "*"])
def test_star_or_empty_query_exports_every_article(client, q):
    response = client.get(f"/export.jsonl?q={q}")
    assert response.status_code == 200
    ids = [json.loads(line)["id"] for line in response.get_data(as_text=True).splitlines()]
    assert set(ids) == ALL_IDS and len(ids) == len(ALL_IDS)
    assert "newsarchive_all_" in response.headers["Content-Disposition"]


def test_bad_parameters_are_an_error_page_not_a_broken_file(client):
    response = client.get("/export.csv?q=coffee&from=yesterday")
    assert response.status_code == 400
    assert response.mimetype == "text/html"
    assert b"from must be a date" in response.data


def test_results_page_links_to_exports_and_feed(client):
    html = client.get("/search?q=coffee&country=BR").get_data(as_text=True)
    assert 'href="/export.csv?q=coffee&amp;country=BR"' in html
    assert 'href="/export.jsonl?q=coffee&amp;country=BR"' in html
    assert ">Follow (Atom)</a>" in html
    assert '<link rel="alternate" type="application/atom+xml"' in html


def test_cli_csv_to_stdout_provenance_to_stderr(sample_index_dir: Path):
    runner = CliRunner()
    args = ["--index", str(sample_index_dir), "search", "coffee", "--format", "csv"]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    rows = read_csv(result.stdout)
    assert {row["id"] for row in rows} == {"coffee-brazil", "coffee-colombia"}
    assert "query: coffee" in result.stderr and "generation: gen-" in result.stderr
    assert "newsarchive_coffee_gen-" in result.stderr


def test_cli_jsonl_every_article_with_filters(sample_index_dir: Path):
    args = ["--index", str(sample_index_dir), "search", "*", "--topic", "sport"]
    args += ["--format", "jsonl"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["football-final"]


@pytest.mark.parametrize(
    "args, code",
    [(["search", "x", "--from", "nope", "--format", "csv"], 2),  # both bad usage
     (["search", "x", "--format", "xml"], 2)],
)  # fmt: skip
def test_cli_export_errors_exit_without_traceback(sample_index_dir: Path, args, code):
    result = CliRunner().invoke(cli, ["--index", str(sample_index_dir), *args])
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    assert result.stdout == ""


def test_cli_export_without_index_is_exit_1(tmp_path: Path):
    args = ["--index", str(tmp_path / "none"), "search", "x", "--format", "csv"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1 and "rebuild" in result.stderr
    assert "Traceback" not in result.output


def test_export_name_keeps_file_names_safe():
    request = SearchRequest(q='"rate cut" OR ../etc', filters={"source": ("Défense/Talks",)})
    name = export_name(request, "gen-20261125T144819-99", "jsonl")
    assert name == "newsarchive_rate-cut-OR-etc_source-D-fense-Talks_gen-20261125T144819.jsonl"


@pytest.mark.slow
def test_reuters_export_has_every_row_of_a_large_query(reuters_index_dir: Path):
    settings = Settings(index_dir=reuters_index_dir)
    engine = Engine(settings)
    try:
        request = SearchRequest(q="said", per_page=1)
        total = engine.search(request).total
        assert total > 5000
        client = create_app(settings).test_client()
        response = client.get("/export.csv?q=said")
        rows = read_csv(response.get_data(as_text=True))
        assert len(rows) == total == len({row["id"] for row in rows})
        scores = [float(row["score"]) for row in rows]
        assert scores == sorted(scores, reverse=True)
        every = sum(1 for _ in iter_export_rows(engine, SearchRequest(q="*")))
        assert every == engine.search(SearchRequest(q="", per_page=1)).total > total
    finally:
        engine.close()
