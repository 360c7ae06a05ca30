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
copyright = "2026, Cursusteam casetools (CC BY-SA 4.0)"
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
    "casetools.sphinxext.reference_list",  # the bibliography as one unlabelled list
    "casetools.sphinxext.accessibility",  # repairs docutils' and the theme's HTML (see there)
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
    "_templates",
    "_extra",
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
    ("py:class", r"(docutils|sphinx|jinja2|yaml|rich|pathlib|collections|typing|types)\..*"),
    ("py:class", r"(Path|Any|UsageError|CaseView|casetools\.caseworld\.draw\.T|.*\._T)"),
    # The case-world section models (Gender, Agency, NamePool, ...) are pydantic classes
    # documented by the YAML files that fill them (casebook/world/*.yaml, each with a
    # header); the API page lists World and load_world, whose attributes name them.
    ("py:class", r"casetools\.caseworld\.world\.[A-Z]\w*"),
    ("py:data", r"(typing\..*|Ellipsis)"),
    ("py:mod", r"random"),
]
suppress_warnings: list[str] = []

# sphinx-exercise: solutions directly follow their exercise.
hide_solutions = False

bibtex_bibfiles = ["course/references.bib"]
# Both styles are registered by casetools.sphinxext (citation_style.register()):
# in-text "(Argyris & Schön, 1974)", and a Dutch APA 7 reference list.
bibtex_reference_style = "author_year_nl"
bibtex_default_style = "apa_nl"

autodoc_typehints = "description"
autodoc_member_order = "bysource"
typehints_use_signature_return = False

html_theme = "sphinx_book_theme"
html_title = project
html_static_path = ["_static"]
html_css_files = ["course.css"]
html_js_files = ["course-a11y.js"]  # names unnamed sidebar toggles; unfolds <details> to print
html_favicon = "_static/favicon.svg"
# /favicon.ico at the site root too: browsers ask for it where a page has no
# <link rel="icon"> (an SVG opened on its own), and a 404 fills the console.
html_extra_path = ["_extra"]
# The Python module index is linked from no page; its table has no headers.
html_domain_indices = False
# Overrides of theme components; each file says which defect it repairs.
templates_path = ["_templates"]
html_copy_source = False  # the student edition must not ship raw sources
html_show_sourcelink = False
html_last_updated_fmt = None
# The thirty gallery pages (codes never contain an "i") carry no navigation tree: it
# was most of their build cost; each page links back to the gallery instead.
html_sidebars = {
    "course/galerij/[!i]*": ["navbar-logo.html", "icon-links.html", "search-button-field.html"],
}
# Without it pydata-sphinx-theme logs "Got invalid theme mode" on a first visit.
html_context = {"default_mode": "auto"}
html_theme_options = {
    "show_toc_level": 2,
    "use_download_button": False,
    "use_fullscreen_button": False,
    "navigation_with_keys": False,
    # The theme's default placeholder and label is the English "Search...".
    "search_bar_text": "Zoeken in de cursus…",
}

# No network at build time.
intersphinx_mapping: dict[str, tuple[str, str | None]] = {}

# -- LaTeX: the course reader (``make pdf``) ---------------------------------
# The student edition as one A4 PDF through xelatex (toolchain-notes §4a). The
# Debian packages it needs are in the reader group of scripts/system-packages.sh.
# Sphinx loads polyglossia with Dutch for xelatex, so hyphenation is Dutch when
# texlive-lang-european is installed. No xindy: makeindex is enough here.
latex_engine = "xelatex"
latex_use_xindy = False
latex_documents = [
    (root_doc, "cursusreader.tex", project, author, "manual"),
]
latex_elements = {
    "papersize": "a4paper",
    "pointsize": "11pt",
    "releasename": "Studenteneditie, versie",
    "extraclassoptions": "openany",  # chapters start on the next page, not the next odd one
    "preamble": r"\setlength{\headheight}{14pt}",  # room for the running head (fancyhdr)
}
latex_show_urls = "footnote"

# Imports for the reader hook below only.
from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx


def setup(app: Sphinx) -> None:
    """Give the reader a chapter per page: the front door's toctrees become top level.

    The front door (``index.md``) has sections of its own, and its toctrees
    stand in the last one, so LaTeX would nest every module inside "Waar begin
    je?". For the LaTeX build only, its prose becomes the first chapter, and
    every page it lists a chapter of its own. The HTML site is not touched.
    """
    app.connect("doctree-resolved", _reader_chapters)


def _reader_chapters(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if app.builder.name != "latex" or docname != app.config.root_doc:
        return
    top = doctree.next_node(nodes.section)
    if top is None:
        return
    wrappers = [
        node
        for node in top.findall(nodes.compound)
        if "toctree-wrapper" in node["classes"]
        and not any(isinstance(a, addnodes.start_of_file) for a in _ancestors(node))
    ]
    for node in wrappers:
        node.parent.remove(node)
    body = list(top.children[1:])
    del top[1:]
    intro = nodes.section("", nodes.title("", "Over deze cursus"), ids=["over-deze-cursus"])
    intro.extend(body)
    top += intro
    top.extend(wrappers)


def _ancestors(node: nodes.Node) -> list[nodes.Node]:
    found = []
    while node.parent is not None:
        node = node.parent
        found.append(node)
    return found
