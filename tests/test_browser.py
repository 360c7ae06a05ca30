"""The student edition works in a real browser: Debian's chromium, driven by Playwright.

The site is served over HTTP from the ``built_site`` fixture; the browser, the
servers and the watched ``tab`` are fixtures in ``conftest.py``. Every tab
records each request and fails a test on any request to another host.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

if TYPE_CHECKING:
    from conftest import BuiltSite, Tab

pytestmark = [pytest.mark.slow, pytest.mark.browser]


@pytest.fixture(scope="module")
def student_pages(built_site: BuiltSite) -> dict[str, BeautifulSoup]:
    """The HTML pages of the student edition, parsed from disk."""
    root = built_site.student.outdir
    return {
        path.relative_to(root).as_posix(): BeautifulSoup(
            path.read_text(encoding="utf-8"), "html.parser"
        )
        for path in sorted(root.rglob("*.html"))
        if "_static" not in path.relative_to(root).parts
    }


def test_landing_page_loads_cleanly(tab: Tab, site_url: str) -> None:
    tab.open(f"{site_url}index.html")
    # The web fonts (icons included) are the last thing the page loads after "load".
    assert tab.page.evaluate("document.fonts.ready.then(() => document.fonts.status)") == "loaded"
    assert tab.requests
    tab.assert_clean()


def test_casebook_and_sidebar_navigation(tab: Tab, site_url: str) -> None:
    tab.open(f"{site_url}casebook/index.html")
    tab.open(f"{site_url}index.html")
    hrefs: list[str] = tab.page.eval_on_selector_all(
        ".bd-sidebar-primary nav a[href]", "links => links.map(a => a.href)"
    )
    targets = sorted({href.split("#")[0] for href in hrefs if href.startswith(site_url)})
    assert f"{site_url}casebook/index.html" in targets, targets
    for url in targets:
        tab.open(url)
    tab.assert_clean()


def test_internal_links_resolve(
    built_site: BuiltSite, student_pages: dict[str, BeautifulSoup]
) -> None:
    root, pages = built_site.student.outdir, student_pages
    ids: dict[str, set[str]] = {}
    broken = []
    for name, soup in pages.items():
        for link in soup.find_all("a", href=True):
            href = str(link["href"])
            if href.startswith("#"):
                continue
            url = urlsplit(urljoin(f"http://site/{name}", href))
            if (url.scheme, url.netloc) != ("http", "site"):
                continue  # external, mailto: and the like
            path = unquote(url.path).lstrip("/")
            if not path or path.endswith("/"):
                path += "index.html"
            if not (root / path).is_file():
                broken.append(f"{name}: {href} (no such file)")
            elif url.fragment and path != name and path.endswith(".html"):
                if path not in ids:
                    target = pages.get(path) or BeautifulSoup(
                        (root / path).read_text(encoding="utf-8"), "html.parser"
                    )
                    ids[path] = {str(e["id"]) for e in target.find_all(id=True)}
                if unquote(url.fragment) not in ids[path]:
                    broken.append(f"{name}: {href} (no id {url.fragment!r} on {path})")
    assert len(pages) > 1
    assert not broken, f"{len(broken)} broken links:\n" + "\n".join(broken)


def test_search_finds_leefwereld(tab: Tab, site_url: str) -> None:
    tab.open(f"{site_url}search.html?q=leefwereld")
    results = tab.page.locator("#search-results ul.search li")
    # searchtools.js writes the summary line once, after the last result is shown.
    # (Not Search._pulse_status === -1: a pulse timer that fires after stopPulse()
    # restarts the pulse for good, so on a slow machine that state can be missed.)
    tab.page.locator("#search-results p.search-summary:not(:empty)").wait_for()
    assert results.count() >= 1
    assert "leefwereld" in tab.page.locator("#search-results").inner_text().lower()
    tab.assert_clean()


def test_glossary_term_link(
    tab: Tab, site_url: str, student_pages: dict[str, BeautifulSoup]
) -> None:
    # The first page with a link to a term defined on another page.
    page_name = next(
        (
            name
            for name, soup in student_pages.items()
            for link in soup.select("a.reference[href*='#']:has(.std-term)")
            if not str(link["href"]).startswith("#")
        ),
        None,
    )
    assert page_name, "no page links to a glossary term"
    tab.open(f"{site_url}{page_name}")
    link = tab.page.locator("a.reference:has(.std-term):not([href^='#']) >> visible=true").first
    target: str = link.evaluate("a => a.href")
    term_id = unquote(urlsplit(target).fragment)
    assert term_id
    link.click()
    tab.page.wait_for_url(target)
    term = tab.page.locator(f'dt[id="{term_id}"]')
    assert term.count() == 1, f"{target}: no <dt id={term_id!r}>"
    term.wait_for(state="visible")
    tab.assert_clean()
