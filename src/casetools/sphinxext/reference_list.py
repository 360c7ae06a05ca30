r"""Turn the bibliography into one unnumbered list, keeping every citation link.

sphinxcontrib-bibtex 2.7 only resolves ``{cite:p}`` against a bibliography
with ``:list: citation``, and that list prints each entry's label in front
of it ("[1]", or whatever the label style makes). A Dutch APA list has no
labels. So the page keeps the default list type, and this post-transform,
which runs right after sphinxcontrib-bibtex has built the citation nodes
(priority 5) and before Sphinx resolves references (priority 10), rewrites
them as a plain bullet list. Each entry keeps its ids on a target node at
the start of its paragraph, so the in-text links still land on it, in HTML
(``<span id>``) and in LaTeX (``\label``, plus the ``\hypertarget`` that
sphinxcontrib-bibtex's LaTeX links point to).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

LIST_CLASS = "bibliografie"


class UnlabelledReferenceList(SphinxPostTransform):
    """Replace each container of bibtex citations by an unlabelled bullet list."""

    default_priority = 6  # after sphinxcontrib.bibtex's BibliographyTransform (5)

    def run(self, **kwargs: Any) -> None:
        """Rewrite every container that holds only bibtex citation nodes."""
        for container in list(self.document.findall(nodes.container)):
            entries = container.children
            if not entries or not all(_is_bibtex_citation(node) for node in entries):
                continue
            items = nodes.bullet_list(classes=[LIST_CLASS])
            for citation in entries:
                items += _item(citation)
            container.replace_self(items)


def _is_bibtex_citation(node: nodes.Node) -> bool:
    return isinstance(node, nodes.citation) and "docname" in node.attributes


def _item(citation: nodes.Node) -> nodes.list_item:
    assert isinstance(citation, nodes.citation)
    paragraphs = [child for child in citation.children if isinstance(child, nodes.paragraph)]
    anchor = nodes.target("", "", ids=list(citation["ids"]))
    for name in citation["names"]:
        anchor["names"].append(name)
    # In LaTeX sphinxcontrib-bibtex links a citation with \hyperlink{cite.<doc>:<id>},
    # the anchor a \bibitem would have made; without the bibitem we make it here.
    # Raw LaTeX is skipped by every other builder.
    latex = "".join(
        rf"\hypertarget{{cite.{citation['docname']}:{ident}}}{{}}" for ident in citation["ids"]
    )
    anchors: list[nodes.Node] = [anchor, nodes.raw("", latex, format="latex")]
    item = nodes.list_item()
    if paragraphs:
        for position, node in enumerate(anchors):
            paragraphs[0].insert(position, node)
    else:
        item.extend(anchors)
    item.extend(paragraphs)
    return item


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the post-transform."""
    app.add_post_transform(UnlabelledReferenceList)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
