"""`newsarchive export --format opensearch`: the template's structure, and every article and
field round-tripping through the bulk NDJSON (no cluster here: the files are checked as a
cluster would read them)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from conftest import SAMPLE_ARTICLES

from indexer.article import Article
from indexer.opensearch import MANIFEST_FILE, TEMPLATE_FILE, mapping
from indexer.writing.writer import publish_articles
from newsarchive.cli import cli

GROUPED = [
    SAMPLE_ARTICLES[0].with_(group="coffee-brazil"),
    SAMPLE_ARTICLES[1].with_(
        group="coffee-brazil",
        provenance={"date": "json-ld"},
        source_meta={"newid": 7, "places": ["brazil", "colombia"]},
    ),
    *SAMPLE_ARTICLES[2:],
    Article(id="undated-brief", title="Brief “quoted” — ünïcode", body="", path="x.txt"),
]


def run(*args: str | Path) -> Result:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert "Traceback" not in result.output, result.output
    return result


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("export") / "index"
    publish_articles(folder, GROUPED)
    return folder


def read_bulk(folder: Path, files: list[str]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Parse bulk files as the _bulk API does: an action line, then its source line."""
    pairs = []
    for name in files:
        text = (folder / name).read_text(encoding="utf-8")
        assert text.endswith("\n")  # _bulk needs the final newline
        lines = text.splitlines()
        assert len(lines) % 2 == 0
        pairs += [
            (json.loads(a), json.loads(s)) for a, s in zip(lines[::2], lines[1::2], strict=True)
        ]
    return pairs


def test_every_article_and_field_round_trips(index_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "os"
    result = run("--index", index_dir, "export", "--format", "opensearch", out)
    assert result.exit_code == 0, result.output
    assert "curl -XPOST" in result.output
    manifest = json.loads((out / MANIFEST_FILE).read_text())
    assert manifest["articles"] == len(GROUPED)
    pairs = read_bulk(out, manifest["bulk"])
    assert [action["index"]["_id"] for action, _ in pairs] == [a.id for a in GROUPED]
    assert {action["index"]["_index"] for action, _ in pairs} == {"newsarchive"}
    for (_action, source), article in zip(pairs, GROUPED, strict=True):
        extra = {"year", "collapse_key"}
        assert Article.from_dict({k: v for k, v in source.items() if k not in extra}) == article
        assert source["year"] == (article.date[:4] if article.date else None)
        assert source["collapse_key"] == (article.group or article.id)


def test_every_field_is_in_the_strict_mapping_with_a_fitting_type(
    index_dir: Path, tmp_path: Path
) -> None:
    run("--index", index_dir, "export", "--format", "opensearch", tmp_path)
    template = json.loads((tmp_path / TEMPLATE_FILE).read_text())
    properties = template["template"]["mappings"]["properties"]
    assert template["template"]["mappings"]["dynamic"] == "strict"
    manifest = json.loads((tmp_path / MANIFEST_FILE).read_text())
    for _action, source in read_bulk(tmp_path, manifest["bulk"]):
        assert set(source) <= set(properties)
        for name, value in source.items():
            kind = properties[name]["type"]
            values = value if isinstance(value, list) else [value]
            for one in (v for v in values if v is not None):
                assert isinstance(one, dict if kind == "object" else str), (name, one)
                if kind == "date":
                    assert len(one) == 10 and one[4] == one[7] == "-"


def test_template_analysis_and_fields_mirror_the_schema() -> None:
    from indexer.schema import FACET_FIELDS, build_schema

    properties = mapping()["properties"]
    schema = build_schema()
    stored = {name for name in schema.names() if schema[name].stored}
    assert stored - {"meta"} <= set(properties)  # meta is exported as provenance/source_meta
    for facet in FACET_FIELDS:
        assert properties[facet]["type"] == "keyword"
    assert properties["title"]["copy_to"] == properties["body"]["copy_to"] == "exact"
    from indexer.opensearch import analysis_settings

    analysis = analysis_settings()
    english = analysis["analyzer"][properties["title"]["analyzer"]]
    assert english["filter"][-1] == "english_snowball"
    assert analysis["filter"]["english_snowball"]["language"] == "English"
    assert "english_snowball" not in analysis["analyzer"][properties["exact"]["analyzer"]]["filter"]


def test_bulk_files_are_split_at_article_boundaries(index_dir: Path, tmp_path: Path) -> None:
    from indexer.opensearch import export_opensearch
    from newsarchive.settings import Settings

    manifest = export_opensearch(Settings(index_dir=index_dir), tmp_path, "news-x", 600)
    assert len(manifest["bulk"]) > 2
    pairs = read_bulk(tmp_path, manifest["bulk"])
    assert [source["id"] for _, source in pairs] == [a.id for a in GROUPED]
    assert manifest["load"][0].startswith("curl -XPUT http://localhost:9200/_index_template/news-x")


def test_a_second_export_replaces_the_first_and_other_folders_are_refused(
    index_dir: Path, tmp_path: Path
) -> None:
    from indexer.opensearch import export_opensearch
    from newsarchive.settings import Settings

    settings = Settings(index_dir=index_dir)
    export_opensearch(settings, tmp_path, chunk_bytes=600)
    export_opensearch(settings, tmp_path)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted(["bulk-0001.ndjson", MANIFEST_FILE, TEMPLATE_FILE])
    other = tmp_path / "other"
    (other / "mine.txt").parent.mkdir()
    (other / "mine.txt").write_text("keep me")
    result = run("--index", index_dir, "export", "--format", "opensearch", other)
    assert result.exit_code == 1 and "not empty" in result.output
    assert (other / "mine.txt").read_text() == "keep me"


def test_bad_usage_and_missing_index(tmp_path: Path, index_dir: Path) -> None:
    assert run("--index", index_dir, "export", tmp_path / "a").exit_code == 2  # no --format
    bad_format = run("--index", index_dir, "export", "--format", "solr", tmp_path / "b")
    assert bad_format.exit_code == 2
    bad_name = run("--index", index_dir, "export", "--format", "opensearch", "--name", "A B", "c")
    assert bad_name.exit_code == 2
    missing = run("--index", tmp_path / "none", "export", "--format", "opensearch", tmp_path / "d")
    assert missing.exit_code == 1 and "rebuild" in missing.output
