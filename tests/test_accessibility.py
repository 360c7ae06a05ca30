"""Both editions are accessible (WCAG 2.1 AA), work offline and print cleanly, in a real browser.

axe-core (shipped inside the axe-playwright-python wheel, injected into the
page; nothing is downloaded) checks every HTML page of both editions, the
variant gallery included. Keyboard tests press keys and look at focus and
state, as a keyboard user would. Every tab records its requests: a request
to any other host than the site's own fails the test.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from conftest import BuiltSite, Tab
    from playwright.sync_api import Page

pytestmark = [pytest.mark.slow, pytest.mark.browser]

# The WCAG 2.0 and 2.1 success criteria of levels A and AA. axe-core's
# experimental rules are run too when they test one of them (the rule
# label-content-name-mismatch, WCAG 2.5.3, is one).
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
# preload: axe-core 4.12 resolves a style sheet's @import against the page, not
# the sheet (404s for /basic.css); without it only css-orientation-lock, which
# reads the CSS rules themselves, reports "incomplete" instead of a result.
AXE_OPTIONS: dict[str, Any] = {
    "runOnly": {"type": "tag", "values": [*WCAG_TAGS, "experimental", "best-practice"]},
    "resultTypes": ["violations"],
    "preload": False,
}
# Dark mode changes colours only, so there the colour rule is the one to run.
AXE_DARK_OPTIONS: dict[str, Any] = {
    "runOnly": {"type": "rule", "values": ["color-contrast"]},
    "resultTypes": ["violations"],
    "preload": False,
}
FAILING_IMPACTS = ("critical", "serious")
# Best-practice rules (no WCAG tag) that deliverable "landmarks, headings in
# order, a skip link" stands on: a violation of any of them fails too.
STRUCTURE_RULES = (
    "heading-order",
    "page-has-heading-one",
    "landmark-one-main",
    "landmark-no-duplicate-main",
    "skip-link",
)


def _pages(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.html"))


def _is_failure(violation: dict[str, Any]) -> bool:
    wcag = any(tag in WCAG_TAGS for tag in violation["tags"])
    return (wcag and violation["impact"] in FAILING_IMPACTS) or violation["id"] in STRUCTURE_RULES


@pytest.mark.parametrize(
    ("edition", "scheme"),
    [("student", "light"), ("teacher", "light"), ("teacher", "dark")],
    ids=["student-light", "teacher-light", "teacher-dark"],
)
def test_axe_every_page(
    edition: str,
    scheme: str,
    built_site: BuiltSite,
    site_urls: dict[str, str],
    new_tab: Callable[..., Tab],
    capsys: pytest.CaptureFixture[str],
) -> None:
    """0 critical and 0 serious WCAG violations on every page; everything else is listed.

    The teacher edition holds every page of the student edition and more, so
    dark mode (the theme follows the reader's system setting) is checked
    there, for colour contrast: the one thing the mode changes.
    """
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    base = site_urls[edition]
    pages = _pages(built_site.edition(edition).outdir)
    assert any(p.startswith("course/galerij/") and p != "course/galerij/index.html" for p in pages)
    tab = new_tab(base, color_scheme=scheme)
    counts: Counter[tuple[str, str, bool]] = Counter()
    failures: list[str] = []
    for name in pages:
        tab.open(f"{base}{name}")
        assert tab.page.evaluate("document.documentElement.dataset.theme") == scheme
        options = AXE_DARK_OPTIONS if scheme == "dark" else AXE_OPTIONS
        for violation in axe.run(tab.page, options=options).response["violations"]:
            failing = _is_failure(violation)
            counts[violation["id"], violation["impact"], failing] += len(violation["nodes"])
            if failing:
                failures += [
                    f"{name}: {violation['id']} ({violation['impact']}) {node['target']}: "
                    f"{node['failureSummary']}"
                    for node in violation["nodes"]
                ]
    rules = "colour contrast" if scheme == "dark" else "WCAG 2.1 A/AA, experimental, best practice"
    lines = [f"axe-core ({rules}) over {len(pages)} pages of the {edition} edition, {scheme} mode:"]
    lines += [
        f"  {rule:32} {impact:9} {n:5} nodes{'  FAILS' if failing else ''}"
        for (rule, impact, failing), n in sorted(counts.items())
    ] or ["  no violations"]
    with capsys.disabled():
        print("\n" + "\n".join(lines))  # noqa: T201
    assert not failures, f"{len(failures)} failing nodes:\n" + "\n".join(failures[:40])
    # Every page of both editions asked only its own server for anything.
    assert len(tab.requests) > len(pages)
    tab.assert_clean()


# -- Offline --------------------------------------------------------------------


def test_site_works_from_a_folder(built_site: BuiltSite, new_tab: Callable[..., Tab]) -> None:
    """Opened from file:// (a USB stick, an unpacked LMS zip): links and search work."""
    root = built_site.student.outdir.as_uri() + "/"
    tab = new_tab(root)
    tab.open(f"{root}index.html")
    link = tab.page.locator(".bd-sidebar-primary nav a[href$='casebook/index.html']").first
    link.click()
    tab.page.wait_for_url(f"{root}casebook/index.html")
    assert tab.page.locator("h1").first.inner_text().strip()

    field = tab.page.locator("form.bd-search input[name='q']").first
    tab.page.keyboard.press("Control+k")
    field.wait_for(state="visible")
    field.fill("leefwereld")
    field.press("Enter")
    tab.page.wait_for_url(re.compile(r"/search\.html\?q=leefwereld"))
    tab.page.locator("#search-results p.search-summary:not(:empty)").wait_for()
    results = tab.page.locator("#search-results ul.search li a")
    assert results.count() >= 1
    results.first.click()
    tab.page.wait_for_url(re.compile(r"^file://.*\.html"))
    assert tab.page.locator("h1").count() >= 1
    assert all(url.startswith(("file:", "data:")) for url in tab.requests), tab.requests
    tab.assert_clean()


# -- Keyboard ---------------------------------------------------------------------


def _tab_to(page: Page, selector: str, limit: int = 400) -> None:
    """Press Tab until the focused element matches ``selector``; fail if it never does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement?.matches(s) ?? false", selector):
            return
    pytest.fail(f"{limit} presses of Tab never reached {selector}")


def _focus_is_visible(page: Page) -> bool:
    """Whether the focused element, or a part of it, shows a focus ring of at least 1 px.

    A ring is an outline or a box shadow on a box with an area; the theme draws
    the ring of a sidebar toggle on the icon inside the focused ``<summary>``.
    """
    return bool(
        page.evaluate(
            """() => [document.activeElement, ...document.activeElement.querySelectorAll('*')]
                .some(e => {
                    const s = getComputedStyle(e), r = e.getBoundingClientRect();
                    const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 1)
                        || (s.boxShadow !== '' && s.boxShadow !== 'none');
                    return ring && r.width > 0 && r.height > 0;
                })"""
        )
    )


def _page_with(built_site: BuiltSite, edition: str, marker: str) -> str:
    root = built_site.edition(edition).outdir
    for name in _pages(root):
        if marker in (root / name).read_text(encoding="utf-8"):
            return name
    pytest.fail(f"no page of the {edition} edition contains {marker!r}")


def test_skip_link_is_the_first_stop(tab: Tab, site_url: str) -> None:
    tab.open(f"{site_url}casebook/index.html")
    tab.page.keyboard.press("Tab")
    focused = tab.page.evaluate(
        "() => [document.activeElement.getAttribute('href'), document.activeElement.innerText]"
    )
    assert focused[0] == "#main-content", focused
    assert tab.page.locator("#pst-skip-link a").is_visible()
    assert _focus_is_visible(tab.page)
    tab.page.keyboard.press("Enter")
    tab.page.wait_for_url(re.compile("#main-content$"))
    # The next Tab lands inside the main content, past the header and sidebar.
    tab.page.keyboard.press("Tab")
    assert tab.page.evaluate("() => !!document.activeElement.closest('#main-content')")
    tab.assert_clean()


def test_search_by_keyboard(tab: Tab, site_url: str) -> None:
    tab.open(f"{site_url}index.html")
    _tab_to(tab.page, "button.search-button-field")
    assert _focus_is_visible(tab.page)
    tab.page.keyboard.press("Enter")
    field = tab.page.locator("#pst-search-dialog input[name='q']")
    field.wait_for(state="visible")
    assert tab.page.evaluate("() => document.activeElement.name") == "q"
    tab.page.keyboard.type("leefwereld")
    tab.page.keyboard.press("Enter")
    tab.page.wait_for_url(re.compile(r"search\.html\?q=leefwereld"))
    tab.page.locator("#search-results p.search-summary:not(:empty)").wait_for()
    _tab_to(tab.page, "#search-results ul.search li a")
    target = tab.page.evaluate("() => document.activeElement.href")
    tab.page.keyboard.press("Enter")
    tab.page.wait_for_url(target.split("#")[0] + "**")
    tab.assert_clean()


def test_library_filters_by_keyboard(tab: Tab, site_url: str, built_site: BuiltSite) -> None:
    tab.open(f"{site_url}{_page_with(built_site, 'student', 'casetools-filters')}")
    count = tab.page.locator(".casetools-count").first
    before = count.inner_text()
    rows = tab.page.locator(".casetools-library tbody tr")
    total = rows.count()
    assert before == f"{total} van {total} opgaven"
    _tab_to(tab.page, ".casetools-library select[data-filter]")
    assert _focus_is_visible(tab.page)
    label = tab.page.evaluate("() => document.activeElement.labels[0]?.innerText ?? ''")
    assert label.strip(), "the focused filter has no visible label"
    tab.page.keyboard.press("ArrowDown")  # the first option after "all"
    tab.page.wait_for_function(
        "before => document.querySelector('.casetools-count').innerText !== before", arg=before
    )
    shown = rows.evaluate_all("rows => rows.filter(r => !r.hidden).length")
    assert 0 < shown < total
    assert count.inner_text() == f"{shown} van {total} opgaven"
    tab.page.keyboard.press("ArrowUp")  # back to "all"
    tab.page.wait_for_function(
        "before => document.querySelector('.casetools-count').innerText === before", arg=before
    )
    tab.assert_clean()


def test_sidebar_sections_open_by_keyboard(tab: Tab, site_url: str) -> None:
    tab.open(f"{site_url}index.html")
    summary_selector = ".bd-sidebar-primary nav details > summary"
    _tab_to(tab.page, summary_selector)
    name = tab.page.evaluate("() => document.activeElement.getAttribute('aria-label')")
    assert name
    assert name.startswith("Onderdelen van "), name
    assert _focus_is_visible(tab.page)
    was_open = tab.page.evaluate("() => document.activeElement.parentElement.open")
    tab.page.keyboard.press("Enter")
    tab.page.wait_for_function(
        "open => document.activeElement.parentElement.open !== open", arg=was_open
    )
    tab.page.keyboard.press("Space")
    tab.page.wait_for_function(
        "open => document.activeElement.parentElement.open === open", arg=was_open
    )
    tab.assert_clean()


def test_gallery_solution_opens_by_keyboard(
    new_tab: Callable[..., Tab], site_urls: dict[str, str], built_site: BuiltSite
) -> None:
    base = site_urls["student"]
    tab = new_tab(base)
    tab.open(f"{base}{_page_with(built_site, 'student', 'casetools-solution')}")
    _tab_to(tab.page, "details.casetools-solution > summary")
    assert _focus_is_visible(tab.page)
    body = tab.page.locator("details.casetools-solution").first
    assert not body.evaluate("d => d.open")
    tab.page.keyboard.press("Enter")
    tab.page.wait_for_function("() => document.activeElement.parentElement.open")
    tab.page.keyboard.press("Space")
    tab.page.wait_for_function("() => !document.activeElement.parentElement.open")
    tab.assert_clean()


# -- Print and favicon -------------------------------------------------------------


def test_print_stylesheet(
    new_tab: Callable[..., Tab], site_urls: dict[str, str], built_site: BuiltSite
) -> None:
    """Printed: no navigation, link addresses written out, solutions unfolded (teacher edition)."""
    base = site_urls["teacher"]
    tab = new_tab(base)
    tab.open(f"{base}{_page_with(built_site, 'teacher', 'casetools-solution')}")
    solution = tab.page.locator("details.casetools-solution > :not(summary)").first
    assert not solution.is_visible()
    tab.page.emulate_media(media="print")
    for chrome in (".bd-sidebar-primary", ".bd-header", ".bd-sidebar-secondary", ".bd-footer"):
        for element in tab.page.locator(chrome).all():
            assert not element.is_visible(), f"{chrome} prints"
    assert solution.is_visible(), "a folded solution does not print"

    external = _page_with(built_site, "teacher", 'class="reference external"')
    tab.open(f"{base}{external}")
    tab.page.emulate_media(media="print")
    link = tab.page.locator(".bd-article a.reference.external[href]").first
    href = link.get_attribute("href")
    after = link.evaluate("a => getComputedStyle(a, '::after').content")
    assert href
    assert href in after, (href, after)
    tab.assert_clean()


def test_favicon(tab: Tab, site_url: str) -> None:
    tab.open(f"{site_url}index.html")
    href = tab.page.evaluate("() => document.querySelector('link[rel~=icon]')?.href")
    assert href
    assert href.endswith(".svg"), href
    response = tab.page.request.get(href)
    assert response.ok
    assert ET.fromstring(response.body()).tag == "{http://www.w3.org/2000/svg}svg"
    # Where a page has no icon link (an SVG opened on its own), browsers ask the root.
    ico = tab.page.request.get(f"{site_url}favicon.ico")
    assert ico.ok
    assert ico.body()[:4] == b"\x00\x00\x01\x00"  # the ICO signature
    tab.assert_clean()


# -- The lasso diagram --------------------------------------------------------------


def test_lasso_is_readable_and_described_on_the_gallery_pages(
    tab: Tab, site_url: str, built_site: BuiltSite
) -> None:
    """Real font metrics: every label fits its box; the smallest text shows at 12 px or more."""
    from casetools.caseworld.lasso import MIN_FONT

    root = built_site.student.outdir
    pages = sorted((root / "course" / "galerij").glob("[!i]*.html"))
    assert pages
    tab.open(f"{site_url}course/galerij/{pages[0].name}")
    figure = tab.page.locator("figure.casetools-lasso-figure")
    shown, natural = figure.locator("img").evaluate(
        "img => [img.getBoundingClientRect().width, img.naturalWidth]"
    )
    assert shown * MIN_FONT / natural >= 12, (shown, natural)
    words = figure.locator("figcaption").inner_text()
    assert "In woorden." in words
    assert "vraagt:" in words
    assert "Botsing 1 (" in words

    overflowing = []
    for page in pages:
        svg = f"{site_url}_images/lasso-{page.stem}.svg"
        tab.open_svg(svg)
        overflowing += tab.page.evaluate(
            """() => [...document.querySelectorAll('g.agency, g.client')].flatMap(g => {
                const box = g.querySelector('rect').getBBox();
                return [...g.querySelectorAll('text')].filter(t => {
                    const b = t.getBBox();
                    return b.x < box.x || b.y < box.y || b.x + b.width > box.x + box.width
                        || b.y + b.height > box.y + box.height;
                }).map(t => t.textContent);
            })"""
        )
    assert not overflowing, f"text outside its box: {overflowing[:5]}"
    tab.assert_clean()
