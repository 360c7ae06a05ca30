"""Lesson kits as data: everything a teacher prints for one lesson, for N variant codes.

A lesson plan (``course/lessons/<module>.yaml``, :mod:`casetools.library.lessons`)
names the exercises of the lesson and the cards and sheets it uses. A lesson
kit is one PDF: the teacher's plan first, then one kit per variant code with,
in the order the lesson uses them, the student worksheet of every exercise
the lesson runs and every material the plan names (worksheets, answer keys,
the case description, the role-play cards and sheets). It is printed by the
same Typst templates and rules as the other packs: code and "pagina x van y"
on every page of a kit, tagged PDF, one compile. This module imports no PDF
library.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from casetools.caseworld.lasso import lasso_svg
from casetools.caseworld.model import Variant
from casetools.caseworld.render import render_view_markdown
from casetools.caseworld.views import build_view
from casetools.caseworld.world import World
from casetools.errors import UsageError
from casetools.handouts.myst import Bibliography, to_typst
from casetools.handouts.packs import Pack, VariantInput, lasso_alt, without_title
from casetools.library.exercises import MODULES, Exercise, Library
from casetools.library.lessons import (
    LESSONS_DIR,
    Lesson,
    clock,
    load_lesson,
    material_kind,
    material_label,
)
from casetools.library.render import Audience

LESSON_PACK = "lesson"
# Materials that take the role-play kit's data (lasso, agency order) into a variant's kit.
ROLEPLAY_MATERIALS = (
    "roleplay:client-card",
    "roleplay:role-cards",
    "roleplay:observer-sheet",
    "roleplay:facilitator-sheet",
)


def kit_sheets(lesson: Lesson) -> tuple[str, ...]:
    """What each variant's kit holds, in the order the lesson uses it.

    Step by step: the worksheet of the step's exercise, then the materials the
    step names; a sheet used twice is printed once, where it is first used.
    """
    sheets: list[str] = []
    for step in lesson.steps:
        if step.exercise:
            sheets.append(f"worksheet:{step.exercise}")
        sheets.extend(step.materials)
    return tuple(dict.fromkeys(sheets))


@dataclass(frozen=True)
class LessonKit(Pack):
    """A checked request for the lesson kit of one module."""

    lesson: Lesson | None = None
    library: Library | None = None

    @property
    def title(self) -> str:
        """The kit's title (also the PDF title)."""
        return f"Lesmap {MODULES[self._lesson.module]}: {self._lesson.title}"

    @property
    def _lesson(self) -> Lesson:
        assert self.lesson is not None
        return self.lesson

    @property
    def sheets(self) -> tuple[str, ...]:
        """The sheets of every variant's kit, in lesson order."""
        return kit_sheets(self._lesson)

    def variant_data(self, item: VariantInput) -> dict[str, Any]:
        """Everything the lesson templates print for one variant, as JSON-ready data."""
        data = super().variant_data(item)  # code, case, agency order
        case = item.case
        sheets = self.sheets
        if any(s in ROLEPLAY_MATERIALS for s in sheets):
            data["lasso"] = lasso_svg(case)
            data["lasso_alt"] = lasso_alt(case)
        if "case:handout" in sheets:
            data["description"] = to_typst(
                without_title(render_view_markdown(case)), self.bibliography
            )
        exercises = {e.id: e for e in self.exercises}
        data["worksheets"] = {}
        data["keys"] = {}
        for sheet in sheets:
            kind, exercise = material_kind(sheet)
            if exercise is None:
                continue
            audience: Audience = "student" if kind == "worksheet:" else "teacher"
            store = data["worksheets"] if audience == "student" else data["keys"]
            store[exercise] = self._exercise(exercises[exercise], case, audience)
        data["sheets"] = [self._sheet(s) for s in sheets]
        return data

    def document_data(self, variants: Sequence[dict[str, Any]] | None = None) -> dict[str, Any]:
        """The whole kit as one JSON-ready document, with the teacher's plan."""
        data = super().document_data(variants)
        data["lesson"] = self._plan()
        return data

    def _sheet(self, material: str) -> dict[str, Any]:
        kind, exercise = material_kind(material)
        return {"kind": kind.rstrip(":"), "exercise": exercise, "id": material}

    def _markup(self, text: str | None) -> str | None:
        return to_typst(text, self.bibliography, level=3) if text else None

    def _plan(self) -> dict[str, Any]:
        lesson = self._lesson
        library = self.library
        assert library is not None
        starts = lesson.start_times()
        titles = {e.id: e.title for e in library.exercises}
        return {
            "module": lesson.module,
            "module_title": MODULES[lesson.module],
            "title": lesson.title,
            "duration": lesson.duration,
            "preparation": [
                {
                    "what": self._markup(p.what),
                    "page": p.page,
                    "sections": list(p.sections),
                    "minutes": p.minutes,
                    "exercise": titles.get(p.exercise) if p.exercise else None,
                }
                for p in lesson.preparation
            ],
            "preparation_minutes": lesson.preparation_minutes,
            "steps": [
                {
                    "start": clock(start),
                    "minutes": step.minutes,
                    "form": step.form,
                    "activity": self._markup(step.activity),
                    "exercise": titles.get(step.exercise) if step.exercise else None,
                    "materials": [self._markup(material_label(m, library)) for m in step.materials],
                }
                for start, step in zip(starts, lesson.steps, strict=True)
            ],
            "notes": self._markup(lesson.notes),
            "sheets": [
                {"id": s, "label": self._markup(material_label(s, library))} for s in self.sheets
            ],
        }


def find_lesson(root: Path, module: str, library: Library) -> Lesson:
    """Load the lesson plan of ``module`` only, so a broken plan elsewhere blocks no kit.

    An unknown module is a :class:`UsageError` that lists every module with a plan.
    """
    folder = root / LESSONS_DIR
    known = sorted(p.stem for p in folder.glob("*.yaml")) if folder.is_dir() else []
    if module not in known:
        msg = f"no lesson plan for module {module!r} (known: {', '.join(known) or 'none'})"
        raise UsageError(msg)
    return load_lesson(folder / f"{module}.yaml", library, root)


def make_lesson_kit(
    lesson: Lesson,
    world: World,
    variants: Sequence[Variant],
    library: Library,
    *,
    lang: str = "nl",
    bibliography: Bibliography | None = None,
) -> LessonKit:
    """Build the views and pick the exercises of one lesson's kit."""
    if not variants:
        msg = "a lesson kit needs at least one variant"
        raise UsageError(msg)
    ids = [exercise for s in kit_sheets(lesson) if (exercise := material_kind(s)[1])]
    exercises: list[Exercise] = [library.get(i) for i in dict.fromkeys(ids)]
    items = tuple(VariantInput(build_view(world, variant, lang)) for variant in variants)
    return LessonKit(
        LESSON_PACK, lang, items, tuple(exercises), bibliography or {}, lesson, library
    )
