"""Lesson plans as data: the real plans load and fit, and a broken plan names file, line, key."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from casetools.errors import ContentError
from casetools.library.exercises import MODULES, Library, load_library
from casetools.library.lessons import (
    MATERIALS,
    Lesson,
    load_lesson,
    load_lessons,
    material_kind,
)
from casetools.sphinxext.lesson_directive import lesson_myst

REPO = Path(__file__).resolve().parent.parent
DASH = "\N{EN DASH}"


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(REPO / "exercises")


@pytest.fixture(scope="module")
def lessons(library: Library) -> dict[str, Lesson]:
    return load_lessons(REPO, library)


GOOD = """\
title: Proefles
duration: 90
preparation:
  - what: Lees de module.
    sections: [Opgaven]
    minutes: 30
steps:
  - minutes: 60
    form: plenair
    activity: Uitleg.
    exercise: loketten-in-kaart
    materials: [worksheet:loketten-in-kaart, roleplay:client-card]
  - minutes: 30
    form: drietallen
    activity: Bespreking.
"""


def _course(tmp_path: Path, text: str, module: str = "keukentafelgesprek") -> Path:
    """A minimal course: one module page with an Opgaven heading and one lesson file."""
    (tmp_path / "course" / "modules").mkdir(parents=True)
    (tmp_path / "course" / "modules" / f"{module}.md").write_text(
        "# Module\n\n## Opgaven\n", encoding="utf-8"
    )
    (tmp_path / "course" / "lessons").mkdir()
    path = tmp_path / "course" / "lessons" / f"{module}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_every_module_has_a_lesson_plan_that_fills_its_time(
    lessons: dict[str, Lesson],
) -> None:
    assert set(lessons) == set(MODULES)
    for slug, lesson in lessons.items():
        assert lesson.module == slug
        assert sum(s.minutes for s in lesson.steps) == lesson.duration == 90
        assert lesson.preparation_minutes > 0


def test_plans_name_only_printable_materials_of_existing_exercises(
    lessons: dict[str, Lesson], library: Library
) -> None:
    known = {e.id for e in library.exercises}
    for lesson in lessons.values():
        for material in lesson.materials:
            kind, exercise = material_kind(material)
            assert kind in MATERIALS
            assert exercise is None or exercise in known
        assert set(lesson.exercises) <= known


def test_an_exercise_done_in_class_gets_the_time_its_own_text_gives(
    lessons: dict[str, Lesson], library: Library
) -> None:
    """A step that runs a whole exercise must last as long as the exercise says.

    An exercise that is split (part prepared at home, part in class) names itself in the
    preparation too; then the class part plus the preparation must not exceed it.
    """
    for lesson in lessons.values():
        at_home = {p.exercise: p.minutes for p in lesson.preparation if p.exercise}
        for step in lesson.steps:
            if step.exercise is None:
                continue
            duration = library.get(step.exercise).duration
            if step.exercise in at_home:
                assert step.minutes + at_home[step.exercise] <= duration, (lesson.module, step)
            else:
                assert step.minutes == duration, (lesson.module, step.exercise)


def test_capstone_kit_prints_the_role_play_cards(lessons: dict[str, Lesson]) -> None:
    materials = lessons["integrale-casusbespreking"].materials
    assert {"roleplay:client-card", "roleplay:role-cards", "roleplay:observer-sheet"} <= set(
        materials
    )


def test_a_good_file_loads_with_module_from_its_name(tmp_path: Path, library: Library) -> None:
    lesson = load_lesson(_course(tmp_path, GOOD), library, tmp_path)
    assert lesson.module == "keukentafelgesprek"
    assert lesson.start_times() == (0, 60)
    assert lesson.materials == ("worksheet:loketten-in-kaart", "roleplay:client-card")


@pytest.mark.parametrize(
    ("old", "new", "line", "key", "message"),
    [
        ("  - minutes: 30\n", "  - minutes: 20\n", 7, "steps", "add up to 80 minutes"),
        ("roleplay:client-card", "dia's", 12, "steps[0].materials[1]", "unknown material"),
        (
            "worksheet:loketten-in-kaart",
            "worksheet:bestaat-niet",
            12,
            "steps[0].materials[0]",
            "unknown exercise 'bestaat-niet'",
        ),
        ("exercise: loketten-in-kaart", "exercise: geen-opgave", 11, "steps[0].exercise", ""),
        ("[Opgaven]", "[Bestaat niet]", 5, "preparation[0].sections[0]", "no heading"),
        ("  - minutes: 60\n", "  - minutes: '60'\n", 8, "steps[0].minutes", "integer"),
        (
            "    form: drietallen\n",
            "    form: drietallen\n    extra: 1\n",
            15,
            "steps[1].extra",
            "",
        ),
        ("title: Proefles\n", "", 1, "title", "Field required"),
    ],
)
def test_a_broken_file_names_file_line_and_key(
    tmp_path: Path, library: Library, old: str, new: str, line: int, key: str, message: str
) -> None:
    assert old in GOOD
    path = _course(tmp_path, GOOD.replace(old, new, 1))
    with pytest.raises(ContentError) as info:
        load_lesson(path, library, tmp_path)
    assert info.value.path == path
    assert info.value.key == key
    assert info.value.line == line
    assert message in info.value.message


def test_a_file_named_after_no_module_is_refused(tmp_path: Path, library: Library) -> None:
    path = _course(tmp_path, GOOD, module="geen-module")
    with pytest.raises(ContentError, match="not a module"):
        load_lesson(path, library, tmp_path)


def test_load_lessons_reads_the_folder(tmp_path: Path, library: Library) -> None:
    _course(tmp_path, GOOD)
    shutil.copy(
        tmp_path / "course" / "lessons" / "keukentafelgesprek.yaml",
        tmp_path / "course" / "lessons" / "readme.txt",
    )
    assert list(load_lessons(tmp_path, library)) == ["keukentafelgesprek"]


def test_page_text_shows_times_titles_materials_and_the_kit_command(
    tmp_path: Path, library: Library
) -> None:
    lesson = load_lesson(_course(tmp_path, GOOD), library, tmp_path)
    text = lesson_myst(lesson, library)
    title = library.get("loketten-in-kaart").title
    assert f"| 0:00{DASH}1:00 | plenair | Uitleg. |" in text
    assert f"| 1:00{DASH}1:30 | drietallen | Bespreking. | {DASH} | {DASH} |" in text
    assert f"{{ref}}`{title} <ex-loketten-in-kaart>`" in text
    assert f"werkblad *{title}*; cliëntkaart" in text
    assert "samen ongeveer 30 minuten" in text
    assert "casetools handouts lesson keukentafelgesprek --count N --out DIR" in text
