"""Render one exercise for one variant and one audience, to Markdown parts.

The parts stay separate (prompt, solution, key, rubric, notes) so each
adapter can place them: the CLI prints them in order, the Sphinx directive
wraps the prompt in sphinx-exercise's ``exercise`` and the solution in a
dropdown, and puts keys, rubrics and notes only into the teacher edition.
What a student may not see is decided here, once, for every output.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import jinja2

from casetools.caseworld.draw import Stream
from casetools.caseworld.views import CaseView
from casetools.errors import ContentError, UsageError
from casetools.library.exercises import BLOOM, KINDS, MODES, MODULES, Exercise, QuizItem

Audience = Literal["student", "teacher"]
LETTERS = "ABCDEFGHIJ"


@dataclass(frozen=True, slots=True)
class RenderedExercise:
    """An exercise rendered for one audience; teacher-only parts are None for students."""

    exercise: Exercise
    code: str | None
    meta: str
    prompt: str
    solution: str | None
    key: str | None
    rubric: str | None
    teacher_notes: str | None


def render_exercise(ex: Exercise, case: CaseView | None, audience: Audience) -> RenderedExercise:
    """Render ``ex``; ``case`` is required exactly when the exercise uses a variant."""
    if ex.uses_variant and case is None:
        msg = f"exercise {ex.id} uses a case variant: give a variant code"
        raise UsageError(msg)
    context: dict[str, Any] = {"case": case} if ex.uses_variant and case is not None else {}
    teacher = audience == "teacher"
    prompt = _field(ex, "prompt", context)
    quiz_prompt, quiz_answers = _quiz(ex, case.seed if case else 0)
    if quiz_prompt:
        prompt = f"{prompt.rstrip()}\n\n{quiz_prompt}"
    solution = _field(ex, "solution", context) if "solution" in ex.templates else None
    key = _field(ex, "key", context) if "key" in ex.templates else None
    if quiz_answers:
        if ex.is_assignment:
            key = _join(key, quiz_answers)
        else:
            solution = _join(solution, quiz_answers)
    show_rubric = teacher or not ex.is_assignment
    return RenderedExercise(
        exercise=ex,
        code=case.code if ex.uses_variant and case else None,
        meta=meta_line(ex, case.code if ex.uses_variant and case else None),
        prompt=prompt,
        solution=solution,
        key=key if teacher else None,
        rubric=rubric_table(ex) if ex.rubric and show_rubric else None,
        teacher_notes=_field(ex, "teacher_notes", context)
        if teacher and "teacher_notes" in ex.templates
        else None,
    )


def meta_line(ex: Exercise, code: str | None) -> str:
    """One line of facts a teacher scans: module, kind, level, time, group, mode, variant."""
    parts = [
        MODULES[ex.module],
        KINDS[ex.kind],
        f"Bloom: {BLOOM[ex.bloom]}",
        f"{ex.duration} min",
        ex.group_size,
        MODES[ex.mode],
    ]
    if code:
        parts.append(f"variant {code}")
    return " · ".join(parts)


def rubric_table(ex: Exercise) -> str:
    """The analytic rubric as a Markdown table: one row per criterion, one column per level."""
    assert ex.rubric is not None
    header = "| criterium | gewicht | " + " | ".join(ex.rubric.levels) + " |"
    rule = "| --- | --- | " + " | ".join("---" for _ in ex.rubric.levels) + " |"
    rows = [
        f"| {c.name} | {c.weight}% | " + " | ".join(c.descriptors) + " |"
        for c in ex.rubric.criteria
    ]
    return "\n".join([header, rule, *rows]) + "\n"


def _join(first: str | None, second: str) -> str:
    return second if not first else f"{first.rstrip()}\n\n{second}"


def _field(ex: Exercise, name: str, context: dict[str, Any]) -> str:
    try:
        return ex.templates[name].render(**context)
    except jinja2.TemplateError as exc:
        lineno = getattr(exc, "lineno", None) or _template_line(exc)
        line = ex.lines[name] + (lineno or 0)
        raise ContentError(ex.path, line, name, f"template error: {exc}") from None


def _template_line(exc: BaseException) -> int | None:
    tb = exc.__traceback__
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _quiz(ex: Exercise, seed: int) -> tuple[str, str]:
    """Questions for the prompt and answers with feedback per option for the solution or key."""
    if not ex.quiz:
        return "", ""
    questions, answers = [], []
    for n, item in enumerate(ex.quiz, start=1):
        q, a = (
            _choice(item, n)
            if item.type == "choice"
            else _matching(item, n, Stream(seed, f"quiz/{ex.id}/{n}"))
        )
        questions.append(q)
        answers.append(a)
    return "\n\n".join(questions) + "\n", "\n\n".join(answers) + "\n"


def _choice(item: QuizItem, n: int) -> tuple[str, str]:
    question = [f"**Vraag {n}.** {item.question}", ""]
    question += [f"- {LETTERS[i]}. {o.text}" for i, o in enumerate(item.options)]
    correct = ", ".join(LETTERS[i] for i, o in enumerate(item.options) if o.correct)
    answer = [f"**Vraag {n}**: juist is {correct}.", ""]
    answer += [
        f"- {LETTERS[i]} ({'juist' if o.correct else 'onjuist'}): {o.feedback}"
        for i, o in enumerate(item.options)
    ]
    return "\n".join(question), "\n".join(answer)


def _matching(item: QuizItem, n: int, stream: Stream) -> tuple[str, str]:
    matches = stream.shuffled([o.match or "" for o in item.options])
    question = [f"**Vraag {n}.** {item.question}", ""]
    question += [f"{i}. {o.text}" for i, o in enumerate(item.options, start=1)]
    question += ["", "Kies uit:", ""]
    question += [f"- {LETTERS[i]}. {m}" for i, m in enumerate(matches)]
    answer = [f"**Vraag {n}**:", ""]
    answer += [
        f"- {i} → {LETTERS[matches.index(o.match or '')]} ({o.match}): {o.feedback}"
        for i, o in enumerate(item.options, start=1)
    ]
    return "\n".join(question), "\n".join(answer)


def to_markdown(r: RenderedExercise) -> str:
    """The whole exercise as one Markdown document (CLI output, handouts)."""
    parts = [
        f"# {r.exercise.title}",
        "",
        f"*{r.meta}*  ",
        f"`{r.exercise.id}`",
        "",
        r.prompt.rstrip(),
        "",
    ]
    if r.solution:
        parts += ["## Uitwerking", "", r.solution.rstrip(), ""]
    if r.key:
        parts += ["## Antwoordsleutel (docent)", "", r.key.rstrip(), ""]
    if r.rubric:
        parts += [
            "## Beoordelingsrubric" + (" (docent)" if r.exercise.is_assignment else ""),
            "",
            r.rubric.rstrip(),
            "",
        ]
    if r.teacher_notes:
        parts += ["## Voor de docent", "", r.teacher_notes.rstrip(), ""]
    if r.code:
        parts += ["---", "", f"Casusvariant {r.code} (fictief huishouden)."]
    return "\n".join(parts).rstrip() + "\n"
