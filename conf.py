"""Sphinx configuration for the Ansaj course.

The repository root is the source directory, so everything that is not a
course page is excluded explicitly. The edition (student or teacher) is a
config value set on the command line: ``-D casetools_edition=teacher``.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).parent.resolve()
sys.path.insert(0, str(ROOT / "src"))  # lets a plain sphinx-build find casetools

project = "Het omgekeerde keukentafelgesprek"
author = "Cursusteam casetools"
copyright = "2026, Cursusteam casetools (CC BY-SA 4.0)"  # noqa: A001
version = release = "0.1"
language = "nl"

extensions = [
    "myst_parser",
    "sphinx_exercise",
    "sphinx_design",
    "sphinx.ext.autodoc",
    "sphinx_autodoc_typehints",
    "sphinxcontrib.bibtex",
    "casetools.sphinxext",
]

root_doc = "index"
exclude_patterns = [
    ".venv",
    "venv",
    "_build",
    "_generated/**/README.md",
    "src",
    "tests",
    "benchmarks",
    "exercises",
    ".pytest_cache",
    ".mypy_cache",
    ".ruff_cache",
    ".hypothesis",
    ".git",
    ".ci",
    "**/*.egg-info",
    "build",
    "dist",
    "out",
    "README.md",
    "CONTRIBUTING.md",
    "CHANGELOG.md",
    "LICENSE*",
    "Makefile",
    "casebook/**.yaml",
]

# Variant gallery: generated into course/galerij/ at build time.
casetools_gallery_size = 30
casetools_demo_seed = 0

myst_enable_extensions = [
    "colon_fence",
    "deflist",
    "substitution",
    "attrs_inline",
    "attrs_block",
]
myst_heading_anchors = 3
myst_substitutions = {"cursus": project}

nitpicky = True
# Without intersphinx (no network at build time) these external types in the
# API reference cannot be linked; everything else must resolve.
nitpick_ignore_regex = [
    ("py:class", r"(docutils|sphinx|jinja2|yaml|rich)\..*"),
]
suppress_warnings: list[str] = []

# sphinx-exercise: solutions directly follow their exercise.
hide_solutions = False

bibtex_bibfiles = ["course/references.bib"]
bibtex_reference_style = "author_year"
bibtex_default_style = "plain"

autodoc_typehints = "description"
autodoc_member_order = "bysource"
typehints_use_signature_return = False

html_theme = "sphinx_book_theme"
html_title = project
html_static_path = ["_static"]
html_css_files = ["course.css"]
html_copy_source = False  # the student edition must not ship raw sources
html_show_sourcelink = False
html_last_updated_fmt = None
html_theme_options = {
    "show_toc_level": 2,
    "use_download_button": False,
    "use_fullscreen_button": False,
    "navigation_with_keys": False,
}

# No network at build time.
intersphinx_mapping: dict[str, tuple[str, str | None]] = {}
