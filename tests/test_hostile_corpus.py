"""A rebuild survives every hostile corpus file, with real files, links and folders (issue 14,
findings 11-16): nothing outside the corpus is read through a link, reads are bounded when
they happen, no file stalls the rebuild, ids stay distinct in any script, no folder depth
crashes the walk, an unknown charset falls back, a killed swap leaves nothing behind."""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

from click.testing import CliRunner

from indexer import store
from indexer.article import Article, Skip
from indexer.extract_phase import extract_task
from indexer.reading.html.meta import find_json_ld_article
from indexer.reading.readers import MAX_ARTICLE_BYTES, ReadTask, find_files, read_task
from indexer.reading.sources import MAX_FOLDER_DEPTH
from indexer.writing.writer import publish_articles
from newsarchive.cli import cli

PAGE = (
    "<html><head>{head}<title>{title}</title></head><body><article><h1>{title}</h1>"
    "<p>{title} was reported on Tuesday by traders in the region, who said the season had "
    "been unusual.</p><p>A second paragraph gives the story enough words to be an article."
    "</p></article></body></html>"
)
SCRIPT_NAMES = ["статья.txt", "文章.txt", "άρθρο.txt", "مقالة.txt"]


def page(title: str, head: str = "") -> str:
    return PAGE.format(title=title, head=head)


def make_deep_folders(base: Path, depth: int) -> Path:
    """Create ``depth`` nested folders under ``base`` (relative steps: no long path needed)."""
    before = os.getcwd()
    os.chdir(base)
    try:
        for _ in range(depth):
            os.mkdir("d")
            os.chdir("d")
        Path("deep.txt").write_text("Deep\n\nAn article about tea hidden very deep below.\n")
    finally:
        os.chdir(before)
    return base / "d"


def remove_deep_folders(top: Path) -> None:
    """Remove a chain of nested ``d`` folders from the bottom up, without recursion (pytest's
    clean-up, shutil.rmtree, recurses and would fail on it)."""
    before = os.getcwd()
    os.chdir(top)
    depth = 0
    try:
        while os.path.isdir("d"):
            os.chdir("d")
            depth += 1
        for entry in os.listdir("."):
            os.unlink(entry)
        for _ in range(depth):
            os.chdir("..")
            os.rmdir("d")
    finally:
        os.chdir(before)


def skips_of(items: list) -> dict[str, str]:
    return {item.path: item.reason for item in items if isinstance(item, Skip)}


def test_a_link_to_a_file_outside_the_corpus_is_skipped_not_read(tmp_path):
    corpus, secret = tmp_path / "corpus", tmp_path / "secret.txt"
    corpus.mkdir()
    secret.write_text("Secret\n\nThis text lives outside the corpus and must stay unread.\n")
    (corpus / "leak.txt").symlink_to(secret)
    (corpus / "inside.txt").write_text("Inside\n\nA story about wheat inside the corpus.\n")
    (corpus / "alias.txt").symlink_to(corpus / "inside.txt")  # inside the root: read
    (corpus / "linked-folder").symlink_to(tmp_path, target_is_directory=True)
    files, skips, _ = find_files([corpus])
    assert sorted(f.rel_path for f in files) == ["alias.txt", "inside.txt"]
    reasons = {skip.path: skip.reason for skip in skips}
    assert reasons["leak.txt"] == "symbolic link to a file outside the corpus folder: not read"
    assert reasons["linked-folder"] == "symbolic link to a folder: not followed"


def _took_too_long(*_: object) -> None:
    raise TimeoutError("the walk waited on a named pipe")


def test_links_in_a_loop_and_named_pipes_are_skipped_and_the_rest_is_read(tmp_path):
    (tmp_path / "story.txt").write_text("Story\n\nA story about rice prices in Thailand.\n")
    (tmp_path / "loop1").symlink_to(tmp_path / "loop2")
    (tmp_path / "loop2").symlink_to(tmp_path / "loop1")
    (tmp_path / "page.html").symlink_to(tmp_path / "loop1")
    os.mkfifo(tmp_path / "pipe.txt")
    os.mkfifo(tmp_path / "ap880212")  # no extension: a wire file is sniffed, a pipe never opened
    signal.signal(signal.SIGALRM, _took_too_long)
    signal.alarm(20)  # opening the pipe would wait for a writer forever
    try:
        files, skips, _ = find_files([tmp_path])  # the walk stopped at the loop before
    finally:
        signal.alarm(0)
    assert [f.rel_path for f in files] == ["story.txt"]
    reasons = {skip.path: skip.reason for skip in skips}
    assert reasons["page.html"] == "cannot read: symbolic link in a loop"
    assert reasons["pipe.txt"] == "not a regular file"


def test_a_file_swapped_for_a_link_to_dev_zero_after_the_walk_is_refused(tmp_path):
    (tmp_path / "story.txt").write_text("Story\n\nA story about maize prices.\n")
    (tmp_path / "grown.txt").write_text("Grown\n\nA story that grows after the walk.\n")
    files, _, _ = find_files([tmp_path])
    (tmp_path / "story.txt").unlink()
    (tmp_path / "story.txt").symlink_to("/dev/zero")
    with open(tmp_path / "grown.txt", "ab") as grown:
        grown.truncate(MAX_ARTICLE_BYTES + 10)
    results = [item for file in files for item in read_task(ReadTask(file))]
    reasons = skips_of(results)
    assert "symbolic link" in reasons["story.txt"]
    assert reasons["grown.txt"].startswith("too large for one article")


def test_a_long_json_ld_array_is_walked_in_linear_time():
    block = json.dumps([0] * 300_000 + [{"@type": "NewsArticle", "headline": "Found"}])
    started = time.process_time()
    found = find_json_ld_article([block])
    assert time.process_time() - started < 2  # quadratic (list.pop(0)): about a minute
    assert found == {}  # past the values looked at: not found, but quickly


def test_an_article_that_takes_too_long_is_skipped_with_a_reason(tmp_path):
    paragraphs = "".join(
        f"<p>Paragraph {i} about coffee and cocoa markets.</p>" for i in range(3000)
    )
    (tmp_path / "slow.html").write_text(f"<html><body><h1>Slow</h1>{paragraphs}</body></html>")
    (file,), _, _ = find_files([tmp_path])
    (item,) = extract_task(ReadTask(file), seconds=0.001)
    assert isinstance(item, Skip) and item.reason == "took over 0.001 s to extract: skipped"
    (article,) = extract_task(ReadTask(file))
    assert isinstance(article, Article)


def test_names_in_any_script_get_distinct_ids_stable_across_runs(tmp_path):
    for name in SCRIPT_NAMES:
        (tmp_path / name).write_text(f"Headline {name}\n\nA story about grain in {name}.\n")

    def ids() -> list[str]:
        files, _, _ = find_files([tmp_path])
        return [item.id for file in files for item in extract_task(ReadTask(file))]

    first = ids()
    assert len(set(first)) == len(SCRIPT_NAMES) and first == ids()


def test_folders_nested_too_deep_are_skipped_not_a_crash(tmp_path):
    make_deep_folders(tmp_path, 1100)
    (tmp_path / "top.txt").write_text("Top\n\nA story about rice at the top.\n")
    try:
        files, skips, _ = find_files([tmp_path])
    finally:
        remove_deep_folders(tmp_path)
    assert [f.rel_path for f in files] == ["top.txt"]
    (skip,) = skips
    assert skip.path == "/".join(["d"] * (MAX_FOLDER_DEPTH + 1))
    assert skip.reason == f"folder nested over {MAX_FOLDER_DEPTH} deep: not read"


def test_an_unknown_declared_charset_falls_back_as_a_browser_would(tmp_path):
    (tmp_path / "page.html").write_text(page("Café owners", '<meta charset="undefined">'))
    (file,), _, _ = find_files([tmp_path])
    (article,) = extract_task(ReadTask(file))
    assert isinstance(article, Article) and article.title == "Café owners"


def test_a_swap_link_left_by_a_kill_is_cleaned_up_by_the_next_publish(tmp_path):
    publish_articles(tmp_path, [Article(id="a", title="A", body="First.")])
    stale = tmp_path / ".CURRENT-4242-123"
    stale.symlink_to(store.generation_name(tmp_path) or "")
    publish_articles(tmp_path, [Article(id="b", title="B", body="Second.")])
    assert not stale.is_symlink() and list(tmp_path.glob(".CURRENT-*")) == []


def test_a_rebuild_of_every_hostile_file_exits_0_and_names_each_skip(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (tmp_path / "secret.txt").write_text("Secret\n\nOutside text that must stay unread.\n")
    (corpus / "good.html").write_text(page("Coffee prices rise"))
    (corpus / "undefined.html").write_text(page("Cocoa prices fall", '<meta charset="undefined">'))
    items = ",".join(['{"@type": "Thing"}'] * 50_000)
    script = f'<script type="application/ld+json">[{items}]</script>'
    (corpus / "jsonld.html").write_text(page("Sugar prices climb", script))
    for name in SCRIPT_NAMES:
        (corpus / name).write_text(f"Headline {name}\n\nA story about grain in {name}.\n")
    (corpus / "leak.txt").symlink_to(tmp_path / "secret.txt")
    (corpus / "zero.txt").symlink_to("/dev/zero")
    make_deep_folders(corpus, MAX_FOLDER_DEPTH + 5)
    index = tmp_path / "index"
    result = CliRunner().invoke(
        cli, ["--index", str(index), "-v", "rebuild", "--corpus", str(corpus)]
    )
    assert result.exit_code == 0, result.output
    assert "Rebuilt: 7 articles indexed" in result.output
    for name in ("leak.txt", "zero.txt", "d/d/d"):
        assert any(line.strip().startswith(name) for line in result.output.splitlines()), name
    search = CliRunner().invoke(cli, ["--index", str(index), "search", "secret OR tea", "--json"])
    assert json.loads(search.output)["total"] == 0


def test_a_link_given_as_the_corpus_is_read_or_reported_by_its_own_name(tmp_path):
    (tmp_path / "loop1").symlink_to(tmp_path / "loop2")
    (tmp_path / "loop2").symlink_to(tmp_path / "loop1")
    (tmp_path / "gone.html").symlink_to(tmp_path / "nothing-here")
    (tmp_path / "story").write_text("Story\n\nA story about tea prices in Kenya.\n")
    (tmp_path / "story.txt").symlink_to(tmp_path / "story")  # the link's name tells the kind
    files, skips, _ = find_files(
        [tmp_path / "loop1", tmp_path / "gone.html", tmp_path / "story.txt"]
    )
    assert [(f.rel_path, f.kind) for f in files] == [("story.txt", "txt")]
    reasons = {skip.path: skip.reason for skip in skips}
    assert reasons["loop1"] == "cannot read: symbolic link in a loop"
    assert reasons["gone.html"].startswith("cannot read")
    result = CliRunner().invoke(
        cli, ["--index", str(tmp_path / "index"), "rebuild", "--corpus", str(tmp_path / "loop1")]
    )
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.strip().splitlines()[-1].startswith("Error: Nothing to index")
