"""What an author waits for after saving one module page: the course against plain Sphinx.

``make serve`` rebuilds the teacher edition in a fresh process after every save.
This script measures that incremental rebuild for one edited module page, and as
the baseline the same edit in a *plain* Sphinx project: the same pages, theme,
MyST settings and bibliography, without the casetools extension (its directives
turned into plain admonitions, no gallery). The ratio is what the extension adds
to an author's wait; target <= 2.0. Both run in the same process tree, one after
the other, so machine speed cancels out of the ratio.

Run with ``.venv/bin/python benchmarks/bench_preview.py``.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_gallery import REPO, _ignore

TARGET = 2.0
PAGE = Path("course/modules/reflectief-handelen.md")
# The extension's directives; in the plain project each becomes an admonition.
OURS = re.compile(
    r"\{(library-exercise|exercise-library|variant-exercises|teacher-only|elaboration|lesson-plan)\}"
    r"[ \t]*(.*)"
)
PLAIN_CONF = """
exec(compile(open("conf_course.py", encoding="utf-8").read(), "conf_course.py", "exec"))
extensions = [e for e in extensions if not e.startswith(("casetools", "sphinx.ext.autodoc",
              "sphinx_autodoc_typehints"))]
bibtex_reference_style = "author_year"
nitpicky = False
exclude_patterns = [*exclude_patterns, "course/galerij", "course/api.md"]
"""


def _plain(src: Path) -> None:
    """Turn a copy of the course into a plain Sphinx project with the same pages."""
    (src / "conf.py").rename(src / "conf_course.py")
    (src / "conf.py").write_text(PLAIN_CONF, encoding="utf-8")
    for page in src.rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        plain = OURS.sub(lambda m: "{admonition} " + (m.group(2).strip() or m.group(1)), text)
        if plain != text:
            page.write_text(plain, encoding="utf-8")


def _build(src: Path, work: Path, *, clean: bool) -> float:
    cmd = [
        sys.executable, "-m", "sphinx", "-q", "-b", "html", "-D", "casetools_edition=teacher",
        *(["-E"] if clean else []), "-d", str(work / "doctrees"), str(src), str(work / "html"),
    ]  # fmt: skip
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=src, capture_output=True, text=True, env=env, check=False)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"build failed in {src}:\n" + "\n".join(proc.stderr.splitlines()[-20:]))
    return seconds


def edit_rebuilds(work: Path, *, plain: bool, runs: int) -> list[float]:
    """Build a copy once, then time ``runs`` rebuilds, each after appending a sentence to PAGE."""
    src = work / "src"
    shutil.copytree(REPO, src, ignore=_ignore, symlinks=True)
    if plain:
        _plain(src)
    _build(src, work, clean=True)
    times = []
    for run in range(runs):
        with (src / PAGE).open("a", encoding="utf-8") as page:
            page.write(f"\nEen zin die de auteur net toevoegde ({run}).\n")
        times.append(_build(src, work, clean=False))
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=3, help="edits per project")
    args = parser.parse_args(argv)
    medians = {}
    for plain in (False, True):
        with tempfile.TemporaryDirectory(prefix="bench-preview-") as tmp:
            medians[plain] = statistics.median(
                edit_rebuilds(Path(tmp), plain=plain, runs=args.runs)
            )
    ratio = medians[False] / medians[True]
    print(
        f"preview after editing {PAGE.name} ({os.cpu_count()} cores): course {medians[False]:.2f} s, "
        f"plain Sphinx {medians[True]:.2f} s, ratio {ratio:.2f} (target <= {TARGET:.1f})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
