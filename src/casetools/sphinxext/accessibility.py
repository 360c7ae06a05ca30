"""Accessible HTML from the build itself, where docutils or the theme get it wrong.

Loaded from ``conf.py`` as its own extension, so each fix stays visible and
can be dropped once the upstream project repairs it (the upstream issue is
named at each fix). What a browser script fixes at run time is in
``_static/course-a11y.js``; what a template fixes is in ``_templates/``.

- Citations: docutils marks every bibliography entry ``role="doc-biblioentry"``,
  a role DPUB-ARIA 1.1 deprecated. Assistive technology that no longer knows
  it sees a ``role="list"`` whose children are no list items (axe-core:
  aria-required-children, critical). Entries become plain ``listitem``s.
- Rubrics (the exercise titles on the gallery pages) are ``<p class="rubric">``
  styled as headings, so a screen reader cannot jump to them. They become
  headings one level below their section.
- A table whose top-left header cell is empty has row labels in its first
  column; those become row headers (``<th>``), so every data cell has a header.
- The theme ships Jinja macro files in ``_static`` (``*macros.html``); copied
  to the output they are published as pages without title or language.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.writers.html5 import HTML5Translator

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

# Jinja sources the theme keeps in its static folder (pydata-sphinx-theme and
# sphinx-book-theme); they are read when the theme is built, never by a browser.
THEME_MACRO_FILES = ("webpack-macros.html", "sbt-webpack-macros.html")


class AccessibleHTMLTranslator(HTML5Translator):
    """Sphinx's HTML writer with bibliography entries as list items."""

    def visit_citation(self, node: nodes.Element) -> None:
        """Open the citation list before its first entry, and the entry as a list item."""
        if not isinstance(node.previous_sibling(), type(node)):
            self.body.append('<div role="list" class="citation-list">\n')
        self.body.append(self.starttag(node, "div", classes=[node.tagname], role="listitem"))


class RubricHeadings(SphinxTransform):
    """Give every rubric the heading level one below the section it stands in."""

    default_priority = 500

    def apply(self, **kwargs: Any) -> None:
        """Set ``heading-level``, which Sphinx's HTML writer prints as ``<hN class="rubric">``."""
        for rubric in self.document.findall(nodes.rubric):
            if "heading-level" in rubric:
                continue
            depth = sum(1 for a in _ancestors(rubric) if isinstance(a, nodes.section))
            rubric["heading-level"] = min(depth + 1, 6)


class RowHeaders(SphinxTransform):
    """Make the first column of a table with an empty top-left header cell a column of row headers."""

    default_priority = 500

    def apply(self, **kwargs: Any) -> None:
        """Mark the first colspec as a stub column (docutils prints its cells as ``<th>``)."""
        for tgroup in self.document.findall(nodes.tgroup):
            colspecs = [c for c in tgroup.children if isinstance(c, nodes.colspec)]
            thead = next((c for c in tgroup.children if isinstance(c, nodes.thead)), None)
            if not colspecs or thead is None or not thead.children:
                continue
            first_row = thead.children[0]
            if first_row.children and not first_row.children[0].astext().strip():
                colspecs[0]["stub"] = 1


def _ancestors(node: nodes.Node) -> list[nodes.Element]:
    found = []
    while node.parent is not None:
        node = node.parent
        found.append(node)
    return found


def _remove_theme_macros(app: Sphinx, exception: BaseException | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    for name in THEME_MACRO_FILES:
        (static / name).unlink(missing_ok=True)


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the translator, the two transforms and the clean-up of the theme's macros."""
    app.set_translator("html", AccessibleHTMLTranslator)
    app.add_transform(RubricHeadings)
    app.add_transform(RowHeaders)
    app.connect("build-finished", _remove_theme_macros)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
