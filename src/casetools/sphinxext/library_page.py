"""The ``exercise-library`` directive: every exercise in one filterable table.

The table needs to know where each exercise is used, which is only known
after all pages are read; the directive leaves a placeholder that is filled
in when the page is resolved. Filtering happens in the browser
(``_static/casetools-library.js``) on data attributes of the rows.
"""

from __future__ import annotations

from html import escape
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util.docutils import SphinxDirective

from casetools.library.exercises import BLOOM, KINDS, MODES, MODULES, Exercise
from casetools.sphinxext.domain import CasetoolsDomain, Usage
from casetools.sphinxext.resources import resources


class exercise_library(nodes.General, nodes.Element):  # noqa: N801 - docutils node naming
    """Placeholder for the library table, replaced when the page is resolved."""


class ExerciseLibraryDirective(SphinxDirective):
    """Place the filterable overview of the whole exercise library."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        """Leave a placeholder and note the data files as dependencies."""
        for path in resources(self.env.app).files:
            self.env.note_dependency(str(path))
        node = exercise_library()
        self.set_source_info(node)
        return [node]


def _duration_band(minutes: int) -> str:
    if minutes <= 15:  # noqa: PLR2004
        return "kort"
    if minutes <= 45:  # noqa: PLR2004
        return "middel"
    return "lang"


def _select(name: str, label: str, options: dict[str, str]) -> str:
    items = "".join(f'<option value="{escape(k)}">{escape(v)}</option>' for k, v in options.items())
    return (
        f'<label class="casetools-filter">{escape(label)} '
        f'<select data-filter="{name}"><option value="">alle</option>{items}</select></label>'
    )


def _row(ex: Exercise, links: str) -> str:
    data = {
        "module": ex.module,
        "kind": ex.kind,
        "bloom": ex.bloom,
        "duration": _duration_band(ex.duration),
        "mode": ex.mode,
        "variant": "ja" if ex.uses_variant else "nee",
    }
    attrs = " ".join(f'data-{k}="{escape(v)}"' for k, v in data.items())
    cells = [
        f"<strong>{escape(ex.title)}</strong><br><code>{escape(ex.id)}</code>",
        escape(MODULES[ex.module]),
        escape(KINDS[ex.kind]),
        escape(BLOOM[ex.bloom]),
        f"{ex.duration} min",
        escape(MODES[ex.mode]),
        "ja" if ex.uses_variant else "nee",
        links or "<em>nog niet geplaatst</em>",
    ]
    return f"<tr {attrs}>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"


def library_html(app: Sphinx, fromdoc: str, usages: list[Usage]) -> str:
    """The filter controls and the table, as HTML."""
    builder = app.builder
    library = resources(app).library
    rows = []
    order = list(MODULES)
    for ex in sorted(library.exercises, key=lambda e: (order.index(e.module), e.title)):
        places = [u for u in usages if u.exercise == ex.id]
        links = ", ".join(
            f'<a href="{escape(builder.get_relative_uri(fromdoc, u.docname))}#{escape(u.label)}">'
            f"{escape(app.env.titles[u.docname].astext() if u.docname in app.env.titles else u.docname)}</a>"
            for u in places
        )
        rows.append(_row(ex, links))
    filters = "".join(
        [
            _select("module", "Module", dict(MODULES)),
            _select("kind", "Soort", dict(KINDS)),
            _select("bloom", "Bloom", dict(BLOOM)),
            _select(
                "duration",
                "Duur",
                {"kort": "tot 15 min", "middel": "16 tot 45 min", "lang": "meer dan 45 min"},
            ),
            _select("mode", "Vorm", dict(MODES)),
            _select("variant", "Op casusvariant", {"ja": "ja", "nee": "nee"}),
        ]
    )
    head = "".join(
        f"<th>{h}</th>"
        for h in ("Opgave", "Module", "Soort", "Bloom", "Duur", "Vorm", "Variant", "Gebruikt in")
    )
    return (
        f'<div class="casetools-library"><form class="casetools-filters">{filters}</form>'
        f'<p class="casetools-count" aria-live="polite">{len(rows)} van {len(rows)} opgaven</p>'
        f'<table class="table casetools-library-table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def resolve_library(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Replace placeholders with the table (HTML) or a plain list (other builders)."""
    placeholders = list(doctree.findall(exercise_library))
    if not placeholders:
        return
    domain = app.env.get_domain("casetools")
    assert isinstance(domain, CasetoolsDomain)
    usages = list(domain.all_usages())
    for node in placeholders:
        if isinstance(app.builder, StandaloneHTMLBuilder):
            replacement: nodes.Node = nodes.raw(
                "", library_html(app, docname, usages), format="html"
            )
        else:
            items = nodes.bullet_list()
            for ex in resources(app).library.exercises:
                items += nodes.list_item(
                    "", nodes.paragraph(text=f"{ex.title} ({MODULES[ex.module]}, {KINDS[ex.kind]})")
                )
            replacement = items
        node.replace_self(replacement)


def skip(translator: Any, node: nodes.Node) -> None:
    """Placeholders never reach a writer; if one does, it writes nothing."""
    raise nodes.SkipNode
