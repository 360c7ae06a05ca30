"""The question bank: every exported question, in a form no export format owns.

One :class:`BankQuestion` per quiz item and per open exercise and variant code.
Moodle XML and QTI are written from this list, so both exports hold the same
questions, with the same identifiers, texts and tags. Texts come from the
core's :func:`~casetools.library.render.render_exercise`, the same function the
site and the worksheets use.

Where the answers go is decided here, once: quiz feedback is for students
(after they answer); a practice exercise's model answer is student feedback
too (the site shows it in a dropdown); an assignment's key, every rubric and
the teacher notes are grader-only.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from casetools.caseworld.views import CaseView
from casetools.errors import UsageError
from casetools.export.html import block_html, inline_html
from casetools.library.exercises import BLOOM, KINDS, MODULES, Exercise, Library, QuizItem
from casetools.library.render import render_exercise

QuestionType = Literal["choice", "matching", "essay"]
CiteFilter = Callable[[str], str]


@dataclass(frozen=True, slots=True)
class Choice:
    """A multiple-choice option with the feedback a student sees after answering."""

    html: str
    correct: bool
    feedback_html: str


@dataclass(frozen=True, slots=True)
class Pair:
    """A matching pair: the item, its match (plain text, as LMSs show it in a menu), feedback."""

    html: str
    match: str
    feedback_html: str


@dataclass(frozen=True, slots=True)
class BankQuestion:
    """One question for a learning environment."""

    exercise: Exercise
    number: int | None  # the quiz item's number (1-based), None for an open exercise
    code: str | None  # the variant code, None when the exercise uses no variant
    type: QuestionType
    text_html: str
    choices: tuple[Choice, ...] = ()
    pairs: tuple[Pair, ...] = ()
    feedback_html: str = ""  # shown to the student after answering
    grader_html: str = ""  # graders only: key, rubric, teacher notes

    @property
    def idnumber(self) -> str:
        """Stable id: ``exercise@code`` for variants, ``exercise#n`` for quiz items."""
        if self.code is not None:
            return f"{self.exercise.id}@{self.code}"
        if self.number is not None:
            return f"{self.exercise.id}#{self.number}"
        return self.exercise.id

    @property
    def identifier(self) -> str:
        """The id as an XML name (QTI identifiers allow no ``@`` or ``#``)."""
        return self.idnumber.replace("@", "--").replace("#", "--q")

    @property
    def name(self) -> str:
        """The name a teacher sees in the question bank."""
        if self.code is not None:
            return f"{self.exercise.title} (variant {self.code})"
        if self.number is not None:
            return f"{self.exercise.title}: vraag {self.number}"
        return self.exercise.title

    @property
    def category(self) -> tuple[str, str]:
        """Module title, then exercise title: one category per module and per exercise."""
        return MODULES[self.exercise.module], self.exercise.title

    @property
    def tags(self) -> tuple[str, ...]:
        """Tags from the metadata: module, kind, Bloom level, mode."""
        ex = self.exercise
        return (
            f"module:{ex.module}",
            f"soort:{KINDS[ex.kind]}",
            f"bloom:{BLOOM[ex.bloom]}",
            "oefening" if ex.mode == "practice" else "opdracht",
        )


def select_exercises(
    library: Library, modules: Sequence[str], exercise_ids: Sequence[str]
) -> list[Exercise]:
    """The exercises asked for; an unknown module or id is a usage error that lists the valid ones."""
    unknown_modules = [m for m in modules if m not in MODULES]
    if unknown_modules:
        msg = (
            f"unknown module {', '.join(map(repr, unknown_modules))} (valid: {', '.join(MODULES)})"
        )
        raise UsageError(msg)
    known = {ex.id for ex in library.exercises}
    unknown_ids = [i for i in exercise_ids if i not in known]
    if unknown_ids:
        msg = (
            f"unknown exercise {', '.join(map(repr, unknown_ids))} "
            f"(valid: {', '.join(sorted(known))})"
        )
        raise UsageError(msg)
    chosen = [
        ex
        for ex in library.exercises
        if (not modules or ex.module in modules) and (not exercise_ids or ex.id in exercise_ids)
    ]
    if not chosen:
        msg = "no exercise matches both --module and --exercise"
        raise UsageError(msg)
    return chosen


def build_bank(
    exercises: Sequence[Exercise],
    cases: Sequence[CaseView],
    cite: CiteFilter = lambda text: text,
) -> list[BankQuestion]:
    """All questions, grouped by module (course order) and exercise (file order).

    ``cases`` are the variants asked for; an exercise on a case variant gives one
    question per variant, any other exercise one question (per quiz item).
    ``cite`` turns citation roles into readable text.
    """
    order = {module: i for i, module in enumerate(MODULES)}
    questions: list[BankQuestion] = []
    for ex in sorted(exercises, key=lambda e: order[e.module]):
        if ex.quiz:
            questions += [
                _quiz_question(ex, n, item, cite) for n, item in enumerate(ex.quiz, start=1)
            ]
        elif ex.uses_variant:
            questions += [_essay(ex, case, cite) for case in cases]
        else:
            questions.append(_essay(ex, None, cite))
    return questions


def _quiz_question(ex: Exercise, n: int, item: QuizItem, cite: CiteFilter) -> BankQuestion:
    text = inline_html(cite(item.question))
    if item.type == "choice":
        choices = tuple(
            Choice(inline_html(cite(o.text)), o.correct, inline_html(cite(o.feedback)))
            for o in item.options
        )
        return BankQuestion(ex, n, None, "choice", text, choices=choices)
    pairs = tuple(
        Pair(inline_html(cite(o.text)), o.match or "", inline_html(cite(o.feedback)))
        for o in item.options
    )
    feedback = (
        "<ul>\n"
        + "".join(f"<li>{p.html} → {_escape(p.match)}: {p.feedback_html}</li>\n" for p in pairs)
        + "</ul>\n"
    )
    return BankQuestion(ex, n, None, "matching", text, pairs=pairs, feedback_html=feedback)


def _essay(ex: Exercise, case: CaseView | None, cite: CiteFilter) -> BankQuestion:
    r = render_exercise(ex, case, "teacher")
    grader = _sections(
        {
            "Antwoordsleutel": r.key,
            "Beoordelingsrubric": r.rubric,
            "Aanwijzingen voor de docent": r.teacher_notes,
        },
        cite,
    )
    feedback = block_html(cite(r.solution)) if r.solution and not ex.is_assignment else ""
    return BankQuestion(
        ex,
        None,
        r.code,
        "essay",
        block_html(cite(r.prompt)),
        feedback_html=feedback,
        grader_html=grader,
    )


def _sections(parts: Mapping[str, str | None], cite: CiteFilter) -> str:
    return "".join(
        f"<h4>{title}</h4>\n{block_html(cite(text))}" for title, text in parts.items() if text
    )


def _escape(text: str) -> str:
    from html import escape

    return escape(text, quote=False)
