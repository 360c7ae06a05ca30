"""The reference list in Dutch APA 7 and the in-text citations that link to it.

A small Sphinx project (``tests/roots/test-bibliography``) is built with the
course's own ``course/references.bib`` plus two fixtures. The expected
entries below were written by hand from the APA 7 rules the Dutch guides
teach and then compared with the output; they are not copied from it.
"""

from __future__ import annotations

import html
import re
import shutil
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from pybtex.database import parse_file
from pybtex.richtext import Text
from sphinx.testing.util import SphinxTestApp

from casetools.library.citations import bibliography, plain_citations

if TYPE_CHECKING:
    from conftest import BuiltSite

REPO = Path(__file__).resolve().parent.parent
ROOT = Path(__file__).resolve().parent / "roots" / "test-bibliography"
BIB = REPO / "course" / "references.bib"
OVERRIDES = {"bibtex_bibfiles": [str(BIB), "extra.bib"]}


def _build(builder: str, tmp: Path) -> Path:
    """Build a fresh copy of the test project with ``-W``; return the output folder."""
    src = tmp / "src"
    shutil.copytree(ROOT, src)
    app = SphinxTestApp(builder, srcdir=src, confoverrides=OVERRIDES, freshenv=True)
    try:
        app.build()
        warnings = app.warning.getvalue()
        assert not warnings, warnings
        return Path(app.outdir)
    finally:
        app.cleanup()


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Build the test project once; return the HTML of its two pages."""
    out = _build("html", tmp_path_factory.mktemp("bib-html"))
    return {
        name: (out / f"{name}.html").read_text(encoding="utf-8") for name in ("index", "bronnen")
    }


def _items(page: str) -> list[str]:
    """The entries of the one reference list, as HTML with only <em> kept."""
    lists = re.findall(r'<ul class="bibliografie[^"]*"[^>]*>(.*?)</ul>', page, flags=re.DOTALL)
    assert len(lists) == 1, f"expected one reference list, found {len(lists)}"
    items = re.findall(r"<li><p>(.*?)</p></li>", lists[0], flags=re.DOTALL)
    cleaned = []
    for item in items:
        item = re.sub(r'<span class="target" id="[^"]+"></span>', "", item)
        item = re.sub(r'<span class="bibtex-protected">(.*?)</span>', r"\1", item)
        item = re.sub(r"<a [^>]*>(.*?)</a>", r"\1", item)
        cleaned.append(html.unescape(" ".join(item.split())))
    return cleaned


def _text(fragment: str) -> str:
    return html.unescape(" ".join(re.sub(r"<[^>]+>", "", fragment).split()))


EXPECTED = {
    "book": "Schön, D. A. (1983). <em>The Reflective Practitioner: How Professionals Think "
    "in Action</em>. Basic Books.",
    "article": "Robeyns, I. (2005). The capability approach: a theoretical survey. "
    "<em>Journal of Human Development</em>, <em>6</em>(1), 93–114.",  # noqa: RUF001 - typographic dash and quote as APA prints them
    "chapter": "Gabriëls, R. (2022). Leefwereld en systeem. In <em>Lexicon Nabijheid en "
    "Sociaal Werk</em>. Movisie en Werkplaatsen Sociaal Domein.",
    "chapter with editors": "Van der Aa, P. (2020). Een hoofdstuk over het Ministerie van SZW. "
    "In A. de Boer &amp; K. Smit (Red.), <em>Een Boek met Redacteuren</em> (pp. 12–34). "  # noqa: RUF001 - typographic dash and quote as APA prints them
    "Uitgeverij Test.",
    "report": "Van Arum, S., &amp; Schoorl, R. (2015). <em>Sociale (wijk)teams in vogelvlucht: "
    "state of the art najaar 2014</em> [Rapport]. Movisie. "
    "https://www.movisie.nl/publicatie/sociale-wijkteams-vogelvlucht",
    "numbered report": "Wetenschappelijke Raad voor het Regeringsbeleid. (2017). <em>Weten is "
    "nog geen doen: een realistisch perspectief op redzaamheid</em> (WRR-rapport 97).",
    "law": "<em>Wet maatschappelijke ondersteuning 2015</em>. (2015). "
    "https://wetten.overheid.nl/BWBR0035362",
    "web page": "Van der Lans, J. (z.d.). <em>Keukentafelgesprek staat te veel garant voor "
    "verslechtering</em>. Sociale Vraagstukken. https://www.socialevraagstukken.nl/"
    "keukentafelgesprek-staat-te-veel-garant-voor-verslechtering/",
    "web page consulted": "Stichting Voorbeeld. (z.d.). <em>Een pagina die verandert</em>. "
    "Geraadpleegd op 3 december 2026, van https://example.org/pagina",
    "dated web page": "Grymonprez, H., Naert, J., Van Bouchaute, B., Kerger, D., &amp; "
    "Debruyne, P. (2022, 10 maart). <em>Bruins’ betoog tegen politisering is karikaturaal en "  # noqa: RUF001 - typographic dash and quote as APA prints them
    "mist essentie</em>. Sociale Vraagstukken.",
    "editors": "Anderson, L. W., &amp; Krathwohl, D. R. (Red.). (2001). <em>A Taxonomy for "
    "Learning, Teaching, and Assessing: A Revision of Bloom's Taxonomy of Educational "
    "Objectives</em>. Longman.",
    "thesis": "Hölsgens, V. (2020). <em>Gebroken verhalen aan de keukentafel: over zingeving "
    "in de Nederlandse verzorgingsstaat</em> [Proefschrift, Universiteit voor Humanistiek].",
    "translation": "Habermas, J. (1987). <em>The Theory of Communicative Action. Volume 2: "
    "Lifeworld and System: A Critique of Functionalist Reason</em> (T. McCarthy, Vert.). "
    "Beacon Press. (Oorspronkelijk werk gepubliceerd in 1981)",
}


@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_entry_reads_as_dutch_apa(pages: dict[str, str], kind: str) -> None:
    expected = html.unescape(EXPECTED[kind])
    items = _items(pages["bronnen"])
    assert expected in items, f"{kind}: no entry reads\n  {expected}\nclosest: " + str(
        [i for i in items if i[:12] == expected[:12]]
    )


def test_list_has_no_labels_and_no_english_leftovers(pages: dict[str, str]) -> None:
    page = pages["bronnen"]
    start = page.index('<ul class="bibliografie')
    listing = page[start : page.index("</ul>", start)]
    assert "<ol" not in page
    assert 'class="label"' not in listing
    assert not re.search(r"\[\d+\]", _text(listing)), "numeric labels"
    for english in ("Technical Report", "Bände", "and others", "Retrieved", "(Eds.)", "n.d."):
        assert english not in _text(listing), english
    for item in _items(page):
        authors = item.split(" (", 1)[0]
        assert " and " not in authors, f"'and' between authors: {item}"


def test_every_entry_is_listed_once(pages: dict[str, str]) -> None:
    entries = len(parse_file(str(BIB)).entries) + 2  # the two fixtures in extra.bib
    assert len(_items(pages["bronnen"])) == entries


def _fold(text: str) -> str:
    """Written apart from the style: drop accents and case, keep letters and spaces."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9 ]", "", bare.casefold())


def test_one_list_sorted_a_to_z_with_particles_under_their_first_letter(
    pages: dict[str, str],
) -> None:
    heads = [_fold(_text(item).split(" (", 1)[0]) for item in _items(pages["bronnen"])]
    assert heads == sorted(heads), "the list is not in A-Z order"
    firsts = [h[:1] for h in heads]
    assert firsts == sorted(firsts)
    order = [_text(item) for item in _items(pages["bronnen"])]

    def where(start: str) -> int:
        return next(i for i, item in enumerate(order) if item.startswith(start))

    assert where("Hölsgens") < where("Huber")
    assert where("Tummers") < where("Van Arum") < where("Van der Lans") < where("Weliswaar")
    assert where("Van der Aa") < where("Van der Klink")
    assert where("Weliswaar") < where("Werkplaats") < where("Wet maatschappelijke")
    assert where("Jenkins-Smith") < where("Jeugdwet") < where("Landelijk Opleidingsdocument")


def test_notes_are_never_printed(pages: dict[str, str]) -> None:
    listing = _text(pages["bronnen"])
    assert "INTERNE NOTITIE" not in listing
    for key, entry in parse_file(str(BIB)).entries.items():
        note = entry.fields.get("note")
        if note:
            printed = Text.from_latex(note).render_as("text")
            assert printed not in listing, f"{key}: its note is printed"


def test_titles_keep_their_case(pages: dict[str, str]) -> None:
    listing = _text(pages["bronnen"])
    for kept in (
        "in Britain",
        "Wmo 2015",
        "(ZRM 2017)",
        "IPEC Core",
        "1Gezin1Plan",
        "Positieve Gezondheid",
    ):
        assert kept in listing, kept


CITATIONS = [
    "(Schön, 1983, pp. 42–43)",  # noqa: RUF001 - typographic dash and quote as APA prints them
    "(Argyris & Schön, 1974)",
    "Argyris en Schön (1978)",
    "(Huber e.a., 2011)",
    "(Van der Lans, 2010)",
    "Van der Aa (2020)",
    "(Wet maatschappelijke ondersteuning 2015, 2015)",
]


@pytest.mark.parametrize("citation", CITATIONS)
def test_in_text_citation(pages: dict[str, str], citation: str) -> None:
    assert citation in _text(pages["index"])


def test_every_citation_links_to_an_entry(pages: dict[str, str]) -> None:
    targets = re.findall(r'href="bronnen\.html#([^"]+)"', pages["index"])
    assert len(targets) == len(CITATIONS)
    ids = set(re.findall(r'<span class="target" id="([^"]+)">', pages["bronnen"]))
    assert set(targets) <= ids


def test_reader_keeps_the_citation_targets(tmp_path: Path) -> None:
    """In LaTeX every citation link has its anchor, and there is no numbered thebibliography."""
    out = _build("latex", tmp_path)
    tex = next(out.glob("*.tex")).read_text(encoding="utf-8")
    assert "thebibliography" not in tex
    links = re.findall(r"\\hyperlink\{(cite\.bronnen:[^}]+)\}", tex)
    anchors = set(re.findall(r"\\hypertarget\{(cite\.bronnen:[^}]+)\}", tex))
    assert len(links) == len(CITATIONS)
    assert set(links) <= anchors


def test_plain_citations_outside_sphinx_match_the_site() -> None:
    bib = bibliography(BIB)
    text = (
        "{cite:t}`argyris1974`; {cite:p}`vanderlans2010,huber2011{p. 3}`; "
        "{cite:t}`anderson2001`; {cite:p}`ifsw2014`"
    )
    assert plain_citations(text, bib) == (
        "Argyris en Schön (1974); (Van der Lans, 2010; Huber e.a., 2011, p. 3); "
        "Anderson en Krathwohl (2001); (International Federation of Social Workers & "
        "International Association of Schools of Social Work, 2014)"
    )


@pytest.mark.slow
def test_course_bibliography_page_is_one_unlabelled_a_to_z_list(built_site: BuiltSite) -> None:
    """The real page, in the student edition the course ships."""
    page = (built_site.student.outdir / "course" / "bibliografie.html").read_text(encoding="utf-8")
    items = _items(page)
    assert len(items) == len(parse_file(str(BIB)).entries)
    listing = _text(page[page.index('<ul class="bibliografie') :])
    assert not re.search(r"\[\d+\]", listing), "numeric labels"
    for english in ("Technical Report", "Bände", "and others"):
        assert english not in listing, english
    heads = [_fold(_text(item).split(" (", 1)[0]) for item in items]
    assert heads == sorted(heads)
