"""Directives that make one source serve two editions.

Teacher material is dropped while the page is *parsed* in the student
edition, so it never reaches the doctree, the search index or any written
file. Hiding it with CSS would leave it in the HTML for anyone to read.
"""

from __future__ import annotations

from typing import ClassVar

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

EDITIONS = ("student", "teacher")


def is_teacher_edition(directive: SphinxDirective) -> bool:
    """Tell whether the page is being built for the teacher edition."""
    return bool(directive.config.casetools_edition == "teacher")


class _TitledAdmonition(SphinxDirective):
    """An admonition with an optional title argument and a fixed class."""

    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True
    css_class: ClassVar[str] = ""
    default_title: ClassVar[str] = ""

    def admonition(self) -> list[nodes.Node]:
        """Build the admonition node from the title and content."""
        title_text = self.arguments[0] if self.arguments else self.default_title
        node = nodes.admonition(classes=["admonition", self.css_class])
        self.set_source_info(node)
        inline, _messages = self.parse_inline(title_text, lineno=self.lineno)
        title = nodes.title(title_text, "", *inline)
        self.set_source_info(title)
        node += title
        node += self.parse_content_to_nodes()
        return [node]


class TeacherOnlyDirective(_TitledAdmonition):
    """Material for teachers only; absent from the student edition.

    Usage in MyST::

        :::{teacher-only} Lesplan (90 minuten)
        ...
        :::
    """

    css_class = "teacher-only"
    default_title = "Voor de docent"

    def run(self) -> list[nodes.Node]:
        """Return nothing in the student edition, an admonition otherwise."""
        if not is_teacher_edition(self):
            return []
        return self.admonition()


class ElaborationDirective(_TitledAdmonition):
    """A teaching elaboration: invented for the course, not a fact from the source.

    Usage in MyST::

        :::{elaboration}
        Stel dat ...
        :::
    """

    css_class = "elaboration"
    default_title = "Uitwerking voor het onderwijs (geen feit uit de bron)"

    def run(self) -> list[nodes.Node]:
        """Render the elaboration in both editions."""
        return self.admonition()
