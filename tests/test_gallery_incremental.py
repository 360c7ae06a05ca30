"""The gallery in incremental builds: skipped when nothing changed, updated when its inputs did.

``make serve`` rebuilds after every save in a fresh process; the gallery is only made
anew when a digest of its inputs (data, templates, code, settings) changes. These tests
build a copy of the course with a two-page gallery and check what an author relies on:
an edit to an exercise file reaches the gallery pages in an incremental build, an
unrelated edit leaves the gallery files alone, and a clean build repairs the gallery
even when the digest still matches.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from casetools.caseworld.codes import encode

REPO = Path(__file__).resolve().parent.parent
KEEP = ("conf.py", "index.md", "course", "casebook", "exercises", "_static", "_templates", "_extra")
GALLERY = Path("course/galerij")
CODE = encode(1)
EXERCISE = Path("exercises/lasso-tekenen.yaml")
ANCHOR = "Werk op een groot vel papier."


def _copy_course(dst: Path) -> Path:
    src = dst / "src"
    src.mkdir()
    for name in KEEP:
        path = REPO / name
        if path.is_dir():
            shutil.copytree(path, src / name, ignore=shutil.ignore_patterns("galerij"))
        elif path.is_file():
            shutil.copy2(path, src / name)
    return src


def _build(src: Path, out: Path, *, clean: bool = False) -> None:
    cmd = [
        sys.executable, "-m", "sphinx", "-W", "-n", "--keep-going", "-q", "-b", "html",
        "-D", "casetools_edition=student", "-D", "casetools_gallery_size=2",
        *(["-E"] if clean else []), "-d", str(out / "doctrees"), str(src), str(out / "html"),
    ]  # fmt: skip
    env = {**os.environ, "CASETOOLS_ROOT": str(src), "PYTHONWARNINGS": "ignore"}
    proc = subprocess.run(cmd, cwd=src, capture_output=True, text=True, env=env, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]


def _gallery_state(src: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in (src / GALLERY).iterdir()}


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("incremental")
    src = _copy_course(tmp)
    _build(src, tmp, clean=True)
    return src, tmp


def test_an_unrelated_edit_leaves_the_gallery_files_alone(course: tuple[Path, Path]) -> None:
    src, out = course
    before = _gallery_state(src)
    page = src / "course/modules/reflectief-handelen.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nEen nieuwe zin.\n", encoding="utf-8")
    _build(src, out)
    assert _gallery_state(src) == before
    assert "Een nieuwe zin." in (out / "html/course/modules/reflectief-handelen.html").read_text(
        encoding="utf-8"
    )


def test_an_edited_exercise_reaches_its_gallery_page(course: tuple[Path, Path]) -> None:
    src, out = course
    exercise = src / EXERCISE
    text = exercise.read_text(encoding="utf-8")
    assert ANCHOR in text
    marker = "Gebruik een vel van A3 of groter."
    exercise.write_text(text.replace(ANCHOR, marker), encoding="utf-8")
    _build(src, out)
    page = (out / "html" / GALLERY / f"{CODE}.html").read_text(encoding="utf-8")
    assert marker in page
    assert ANCHOR not in page


def test_a_clean_build_repairs_a_damaged_gallery(course: tuple[Path, Path]) -> None:
    src, out = course
    damaged = src / GALLERY / f"{CODE}.md"
    original = damaged.read_text(encoding="utf-8")
    damaged.write_text(original.replace(CODE, "XXXXXXXX"), encoding="utf-8")
    _build(src, out, clean=True)
    assert damaged.read_text(encoding="utf-8") == original
