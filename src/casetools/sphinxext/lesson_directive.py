"""The ``lesson-plan`` directive: a module's lesson plan, read from ``course/lessons/``.

Usage in MyST::

    ```{lesson-plan} systeem-en-leefwereld
    ```

The plan is data (:mod:`casetools.library.lessons`) so the teacher edition and
the printed lesson kit say the same thing. Like ``teacher-only``, the plan is
dropped while the page is parsed in the student edition: it never reaches the
student HTML or search index.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from casetools.errors import CasetoolsError
from casetools.library.exercises import Library
from casetools.library.lessons import LESSONS_DIR, Lesson, clock, load_lesson, material_label
from casetools.sphinxext.editions import is_teacher_edition
from casetools.sphinxext.resources import course_root, resources
from casetools.sphinxext.warnings import Subtype

logger = logging.getLogger(__name__)
DASH = "\N{EN DASH}"


def _cell(text: str) -> str:
    """One table cell: a single line, with the column separator escaped."""
    return " ".join(text.split()).replace("|", "\\|")


def lesson_myst(lesson: Lesson, library: Library) -> str:
    """The plan as MyST: preparation, the timed steps, notes and the print command."""
    lines = [
        f"**Voorbereiding door studenten** (samen ongeveer {lesson.preparation_minutes} minuten)",
        "",
    ]
    for prep in lesson.preparation:
        where = ""
        if prep.sections:
            quoted = (
                f"\N{LEFT SINGLE QUOTATION MARK}{s}\N{RIGHT SINGLE QUOTATION MARK}"
                for s in prep.sections
            )
            where = " Secties: " + ", ".join(quoted)
            where += f" op {{doc}}`/{prep.page}`." if prep.page else "."
        elif prep.page:
            where = f" Pagina: {{doc}}`/{prep.page}`."
        if prep.exercise:
            title = library.get(prep.exercise).title
            where += f" Opgave: {{ref}}`{_cell(title)} <ex-{prep.exercise}>`."
        lines.append(f"- **{prep.minutes} min**: {_cell(prep.what)}{where}")
    lines += [
        "",
        "| tijd | werkvorm | activiteit | opgave | materiaal |",
        "| --- | --- | --- | --- | --- |",
    ]
    for start, step in zip(lesson.start_times(), lesson.steps, strict=True):
        exercise = ""
        if step.exercise:
            title = library.get(step.exercise).title
            exercise = f"{{ref}}`{_cell(title)} <ex-{step.exercise}>`"
        materials = "; ".join(material_label(m, library) for m in step.materials) or DASH
        lines.append(
            f"| {clock(start)}{DASH}{clock(start + step.minutes)} | {_cell(step.form)} "
            f"| {_cell(step.activity)} | {exercise or DASH} | {_cell(materials)} |"
        )
    lines.append("")
    if lesson.notes:
        lines += [lesson.notes.rstrip(), ""]
    lines += [
        (
            "**Lespakket printen.** Dit lesplan en al het genoemde materiaal, voor N "
            "variantcodes (bijvoorbeeld één per groepje):"
        ),
        "",
        "```console",
        f"casetools handouts lesson {lesson.module} --count N --out DIR",
        "```",
        "",
    ]
    return "\n".join(lines)


class LessonPlanDirective(SphinxDirective):
    """Render the lesson plan of one module, in the teacher edition only."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        """Return nothing in the student edition, the plan as an admonition otherwise."""
        if not is_teacher_edition(self):
            return []
        module = self.arguments[0]
        root = course_root(self.env.app)
        path = root / LESSONS_DIR / f"{module}.yaml"
        if not path.is_file():
            return self._warn(f"no lesson plan {module!r} ({path} not found)")
        self.env.note_dependency(str(path))
        try:
            library = resources(self.env.app).library
            lesson = load_lesson(path, library, root)
        except CasetoolsError as exc:
            return self._warn(str(exc))
        title_text = f"Lesplan ({lesson.duration} minuten): {lesson.title}"
        node = nodes.admonition(classes=["admonition", "teacher-only", "lesson-plan"])
        self.set_source_info(node)
        node += nodes.title(title_text, title_text)
        node += self.parse_text_to_nodes(lesson_myst(lesson, library))
        return [node]

    def _warn(self, message: str) -> list[nodes.Node]:
        logger.warning(
            message, location=self.get_location(), type="casetools", subtype=Subtype.CONTENT.value
        )
        return []
