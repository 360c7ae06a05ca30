"""Lesson kits: ``casetools handouts lesson MODULE`` prints the plan, worksheets and cards of a lesson.

The kit of module 8 is made by the real command for six gallery codes and read
back with pypdf: the teacher's plan first, then per code a kit whose pages
carry the code and "pagina x van y", holding exactly the sheets the lesson plan
names, in lesson order. Expectations come from the lesson file itself (through
:func:`casetools.library.lessons.load_lessons`), so a changed plan changes what
is checked, not whether the test passes. The command loads only the plan of the
module asked for, so a broken plan elsewhere fails only that module's test.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

from casetools.caseworld.codes import encode
from casetools.caseworld.generate import generate
from casetools.caseworld.views import CaseView, build_view
from casetools.caseworld.world import load_world
from casetools.cli import main
from casetools.handouts.lessons import find_lesson, kit_sheets, make_lesson_kit
from casetools.library.exercises import load_library
from casetools.library.lessons import LESSONS_DIR, Lesson

REPO = Path(__file__).resolve().parent.parent
MODULE = "integrale-casusbespreking"
COUNT = 6
# The running footer names each sheet; these are what a sheet of each kind prints there.
FOOTERS = {
    "roleplay:client-card": ("Cliëntkaart 1 van 2", "Cliëntkaart 2 van 2"),
    "roleplay:observer-sheet": ("Observatieblad 1 van 2", "Observatieblad 2 van 2"),
    "roleplay:facilitator-sheet": tuple(f"Facilitatorblad {i} van 3" for i in (1, 2, 3)),
    "case:handout": ("Jouw casusvariant",),
}


@pytest.fixture(autouse=True)
def real_course(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASETOOLS_ROOT", str(REPO))


@pytest.fixture(scope="module")
def lessons() -> dict[str, Lesson]:
    """Module 8's plan, loaded alone as the command loads it."""
    return {MODULE: find_lesson(REPO, MODULE, load_library(REPO / "exercises"))}


def lesson_modules() -> list[str]:
    return sorted(p.stem for p in (REPO / LESSONS_DIR).glob("*.yaml"))


@dataclass(frozen=True)
class Kit:
    """The lesson kit of module 8, read back page by page."""

    reader: PdfReader
    pages: tuple[str, ...]
    cases: tuple[CaseView, ...]


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory) -> Kit:
    out = tmp_path_factory.mktemp("lesson")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CASETOOLS_ROOT", str(REPO))
        argv = ["handouts", "lesson", MODULE, "--count", str(COUNT), "--out", str(out)]
        assert main(argv) == 0
    assert sorted(p.name for p in out.iterdir()) == [f"lesmap-{MODULE}.pdf"]  # one PDF
    reader = PdfReader(out / f"lesmap-{MODULE}.pdf")
    world = load_world(REPO / "casebook" / "world")
    cases = tuple(build_view(world, generate(world, s)) for s in range(1, COUNT + 1))
    return Kit(reader, tuple(" ".join(p.extract_text().split()) for p in reader.pages), cases)


def split_kits(kit: Kit) -> tuple[tuple[str, ...], dict[str, tuple[str, ...]]]:
    """The plan's pages, and the pages of each code's kit (found by "pagina 1 van n")."""
    first = next(i for i, t in enumerate(kit.pages) if kit.cases[0].code in t and "pagina 1 van" in t
                 and "Lesplan" not in t)  # fmt: skip
    kits: dict[str, tuple[str, ...]] = {}
    i = first
    for case in kit.cases:
        total = int(re.search(r"pagina 1 van (\d+)", kit.pages[i]).group(1))  # type: ignore[union-attr]
        kits[case.code] = kit.pages[i : i + total]
        i += total
    assert i == len(kit.pages), "pages after the last kit"
    return kit.pages[:first], kits


def test_the_plan_comes_first_with_preparation_steps_and_codes(
    kit: Kit, lessons: dict[str, Lesson]
) -> None:
    lesson = lessons[MODULE]
    plan, _ = split_kits(kit)
    text = " ".join(plan)
    assert lesson.title.split(",")[0] in text
    assert "Voorbereiding van de studenten" in text
    assert "Verloop" in text
    for step in lesson.steps:
        assert step.form in text
    for number, page in enumerate(plan, start=1):
        assert "Lesplan · " in page
        assert f"pagina {number} van {len(plan)}" in page
    for case in kit.cases:
        assert case.code in text  # the table of codes with their pages


def test_each_code_has_a_kit_with_exactly_the_sheets_the_plan_names(
    kit: Kit, lessons: dict[str, Lesson]
) -> None:
    sheets = kit_sheets(lessons[MODULE])
    # Module 8's plan names worksheets and every card and sheet of the role play.
    assert any(s.startswith("worksheet:") for s in sheets)
    assert {"roleplay:client-card", "roleplay:role-cards", "roleplay:observer-sheet",
            "roleplay:facilitator-sheet"} <= set(sheets)  # fmt: skip
    _, kits = split_kits(kit)
    library = load_library(REPO / "exercises")
    for case in kit.cases:
        pages = kits[case.code]
        others = [c.code for c in kit.cases if c.code != case.code]
        for number, page in enumerate(pages, start=1):
            assert case.code in page
            assert f"pagina {number} van {len(pages)}" in page
            assert not any(code in page for code in others)
        footers = [page.rsplit(" pagina ", 1)[0] for page in pages]
        cursor = 0
        for sheet in sheets:  # in lesson order
            if sheet == "roleplay:role-cards":
                expected = tuple(f"Rolkaart {i} van {len(case.agencies)} · {a.professional}"
                                 for i, a in enumerate(case.agencies, start=1))  # fmt: skip
            elif sheet.startswith("worksheet:"):
                expected = (f"· {library.get(sheet.split(':', 1)[1]).title}",)
            else:
                expected = FOOTERS[sheet]
            for name in expected:
                at = next((i for i in range(cursor, len(footers))
                           if name.replace("-", "") in footers[i].replace("\u00ad", "").replace("-", "")),
                          None)  # fmt: skip
                assert at is not None, f"{case.code}: {name!r} missing after page {cursor + 1}"
                cursor = at
        role_cards = [p for p in pages if re.search(r"Rolkaart \d+ van \d+ · ", p)]
        assert len(role_cards) == len(case.agencies)  # one page per agency


def test_the_lesson_kit_is_tagged_with_title_and_language(kit: Kit) -> None:
    root = kit.reader.root_object
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"]) is True
    assert str(root["/Lang"]) == "nl"
    assert kit.reader.metadata is not None
    assert str(kit.reader.metadata.title).startswith("Lesmap ")


@pytest.mark.parametrize("module", lesson_modules())
def test_every_lesson_plan_prints_without_typst_warnings(module: str) -> None:
    from casetools.handouts import packs
    from casetools.handouts.pdf import compile_document

    world = load_world(REPO / "casebook" / "world")
    library = load_library(REPO / "exercises")
    plan = find_lesson(REPO, module, library)
    lesson_kit = make_lesson_kit(plan, world, [generate(world, 5)], library)
    compiled = compile_document(packs.template_dir("nl"), json.dumps(lesson_kit.document_data()))
    assert compiled.warnings == []
    assert len([e for e in compiled.kit_ends if e["code"] is not None]) == 1


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["handouts", "lesson", "bestaat-niet", "--count", "2"],
         "no lesson plan for module 'bestaat-niet' (known: beleidsleren-en-politiseren, "),
        (["handouts", "lesson", "--count", "2"], "give the module of the lesson"),
        (["handouts", "roleplay", MODULE, "--count", "2"], "the roleplay pack takes no module"),
        (["handouts", "lesson", MODULE, "--count", "2", "--exercise", "lasso-tekenen"],
         "a lesson kit takes no --exercise"),
        (["handouts", "lesson", MODULE, "--count", "0"], "--count must be between 1 and 500"),
    ],
)  # fmt: skip
def test_bad_lesson_requests_exit_2_with_one_line_and_no_file(
    argv: list[str], fragment: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main([*argv, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1, err
    assert fragment in err
    assert "Traceback" not in err
    assert not out.exists() or not any(out.iterdir())


def test_an_unknown_module_lists_every_valid_module(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = encode(1)
    assert main(["handouts", "lesson", "x", "--codes", code, "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert len(lesson_modules()) >= 9
    for module in lesson_modules():
        assert module in err
