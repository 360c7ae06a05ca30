"""The module pages meet the counts the course promises (issues 5 and 6).

These tests read the Markdown sources, so a later edit that drops a module
below its standard (fewer than 1,800 words of explanation, no "Terug naar
Ansaj", too few sources or exercises, a lesson plan gone missing) fails here
with the module and the figure, instead of silently shipping.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from bs4 import BeautifulSoup

from casetools.library.exercises import load_library
from casetools.sphinxext.editions import ELABORATION_MARKER, elaboration_title

if TYPE_CHECKING:
    from conftest import BuiltSite

ROOT = Path(__file__).resolve().parents[1]
MODULES = [
    "keukentafelgesprek",
    "systeem-en-leefwereld",
    "integraal-werken",
    "interprofessioneel-samenwerken",
    "capabilitybenadering",
    "reflectief-handelen",
    "leren-in-organisaties",
    "beleidsleren-en-politiseren",
    "integrale-casusbespreking",
]
# Verbs of the revised taxonomy (Anderson & Krathwohl 2001) as the course writes them.
BLOOM_VERBS = {
    "benoemen", "herkennen", "opsommen", "uitleggen", "beschrijven", "samenvatten", "vergelijken",
    "toepassen", "gebruiken", "uitvoeren", "analyseren", "onderscheiden", "ontleden", "verklaren",
    "beoordelen", "beargumenteren", "evalueren", "kiezen", "ontwerpen", "opstellen", "formuleren",
    "ontwikkelen", "plannen", "voeren", "voorbereiden", "reflecteren", "schrijven", "leiden",
    "verbinden", "integreren", "onderbouwen", "koppelen", "plaatsen", "herleiden", "interpreteren",
}  # fmt: skip
CITE = re.compile(r"\{cite:[pt]\}`([^`]*)`")
BIB_KEY = re.compile(r"^@\w+\{([^,]+),", re.MULTILINE)


def _keys(text: str) -> set[str]:
    """Bibliography keys cited in a text (pre- and post-text in braces removed)."""
    return {
        re.sub(r"\{[^}]*\}", "", k).strip()
        for m in CITE.finditer(text)
        for k in m.group(1).split(",")
    }


def _page(module: str) -> str:
    return (ROOT / "course" / "modules" / f"{module}.md").read_text(encoding="utf-8")


def _goals(text: str) -> list[str]:
    block = text.split(":::{admonition} Leerdoelen", 1)[1].split("\n:::", 1)[0]
    return [m.group(1) for m in re.finditer(r"^\d+\.\s+(.+)$", block, re.MULTILINE)]


def _explanation(text: str) -> str:
    """The prose between the learning goals and the exercises, markup stripped."""
    body = text.split(":::{admonition} Leerdoelen", 1)[1].split("\n:::", 1)[1]
    body = body.split("## Opgaven", 1)[0].split(":::{teacher-only}", 1)[0]
    body = re.sub(r"\{[a-z:]+\}`([^`]*)`", r"\1", body)
    body = re.sub(r"^[:`]{3,}.*$|^:[a-z-]+:.*$|^\(.*\)=$", "", body, flags=re.MULTILINE)
    return body


@pytest.mark.parametrize("module", MODULES)
def test_module_meets_the_standard(module: str) -> None:
    text = _page(module)
    goals = _goals(text)
    assert 3 <= len(goals) <= 5, f"{module}: {len(goals)} learning goals"
    for goal in goals:
        words_of_goal = {w.strip(",;:.").lower() for w in goal.split()}
        assert words_of_goal & BLOOM_VERBS, f"{module}: no Bloom verb in goal {goal!r}"
    words = len(re.findall(r"\w+", _explanation(text)))
    assert words >= 1800, f"{module}: {words} words of explanation"
    assert "## Terug naar Ansaj" in text, f"{module}: no section 'Terug naar Ansaj'"
    assert "{cite:p}`wsdzhz_omgekeerd" in text or "{cite:t}`wsdzhz_omgekeerd" in text
    keys = _keys(text)
    assert len(keys - {"wsdzhz_omgekeerd"}) >= 5, f"{module}: {len(keys)} sources"
    assert "{term}`" in text, f"{module}: links no glossary term"
    assert ":::{teacher-only} Lesplan (90 minuten)" in text
    assert ":::{teacher-only} Misvattingen" in text


@pytest.mark.parametrize("module", MODULES)
def test_module_places_library_exercises(module: str) -> None:
    placed = re.findall(r"```\{library-exercise\}\s+(\S+)", _page(module))
    library = {e.id: e for e in load_library(ROOT / "exercises").exercises}
    assert len(placed) >= 4, f"{module}: {len(placed)} exercises"
    assert set(placed) <= set(library), f"{module}: unknown exercises {set(placed) - set(library)}"
    assert any(library[e].uses_variant for e in placed), f"{module}: none on the student's variant"
    modes = {library[e].mode for e in placed}
    assert modes == {"practice", "assignment"}, f"{module}: modes {modes}"


def test_every_cited_key_is_in_the_bibliography() -> None:
    bib = set(BIB_KEY.findall((ROOT / "course" / "references.bib").read_text(encoding="utf-8")))
    pages = [*ROOT.glob("*.md"), *ROOT.glob("course/**/*.md"), *ROOT.glob("casebook/*.md")]
    sources = [p.read_text(encoding="utf-8") for p in pages]
    sources += [p.read_text(encoding="utf-8") for p in (ROOT / "exercises").glob("*.yaml")]
    cited = {k for s in sources for k in _keys(s)}
    assert cited, "no citations found at all"
    assert cited <= bib, f"cited but not in references.bib: {sorted(cited - bib)}"


def test_glossary_has_the_core_terms() -> None:
    text = (ROOT / "course" / "begrippen.md").read_text(encoding="utf-8")
    terms = re.findall(r"^[A-Z0-9][^\n]*\n   \S", text, flags=re.MULTILINE)
    assert len(terms) >= 25, f"{len(terms)} glossary entries"


# --------------------------------------------------------------------------
# Elaboration blocks always say that they are not a fact from the source
# (issue 11): the course promises readers that every invented scene is marked.

ELABORATION = re.compile(r"^:::\{elaboration\}(.*)$", re.MULTILINE)


def _pages_with_prose() -> list[Path]:
    return [*ROOT.glob("*.md"), *ROOT.glob("course/**/*.md"), *ROOT.glob("casebook/*.md")]


def test_elaboration_title_keeps_the_marker() -> None:
    assert elaboration_title(None) == f"Uitwerking voor het onderwijs {ELABORATION_MARKER}"
    assert elaboration_title("Een verzonnen week") == f"Een verzonnen week {ELABORATION_MARKER}"
    marked = f"Een scène {ELABORATION_MARKER}"
    assert elaboration_title(marked) == marked


def test_every_elaboration_in_the_sources_gets_the_marker() -> None:
    blocks = [
        (page.relative_to(ROOT), m.group(1).strip())
        for page in _pages_with_prose()
        for m in ELABORATION.finditer(page.read_text(encoding="utf-8"))
    ]
    assert len(blocks) >= 10, f"only {len(blocks)} elaboration blocks found"
    for page, title in blocks:
        assert elaboration_title(title or None).endswith(ELABORATION_MARKER), (page, title)


@pytest.mark.parametrize("edition", ["student", "teacher"])
def test_every_rendered_elaboration_shows_the_marker(built_site: BuiltSite, edition: str) -> None:
    outdir = built_site.edition(edition).outdir
    titles = [
        (html.relative_to(outdir), div.select_one(".admonition-title"))
        for html in outdir.rglob("*.html")
        for div in BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser").select(
            "div.admonition.elaboration"
        )
    ]
    in_sources = sum(
        len(ELABORATION.findall(p.read_text(encoding="utf-8"))) for p in _pages_with_prose()
    )
    # Every source block is rendered (none sits inside teacher-only material).
    assert len(titles) >= in_sources, f"{edition}: {len(titles)} of {in_sources} rendered"
    for html, title in titles:
        assert title is not None, f"{edition}: {html}: elaboration without a title"
        assert ELABORATION_MARKER in title.get_text(), f"{edition}: {html}: {title.get_text()!r}"


# --------------------------------------------------------------------------
# Learning goals read as Dutch verb phrases after "Na deze module kun je:"
# (issue 11), and the overview quotes them literally.

# A goal may open with its verb only when a question word or a comma follows
# ("uitleggen hoe …", "beargumenteren, met …"); otherwise the verb closes the
# phrase ("een signaal … opstellen"). "toepassen van de toets" is a noun phrase.
OPENING_VERB_MAY_BE_FOLLOWED_BY = {"hoe", "wat", "welke", "of", "wanneer", "waarom"}


@pytest.mark.parametrize("module", MODULES)
def test_learning_goals_are_verb_phrases(module: str) -> None:
    for goal in _goals(_page(module)):
        first, second = goal.split()[:2]
        if first.lower() in BLOOM_VERBS:
            assert second in OPENING_VERB_MAY_BE_FOLLOWED_BY, (
                f"{module}: goal opens with {first!r} + {second!r}; put the verb last: {goal!r}"
            )
        else:
            assert re.search(rf"\b({'|'.join(BLOOM_VERBS)})\b", goal), (module, goal)


def test_overview_quotes_every_learning_goal_literally() -> None:
    overview = (ROOT / "course" / "modules" / "index.md").read_text(encoding="utf-8")
    for module in MODULES:
        row = overview.split(f"* - {{doc}}`{module}`", 1)[1].split("\n* - ", 1)[0]
        quoted = re.findall(r"^\s+(?:- )?\d+\.\s+(.+)$", row, re.MULTILINE)
        assert quoted == _goals(_page(module)), f"overview differs from {module}"


def test_capabilitybenadering_is_spelled_one_way() -> None:
    for page in _pages_with_prose():
        text = page.read_text(encoding="utf-8")
        assert "apability-benadering" not in text, (
            f"{page.relative_to(ROOT)}: capability-benadering"
        )
