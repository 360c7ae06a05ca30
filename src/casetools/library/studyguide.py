"""The study guide and the assessment plan (toetsplan) as data.

``course/studiewijzer.yaml`` holds the study load (EC, hours per module), prior
knowledge, the weekly schedule and the status of every exercise (core,
optional, assessed). ``course/toetsplan.yaml`` holds the assessments and, for
every learning goal of every module, where it is practised and where it is
assessed. The page renders both, and tests check them against the exercise
library, the lesson plans and the goals on the module pages, so the arithmetic
a lecturer reads ("the minutes add up") is checked rather than asserted.

Goals are referred to by module and number only: their wording lives on the
module pages and may change without touching this data.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, Strict, StringConstraints, ValidationError

from casetools.errors import ContentError
from casetools.library.exercises import MODULES, Library
from casetools.library.lessons import Lesson
from casetools.yamlsource import KeyPath, Source, load_source

STUDY_GUIDE = Path("course") / "studiewijzer.yaml"
ASSESSMENT_PLAN = Path("course") / "toetsplan.yaml"
MODULE_PAGES = Path("course") / "modules"

Text = Annotated[str, Strict(), StringConstraints(strip_whitespace=True, min_length=1)]
Count = Annotated[int, Strict()]
Status = Literal["kern", "keuze", "toets"]
STATUS_LABELS: Mapping[str, str] = {"kern": "kern", "keuze": "keuze", "toets": "getoetst"}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ModuleLoad(_Strict):
    """Study hours of one module and the weeks it is taught in."""

    hours: Count = Field(ge=1, le=200)
    weeks: tuple[Count, ...] = Field(min_length=1)


class Week(_Strict):
    """One week of the quarter: what happens (Dutch Markdown, one paragraph)."""

    week: Count = Field(ge=1, le=20)
    modules: tuple[Text, ...] = ()
    plan: Text
    deadlines: Text | None = None


class StudyGuide(_Strict):
    """The study-guide data (``course/studiewijzer.yaml``)."""

    ec: Count = Field(ge=1, le=60)
    hours_per_ec: Count = 28
    prior_knowledge: tuple[Text, ...] = Field(min_length=1)
    modules: dict[str, ModuleLoad]
    weeks: tuple[Week, ...] = Field(min_length=1)
    exercises: dict[str, Status]

    @property
    def total_hours(self) -> int:
        """The study load in hours the EC promise."""
        return self.ec * self.hours_per_ec


class Assessment(_Strict):
    """One assessment (toets) of the toetsplan."""

    id: Text
    name: Text
    form: Text
    weight: Count = Field(ge=1, le=100)
    exercises: tuple[Text, ...] = Field(min_length=1)
    when: Text
    grading: Text
    pass_rule: Text
    resit: Text
    group_work: Text | None = None


class GoalLink(_Strict):
    """Where one learning goal is practised and where it is assessed."""

    practised: tuple[Text, ...] = Field(min_length=1)
    assessed: tuple[Text, ...] = Field(min_length=1)
    note: Text | None = None


class AssessmentPlan(_Strict):
    """The toetsplan (``course/toetsplan.yaml``)."""

    assessments: tuple[Assessment, ...] = Field(min_length=1)
    course_pass_rule: Text
    goals: dict[str, tuple[GoalLink, ...]]

    def assessed_exercises(self) -> dict[str, str]:
        """Each assessed exercise id with the id of the assessment it belongs to."""
        return {e: a.id for a in self.assessments for e in a.exercises}


M = TypeVar("M", bound=BaseModel)


def _validate(model: type[M], src: Source) -> M:
    try:
        return model.model_validate(src.data if src.data is not None else {})
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        loc: KeyPath = tuple(error["loc"])
        raise src.error(loc, str(error["msg"])) from None


def load_study_guide(root: Path, library: Library) -> StudyGuide:
    """Load ``course/studiewijzer.yaml`` and check it against the library."""
    src = load_source(root / STUDY_GUIDE)
    guide = _validate(StudyGuide, src)
    for slug in guide.modules:
        if slug not in MODULES:
            raise src.error(("modules", slug), f"unknown module {slug!r}")
    missing = [m for m in MODULES if m not in guide.modules]
    if missing:
        raise src.error(("modules",), f"no study hours for {', '.join(missing)}")
    hours = sum(m.hours for m in guide.modules.values())
    if hours != guide.total_hours:
        raise src.error(
            ("modules",),
            f"module hours add up to {hours}, the {guide.ec} EC promise {guide.total_hours}",
        )
    known = {e.id for e in library.exercises}
    for ex_id in guide.exercises:
        if ex_id not in known:
            raise src.error(("exercises", ex_id), f"unknown exercise {ex_id!r}")
    unlisted = sorted(known - set(guide.exercises))
    if unlisted:
        raise src.error(("exercises",), f"no status for {', '.join(unlisted)}")
    for i, week in enumerate(guide.weeks):
        for j, slug in enumerate(week.modules):
            if slug not in MODULES:
                raise src.error(("weeks", i, "modules", j), f"unknown module {slug!r}")
    return guide


def load_assessment_plan(root: Path, library: Library, guide: StudyGuide) -> AssessmentPlan:
    """Load ``course/toetsplan.yaml`` and check it against the library and the study guide."""
    src = load_source(root / ASSESSMENT_PLAN)
    plan = _validate(AssessmentPlan, src)
    weights = sum(a.weight for a in plan.assessments)
    if weights != 100:  # noqa: PLR2004
        raise src.error(("assessments",), f"weights add up to {weights}, not 100")
    known = {e.id for e in library.exercises}
    for i, a in enumerate(plan.assessments):
        for j, ex_id in enumerate(a.exercises):
            if ex_id not in known:
                raise src.error(("assessments", i, "exercises", j), f"unknown exercise {ex_id!r}")
            if guide.exercises.get(ex_id) != "toets":
                raise src.error(
                    ("assessments", i, "exercises", j),
                    f"{ex_id!r} is assessed but its status in the study guide is not 'toets'",
                )
    assessed = plan.assessed_exercises()
    for ex_id, status in guide.exercises.items():
        if status == "toets" and ex_id not in assessed:
            raise src.error(("assessments",), f"{ex_id!r} has status 'toets' but no assessment")
    _check_goal_links(src, plan, known, assessed)
    missing = [m for m in MODULES if m not in plan.goals]
    if missing:
        raise src.error(("goals",), f"no goals listed for {', '.join(missing)}")
    return plan


def _check_goal_links(
    src: Source, plan: AssessmentPlan, known: set[str], assessed: Mapping[str, str]
) -> None:
    for slug, links in plan.goals.items():
        if slug not in MODULES:
            raise src.error(("goals", slug), f"unknown module {slug!r}")
        for n, link in enumerate(links):
            for field, ids in (("practised", link.practised), ("assessed", link.assessed)):
                for k, ex_id in enumerate(ids):
                    where: KeyPath = ("goals", slug, n, field, k)
                    if ex_id not in known:
                        raise src.error(where, f"unknown exercise {ex_id!r}")
                    if field == "assessed" and ex_id not in assessed:
                        raise src.error(where, f"{ex_id!r} is not part of any assessment")


_GOALS_BLOCK = re.compile(r":::\{admonition\} Leerdoelen\n(.*?)\n:::", re.DOTALL)
_GOAL = re.compile(r"^\s*(\d+)\.\s+(.+?)\s*$", re.MULTILINE)


def module_goals(root: Path, module: str) -> tuple[str, ...]:
    """The learning goals of a module, read from the "Leerdoelen" admonition of its page."""
    page = root / MODULE_PAGES / f"{module}.md"
    text = page.read_text(encoding="utf-8")
    block = _GOALS_BLOCK.search(text)
    if block is None:
        raise ContentError(page, None, "", "no ':::{admonition} Leerdoelen' block found")
    goals = _GOAL.findall(block.group(1))
    if [int(n) for n, _ in goals] != list(range(1, len(goals) + 1)):
        raise ContentError(page, None, "Leerdoelen", "goals are not numbered 1, 2, 3, …")
    return tuple(g for _, g in goals)


def check_goal_counts(root: Path, plan: AssessmentPlan) -> None:
    """Every goal on every module page has exactly one entry in the toetsplan."""
    src = load_source(root / ASSESSMENT_PLAN)
    for slug in MODULES:
        on_page = len(module_goals(root, slug))
        listed = len(plan.goals.get(slug, ()))
        if on_page != listed:
            raise src.error(
                ("goals", slug),
                f"the module page has {on_page} learning goals, the toetsplan lists {listed}",
            )


def module_workload(
    module: str, guide: StudyGuide, library: Library, lesson: Lesson
) -> Mapping[str, int]:
    """Minutes of compulsory study in one module, by kind, as the study guide counts them.

    Contact time is the lesson. Reading is the lesson's preparation that is not
    exercise work. Exercises are the core and assessed exercises of the module,
    minus the minutes they are worked on inside the lesson (counted as contact).
    """
    in_class: dict[str, int] = {}
    for step in lesson.steps:
        if step.exercise:
            in_class[step.exercise] = in_class.get(step.exercise, 0) + step.minutes
    exercise_minutes = 0
    for ex in library.select(module=module):
        if guide.exercises.get(ex.id) in ("kern", "toets"):
            exercise_minutes += max(ex.duration - in_class.get(ex.id, 0), 0)
    return {
        "contact": lesson.duration,
        "reading": lesson.reading_minutes,
        "exercises": exercise_minutes,
    }
