"""Corpus paths on the command line: a source named for a folder (NAME=PATH), the folder's name
for files naming none, --exclude globs, .newsarchiveignore and documentation beside the data,
every file left out counted in the summary."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsarchive.cli import cli

STORY = "The harbour authority said on Monday that ships were delayed by the {} for hours."


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "wires"
    write(root / "storm.txt", f"Storm delays ships\n\n{STORY.format('storm')}")
    write(root / "feed.jsonl", json.dumps({"id": "f1", "title": "Port", "body": STORY.format("fog"),
                                           "source": "Harbour Times"}) + "\n")  # fmt: skip
    write(root / "drafts" / "draft.txt", f"Draft\n\n{STORY.format('strike')}")
    write(root / "notes" / "todo.txt", f"Todo\n\n{STORY.format('tide')}")
    write(
        root / "cat-descriptions_120396.txt",
        f"Some notes on the categories\n\n{STORY.format('wind')}",
    )
    write(root / "README.txt", "About this dataset.")
    write(root / "lewis.dtd", "<!ELEMENT REUTERS>")
    write(root / ".newsarchiveignore", "# not news\nnotes/\n")
    return root


def run(*args: str | Path) -> dict:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exit_code == 0 and "Traceback" not in result.output, result.output
    return json.loads(result.stdout)


def search(index: Path) -> dict[str, str | None]:
    document = run("--index", index, "search", "*", "--json", "--per-page", "50")
    return {r["id"]: r["source"] for r in document["results"]}


def test_files_left_out_are_counted_per_reason(corpus: Path, tmp_path: Path):
    index = tmp_path / "index"
    report = run("--index", index, "rebuild", "--corpus", corpus, "--exclude", "drafts/", "--json")
    assert report["indexed"] == 2 and report["skipped"] == []
    assert report["left_out"] == {"--exclude": 1, ".newsarchiveignore": 1,
                                  "documentation, not news": 2, "unsupported kind": 1}  # fmt: skip
    assert report["ignored_files"] == 5
    assert set(search(index)) == {"storm", "f1"}
    text = CliRunner().invoke(cli, ["--index", str(index), "rebuild", "--corpus", str(corpus)])
    assert "Left out: 4 files (1 .newsarchiveignore, 2 documentation, not news, " in text.stdout


def test_files_naming_no_source_get_the_folder_name_unless_one_is_named(corpus, tmp_path):
    index = tmp_path / "index"
    run("--index", index, "rebuild", "--corpus", corpus, "--json")
    assert search(index) == {"storm": "wires", "f1": "Harbour Times", "drafts-draft": "wires"}
    run("--index", index, "rebuild", "--corpus", f"Port Wire={corpus}", "--json")
    assert set(search(index).values()) == {"Port Wire"}
    document = run("--index", index, "search", "*", "--source", "port wire", "--json")
    assert document["total"] == 3
    assert document["facets"]["source"] == [
        {"value": "Port Wire", "label": "Port Wire", "count": 3}
    ]


def test_add_names_a_source_and_excludes_too(corpus: Path, tmp_path: Path):
    index = tmp_path / "index"
    run("--index", index, "rebuild", "--corpus", corpus / "storm.txt", "--json")
    report = run("--index", index, "add", f"Drafts={corpus}", "--exclude", "*.jsonl", "--json")
    assert report["left_out"]["--exclude"] == 1
    assert search(index) == {"storm": "Drafts", "drafts-draft": "Drafts"}
