"""The course reader (``make pdf``): the student edition as one A4 PDF through xelatex.

The build runs on a copy of the course in a temporary folder, with the same
command and settings as ``make pdf``, so it never touches the checkout (the
reader is built without the variant gallery, which rewrites
``course/galerij``). It needs TeX Live: without ``xelatex`` the test is
skipped, except on CI, where that is a failure.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

REPO = Path(__file__).resolve().parent.parent
A4 = (595.28, 841.89)
IGNORE = shutil.ignore_patterns(
    ".venv", "venv", "_build", ".git", ".pytest_cache", ".mypy_cache", ".ruff_cache",
    ".hypothesis", "__pycache__", "*.egg-info", "galerij", "out", "tests", "benchmarks",
)  # fmt: skip


@pytest.fixture(scope="module")
def reader(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Build the reader once; return the PDF and the LaTeX log."""
    if shutil.which("xelatex") is None or shutil.which("latexmk") is None:
        missing = "xelatex/latexmk not found (scripts/system-packages.sh reader)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true: {missing}")
        pytest.skip(missing)
    tmp = tmp_path_factory.mktemp("reader")
    src = tmp / "src"
    shutil.copytree(REPO, src, ignore=IGNORE)
    cmd = [
        sys.executable, "-m", "sphinx", "-M", "latexpdf", str(src), str(tmp / "build"),
        "-E", "-W", "-n", "--keep-going", "-q",
        "-D", "casetools_edition=student", "-D", "casetools_gallery_size=0",
    ]  # fmt: skip
    proc = subprocess.run(cmd, cwd=src, capture_output=True, text=True, check=False, timeout=900)
    pdf = tmp / "build" / "latex" / "cursusreader.pdf"
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert pdf.is_file()
    return pdf, pdf.with_suffix(".log")


def module_titles() -> list[str]:
    """The module titles as written in the course (``# Module 3 <dash> Interprofessioneel ...``)."""
    titles = []
    for page in sorted((REPO / "course" / "modules").glob("*.md")):
        match = re.search(
            r"^# Module \d+ \u2013 (.+)$", page.read_text(encoding="utf-8"), re.MULTILINE
        )
        if match:
            titles.append(match[1].strip())
    return titles


@pytest.mark.slow
def test_the_reader_is_an_a4_pdf_with_the_modules(reader: tuple[Path, Path]) -> None:
    pdf, _ = reader
    doc = PdfReader(pdf)
    assert len(doc.pages) > 20
    for page in (doc.pages[0], doc.pages[len(doc.pages) // 2]):
        size = (float(page.mediabox.width), float(page.mediabox.height))
        assert size == pytest.approx(A4, abs=1)
    text = " ".join(" ".join(p.extract_text().split()) for p in doc.pages)
    titles = module_titles()
    assert len(titles) >= 9
    for title in titles:
        assert title in text, title
    meta = doc.metadata
    assert meta is not None
    assert meta.title == "Het omgekeerde keukentafelgesprek"


@pytest.mark.slow
def test_the_reader_has_dutch_hyphenation_and_every_glyph(reader: tuple[Path, Path]) -> None:
    _, log = reader
    text = log.read_text(encoding="utf-8", errors="replace")
    assert "gloss-dutch" in text
    assert "No hyphenation patterns were loaded" not in text
    assert "Missing character" not in text
