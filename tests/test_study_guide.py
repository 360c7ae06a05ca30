"""The study guide and toetsplan: the minutes add up and every goal is practised and assessed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from casetools.errors import ContentError
from casetools.library.exercises import MODULES, Library, load_library
from casetools.library.lessons import Lesson, load_lessons
from casetools.library.studyguide import (
    ASSESSMENT_PLAN,
    STUDY_GUIDE,
    AssessmentPlan,
    StudyGuide,
    check_goal_counts,
    load_assessment_plan,
    load_study_guide,
    module_goals,
    module_workload,
)
from casetools.sphinxext.study_guide import assessment_plan_myst, study_guide_myst

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(REPO / "exercises")


@pytest.fixture(scope="module")
def guide(library: Library) -> StudyGuide:
    return load_study_guide(REPO, library)


@pytest.fixture(scope="module")
def plan(library: Library, guide: StudyGuide) -> AssessmentPlan:
    return load_assessment_plan(REPO, library, guide)


@pytest.fixture(scope="module")
def lessons(library: Library) -> dict[str, Lesson]:
    return load_lessons(REPO, library)


def test_study_load_is_28_hours_per_ec_and_split_over_every_module(guide: StudyGuide) -> None:
    assert guide.hours_per_ec == 28
    assert set(guide.modules) == set(MODULES)
    assert sum(m.hours for m in guide.modules.values()) == guide.ec * 28


@pytest.mark.parametrize("module", list(MODULES))
def test_core_and_assessed_exercises_fit_the_study_hours_of_their_module(
    module: str, guide: StudyGuide, library: Library, lessons: dict[str, Lesson]
) -> None:
    """The workload check: the minutes come from the exercise files, the hours from the guide."""
    budget = guide.modules[module].hours * 60
    compulsory = [
        e for e in library.select(module=module) if guide.exercises[e.id] in ("kern", "toets")
    ]
    assert sum(e.duration for e in compulsory) <= budget
    work = module_workload(module, guide, library, lessons[module])
    assert sum(work.values()) <= budget, (module, dict(work), budget)


def test_every_exercise_has_one_status_and_the_signal_letter_is_assessed_once(
    guide: StudyGuide, library: Library
) -> None:
    assert set(guide.exercises) == {e.id for e in library.exercises}
    letters = [e.id for e in library.exercises if e.kind == "signal-letter"]
    assessed = [e for e in letters if guide.exercises[e] == "toets"]
    assert assessed == ["signaleringsbrief-systemische-barriere"]


def test_every_goal_of_every_module_is_practised_and_assessed(
    plan: AssessmentPlan, guide: StudyGuide, library: Library
) -> None:
    check_goal_counts(REPO, plan)
    assessed = plan.assessed_exercises()
    known = {e.id for e in library.exercises}
    for module in MODULES:
        goals = module_goals(REPO, module)
        assert len(goals) >= 3
        assert len(plan.goals[module]) == len(goals)
        for link in plan.goals[module]:
            assert set(link.practised) <= known
            assert link.assessed
            assert all(e in assessed for e in link.assessed)


def test_every_assessed_exercise_exists_is_an_assignment_and_weights_make_100(
    plan: AssessmentPlan, guide: StudyGuide, library: Library
) -> None:
    assert sum(a.weight for a in plan.assessments) == 100
    for ex_id in plan.assessed_exercises():
        assert library.get(ex_id).is_assignment
        assert guide.exercises[ex_id] == "toets"
    for a in plan.assessments:
        assert a.resit.strip()
    capstone = next(a for a in plan.assessments if a.id == "afsluiting")
    assert capstone.group_work is not None
    assert "integraal-casusoverleg-rollenspel" in capstone.exercises


def test_module_8_goal_3_is_assessed(plan: AssessmentPlan) -> None:
    assert plan.goals["integrale-casusbespreking"][2].assessed


def _copy_course(tmp_path: Path) -> Path:
    for rel in (STUDY_GUIDE, ASSESSMENT_PLAN):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / rel, tmp_path / rel)
    shutil.copytree(REPO / "course" / "modules", tmp_path / "course" / "modules")
    return tmp_path


def test_an_unknown_assessed_exercise_names_file_line_and_key(
    tmp_path: Path, library: Library
) -> None:
    root = _copy_course(tmp_path)
    path = root / ASSESSMENT_PLAN
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("      - teamevaluatie-beoordelen\n", "      - bestaat-niet\n", 1),
        encoding="utf-8",
    )
    line = text.splitlines().index("      - teamevaluatie-beoordelen") + 1
    guide = load_study_guide(root, library)
    with pytest.raises(ContentError) as info:
        load_assessment_plan(root, library, guide)
    assert info.value.path == path
    assert info.value.line == line
    assert info.value.key == "assessments[0].exercises[6]"
    assert "unknown exercise 'bestaat-niet'" in info.value.message


def test_a_goal_missing_from_the_plan_is_reported(tmp_path: Path, library: Library) -> None:
    root = _copy_course(tmp_path)
    page = root / "course" / "modules" / "keukentafelgesprek.md"
    text = page.read_text(encoding="utf-8")
    fourth = next(line for line in text.splitlines() if line.startswith("4. "))
    page.write_text(text.replace(fourth, f"{fourth}\n5. een extra doel;"), encoding="utf-8")
    guide = load_study_guide(root, library)
    plan = load_assessment_plan(root, library, guide)
    with pytest.raises(ContentError, match="5 learning goals, the toetsplan lists 4"):
        check_goal_counts(root, plan)


def test_module_hours_that_do_not_add_up_to_the_ec_are_refused(
    tmp_path: Path, library: Library
) -> None:
    root = _copy_course(tmp_path)
    path = root / STUDY_GUIDE
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("{hours: 23,", "{hours: 22,"), encoding="utf-8")
    with pytest.raises(ContentError, match="add up to 83, the 3 EC promise 84"):
        load_study_guide(root, library)


def test_the_page_shows_load_schedule_statuses_and_a_row_per_goal(
    guide: StudyGuide, plan: AssessmentPlan, library: Library
) -> None:
    text = study_guide_myst(REPO, guide, library)
    assert "De cursus is 3 EC, dat is 84 uur" in text
    assert "| **totaal** |" in text
    for week in range(1, 11):
        assert f"\n| {week} | " in text
    toets = assessment_plan_myst(REPO, plan, guide, library)
    goal_rows = [line for line in toets.splitlines() if line.startswith("| {doc}")]
    assert len(goal_rows) == sum(len(module_goals(REPO, m)) for m in MODULES)
    assert "*Herkansing.*" in toets
    assert "*Groepswerk en individueel cijfer.*" in toets


def _rubric_rows(text: str) -> list[list[str]]:
    rows = []
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
        if line.strip().startswith("| **") and len(cells) == 5:
            rows.append(cells)
    return rows


def test_capstone_rubric_on_the_page_is_the_rubric_in_the_exercise(library: Library) -> None:
    """Students read the rubric on the module page; assessors use the exercise's rubric."""
    rubric = library.get("integraal-casusoverleg-rollenspel").rubric
    assert rubric is not None
    page = (REPO / "course" / "modules" / "integrale-casusbespreking.md").read_text("utf-8")
    section = page[page.index("## Beoordeling") : page.index("## Terug naar Ansaj")]
    expected = [[f"**{c.name}** ({c.weight}%)", *c.descriptors] for c in rubric.criteria]
    assert _rubric_rows(section) == expected
    anchor = (REPO / "exercises" / "rubric-ankervoorbeeld-scoren.yaml").read_text("utf-8")
    copied = _rubric_rows(anchor)
    assert copied
    assert all(row in expected for row in copied)


def test_capstone_grading_is_mostly_individual_and_observes_the_observer(library: Library) -> None:
    rubric = library.get("integraal-casusoverleg-rollenspel").rubric
    assert rubric is not None
    group = sum(c.weight for c in rubric.criteria if "(groep)" in c.name)
    individual = sum(c.weight for c in rubric.criteria if "(individueel" in c.name)
    assert (group, individual) == (40, 60)
    acting = next(c for c in rubric.criteria if c.name.startswith("5."))
    assert all("Deelnemer:" in d and "Observator:" in d for d in acting.descriptors)
    assert any("verkeerde verwijzing" in c.name for c in rubric.criteria)
    for criterion in rubric.criteria[:3]:
        assert (
            "casusuitdraai" in criterion.descriptors[0]
            or "persoonlijk plan" in (criterion.descriptors[0])
        )
