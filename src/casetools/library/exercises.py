"""The exercise library: one self-contained YAML file per exercise in ``exercises/``.

A file holds everything a teacher reviews at once: metadata, the prompt, the
model answer (practice) or key (assignment), an analytic rubric, quiz items
with feedback per option, and teacher notes. Prompts and answers are Jinja
templates (MyST Markdown inside) that may read the student's case variant as
``case``. Loading checks every field and compiles every template, so a typo
is reported with file, line and key before anything is rendered.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from casetools import validate as v
from casetools.caseworld.render import make_environment
from casetools.errors import ContentError
from casetools.yamlsource import KeyPath, Source, load_source

MODULES: Mapping[str, str] = {
    "keukentafelgesprek": "Het omgekeerde keukentafelgesprek",
    "systeem-en-leefwereld": "Systeem en leefwereld",
    "integraal-werken": "Integraal werken",
    "interprofessioneel-samenwerken": "Interprofessioneel samenwerken",
    "capabilitybenadering": "De capabilitybenadering",
    "reflectief-handelen": "Reflectief handelen (Schön)",
    "leren-in-organisaties": "Leren in organisaties (Argyris)",
    "beleidsleren-en-politiseren": "Beleidsleren en politiserend sociaal werk",
    "integrale-casusbespreking": "Afsluiting: integrale casusbespreking",
}
KINDS: Mapping[str, str] = {
    "analysis": "analyse",
    "reflection": "reflectie",
    "role-play": "rollenspel",
    "quiz": "quiz",
    "signal-letter": "signaleringsbrief",
    "discussion": "discussie",
}
BLOOM: Mapping[str, str] = {
    "remember": "onthouden",
    "understand": "begrijpen",
    "apply": "toepassen",
    "analyse": "analyseren",
    "evaluate": "evalueren",
    "create": "creëren",
}
MODES: Mapping[str, str] = {"practice": "oefening", "assignment": "opdracht"}
GROUP_SIZES = ("individueel", "tweetallen", "drietallen", "groepjes van 4-6", "hele groep")
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TEMPLATE_FIELDS = ("prompt", "solution", "key", "teacher_notes")


@dataclass(frozen=True, slots=True)
class Criterion:
    """One row of an analytic rubric: a criterion, its weight, a descriptor per level."""

    name: str
    weight: int
    descriptors: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Rubric:
    """An analytic rubric: criteria scored separately on the same levels."""

    levels: tuple[str, ...]
    criteria: tuple[Criterion, ...]


@dataclass(frozen=True, slots=True)
class Option:
    """A quiz option (multiple choice) or pair (matching), with its feedback."""

    text: str
    match: str | None
    correct: bool
    feedback: str


@dataclass(frozen=True, slots=True)
class QuizItem:
    """One quiz question."""

    question: str
    type: str  # "choice" or "matching"
    options: tuple[Option, ...]


@dataclass(frozen=True, slots=True)
class Exercise:
    """A loaded, checked exercise template."""

    id: str
    path: Path
    title: str
    module: str
    kind: str
    bloom: str
    duration: int
    group_size: str
    mode: str
    uses_variant: bool
    sources: tuple[str, ...]
    templates: Mapping[str, jinja2.Template]
    lines: Mapping[str, int]
    rubric: Rubric | None
    quiz: tuple[QuizItem, ...]

    @property
    def is_assignment(self) -> bool:
        """Assignments are graded: their keys and rubrics are for teachers only."""
        return self.mode == "assignment"


_environment = make_environment(jinja2.BaseLoader())


def load_exercise(path: Path) -> Exercise:
    """Load one exercise file; every problem names file, line and key."""
    src = load_source(path)
    required = (
        "id",
        "title",
        "module",
        "kind",
        "bloom",
        "duration",
        "group_size",
        "mode",
        "uses_variant",
        "sources",
        "prompt",
    )
    optional = ("solution", "key", "rubric", "teacher_notes", "quiz")
    data = v.obj(src, (), src.data if src.data is not None else {}, required, optional)
    ex_id = v.string(src, ("id",), data["id"])
    if not _ID.match(ex_id):
        raise src.error(
            ("id",), f"{ex_id!r} is not Dutch kebab-case (lowercase ASCII words joined by -)"
        )
    if ex_id != path.stem:
        raise src.error(("id",), f"id {ex_id!r} must equal the file name {path.stem!r}")
    mode = v.choice(src, ("mode",), data["mode"], MODES)
    kind = v.choice(src, ("kind",), data["kind"], KINDS)
    templates = {f: _compile(src, (f,), data[f]) for f in TEMPLATE_FIELDS if f in data}
    rubric = _rubric(src, ("rubric",), data["rubric"]) if "rubric" in data else None
    quiz = _quiz(src, ("quiz",), data["quiz"]) if "quiz" in data else ()
    if kind == "quiz" and not quiz:
        raise src.error(("quiz",), "a quiz needs quiz items")
    if mode == "practice" and "solution" not in templates and not quiz:
        raise src.error(
            ("solution",), "a practice exercise needs a solution (or quiz items with feedback)"
        )
    if mode == "assignment" and "key" not in templates and rubric is None and not quiz:
        raise src.error(("key",), "an assignment needs a key or a rubric")
    if mode == "assignment" and "solution" in templates:
        raise src.error(("solution",), "assignments have a key, not a solution students can see")
    return Exercise(
        id=ex_id,
        path=path,
        title=v.string(src, ("title",), data["title"]),
        module=v.choice(src, ("module",), data["module"], MODULES),
        kind=kind,
        bloom=v.choice(src, ("bloom",), data["bloom"], BLOOM),
        duration=v.integer(src, ("duration",), data["duration"], 5, 600),
        group_size=v.choice(src, ("group_size",), data["group_size"], GROUP_SIZES),
        mode=mode,
        uses_variant=v.boolean(src, ("uses_variant",), data["uses_variant"]),
        sources=v.strings(src, ("sources",), data["sources"]),
        templates=v.frozen(templates),
        lines=v.frozen({f: src.line((f,)) or 1 for f in TEMPLATE_FIELDS if f in data}),
        rubric=rubric,
        quiz=quiz,
    )


def _compile(src: Source, path: KeyPath, value: Any) -> jinja2.Template:
    text = v.string(src, path, value)
    try:
        return _environment.from_string(text)
    except jinja2.TemplateSyntaxError as exc:
        line = (src.line(path) or 0) + (exc.lineno or 0)
        raise ContentError(
            src.path, line, ".".join(map(str, path)), f"template error: {exc.message}"
        ) from None


def _rubric(src: Source, path: KeyPath, value: Any) -> Rubric:
    data = v.obj(src, path, value, required=("levels", "criteria"))
    levels = v.strings(src, (*path, "levels"), data["levels"], 2)
    criteria = []
    for i, item in enumerate(v.items(src, (*path, "criteria"), data["criteria"], 2)):
        p: KeyPath = (*path, "criteria", i)
        c = v.obj(src, p, item, required=("name", "weight", "descriptors"))
        descriptors = tuple(
            v.string(src, (*p, "descriptors", j), d)
            for j, d in enumerate(v.items(src, (*p, "descriptors"), c["descriptors"]))
        )
        if len(descriptors) != len(levels):
            raise src.error(
                (*p, "descriptors"),
                f"needs one descriptor per level ({len(levels)}), found {len(descriptors)}",
            )
        criteria.append(
            Criterion(
                v.string(src, (*p, "name"), c["name"]),
                v.integer(src, (*p, "weight"), c["weight"], 1, 100),
                descriptors,
            )
        )
    if sum(c.weight for c in criteria) != 100:  # noqa: PLR2004
        raise src.error(
            (*path, "criteria"), f"weights add up to {sum(c.weight for c in criteria)}, not 100"
        )
    return Rubric(levels, tuple(criteria))


def _quiz(src: Source, path: KeyPath, value: Any) -> tuple[QuizItem, ...]:
    result = []
    for i, item in enumerate(v.items(src, path, value)):
        p: KeyPath = (*path, i)
        q = v.obj(src, p, item, required=("question", "type", "options"))
        kind = v.choice(src, (*p, "type"), q["type"], ("choice", "matching"))
        options = []
        for j, opt in enumerate(v.items(src, (*p, "options"), q["options"], 2)):
            op: KeyPath = (*p, "options", j)
            if kind == "choice":
                o = v.obj(src, op, opt, required=("text", "correct", "feedback"))
                options.append(
                    Option(
                        v.string(src, (*op, "text"), o["text"]),
                        None,
                        v.boolean(src, (*op, "correct"), o["correct"]),
                        v.string(src, (*op, "feedback"), o["feedback"]),
                    )
                )
            else:
                o = v.obj(src, op, opt, required=("text", "match", "feedback"))
                options.append(
                    Option(
                        v.string(src, (*op, "text"), o["text"]),
                        v.string(src, (*op, "match"), o["match"]),
                        True,
                        v.string(src, (*op, "feedback"), o["feedback"]),
                    )
                )
        if kind == "choice" and not any(o.correct for o in options):
            raise src.error((*p, "options"), "a multiple-choice question needs a correct option")
        result.append(
            QuizItem(v.string(src, (*p, "question"), q["question"]), kind, tuple(options))
        )
    return tuple(result)


@dataclass(frozen=True, slots=True)
class Library:
    """All exercises, in file-name order."""

    root: Path
    exercises: tuple[Exercise, ...]

    def get(self, exercise_id: str) -> Exercise:
        """Look up an exercise, or raise KeyError with the known ids."""
        for ex in self.exercises:
            if ex.id == exercise_id:
                return ex
        raise KeyError(exercise_id)

    def select(self, module: str | None = None, kind: str | None = None) -> Sequence[Exercise]:
        """Filter by module and kind."""
        return [
            e
            for e in self.exercises
            if (module is None or e.module == module) and (kind is None or e.kind == kind)
        ]


def load_library(root: Path) -> Library:
    """Load every ``*.yaml`` in ``root``."""
    if not root.is_dir():
        raise ContentError(root, None, "", "exercise folder not found")
    return Library(root, tuple(load_exercise(p) for p in sorted(root.glob("*.yaml"))))
