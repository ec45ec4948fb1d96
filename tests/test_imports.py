"""The package layout: no import cycles, and every module imports on its own."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
PACKAGES = ("newsarchive", "indexer", "search", "web", "bench")


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in sorted((PROJECT / package).rglob("*.py")):
            parts = path.relative_to(PROJECT).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            if "." not in parts[-1]:  # web/gunicorn.conf.py is a config file, not a module
                found[".".join(parts)] = path
    return found


def import_graph(modules: dict[str, Path]) -> dict[str, set[str]]:
    """Return module -> the project modules it imports (any statement, at any depth).

    Imports under ``TYPE_CHECKING`` count too: a cycle through type hints is still a cycle in
    the design (the shared ``tools/import_cycles.py`` counts them the same way).
    """
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""  # the project uses absolute imports only
                targets.add(base)
                targets.update(f"{base}.{alias.name}" for alias in node.names)
        graph[name] = {t for t in targets if t in modules and t != name and t not in PACKAGES}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Return the strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_module_imports_itself_back() -> None:
    modules = _modules()
    assert "search.selection" in modules and "newsarchive.cli" in modules
    assert cycles(import_graph(modules)) == []


def test_every_module_imports_first_on_its_own() -> None:
    # A cycle through a package's __init__ only shows when a module is the first one imported.
    names = [n for n in _modules() if n not in PACKAGES and not n.endswith("__main__")]
    script = (
        "import importlib, sys\n"
        f"names, ours = {names!r}, {PACKAGES!r}\n"
        "failed = []\n"
        "for name in names:\n"
        "    for loaded in [m for m in sys.modules if m.split('.')[0] in ours]:\n"
        "        del sys.modules[loaded]\n"
        "    try:\n"
        "        importlib.import_module(name)\n"
        "    except Exception as error:\n"
        "        failed.append(f'{name}: {error!r}')\n"
        "print('\\n'.join(failed))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=PROJECT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""


def test_an_index_names_only_our_modules_that_never_move(tmp_path: Path) -> None:
    # whoosh pickles the schema into every index: the classes it names must keep their module
    # paths, or an index built before a move no longer opens after it.
    import pickletools

    from conftest import SAMPLE_ARTICLES

    from indexer.writing.writer import write_articles

    write_articles(tmp_path / "index", SAMPLE_ARTICLES)
    (toc,) = (tmp_path / "index").glob("_MAIN_*.toc")
    data = toc.read_bytes()
    named: set[str] = set()
    strings: list[str] = []
    for op, arg, _ in pickletools.genops(data[data.index(b"\x80") :]):  # the schema's pickle
        if op.name == "GLOBAL":
            named.add(str(arg).split(" ")[0])
        elif op.name == "STACK_GLOBAL":
            named.add(strings[-2])
        elif isinstance(arg, str):
            strings.append(arg)
    ours = {name for name in named if name.split(".")[0] in PACKAGES}
    assert ours == {"indexer.schema", "indexer.analysis"}
