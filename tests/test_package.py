"""The installed package: a wheel built with ``python -m build`` works from any folder and
writes nothing inside site-packages."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
NOT_SHIPPED = (".venv", ".git", "var", "build", "dist", "bench", "tests", "*.egg-info", "*cache*")


def _run(command: list[str | Path], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [str(part) for part in command], cwd=cwd, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def _files(folder: Path) -> set[Path]:
    return {path for path in folder.rglob("*") if path.is_file()}


@pytest.mark.slow
def test_a_wheel_installs_and_works_from_another_folder(tmp_path: Path) -> None:
    pytest.importorskip("build")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSARCHIVE_", "PYTHON"))}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    source = tmp_path / "source"  # a copy, so the build leaves no build/ in the project
    shutil.copytree(PROJECT, source, ignore=shutil.ignore_patterns(*NOT_SHIPPED))
    dist = tmp_path / "dist"
    build = [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", dist]
    _run(build, source, env)
    (wheel,) = dist.glob("newsarchive-*.whl")

    # A fresh venv; its dependencies come from this one's site-packages (no network), which
    # are added as a plain path: the project's editable install there is not activated.
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", venv], tmp_path, env)
    python = venv / "bin" / "python"
    site = Path(
        _run(
            [python, "-c", "import site; print(site.getsitepackages()[0])"], tmp_path, env
        ).stdout.strip()
    )
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    pip = [sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-deps"]
    _run([*pip, "--no-index", wheel], tmp_path, env)
    installed = _files(venv)

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = _run(
        [python, "-c", "import newsarchive, indexer; print(indexer.__file__)"], elsewhere, env
    )
    assert Path(where.stdout.strip()).is_relative_to(site)
    archive = elsewhere / "archive"  # the seed article alone: a known answer, a quick rebuild
    archive.mkdir()
    shutil.copy(PROJECT / "corpus" / "taiwan-ukraine-representative-office.txt", archive)
    newsarchive = venv / "bin" / "newsarchive"
    _run([newsarchive, "rebuild", "--corpus", archive], elsewhere, env)
    assert (elsewhere / "var" / "index").is_dir()  # the default: under the working directory
    found = _run([newsarchive, "search", "Taiwan", "--json"], elsewhere, env)
    assert json.loads(found.stdout)["total"] >= 1  # the seed article, and the demo archive's
    _run([python, "-m", "newsarchive", "stats"], elsewhere, env)
    assert _files(venv) == installed  # nothing written inside the environment
