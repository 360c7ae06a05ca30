"""The course builds cleanly in both editions; teacher material never reaches students.

The slow tests build the real course (fixture ``built_site``). The others run
the edition directives on the small project in ``tests/roots/test-editions``.
"""

from __future__ import annotations

import functools
import html
import json
import re
import runpy
import zlib
from collections import Counter
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING, Any

import pytest
from bs4 import BeautifulSoup
from conftest import EDITIONS, REPO
from docutils import nodes
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser
from sphinx.errors import ConfigError
from sphinx.search.nl import SearchDutch
from sphinx.util.tags import Tags

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from bs4 import Tag
    from conftest import BuiltSite, EditionBuild
    from markdown_it import MarkdownIt
    from markdown_it.token import Token
    from sphinx.testing.util import SphinxTestApp

MIN_TEACHER_BLOCKS = 10  # misconceptions on each of the nine module pages, the facilitator guide
# (lesson plans come from course/lessons/ through {lesson-plan}: see tests/test_lessons.py)
MIN_WORDS = 5  # a snippet of teacher text must be at least this many words
PER_ELEMENT = 3  # distinctive snippets checked per rendered teacher-only element
MAX_CHARS = 90  # longer snippets are clipped (str.find gets slow for needles of 100+)

# Rendering changes quotes, dashes and ellipses (smartquotes), so text is cut there.
_TYPOGRAPHY = re.compile("[\"'`\u2018\u2019\u201a\u201c\u201d\u201e]|--|\\.\\.\\.|\u2026")
_DIRECTIVE = re.compile(r"^\{([\w:-]+)\}\s*(.*)$")
_OPTION = re.compile(r"^\s*:[\w-]+:")
# Inline tokens whose text reaches the HTML unchanged and contiguous.
_TRANSPARENT = {"em_open", "em_close", "strong_open", "strong_close"}
# The HTML elements whose text makes one sentence-like snippet.
_BLOCKS = ["p", "li", "td", "th", "dt", "dd", "pre", "caption"]


def _norm(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split()).casefold()


def _clip(text: str) -> str:
    """At most MAX_CHARS, cut at a space: plenty to be distinctive, and fast to search for."""
    return text if len(text) <= MAX_CHARS else text[: text.rfind(" ", 0, MAX_CHARS + 1)]


# --------------------------------------------------------------------------
# Finding teacher-only blocks in the MyST sources


@dataclass(frozen=True)
class TeacherBlock:
    """A ``teacher-only`` block in a source page, with the plain text runs in it."""

    docname: str
    line: int
    title: str
    runs: tuple[str, ...]

    @property
    def where(self) -> str:
        return f"{self.docname}.md:{self.line} ({self.title or 'Voor de docent'})"

    def snippets(self) -> list[str]:
        """Distinctive sentences: long runs, or any run of 2+ words if there is none."""
        runs = {_clip(_norm(run)) for run in self.runs}
        long = sorted(run for run in runs if len(run.split()) >= MIN_WORDS)
        return long or sorted(run for run in runs if len(run.split()) >= 2)


@functools.cache
def _parser() -> MarkdownIt:
    conf = runpy.run_path(str(REPO / "conf.py"), init_globals={"tags": Tags()})
    config = MdParserConfig(enable_extensions=set(conf.get("myst_enable_extensions", [])))
    return create_md_parser(config, RendererHTML)


def _inline_runs(children: Iterable[Token]) -> list[str]:
    """Split inline text where the rendered HTML may differ (roles, code, links)."""
    runs, current = [], ""
    for token in children:
        if token.type == "text":
            current += token.content
        elif token.type in {"softbreak", "hardbreak"}:
            current += " "
        elif token.type not in _TRANSPARENT:
            runs.append(current)
            current = ""
    runs.append(current)
    return [part for run in runs for part in _TYPOGRAPHY.split(run) if part.strip()]


def _directive_body(content: str) -> str:
    lines = content.splitlines()
    if lines and lines[0].strip() == "---":  # YAML options block
        ends = [i for i, line in enumerate(lines[1:], 1) if line.strip() == "---"]
        return "\n".join(lines[ends[0] + 1 :] if ends else lines)
    while lines and _OPTION.match(lines[0]):
        lines.pop(0)
    return "\n".join(lines)


def _scan(text: str, docname: str, first_line: int) -> tuple[list[str], list[TeacherBlock]]:
    """Return all text runs of a MyST text and the teacher-only blocks in it, nested too."""
    md = _parser()
    runs: list[str] = []
    blocks: list[TeacherBlock] = []
    for token in md.parse(text):
        if token.type == "inline":
            runs += _inline_runs(token.children or [])
        elif token.type in {"fence", "colon_fence"} and (m := _DIRECTIVE.match(token.info)):
            line = first_line + (token.map[0] if token.map else 0)
            inner, nested = _scan(_directive_body(token.content), docname, line + 1)
            runs += inner
            blocks += nested
            if m[1] == "teacher-only":
                title = m[2].strip()
                title_runs = _inline_runs(md.parseInline(title)[0].children or []) if title else []
                blocks.append(TeacherBlock(docname, line, title, (*title_runs, *inner)))
    return runs, blocks


def _docnames(build: EditionBuild) -> list[str]:
    """Every page Sphinx read, from the doctrees of the build."""
    return sorted(
        path.relative_to(build.doctreedir).with_suffix("").as_posix()
        for path in build.doctreedir.rglob("*.doctree")
    )


# --------------------------------------------------------------------------
# Reading the built editions


def _pages(build: EditionBuild) -> dict[str, BeautifulSoup]:
    """The HTML pages of an edition (theme templates under _static left out)."""
    return {
        path.relative_to(build.outdir).as_posix(): BeautifulSoup(
            path.read_text(encoding="utf-8"), "html.parser"
        )
        for path in sorted(build.outdir.rglob("*.html"))
        if "_static" not in path.relative_to(build.outdir).parts
    }


def _rendered_snippets(element: Tag) -> list[str]:
    """Sentences of a rendered teacher-only element: its paragraphs, items and cells."""
    leaves = [b for b in element.find_all(_BLOCKS) if not b.find(_BLOCKS)]
    texts = {_clip(_norm(leaf.get_text())) for leaf in leaves}
    long = [text for text in texts if len(text.split()) >= MIN_WORDS]
    return sorted(long or [text for text in texts if len(text.split()) >= 2], key=len)[::-1]


def _files_as_text(build: EditionBuild, pages: dict[str, BeautifulSoup]) -> dict[str, str]:
    """Every text file of an edition, normalised, with HTML and JSON escapes undone."""
    texts = {}
    for path in sorted(p for p in build.outdir.rglob("*") if p.is_file()):
        name = path.relative_to(build.outdir).as_posix()
        data = path.read_bytes()
        if path.name == "objects.inv":  # four header lines, then zlib
            data = zlib.decompress(data.split(b"\n", 4)[4])
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            continue  # images, fonts
        if path.suffix == ".html":
            soup = pages.get(name) or BeautifulSoup(text, "html.parser")
            text = soup.get_text() + "\0" + html.unescape(text)
        elif path.suffix in {".js", ".json"}:
            text = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m[1], 16)), text)
        texts[name] = _norm(text)
    return texts


def _search_terms(build: EditionBuild) -> set[str]:
    text = (build.outdir / "searchindex.js").read_text(encoding="utf-8")
    index: dict[str, Any] = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    return set(index["terms"]) | set(index["titleterms"])


def _words(text: str) -> set[str]:
    """Words as Sphinx's Dutch search indexes them, stemmed and unstemmed."""
    lang = SearchDutch({})
    words = {word.lower() for word in lang.split(text)}
    return {w for w in words | {lang.stem(w).lower() for w in words} if lang.word_filter(w)}


@pytest.fixture(scope="module")
def student_pages(built_site: BuiltSite) -> dict[str, BeautifulSoup]:
    return _pages(built_site.student)


@pytest.fixture(scope="module")
def teacher_pages(built_site: BuiltSite) -> dict[str, BeautifulSoup]:
    return _pages(built_site.teacher)


@pytest.fixture(scope="module")
def student_files(built_site: BuiltSite, student_pages: dict[str, BeautifulSoup]) -> dict[str, str]:
    return _files_as_text(built_site.student, student_pages)


@pytest.fixture(scope="module")
def teacher_blocks(built_site: BuiltSite) -> list[TeacherBlock]:
    blocks = []
    for docname in _docnames(built_site.teacher):
        source = REPO / f"{docname}.md"
        if source.is_file():
            blocks += _scan(source.read_text(encoding="utf-8"), docname, 1)[1]
    assert len(blocks) >= MIN_TEACHER_BLOCKS, f"only {len(blocks)} teacher-only blocks found"
    return blocks


@pytest.fixture(scope="module")
def teacher_elsewhere(teacher_pages: dict[str, BeautifulSoup]) -> str:
    """The text of the teacher edition outside teacher-only elements."""
    rest = []
    for soup in teacher_pages.values():
        inside = {id(s) for element in soup.select(".teacher-only") for s in element.strings}
        rest.append(_norm("".join(s for s in soup.strings if id(s) not in inside)))
    return "\0".join(rest)


@pytest.fixture(scope="module")
def teacher_snippets(
    teacher_blocks: list[TeacherBlock], teacher_elsewhere: str
) -> dict[TeacherBlock, list[str]]:
    """Each source block's snippets that occur nowhere else in the teacher edition."""
    snippets = {b: [s for s in b.snippets() if s not in teacher_elsewhere] for b in teacher_blocks}
    unverifiable = [b.where for b, found in snippets.items() if not found]
    assert not unverifiable, f"teacher-only blocks without distinctive text: {unverifiable}"
    return snippets


@pytest.fixture(scope="module")
def rendered_snippets(
    teacher_pages: dict[str, BeautifulSoup], teacher_elsewhere: str
) -> dict[str, list[str]]:
    """Distinctive snippets of every teacher-only element in the teacher HTML.

    This covers teacher material that directives generate (library exercises,
    the variant gallery), which has no ``{teacher-only}`` block in a source file.
    """
    snippets = {}
    for name, soup in teacher_pages.items():
        for i, element in enumerate(soup.select(".teacher-only")):
            distinctive = (s for s in _rendered_snippets(element) if s not in teacher_elsewhere)
            snippets[f"{name} teacher-only #{i + 1}"] = list(islice(distinctive, PER_ELEMENT))
    return snippets


# --------------------------------------------------------------------------
# The real course


@pytest.mark.slow
@pytest.mark.parametrize("edition", EDITIONS)
def test_edition_builds_without_warnings(built_site: BuiltSite, edition: str) -> None:
    build = built_site.edition(edition)
    report = f"sphinx-build {edition} said:\n{build.output}"
    assert build.returncode == 0, report
    assert "WARNING" not in build.output, report
    assert "ERROR" not in build.output, report


@pytest.mark.slow
@pytest.mark.parametrize("edition", EDITIONS)
def test_edition_has_index(built_site: BuiltSite, edition: str) -> None:
    assert (built_site.edition(edition).outdir / "index.html").is_file()


@pytest.mark.slow
def test_student_edition_has_no_teacher_only_element(
    student_pages: dict[str, BeautifulSoup],
) -> None:
    assert student_pages
    leaks = [name for name, soup in student_pages.items() if soup.select(".teacher-only")]
    assert not leaks


@pytest.mark.slow
def test_teacher_edition_renders_every_teacher_block(
    teacher_pages: dict[str, BeautifulSoup], teacher_snippets: dict[TeacherBlock, list[str]]
) -> None:
    assert any(soup.select(".teacher-only") for soup in teacher_pages.values())
    # Directives such as library-exercise add teacher-only elements of their own.
    in_sources = Counter(f"{block.docname}.html" for block in teacher_snippets)
    fewer = {
        page: (count, len(teacher_pages[page].select(".teacher-only")))
        for page, count in in_sources.items()
        if len(teacher_pages[page].select(".teacher-only")) < count
    }
    assert not fewer, f"(source blocks, HTML elements) per page: {fewer}"
    missing = []
    for block, snippets in teacher_snippets.items():
        soup = teacher_pages[f"{block.docname}.html"]
        rendered = "\0".join(_norm(e.get_text()) for e in soup.select(".teacher-only"))
        missing += [f"{block.where}: {s!r}" for s in snippets if s not in rendered]
    assert not missing, "teacher text not found in the teacher edition:\n" + "\n".join(missing)


@pytest.mark.slow
def test_student_edition_has_no_teacher_text(
    student_files: dict[str, str],
    teacher_snippets: dict[TeacherBlock, list[str]],
    rendered_snippets: dict[str, list[str]],
) -> None:
    assert student_files
    checked = [(block.where, s) for block, snips in teacher_snippets.items() for s in snips]
    checked += [(where, s) for where, snips in rendered_snippets.items() for s in snips]
    everything = "\0".join(student_files.values())
    leaks = [
        f"{where}: {snippet!r} in "
        + ", ".join([name for name, text in student_files.items() if snippet in text][:3])
        for where, snippet in checked
        if snippet in everything
    ]
    assert not leaks, f"{len(leaks)} teacher sentences in the student edition:\n" + "\n".join(
        leaks[:30]
    )


@pytest.mark.slow
def test_search_index_has_no_teacher_only_words(
    built_site: BuiltSite,
    teacher_pages: dict[str, BeautifulSoup],
    student_files: dict[str, str],
) -> None:
    teacher_text = " ".join(
        e.get_text(" ") for soup in teacher_pages.values() for e in soup.select(".teacher-only")
    )
    student_text = " ".join(t for name, t in student_files.items() if name.endswith(".html"))
    teacher_only = _words(teacher_text) - _words(student_text)
    assert teacher_only, "no word occurs only in teacher material"
    assert teacher_only & _search_terms(built_site.teacher), "stemming does not match the index"
    assert not teacher_only & _search_terms(built_site.student)


# --------------------------------------------------------------------------
# The directives, on a small project


def _admonitions(app: SphinxTestApp) -> list[tuple[str, str, str]]:
    """(kind, title, text) of each admonition on the built index page, in order."""
    soup = BeautifulSoup((app.outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    found = []
    for div in soup.select("div.admonition"):
        kinds = [c for c in div.get_attribute_list("class") if c in {"teacher-only", "elaboration"}]
        title = div.select_one(".admonition-title")
        found.append(
            (" ".join(kinds), title.get_text() if title else "", " ".join(div.get_text().split()))
        )
    return found


TEACHER_TITLE, TEACHER_TEXT = "Lesplan voor de toetsles", "Geheime docentenaanwijzing"
UNTITLED_TEXT = "Tweede docentenblok zonder titel"
ELABORATION_TITLE = "Uitwerking voor het onderwijs (geen feit uit de bron)"
ELABORATION_TEXT = "Stel dat de consulent had gevraagd"


def _edition(edition: str) -> pytest.MarkDecorator:
    return pytest.mark.sphinx(
        "html",
        testroot="editions",
        srcdir=f"editions-{edition}",
        freshenv=True,
        confoverrides={"casetools_edition": edition, "casetools_root": str(REPO)},
    )


@_edition("student")
def test_student_edition_drops_teacher_only(app: SphinxTestApp) -> None:
    app.build()
    assert "WARNING" not in app.warning.getvalue()
    found = _admonitions(app)
    assert [(kind, title) for kind, title, _ in found] == [("elaboration", ELABORATION_TITLE)]
    assert ELABORATION_TEXT in found[0][2]
    page = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert "Deze zin staat in beide edities." in page
    for text in (TEACHER_TITLE, TEACHER_TEXT, UNTITLED_TEXT, "Voor de docent", "teacher-only"):
        assert text not in page
    assert "docentenaanwijz" not in (app.outdir / "searchindex.js").read_text(encoding="utf-8")
    doctree = app.env.get_doctree("index")
    assert not [n for n in doctree.findall(nodes.Element) if "teacher-only" in n["classes"]]


@_edition("teacher")
def test_teacher_edition_keeps_everything(app: SphinxTestApp) -> None:
    app.build()
    assert "WARNING" not in app.warning.getvalue()
    found = _admonitions(app)
    assert [(kind, title) for kind, title, _ in found] == [
        ("teacher-only", TEACHER_TITLE),
        ("teacher-only", "Voor de docent"),
        ("elaboration", ELABORATION_TITLE),
    ]
    assert TEACHER_TEXT in found[0][2]
    assert UNTITLED_TEXT in found[1][2]
    assert ELABORATION_TEXT in found[2][2]


@_edition("docent")
def test_unknown_edition_is_a_config_error(
    app_params: tuple[list[Any], dict[str, Any]], make_app: Callable[..., SphinxTestApp]
) -> None:
    args, kwargs = app_params
    with pytest.raises(ConfigError, match="'docent'"):
        make_app(*args, **kwargs)
