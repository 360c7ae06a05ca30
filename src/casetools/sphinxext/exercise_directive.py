"""The ``library-exercise`` directive: a library exercise placed in a page.

Usage in MyST::

    ```{library-exercise} botsende-eisen-analyseren
    :code: EM5K9NPM
    ```

The exercise is rendered by the core for the page's edition and turned into
MyST text that uses sphinx-exercise's ``exercise`` and ``solution`` (so
numbering and references work) and the ``teacher-only`` directive (so keys,
rubrics and notes never reach the student edition). Without ``:code:``, an
exercise on a case variant uses the course's demo code and points students
to their own page in the variant gallery.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.typing import OptionSpec

from casetools.caseworld import codes
from casetools.caseworld.generate import generate
from casetools.caseworld.views import CaseView, build_view
from casetools.errors import CasetoolsError
from casetools.library.render import Audience, RenderedExercise, render_exercise
from casetools.sphinxext.domain import CasetoolsDomain, Usage
from casetools.sphinxext.editions import is_teacher_edition
from casetools.sphinxext.quiz_form import quiz_form
from casetools.sphinxext.resources import resources
from casetools.sphinxext.warnings import Subtype

logger = logging.getLogger(__name__)
FENCE = ":" * 8


def exercise_label(exercise_id: str) -> str:
    """The default label of a placed exercise (``:label:`` overrides it)."""
    return f"ex-{exercise_id}"


@dataclass(frozen=True, slots=True)
class InteractiveQuiz:
    """A practice quiz on the student site: its static questions and the form that replaces them."""

    intro: str  # the prompt without the questions
    questions: str  # the questions as text (shown without JavaScript)
    form_html: str


def split_quiz_prompt(r: RenderedExercise, intro: str) -> tuple[str, str] | None:
    """Split the rendered prompt into its own text and the quiz questions the core appended."""
    head = intro.rstrip()
    if not r.exercise.quiz or not r.prompt.startswith(head):
        return None
    return head, r.prompt[len(head) :].strip()


def exercise_myst(
    r: RenderedExercise,
    label: str,
    *,
    nonumber: bool,
    pointer: str | None,
    quiz: InteractiveQuiz | None = None,
    solution_open: bool = False,
) -> str:
    """Turn a rendered exercise into MyST for sphinx-exercise and the edition directives.

    With ``quiz``, the questions sit in a ``casetools-quiz-static`` block beside
    the (hidden) form the quiz script shows instead; ``solution_open`` shows the
    solution at once instead of in a dropdown (the teacher edition's quizzes).
    """
    lines = [
        f"{FENCE}{{exercise}} {r.exercise.title}",
        f":label: {label}",
        ":class: casetools-exercise",
    ]
    if nonumber:
        lines.append(":nonumber:")
    lines += ["", f"{{.casetools-meta}}\n*{r.meta}*", ""]
    if quiz is None:
        lines += [r.prompt.rstrip(), ""]
    else:
        inner = ":" * (len(FENCE) - 1)
        lines += [
            quiz.intro,
            "",
            f"{inner}{{container}} casetools-quiz-static",
            f":name: {quiz_static_id(label)}",
            "",
            quiz.questions,
            "",
            inner,
            "",
            "```{raw} html",
            quiz.form_html.rstrip(),
            "```",
            "",
        ]
    if pointer:
        lines += [pointer, ""]
    lines += [FENCE, ""]
    if r.solution:
        lines += [
            f"{FENCE}{{solution}} {label}",
            *([] if solution_open else [":class: dropdown"]),
            f":label: sol-{label}",
            "",
            r.solution.rstrip(),
            "",
            FENCE,
            "",
        ]
    teacher = []
    if r.key:
        teacher += ["**Antwoordsleutel**", "", r.key.rstrip(), ""]
    if r.rubric:
        teacher += ["**Beoordelingsrubric**", "", r.rubric.rstrip(), ""]
    if r.teacher_notes:
        teacher += ["**Aanwijzingen**", "", r.teacher_notes.rstrip(), ""]
    if teacher:
        lines += [
            f"{FENCE}{{teacher-only}} Voor de docent: {r.exercise.title}",
            "",
            *teacher,
            FENCE,
            "",
        ]
    return "\n".join(lines)


def interactive_quiz(
    r: RenderedExercise, case: CaseView | None, label: str
) -> InteractiveQuiz | None:
    """The self-test for a practice quiz on the student site; None for anything else.

    An assignment's answers stay out of the student edition, so its quiz stays text.
    """
    ex = r.exercise
    if not ex.quiz or ex.is_assignment:
        return None
    intro = ex.templates["prompt"].render(**({"case": case} if case and ex.uses_variant else {}))
    parts = split_quiz_prompt(r, intro)
    if parts is None:
        return None
    return InteractiveQuiz(parts[0], parts[1], quiz_form(ex, label, quiz_static_id(label)))


def quiz_static_id(label: str) -> str:
    """The id of the block with a quiz's questions as text (the script hides it)."""
    return f"quiz-static-{label}"


class LibraryExerciseDirective(SphinxDirective):
    """Place one exercise from the library, for a variant code or the demo code."""

    required_arguments = 1
    has_content = False
    option_spec: ClassVar[OptionSpec] = {
        "code": directives.unchanged_required,
        "label": directives.unchanged_required,
        "nonumber": directives.flag,
    }

    def run(self) -> list[nodes.Node]:
        """Render the exercise and parse it as MyST."""
        exercise_id = self.arguments[0]
        try:
            res = resources(self.env.app)
        except CasetoolsError as exc:
            return self._warn(str(exc), Subtype.CONTENT)
        for path in res.files:
            self.env.note_dependency(str(path))
        try:
            ex = res.library.get(exercise_id)
        except KeyError:
            return self._warn(
                f"unknown exercise {exercise_id!r} (not in exercises/)", Subtype.UNKNOWN_EXERCISE
            )
        code = self.options.get("code")
        try:
            seed = codes.decode(code) if code else self.config.casetools_demo_seed
        except CasetoolsError as exc:
            return self._warn(str(exc), Subtype.BAD_CODE)
        case = build_view(res.world, generate(res.world, seed)) if ex.uses_variant else None
        audience: Audience = "teacher" if is_teacher_edition(self) else "student"
        try:
            rendered = render_exercise(ex, case, audience)
        except CasetoolsError as exc:
            return self._warn(str(exc), Subtype.CONTENT)
        label = self.options.get("label") or exercise_label(ex.id)
        pointer = None
        if ex.uses_variant and not code:
            gallery_index = f"/{self.config.casetools_gallery_dir.strip('/')}/index"
            pointer = (
                f"*Deze opgave gebruikt demovariant {rendered.code}. Werk je met je eigen variantcode, "
                f"zoek dan je eigen pagina op in de {{doc}}`variantengalerij <{gallery_index}>`: "
                "daar staat deze opgave voor jouw huishouden.*"
            )
        teacher = audience == "teacher"
        quiz = interactive_quiz(rendered, case, label) if not teacher else None
        text = exercise_myst(
            rendered,
            label,
            nonumber="nonumber" in self.options,
            pointer=pointer,
            quiz=quiz,
            solution_open=teacher and bool(ex.quiz),
        )
        domain = self.env.get_domain("casetools")
        assert isinstance(domain, CasetoolsDomain)
        domain.add_usage(Usage(ex.id, self.env.docname, label, rendered.code))
        container = nodes.container(classes=["casetools-library-exercise"], ids=[f"lib-{label}"])
        self.set_source_info(container)
        container += self.parse_text_to_nodes(text)
        return [container]

    def _warn(self, message: str, subtype: Subtype) -> list[nodes.Node]:
        logger.warning(
            message, location=self.get_location(), type="casetools", subtype=subtype.value
        )
        return []
