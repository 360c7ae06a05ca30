"""The ``variant-exercises`` directive: every variant-based exercise for one code.

A gallery page lists all exercises built on a case variant, rendered for its
code. Thirty pages times thirty exercises through the full MyST and
sphinx-exercise machinery would multiply the build time, so these are
rendered straight to HTML (:mod:`casetools.sphinxext.fast_markdown`) and
citations are written out as text. The
edition decides, as everywhere, what is rendered at all: student pages get no
keys, rubrics of assignments or teacher notes.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from casetools.caseworld import codes
from casetools.caseworld.generate import generate
from casetools.caseworld.views import build_view
from casetools.errors import CasetoolsError
from casetools.library.citations import bibliography, plain_citations
from casetools.library.exercises import MODULES
from casetools.library.render import Audience, RenderedExercise, render_exercise
from casetools.sphinxext.editions import is_teacher_edition
from casetools.sphinxext.fast_markdown import markdown_html
from casetools.sphinxext.resources import resources
from casetools.sphinxext.warnings import Subtype

logger = logging.getLogger(__name__)


def exercise_html(
    r: RenderedExercise, cite: dict[str, tuple[str, str]]
) -> tuple[str, str | None, str | None]:
    """The prompt, the student-visible solution and the teacher part, as HTML."""

    def html(text: str) -> str:
        return markdown_html(plain_citations(text, cite))

    solution = None
    if r.solution:
        solution = f'<details class="casetools-solution"><summary>Uitwerking</summary>{html(r.solution)}</details>'
    if r.rubric and not r.exercise.is_assignment:
        solution = (solution or "") + f"<p><strong>Rubric</strong></p>{html(r.rubric)}"
    teacher_parts = []
    if r.key:
        teacher_parts.append(f"<p><strong>Antwoordsleutel</strong></p>{html(r.key)}")
    if r.rubric and r.exercise.is_assignment:
        teacher_parts.append(f"<p><strong>Beoordelingsrubric</strong></p>{html(r.rubric)}")
    if r.teacher_notes:
        teacher_parts.append(f"<p><strong>Aanwijzingen</strong></p>{html(r.teacher_notes)}")
    teacher = None
    if teacher_parts:
        teacher = (
            '<div class="admonition teacher-only"><p class="admonition-title">'
            f"Voor de docent: {escape(r.exercise.title)}</p>{''.join(teacher_parts)}</div>"
        )
    return html(r.prompt), solution, teacher


class VariantExercisesDirective(SphinxDirective):
    """List every variant-based exercise of the library for one code."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        """Render the exercises for the code and the page's edition."""
        try:
            res = resources(self.env.app)
            seed = codes.decode(self.arguments[0])
        except CasetoolsError as exc:
            logger.warning(
                str(exc),
                location=self.get_location(),
                type="casetools",
                subtype=Subtype.BAD_CODE.value,
            )
            return []
        for path in res.files:
            self.env.note_dependency(str(path))
        bib_files = [Path(self.env.srcdir, f) for f in getattr(self.config, "bibtex_bibfiles", [])]
        cite = {k: v for f in bib_files if f.exists() for k, v in bibliography(f).items()}
        case = build_view(res.world, generate(res.world, seed))
        audience: Audience = "teacher" if is_teacher_edition(self) else "student"
        result: list[nodes.Node] = []
        for ex in (e for e in res.library.exercises if e.uses_variant):
            try:
                rendered = render_exercise(ex, case, audience)
            except CasetoolsError as exc:
                logger.warning(
                    str(exc),
                    location=self.get_location(),
                    type="casetools",
                    subtype=Subtype.CONTENT.value,
                )
                continue
            prompt, solution, teacher = exercise_html(rendered, cite)
            box = nodes.container(
                classes=["casetools-variant-exercise", "no-search"], ids=[f"opgave-{ex.id}"]
            )
            box += nodes.rubric(text=ex.title)
            meta = nodes.paragraph(classes=["casetools-meta"])
            meta += nodes.emphasis(text=f"{rendered.meta} · uit ")
            target = self.config.casetools_module_docs.format(module=ex.module)
            if target in self.env.found_docs:
                uri = self.env.app.builder.get_relative_uri(self.env.docname, target)
                meta += nodes.reference(text=MODULES[ex.module], refuri=uri, internal=True)
            else:
                meta += nodes.Text(MODULES[ex.module])
            box += meta
            box += nodes.raw("", prompt, format="html")
            if solution:
                box += nodes.raw("", solution, format="html")
            if teacher:
                box += nodes.raw("", teacher, format="html")
            self.set_source_info(box)
            result.append(box)
        return result
