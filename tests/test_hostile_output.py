"""Output other programs read stays harmless whatever the corpus holds (issue 14, findings 7-10):
CSV cells are never formulas, the Atom feed stays well-formed XML, the terminal gets no escape
sequences, absolute links never come from an untrusted Host, no server path reaches a client."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from xml.etree import ElementTree as ET

import pytest
from click.testing import CliRunner

from indexer.article import Article
from indexer.writing.writer import publish_articles
from newsarchive.cli import cli
from newsarchive.settings import Settings
from web import create_app

HOSTILE = [
    Article(
        id="formula",
        title='=HYPERLINK("http://evil.example","x")',
        body="Cocoa prices.",
        source="+cmd|' /C calc'!A0",
        author="@SUM(A1)",
        url="-2+3",
    ),  # fmt: skip
    Article(id="control", title="Cocoa\x0b crop \x01 falls\x1b[2J", body="Cocoa harvest fell."),
    Article(id="escape", title="Cocoa \x1b]0;owned\x07 \x1b[31mred", body="Cocoa \x1b[5m blink."),
]


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("hostile-output") / "index"
    publish_articles(folder, HOSTILE)
    return folder


@pytest.fixture(scope="module")
def client(index_dir):
    return create_app(Settings(index_dir=index_dir)).test_client()


def test_csv_cells_that_look_like_formulas_are_quoted_inert(client):
    text = client.get("/export.csv?q=cocoa&fields=id,title,source,url").get_data(as_text=True)
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(text))}
    formula = rows["formula"]
    assert formula["title"].startswith("'=HYPERLINK")
    assert formula["source"].startswith("'+cmd") and formula["url"] == "'-2+3"
    assert all(
        not cell.startswith(("=", "+", "-", "@")) for r in rows.values() for cell in r.values()
    )


def test_cli_csv_export_is_inert_too(index_dir):
    result = CliRunner().invoke(
        cli, ["--index", str(index_dir), "search", "cocoa", "--format", "csv"]
    )
    assert result.exit_code == 0 and "'=HYPERLINK" in result.output


def test_a_control_character_in_a_title_leaves_the_feed_well_formed(client):
    feed = ET.fromstring(client.get("/feed.atom?q=cocoa").get_data())
    titles = [e.text for e in feed.iter("{http://www.w3.org/2005/Atom}title")]
    assert "Cocoa crop  falls[2J" in titles


def test_the_terminal_never_gets_an_escape_sequence_from_an_article(index_dir):
    result = CliRunner().invoke(cli, ["--index", str(index_dir), "search", "cocoa"])
    assert result.exit_code == 0
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "\\x1b]0;owned\\x07" in result.output  # shown, harmlessly


def test_an_untrusted_host_header_is_refused_and_never_copied_into_links(client):
    assert client.get("/search?q=cocoa", headers={"Host": "attacker.test"}).status_code == 400
    assert client.get("/feed.atom?q=cocoa", headers={"Host": "attacker.test"}).status_code == 400
    page = client.get("/search?q=cocoa").get_data(as_text=True)
    assert 'href="http://localhost/feed.atom?q=cocoa"' in page


def test_the_public_url_makes_every_absolute_link(index_dir):
    settings = Settings(index_dir=index_dir, public_url="https://news.example")
    client = create_app(settings).test_client()
    feed = client.get("/feed.atom?q=cocoa", headers={"Host": "attacker.test"})
    assert feed.status_code == 200 and b"attacker.test" not in feed.get_data()
    assert b'href="https://news.example/article/formula"' in feed.get_data()
    page = client.get("/search?q=cocoa", headers={"Host": "attacker.test"}).get_data(as_text=True)
    assert 'href="https://news.example/feed.atom?q=cocoa"' in page


def test_settings_read_the_public_url_and_trusted_hosts_from_the_environment(monkeypatch):
    monkeypatch.setenv("NEWSARCHIVE_PUBLIC_URL", "https://news.example/")
    monkeypatch.setenv("NEWSARCHIVE_TRUSTED_HOSTS", "news.example, www.news.example")
    settings = Settings.from_env()
    assert settings.public_url == "https://news.example"
    assert settings.trusted_hosts == ("news.example", "www.news.example")


def test_a_missing_index_is_reported_without_its_server_path(tmp_path):
    missing = tmp_path / "secret-place" / "index"
    client = create_app(replace(Settings(index_dir=missing))).test_client()
    for path in ("/healthz", "/search?q=oil", "/api/search?q=oil", "/"):
        response = client.get(path)
        assert response.status_code == 503 and b"secret-place" not in response.get_data(), path
