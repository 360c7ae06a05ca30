"""Lesson plans as data: one YAML file per module in ``course/lessons/``.

The teacher edition shows the plan and the print engine builds a lesson kit
from it, so both must read the same file; a plan written twice drifts apart.
The file is checked by a pydantic model, and every error names file, line and
key like the exercise loader does. Beyond the shape, the loader checks what a
lecturer relies on when running the lesson: the steps fill the lesson exactly,
every exercise and material exists, and every preparation points at a heading
that is really on the page, so "lees de sectie X" never sends students nowhere.

Material ids form a closed vocabulary (:data:`MATERIALS`): a plan can name only
what the course can print, never "dia's" or "kaartjes" nobody supplies.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, Strict, StringConstraints, ValidationError

from casetools.errors import ContentError
from casetools.library.exercises import MODULES, Library, load_library
from casetools.yamlsource import KeyPath, Source, load_source

LESSONS_DIR = Path("course") / "lessons"
EXERCISES_DIR = Path("exercises")

# The closed vocabulary of printable materials. A key ending in ``:`` takes an
# exercise id after the colon. Each value says what the print engine produces.
MATERIALS: Mapping[str, str] = {
    "worksheet:": "student worksheet of that exercise, one per variant code",
    "answer-key:": "teacher key and rubric of that exercise, one per variant code",
    "roleplay:client-card": "client card of the role-play kit, one per variant code",
    "roleplay:role-cards": "one role card per agency of the variant, per variant code",
    "roleplay:observer-sheet": "observer sheet of the role-play kit, one per variant code",
    "roleplay:facilitator-sheet": "facilitator sheet of the role-play kit, one per variant code",
    "case:handout": "the full case description of the variant (as `casetools variant CODE`)",
}
# Dutch names for the page; the exercise title follows for per-exercise materials.
MATERIAL_LABELS: Mapping[str, str] = {
    "worksheet:": "werkblad",
    "answer-key:": "antwoordsleutel (docent)",
    "roleplay:client-card": "cliëntkaart",
    "roleplay:role-cards": "rolkaarten per instantie",
    "roleplay:observer-sheet": "observatieformulier",
    "roleplay:facilitator-sheet": "facilitatorblad",
    "case:handout": "casusbeschrijving van de variant",
}
_HEADING = re.compile(r"^#{2,4}\s+(.+?)\s*$", re.MULTILINE)

Text = Annotated[str, Strict(), StringConstraints(strip_whitespace=True, min_length=1)]
Minutes = Annotated[int, Strict()]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Preparation(_Strict):
    """What students do before class: read sections of a page, or do an exercise.

    With ``exercise`` the item is exercise work (counted once, as that exercise's
    study time); without it, it is reading time.
    """

    what: Text
    page: Text | None = None  # docname like "casebook/het-gesprek"; None: the module page
    sections: tuple[Text, ...] = ()  # headings on that page, exactly as written
    exercise: Text | None = None
    minutes: Minutes = Field(ge=1, le=300)


class Step(_Strict):
    """One block of the lesson: how long, what happens, with which exercise and materials."""

    minutes: Minutes = Field(ge=1, le=240)
    form: Text  # werkvorm, e.g. "plenair", "drietallen", "fishbowl"
    activity: Text  # Dutch MyST Markdown
    exercise: Text | None = None
    materials: tuple[Text, ...] = ()


class Lesson(_Strict):
    """A checked lesson plan of one module (``module`` is the file name)."""

    module: Text
    path: Path
    title: Text
    duration: Minutes = Field(default=90, ge=30, le=240)
    preparation: tuple[Preparation, ...] = Field(min_length=1)
    steps: tuple[Step, ...] = Field(min_length=1)
    notes: Text | None = None  # Dutch MyST Markdown shown under the plan

    @property
    def preparation_minutes(self) -> int:
        """Total study time students need before class."""
        return sum(p.minutes for p in self.preparation)

    @property
    def reading_minutes(self) -> int:
        """Preparation that is reading, not exercise work."""
        return sum(p.minutes for p in self.preparation if p.exercise is None)

    @property
    def exercises(self) -> tuple[str, ...]:
        """Exercise ids the steps use, in order of first use."""
        return tuple(dict.fromkeys(s.exercise for s in self.steps if s.exercise))

    @property
    def materials(self) -> tuple[str, ...]:
        """Material ids the steps name, in order of first use (what a kit must print)."""
        return tuple(dict.fromkeys(m for s in self.steps for m in s.materials))

    def start_times(self) -> tuple[int, ...]:
        """Minute at which each step starts."""
        starts, t = [], 0
        for step in self.steps:
            starts.append(t)
            t += step.minutes
        return tuple(starts)


def material_kind(material: str) -> tuple[str, str | None]:
    """Split a material id into its vocabulary key and exercise id (or None)."""
    if material in MATERIALS and not material.endswith(":"):
        return material, None
    prefix, sep, rest = material.partition(":")
    if sep and f"{prefix}:" in MATERIALS and rest:
        return f"{prefix}:", rest
    known = ", ".join(k + ("<exercise-id>" if k.endswith(":") else "") for k in MATERIALS)
    msg = f"unknown material {material!r}; known: {known}"
    raise ValueError(msg)


def load_lesson(path: Path, library: Library, root: Path) -> Lesson:
    """Load and check one lesson file against the exercise library and the pages under ``root``."""
    src = load_source(path)
    data = src.data if src.data is not None else {}
    if not isinstance(data, dict):
        raise src.error((), "a lesson file is a mapping with title, preparation and steps")
    for key in ("module", "path"):
        if key in data:
            raise src.error((key,), "not allowed: it comes from the file name")
    if path.stem not in MODULES:
        raise src.error((), f"file name {path.stem!r} is not a module; known: {', '.join(MODULES)}")
    try:
        lesson = Lesson.model_validate({**data, "module": path.stem, "path": path})
    except ValidationError as exc:
        raise _located(src, exc) from None
    _check_references(src, lesson, library, root)
    return lesson


def _located(src: Source, exc: ValidationError) -> ContentError:
    error = exc.errors(include_url=False)[0]
    loc: KeyPath = tuple(error["loc"])
    return src.error(loc, str(error["msg"]))


def _check_references(src: Source, lesson: Lesson, library: Library, root: Path) -> None:
    total = sum(s.minutes for s in lesson.steps)
    if total != lesson.duration:
        raise src.error(
            ("steps",), f"steps add up to {total} minutes, the lesson lasts {lesson.duration}"
        )
    known = {e.id for e in library.exercises}
    for i, step in enumerate(lesson.steps):
        if step.exercise is not None and step.exercise not in known:
            raise src.error(("steps", i, "exercise"), f"unknown exercise {step.exercise!r}")
        for j, material in enumerate(step.materials):
            where: KeyPath = ("steps", i, "materials", j)
            try:
                _kind, exercise = material_kind(material)
            except ValueError as exc:
                raise src.error(where, str(exc)) from None
            if exercise is not None and exercise not in known:
                raise src.error(where, f"unknown exercise {exercise!r}")
    for i, prep in enumerate(lesson.preparation):
        if prep.exercise is not None and prep.exercise not in known:
            raise src.error(("preparation", i, "exercise"), f"unknown exercise {prep.exercise!r}")
        page = prep.page or f"course/modules/{lesson.module}"
        file = root / f"{page}.md"
        if not file.is_file():
            raise src.error(("preparation", i, "page"), f"no page {page!r} ({file} not found)")
        headings = {h.strip() for h in _HEADING.findall(file.read_text(encoding="utf-8"))}
        for j, section in enumerate(prep.sections):
            if section not in headings:
                raise src.error(
                    ("preparation", i, "sections", j), f"no heading {section!r} on page {page!r}"
                )


def load_lessons(root: Path, library: Library | None = None) -> dict[str, Lesson]:
    """Load every ``course/lessons/*.yaml`` of the course at ``root``, keyed by module slug."""
    folder = root / LESSONS_DIR
    if not folder.is_dir():
        raise ContentError(folder, None, "", "lesson folder not found")
    lib = library if library is not None else load_library(root / EXERCISES_DIR)
    return {p.stem: load_lesson(p, lib, root) for p in sorted(folder.glob("*.yaml"))}


def material_label(material: str, library: Library) -> str:
    """A Dutch name for a material, with the exercise title where it has one."""
    kind, exercise = material_kind(material)
    label = MATERIAL_LABELS[kind]
    return f"{label} *{library.get(exercise).title}*" if exercise else label


def clock(minutes: int) -> str:
    """Render a minute offset as ``1:05``, the way lesson plans are read."""
    return f"{minutes // 60}:{minutes % 60:02d}"
