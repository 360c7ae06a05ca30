"""The variant gallery: one generated page per code, so teachers can hand out codes without Python.

Pages are generated into the source folder when the builder starts (like
sphinx-gallery does) and are only rewritten when their text changes, so an
unchanged gallery costs no rebuild while an edited data file or template
changes exactly the pages it affects. Each page holds the case world of one
code, its lasso diagram and every exercise that is built on a variant.
"""

from __future__ import annotations

import hashlib
import html
import re
from pathlib import Path

from sphinx.application import Sphinx

from casetools.caseworld import codes
from casetools.caseworld.generate import generate
from casetools.caseworld.lasso import lasso_svg, lasso_text
from casetools.caseworld.render import render_view_markdown
from casetools.caseworld.views import CaseView, build_view
from casetools.sphinxext.fast_markdown import markdown_html
from casetools.sphinxext.resources import course_root, data_files, resources

INSTANCES_HEADING = "## De instanties rond het huishouden"
PACKAGE = Path(__file__).resolve().parent.parent


def gallery_codes(app: Sphinx) -> list[int]:
    """The seeds of the gallery, in page order."""
    first = app.config.casetools_gallery_first_seed
    return list(range(first, first + app.config.casetools_gallery_size))


def _fast_sections(markdown: str) -> str:
    """Keep the headings as MyST (for the page's table of contents); the text between them as raw HTML."""
    out = []
    for chunk in re.split(r"(?m)^(?=## )", markdown):
        heading, _, text = chunk.partition("\n") if chunk.startswith("## ") else ("", "", chunk)
        if heading:
            out.append(heading)
        if text.strip():
            html = markdown_html(text).rstrip().replace("<table>", '<table class="table">')
            out += ["", "```{raw} html", html, "```", ""]
    return "\n".join(out)


def _lasso_figure(case: CaseView) -> str:
    """The lasso as a figure whose caption holds its text alternative: the drawing in words.

    The image's ``alt`` is short; the full description (every demand, every
    conflict) is in the figure's caption, where everyone can read it and a
    screen reader announces it as the figure's description.
    """
    summary, *rest = lasso_text(case).splitlines()
    items = "".join(f"<li>{html.escape(line)}</li>" for line in rest)
    words = f'<p class="casetools-lasso-text"><strong>In woorden.</strong> {html.escape(summary)}</p><ul>{items}</ul>'
    return (
        f"::::{{figure}} lasso-{case.code}.svg\n"
        f":alt: Lassodiagram van variant {case.code}; de figuur staat hieronder in woorden.\n"
        ":class: casetools-lasso\n"
        ":figclass: casetools-lasso-figure\n\n"
        f"Elke instantie rond {case.client.given_name} gooit haar eigen lasso: de doorgetrokken lijnen zijn de eisen, "
        "de gestreepte lijnen met een nummer de eisen die met elkaar botsen.\n\n"
        f"```{{raw}} html\n{words}\n```\n"
        "::::\n\n"
    )


def variant_page(case: CaseView) -> str:
    """The MyST source of one gallery page."""
    title, _, description = render_view_markdown(case).partition("\n")
    back = "[← Terug naar de variantengalerij](index.md)"
    body = f"{title}\n\n{back}\n\n{_fast_sections(description)}"
    figure = "## De lasso\n\n" + _lasso_figure(case)
    body = body.replace(INSTANCES_HEADING, figure + INSTANCES_HEADING, 1)
    # orphan: reached from the gallery index, not from a toctree, so thirty pages do not
    # swell the navigation that every page of the site renders. nosearch: thirty near-copies
    # of the agency texts would bury the module pages in search results (the index page,
    # which lists every code, stays searchable).
    lines = [
        "---",
        "orphan: true",
        "nosearch: true",
        "---",
        f"(galerij-{case.code.lower()})=",
        body.rstrip(),
        "",
        "## Opgaven bij deze variant",
        "",
    ]
    lines.append(
        f"Dit zijn alle opgaven uit de cursus die op een casusvariant zijn gebouwd, hier voor variant {case.code}. "
        "Bij oefeningen staat een uitwerking; bij opdrachten niet."
    )
    lines += ["", f"```{{variant-exercises}} {case.code}", "```", ""]
    return "\n".join(lines)


def index_page(cases: list[CaseView]) -> str:
    """The gallery's front page: what it is for, and a table of all codes."""
    lines = [
        "(galerij)=",
        "# Variantengalerij",
        "",
        (
            "Elke code hieronder is een verzonnen huishouden met dezelfde opbouw als de casus Ansaj: "
            "meerdere leefgebieden onder druk, instanties die elk iets anders vragen, een verwijzing die niet paste "
            "en een knelpunt in het systeem. Alle huishoudens zijn fictief."
        ),
        "",
        (
            "- **Docent:** geef elke student of groep een code. De code volgt de student door alle modules: "
            "elke opgave op een casusvariant staat op de pagina van die code."
        ),
        (
            "- **Student:** open de pagina van je eigen code. Daar staan je huishouden, de lasso van instanties "
            "en alle opgaven voor jouw variant."
        ),
        "",
    ]
    if not cases:
        lines += ["Deze editie is gebouwd zonder galerij (`casetools_gallery_size = 0`).", ""]
        return "\n".join(lines)
    lines += [
        "| code | cliënt | huishouden | instanties | knelpunt |",
        "| --- | --- | --- | --- | --- |",
    ]
    for c in cases:
        lines.append(
            f"| [{c.code}]({c.code}.md) | {c.client.full_name} | {c.composition} | {len(c.agencies)} | {c.barrier.name} |"
        )
    lines.append("")
    return "\n".join(lines)


STAMP = ".inputs.sha256"


def inputs_fingerprint(app: Sphinx) -> str:
    """A digest of everything the gallery pages are made from: data, templates, code, settings.

    An author's save during ``make serve`` rebuilds in a fresh process; regenerating thirty
    pages from unchanged inputs cost half of that rebuild, so the gallery is only made anew
    when this digest changes. The package's own source counts as input, so a change in the
    generator also regenerates the pages.
    """
    digest = hashlib.sha256()
    settings = (app.config.casetools_gallery_size, app.config.casetools_gallery_first_seed)
    digest.update(repr(settings).encode())
    for path in (*data_files(course_root(app)), *sorted(PACKAGE.rglob("*.py"))):
        digest.update(str(path).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def write_gallery(app: Sphinx) -> None:
    """Generate the gallery pages when their inputs changed, touching only files whose text changed."""
    out = Path(app.srcdir) / app.config.casetools_gallery_dir
    stamp = out / STAMP
    fingerprint = inputs_fingerprint(app)
    expected = ["index.md"]
    for code in map(codes.encode, gallery_codes(app)):
        expected += [f"{code}.md", f"lasso-{code}.svg"]
    unchanged = stamp.is_file() and stamp.read_text(encoding="utf-8") == fingerprint
    # A clean build (-E, or no saved environment) always regenerates, as it re-reads every page.
    if unchanged and not app.fresh_env_used and all((out / name).is_file() for name in expected):
        return
    res = resources(app)
    out.mkdir(parents=True, exist_ok=True)
    stamp.unlink(missing_ok=True)  # a run stopped half-way must not look complete
    cases = [build_view(res.world, generate(res.world, seed)) for seed in gallery_codes(app)]
    files = {"index.md": index_page(cases)}
    for case in cases:
        files[f"{case.code}.md"] = variant_page(case)
        files[f"lasso-{case.code}.svg"] = lasso_svg(case)
    for name, text in files.items():
        target = out / name
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
    for stale in [*out.glob("*.md"), *out.glob("lasso-*.svg")]:
        if stale.name not in files:
            stale.unlink()
    stamp.write_text(fingerprint, encoding="utf-8")
