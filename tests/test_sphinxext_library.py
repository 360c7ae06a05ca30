"""The Sphinx extension on a small project: library exercises, editions, gallery, library page.

The project is ``tests/roots/test-library``. Its ``casetools_root`` is its own
``data/`` folder: two exercises written for these tests (an assignment on a
case variant with key, rubric and notes; a practice quiz with a solution) and
the course's case world through a symlink. sphinx.testing copies the root per
``srcdir``, so the generated gallery stays out of the repository.
"""

from __future__ import annotations

import html
import re
import shutil
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from bs4 import BeautifulSoup, Tag
from sphinx.util.console import strip_colors

from casetools.caseworld.codes import decode, encode
from casetools.caseworld.generate import generate
from casetools.caseworld.views import CaseView, build_view
from casetools.caseworld.world import World, load_world
from casetools.library.exercises import Library, load_library
from casetools.library.render import Audience, RenderedExercise, render_exercise
from casetools.paths import world_dir
from casetools.sphinxext.domain import CasetoolsDomain, Usage

if TYPE_CHECKING:
    from collections.abc import Callable

    from pytest_regressions.file_regression import FileRegressionFixture
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.testing.util import SphinxTestApp

TESTS = Path(__file__).resolve().parent
ROOT = TESTS / "roots" / "test-library"
DATA = ROOT / "data"
GOLDEN = TESTS / "golden" / "sphinxext"

ASSIGNMENT = "botsingen-wegen"
PRACTICE = "rollen-herkennen"
OWN_CODE = "EM5K9NPM"  # index.md places the assignment with this code as ex-eigen
DEMO_CODE = encode(0)  # casetools_demo_seed defaults to 0
GALLERY_CODES = (encode(1), encode(2))  # casetools_gallery_size = 2, first seed 1

# Text that only teachers may read: the assignment's key, rubric and notes,
# the practice exercise's notes, and the headings of the teacher block.
SECRETS = (
    "Sleutel voor variant",
    "Geheime sleutelregel",
    "alleen docenten zien",
    "Geheime rubriekregel",
    "Geheime docentnotitie",
    "Geheime oefennotitie",
    "Antwoordsleutel",
    "Beoordelingsrubric",
    "Voor de docent",
)


def _edition(edition: str, srcdir: str | None = None, **extra: Any) -> pytest.MarkDecorator:
    overrides = {"casetools_edition": edition, **extra.pop("confoverrides", {})}
    return pytest.mark.sphinx(
        "html",
        testroot="library",
        srcdir=srcdir or f"library-{edition}",
        freshenv=True,
        confoverrides=overrides,
        **extra,
    )


student = _edition("student")
teacher = _edition("teacher")


@cache
def _world() -> World:
    return load_world(world_dir(DATA))


@cache
def _library() -> Library:
    return load_library(DATA / "exercises")


def _view(code: str) -> CaseView:
    return build_view(_world(), generate(_world(), decode(code)))


def _rendered(exercise_id: str, code: str | None, audience: Audience) -> RenderedExercise:
    ex = _library().get(exercise_id)
    return render_exercise(ex, _view(code) if code else None, audience)


def _build(app: SphinxTestApp) -> None:
    app.build()
    assert strip_colors(app.warning.getvalue()) == ""


def _soup(app: SphinxTestApp, docname: str) -> BeautifulSoup:
    return BeautifulSoup(
        (app.outdir / f"{docname}.html").read_text(encoding="utf-8"), "html.parser"
    )


def _one(soup: BeautifulSoup | Tag, selector: str) -> Tag:
    found = soup.select(selector)
    assert len(found) == 1, f"{selector}: {len(found)} matches"
    return found[0]


def _text(tag: Tag) -> str:
    return " ".join(tag.get_text(" ").split())


def _output_files(app: SphinxTestApp) -> list[Path]:
    """Everything the build wrote except the theme's static files."""
    return sorted(p for p in app.outdir.rglob("*") if p.is_file() and "_static" not in p.parts)


# --------------------------------------------------------------------------
# Student edition


@student
def test_student_edition_shows_titles_prompts_and_the_practice_solution(
    app: SphinxTestApp,
) -> None:
    _build(app)
    index = _soup(app, "index")
    assignment = _one(index, "#lib-ex-eigen")
    assert "Botsingen wegen" in _text(_one(assignment, "div.exercise p.admonition-title"))
    prompt = _text(_one(assignment, "div.exercise section"))
    client = _view(OWN_CODE).client.full_name
    assert f"Het huishouden van {client} (variant {OWN_CODE})" in prompt
    assert f"variant {OWN_CODE}" in _text(_one(assignment, "p.casetools-meta"))

    practice = _one(index, "#lib-ex-rollen-herkennen")
    assert "Rollen herkennen" in _text(_one(practice, "div.exercise p.admonition-title"))
    question = _text(_one(practice, "div.exercise section"))
    assert "Lees de situatie en beantwoord de vraag." in question
    assert "Wie bewaakt in een casusoverleg het gezamenlijke plan?" in question
    solution = _one(practice, "div.solution.dropdown")
    assert solution["id"] == "sol-ex-rollen-herkennen"
    solution_text = _text(solution)
    assert "Zichtbare uitwerking: de regisseur bewaakt het gezamenlijke plan" in solution_text
    assert "Juist, de regisseur houdt het overzicht over alle afspraken." in solution_text
    assert "Nee, de cliënt beslist mee maar draagt het overzicht niet alleen." in solution_text


@student
def test_student_edition_contains_no_key_rubric_or_notes_in_any_file(app: SphinxTestApp) -> None:
    _build(app)
    files = _output_files(app)
    assert any(p.suffix == ".html" for p in files)
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace").casefold()
        leaked = [s for s in SECRETS if s.casefold() in text]
        assert not leaked, f"{path.relative_to(app.outdir)} contains {leaked}"
    assert not _soup(app, "index").select(".teacher-only")
    # Every line of the rendered teacher key that students must not see, for
    # every code the build uses, is absent too (not only the marker words).
    for code in (DEMO_CODE, OWN_CODE, *GALLERY_CODES):
        key = _rendered(ASSIGNMENT, code, "teacher").key
        assert key is not None
        lines = [line.strip(" -") for line in key.splitlines() if len(line.strip()) > 20]
        assert lines
        for path in files:
            text = html.unescape(path.read_text(encoding="utf-8", errors="replace"))
            assert not [line for line in lines if line in text], path


@student
def test_demo_variant_points_to_the_gallery(app: SphinxTestApp) -> None:
    _build(app)
    demo = _one(_soup(app, "index"), "#lib-ex-botsingen-wegen")
    assert f"variant {DEMO_CODE}" in _text(_one(demo, "p.casetools-meta"))
    pointer = _one(demo, "a[href='galerij/index.html']")
    assert _text(pointer) == "variantengalerij"
    assert f"Deze opgave gebruikt demovariant {DEMO_CODE}." in _text(demo)
    # An exercise with its own code, or without a variant, has no pointer.
    for other in ("#lib-ex-eigen", "#lib-ex-rollen-herkennen"):
        assert "demovariant" not in _text(_one(_soup(app, "index"), other))


# --------------------------------------------------------------------------
# Teacher edition


@teacher
def test_teacher_edition_puts_key_rubric_and_notes_in_a_teacher_block(app: SphinxTestApp) -> None:
    _build(app)
    block = _one(_soup(app, "index"), "#lib-ex-eigen div.admonition.teacher-only")
    assert _text(_one(block, "p.admonition-title")) == "Voor de docent: Botsingen wegen"
    text = _text(block)
    view = _view(OWN_CODE)
    assert f"Sleutel voor variant {OWN_CODE}: deze botsingen staan in de casus van" in text
    for n, conflict in enumerate(view.conflicts, start=1):
        first = conflict.first.name[:1].upper() + conflict.first.name[1:]
        assert f"Geheime sleutelregel {n}: {first} botst met {conflict.second.name}" in text
    table = _one(block, "table")
    header = [_text(th) for th in table.select("thead th")]
    assert header == ["criterium", "gewicht", "onvoldoende", "voldoende", "goed"]
    rows = [[_text(td) for td in tr.select("td")] for tr in table.select("tbody tr")]
    assert [row[:2] for row in rows] == [
        ["Keuze van de botsing", "60%"],
        ["Uitleg van de knel", "40%"],
    ]
    assert rows[1][4] == "Geheime rubriekregel uitleg, niveau drie."
    assert "Geheime docentnotitie: laat studenten eerst hun keuze vergelijken" in text
    # The practice exercise: solution for everyone, its notes for teachers only.
    practice = _one(_soup(app, "index"), "#lib-ex-rollen-herkennen")
    assert "Geheime oefennotitie" in _text(_one(practice, "div.teacher-only"))
    assert "Geheime oefennotitie" not in _text(_one(practice, "div.solution"))


@teacher
def test_exercises_are_numbered_and_references_resolve(app: SphinxTestApp) -> None:
    _build(app)
    index = _soup(app, "index")
    numbers = [_text(span) for span in index.select("div.exercise span.caption-number")]
    assert numbers == ["Opgave 1", "Opgave 2", "Opgave 3"]
    assert _text(_one(index, "#ex-eigen span.caption-number")) == "Opgave 2"
    links = {a["href"]: _text(a) for a in _soup(app, "second").select("a.reference.internal")}
    assert links["index.html#ex-eigen"] == "Opgave 2"
    assert links["index.html#ex-rollen-herkennen"] == "Opgave 3"


@teacher
def test_gallery_has_a_page_per_code_with_lasso_and_variant_exercises(app: SphinxTestApp) -> None:
    _build(app)
    overview = _soup(app, "galerij/index")
    assert _text(_one(overview, "h1")).removesuffix(" ¶") == "Variantengalerij"
    assert [a["href"] for a in overview.select("table a.reference")] == [
        f"{code}.html" for code in GALLERY_CODES
    ]
    pages = sorted(p.stem for p in (app.outdir / "galerij").glob("*.html"))
    assert pages == sorted([*GALLERY_CODES, "index"])
    for code in GALLERY_CODES:
        page = _soup(app, f"galerij/{code}")
        assert _text(_one(page, "h1")).removesuffix(" ¶") == f"Casusvariant {code}"
        img = _one(page, "img.casetools-lasso")
        assert img["src"] == f"../_images/lasso-{code}.svg"
        svg = (app.outdir / "_images" / f"lasso-{code}.svg").read_text(encoding="utf-8")
        assert svg.startswith("<svg ")
        assert f"Casusvariant {code}" in svg
        # Every variant exercise of the library (here one), for this page's code;
        # unnumbered, with the teacher part in the teacher edition. Exercises
        # without a variant are not on gallery pages.
        body = _text(_one(page, "div.body"))
        assert f"Het huishouden van {_view(code).client.full_name} (variant {code})" in body
        assert "Botsingen wegen" in body
        assert "Rollen herkennen" not in body
        metas = [_text(m) for m in page.select(".casetools-meta")]
        assert len(metas) == 1
        assert f"opdracht · variant {code}" in metas[0]
        numbers = [_text(s) for s in page.select("span.caption-number")]
        assert not [n for n in numbers if n.startswith("Opgave")]
        teacher_part = _text(_one(page, ".teacher-only"))
        assert f"Sleutel voor variant {code}:" in teacher_part
        assert "Geheime rubriekregel uitleg, niveau drie." in teacher_part


@teacher
def test_library_page_lists_where_each_exercise_is_used(app: SphinxTestApp) -> None:
    _build(app)
    domain = app.env.get_domain("casetools")
    assert isinstance(domain, CasetoolsDomain)
    placed = list(domain.all_usages())
    assert placed == [
        Usage(ASSIGNMENT, "extra-a", "ex-extra-a", GALLERY_CODES[0]),
        Usage(ASSIGNMENT, "extra-b", "ex-extra-b", encode(3)),
        Usage(ASSIGNMENT, "extra-c", "ex-extra-c", encode(4)),
        Usage(ASSIGNMENT, "index", "ex-botsingen-wegen", DEMO_CODE),
        Usage(ASSIGNMENT, "index", "ex-eigen", OWN_CODE),
        Usage(PRACTICE, "index", "ex-rollen-herkennen", None),
    ]

    rows = {
        _text(_one(row, "code")): row
        for row in _soup(app, "bibliotheek").select("table.casetools-library-table tbody tr")
    }
    assert sorted(rows) == [ASSIGNMENT, PRACTICE]
    used = {exercise_id: [a["href"] for a in row.select("a")] for exercise_id, row in rows.items()}
    assert used[ASSIGNMENT] == [
        "extra-a.html#ex-extra-a",
        "extra-b.html#ex-extra-b",
        "extra-c.html#ex-extra-c",
        "index.html#ex-botsingen-wegen",
        "index.html#ex-eigen",
    ]
    assert used[PRACTICE] == ["index.html#ex-rollen-herkennen"]
    assert rows[ASSIGNMENT]["data-variant"] == "ja"
    assert rows[PRACTICE]["data-mode"] == "practice"


# --------------------------------------------------------------------------
# Golden fragments


def _fragment(app: SphinxTestApp, element_id: str) -> str:
    # No attribute in these fragments is volatile: ids come from labels, and
    # the build writes no dates or hashes into the page body. The fragment is
    # compared exactly as written.
    return str(_one(_soup(app, "index"), f"#{element_id}")) + "\n"


@student
def test_golden_fragment_student(
    app: SphinxTestApp, file_regression: FileRegressionFixture
) -> None:
    _build(app)
    file_regression.check(_fragment(app, "lib-ex-eigen"), fullpath=GOLDEN / "ex-eigen.student.html")


@teacher
def test_golden_fragment_teacher(
    app: SphinxTestApp, file_regression: FileRegressionFixture
) -> None:
    _build(app)
    file_regression.check(_fragment(app, "lib-ex-eigen"), fullpath=GOLDEN / "ex-eigen.teacher.html")


# --------------------------------------------------------------------------
# Typed warnings

BAD_PAGE = """\
---
orphan: true
---

# Fouten

```{library-exercise} bestaat-niet
```

```{library-exercise} botsingen-wegen
:code: EM5K9NPN
```
"""


@_edition("student", srcdir="library-warnings")
def test_bad_exercise_and_bad_code_give_typed_located_warnings(app: SphinxTestApp) -> None:
    bad = app.srcdir / "bad.md"
    bad.write_text(BAD_PAGE, encoding="utf-8")
    app.build()
    warnings = strip_colors(app.warning.getvalue()).splitlines()
    unknown = "unknown exercise 'bestaat-niet' (not in exercises/)"
    mistyped = "variant code 'EM5K9NPN' is mistyped: its check character does not match"
    assert warnings == [
        f"{bad}:7: WARNING: {unknown} [casetools.unknown_exercise]",
        f"{bad}:10: WARNING: {mistyped} [casetools.bad_code]",
    ]
    assert not _soup(app, "bad").select("div.casetools-library-exercise")


@_edition(
    "student",
    srcdir="library-suppressed",
    confoverrides={"suppress_warnings": ["casetools.unknown_exercise", "casetools.bad_code"]},
)
def test_typed_warnings_can_be_suppressed(app: SphinxTestApp) -> None:
    (app.srcdir / "bad.md").write_text(BAD_PAGE, encoding="utf-8")
    _build(app)


# --------------------------------------------------------------------------
# Parallel build


def _bodies(outdir: Path) -> dict[str, str]:
    body = re.compile(r"<body\b.*</body>", re.DOTALL)
    result = {}
    for path in sorted(outdir.rglob("*.html")):
        match = body.search(path.read_text(encoding="utf-8"))
        assert match, path
        result[path.relative_to(outdir).as_posix()] = match.group(0)
    return result


def _usages(app: SphinxTestApp) -> list[Usage]:
    domain = app.env.get_domain("casetools")
    assert isinstance(domain, CasetoolsDomain)
    return list(domain.all_usages())


@_edition("teacher", srcdir="library-parallel", parallel=2)
def test_parallel_build_equals_serial_build(
    app: SphinxTestApp,
    make_app: Callable[..., SphinxTestApp],
    rootdir: Path,
    tmp_path: Path,
) -> None:
    merged: list[str] = []

    def on_merge(
        _app: Sphinx, _env: BuildEnvironment, docnames: set[str], _other: BuildEnvironment
    ) -> None:
        merged.extend(docnames)

    app.connect("env-merge-info", on_merge)
    _build(app)
    # Worker processes really read the pages, and the pages were really written in parallel.
    assert len(merged) == len(app.env.all_docs)
    assert app.builder.parallel_ok

    parallel_pages, parallel_usages = _bodies(app.outdir), _usages(app)
    app.cleanup()  # one live application at a time: docutils' node registry is global

    serial_src = tmp_path / "serial"
    shutil.copytree(rootdir / "test-library", serial_src)
    serial = make_app(
        "html",
        srcdir=serial_src,
        freshenv=True,
        confoverrides={"casetools_edition": "teacher"},
    )
    _build(serial)

    # No build time is written into these pages (html_last_updated_fmt is unset),
    # so the bodies are compared exactly.
    serial_pages = _bodies(serial.outdir)
    assert sorted(parallel_pages) == sorted(serial_pages)
    assert len(parallel_pages) >= 9  # index, second, library page, 3 extra pages, gallery
    for page, body in serial_pages.items():
        assert parallel_pages[page] == body, page
    # The domain merged the usages the workers collected: the library page
    # (compared above) and the usages themselves are the same.
    assert parallel_usages == _usages(serial)
