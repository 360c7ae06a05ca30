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
ELABORATION_MARKER = "(geen feit uit de bron)"


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

    def title_text(self) -> str:
        """The title shown above the block: the argument, or the default."""
        return self.arguments[0] if self.arguments else self.default_title

    def admonition(self) -> list[nodes.Node]:
        """Build the admonition node from the title and content."""
        title_text = self.title_text()
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
    default_title = f"Uitwerking voor het onderwijs {ELABORATION_MARKER}"

    def title_text(self) -> str:
        """The title, always carrying the marker.

        A custom title ("Een verzonnen week") would otherwise hide that the
        block is invented; the course promises readers every elaboration says so.
        """
        return elaboration_title(self.arguments[0] if self.arguments else None)

    def run(self) -> list[nodes.Node]:
        """Render the elaboration in both editions."""
        return self.admonition()


def elaboration_title(custom: str | None) -> str:
    """The title of an elaboration block: the custom title plus the marker."""
    if not custom:
        return ElaborationDirective.default_title
    if ELABORATION_MARKER in custom:
        return custom
    return f"{custom} {ELABORATION_MARKER}"
