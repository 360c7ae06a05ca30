"""The exercise library: one self-contained YAML file per exercise in ``exercises/``.

A file holds everything a teacher reviews at once: metadata, the prompt, the
model answer (practice) or key (assignment), an analytic rubric, quiz items
with feedback per option, and teacher notes. Prompts and answers are Jinja
templates (MyST Markdown inside) that may read the student's case variant as
``case``. The file's shape is declared as typed models (:class:`ExerciseFile`
and its parts, pydantic v2); loading validates against them and compiles every
template, so a typo is reported with file, line and key before anything is
rendered.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Annotated, Any

import jinja2
from pydantic import ValidationInfo, field_validator, model_validator

from casetools.caseworld.render import make_environment
from casetools.errors import ContentError
from casetools.library.schema import (
    Bool,
    OptionalText,
    PydanticValidationError,
    StrictModel,
    Text,
    a_list,
    content_error,
    distinct,
    fail,
    in_range,
    one_of,
    present_mapping,
)
from casetools.yamlsource import KeyPath, Source, load_source

# The public names; also what the API page documents (autodoc would otherwise read
# the Markdown docstrings of the pydantic helpers imported above).
__all__ = [
    "BLOOM",
    "GROUP_SIZES",
    "KINDS",
    "MODES",
    "MODULES",
    "OPTION_KEYS",
    "TEMPLATE_FIELDS",
    "Criterion",
    "Exercise",
    "ExerciseFile",
    "Library",
    "Option",
    "QuizItem",
    "Rubric",
    "load_exercise",
    "load_library",
]

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


class Criterion(StrictModel):
    """One row of an analytic rubric: a criterion, its weight, a descriptor per level."""

    name: Text
    weight: Annotated[int, in_range(1, 100)]
    descriptors: Annotated[tuple[Text, ...], a_list()]


class Rubric(StrictModel):
    """An analytic rubric: criteria scored separately on the same levels."""

    levels: Annotated[tuple[Text, ...], a_list(2), distinct]
    criteria: Annotated[tuple[Criterion, ...], a_list(2)]

    @model_validator(mode="after")
    def _one_descriptor_per_level_and_weights_of_100(self) -> Rubric:
        for i, c in enumerate(self.criteria):
            if len(c.descriptors) != len(self.levels):
                raise fail(
                    f"needs one descriptor per level ({len(self.levels)}), "
                    f"found {len(c.descriptors)}",
                    ("criteria", i, "descriptors"),
                )
        total = sum(c.weight for c in self.criteria)
        if total != 100:  # noqa: PLR2004
            raise fail(f"weights add up to {total}, not 100", ("criteria",))
        return self


class Option(StrictModel):
    """A quiz option (multiple choice) or pair (matching), with its feedback.

    Which keys an option needs depends on its question's type; :class:`QuizItem`
    checks that before the option itself is read. A matching pair is always correct.
    """

    text: Text
    match: OptionalText = None
    correct: Bool = True
    feedback: Text


OPTION_KEYS: Mapping[str, tuple[str, ...]] = {
    "choice": ("text", "correct", "feedback"),
    "matching": ("text", "match", "feedback"),
}


class QuizItem(StrictModel):
    """One quiz question."""

    question: Text
    type: Annotated[str, one_of(OPTION_KEYS)]  # "choice" or "matching"
    options: Annotated[tuple[Option, ...], a_list(2)]

    @model_validator(mode="before")
    @classmethod
    def _option_keys_follow_the_type(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data  # the mapping check reports it
        kind, options = data.get("type"), data.get("options")
        if not isinstance(kind, str) or kind not in OPTION_KEYS or not isinstance(options, list):
            return data  # the fields report what is wrong
        wanted = OPTION_KEYS[kind]
        for j, option in enumerate(options):
            if not isinstance(option, dict):
                continue
            for key in option:
                if key not in wanted:
                    allowed = ", ".join(sorted(wanted))
                    raise fail(f"unknown key (allowed: {allowed})", ("options", j, key))
            for key in wanted:
                if key not in option:
                    raise fail(f"missing key {key!r}", ("options", j))
        return data

    @model_validator(mode="after")
    def _a_choice_has_a_correct_option(self) -> QuizItem:
        if self.type == "choice" and not any(o.correct for o in self.options):
            raise fail("a multiple-choice question needs a correct option", ("options",))
        return self


class ExerciseFile(StrictModel):
    """The schema of one ``exercises/*.yaml`` file (see the model exercise's header)."""

    id: Text
    title: Text
    module: Annotated[str, one_of(MODULES)]
    kind: Annotated[str, one_of(KINDS)]
    bloom: Annotated[str, one_of(BLOOM)]
    duration: Annotated[int, in_range(5, 600)]
    group_size: Annotated[str, one_of(GROUP_SIZES)]
    mode: Annotated[str, one_of(MODES)]
    uses_variant: Bool
    sources: Annotated[tuple[Text, ...], a_list(), distinct]
    prompt: Text
    solution: OptionalText = None
    key: OptionalText = None
    rubric: Annotated[Rubric | None, present_mapping] = None
    teacher_notes: OptionalText = None
    quiz: Annotated[tuple[QuizItem, ...] | None, a_list()] = None

    @field_validator("id")
    @classmethod
    def _id_is_the_file_name(cls, value: str, info: ValidationInfo) -> str:
        if not _ID.match(value):
            raise fail(f"{value!r} is not Dutch kebab-case (lowercase ASCII words joined by -)")
        stem = (info.context or {}).get("stem")
        if stem is not None and value != stem:
            raise fail(f"id {value!r} must equal the file name {stem!r}")
        return value

    @model_validator(mode="after")
    def _what_each_mode_needs(self) -> ExerciseFile:
        if self.kind == "quiz" and not self.quiz:
            raise fail("a quiz needs quiz items", ("quiz",))
        if self.mode == "practice" and self.solution is None and not self.quiz:
            raise fail(
                "a practice exercise needs a solution (or quiz items with feedback)", ("solution",)
            )
        if self.mode == "assignment" and self.key is None and self.rubric is None and not self.quiz:
            raise fail("an assignment needs a key or a rubric", ("key",))
        if self.mode == "assignment" and self.solution is not None:
            raise fail("assignments have a key, not a solution students can see", ("solution",))
        return self


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
    try:
        spec = ExerciseFile.model_validate(
            src.data if src.data is not None else {}, context={"stem": path.stem}
        )
    except PydanticValidationError as exc:
        raise content_error(src, exc) from None
    present = {f: getattr(spec, f) for f in TEMPLATE_FIELDS if getattr(spec, f) is not None}
    return Exercise(
        id=spec.id,
        path=path,
        title=spec.title,
        module=spec.module,
        kind=spec.kind,
        bloom=spec.bloom,
        duration=spec.duration,
        group_size=spec.group_size,
        mode=spec.mode,
        uses_variant=spec.uses_variant,
        sources=spec.sources,
        templates=CompiledTemplates({f: _checked(src, (f,), t) for f, t in present.items()}),
        lines=MappingProxyType({f: src.line((f,)) or 1 for f in present}),
        rubric=spec.rubric,
        quiz=spec.quiz or (),
    )


def _checked(src: Source, path: KeyPath, text: str) -> str:
    """Parse a template so bad syntax is refused at load time, naming file, line and key."""
    try:
        _environment.parse(text)
    except jinja2.TemplateSyntaxError as exc:
        line = (src.line(path) or 0) + (exc.lineno or 0)
        raise ContentError(
            src.path, line, ".".join(map(str, path)), f"template error: {exc.message}"
        ) from None
    return text


class CompiledTemplates(Mapping[str, jinja2.Template]):
    """An exercise's templates, checked at load and compiled when first rendered.

    Compiling all 130 templates costs three times as much as parsing them, and a
    preview rebuild after one saved page renders only that page's exercises; so
    loading parses every template (a syntax error still names file, line and key)
    and each is compiled once, on first use.
    """

    __slots__ = ("_compiled", "_sources")

    def __init__(self, sources: Mapping[str, str]) -> None:
        self._sources = dict(sources)
        self._compiled: dict[str, jinja2.Template] = {}

    def __getitem__(self, field: str) -> jinja2.Template:
        template = self._compiled.get(field)
        if template is None:
            template = self._compiled[field] = _environment.from_string(self._sources[field])
        return template

    def __iter__(self) -> Iterator[str]:
        return iter(self._sources)

    def __len__(self) -> int:
        return len(self._sources)


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
