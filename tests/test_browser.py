"""The student edition works in a real browser: Debian's chromium, driven by Playwright.

The site is served over HTTP from the ``built_site`` fixture. Playwright never
downloads a browser here; without ``/usr/bin/chromium`` the browser tests are
skipped, or fail when ``CI=true``.
"""

from __future__ import annotations

import functools
import os
import threading
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

if TYPE_CHECKING:
    from collections.abc import Iterator

    from conftest import BuiltSite
    from playwright.sync_api import Browser, ConsoleMessage, Page, Request, Response

pytestmark = [pytest.mark.slow, pytest.mark.browser]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
INSTALL = "sudo apt-get install -y --no-install-recommends chromium  (or: make system-packages)"
TIMEOUT_MS = 15_000


class _QuietHandler(SimpleHTTPRequestHandler):
    """Static files without logging and without caching (no 304s between visits)."""

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site_url(built_site: BuiltSite) -> Iterator[str]:
    """Serve the student edition on a free port of 127.0.0.1."""
    handler = functools.partial(_QuietHandler, directory=str(built_site.student.outdir))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.is_file():
        msg = f"{CHROMIUM} is missing; install it with: {INSTALL}"
        if os.environ.get("CI") == "true":
            pytest.fail(msg)
        pytest.skip(msg)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class Tab:
    """A page in a fresh browser context that records everything that goes wrong."""

    page: Page
    origin: str
    problems: list[str] = field(default_factory=list)

    def watch(self) -> None:
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda error: self.problems.append(f"uncaught: {error.stack}"))
        self.page.on("requestfailed", self._on_failed)
        self.page.on("response", self._on_response)

    def _on_console(self, message: ConsoleMessage) -> None:
        # Chromium asks for /favicon.ico by itself; the site does not link to it.
        if message.type == "error" and message.location.get("url") != f"{self.origin}favicon.ico":
            self.problems.append(f"console error: {message.text} at {message.location}")

    def _on_failed(self, request: Request) -> None:
        # A request cut off because the test navigated on is not the site's fault.
        if request.url.startswith(self.origin) and request.failure != "net::ERR_ABORTED":
            self.problems.append(f"request failed: {request.url} ({request.failure})")

    def _on_response(self, response: Response) -> None:
        if response.url.startswith(self.origin) and response.status >= 400:
            self.problems.append(f"HTTP {response.status}: {response.url}")

    def open(self, url: str) -> str:
        """Go to ``url``; assert it answers 200 and has a title; return the title."""
        response = self.page.goto(url, wait_until="load")
        assert response is not None, url
        assert response.status == 200, f"{url}: HTTP {response.status}"
        title = self.page.title().strip()
        assert title, f"{url} has no <title>"
        assert self.page.locator("h1").count() >= 1, f"{url} has no <h1>"
        return title


@pytest.fixture
def tab(browser: Browser, site_url: str) -> Iterator[Tab]:
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    tab = Tab(page, site_url)
    tab.watch()
    yield tab
    context.close()


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
    tab.page.wait_for_load_state("networkidle")
    assert not tab.problems, "\n".join(tab.problems)


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
    assert not tab.problems, "\n".join(tab.problems)


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
    results.first.wait_for(state="visible")
    # Wait until searchtools.js has shown every result and stopped its "..." pulse.
    tab.page.wait_for_function("() => Search._pulse_status === -1")
    assert results.count() >= 1
    assert not tab.problems, "\n".join(tab.problems)


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
    assert not tab.problems, "\n".join(tab.problems)
