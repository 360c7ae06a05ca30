"""Shared fixtures: sphinx.testing roots and one clean build of the real course."""

from __future__ import annotations

import functools
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from playwright.sync_api import (
        Browser,
        BrowserContext,
        ConsoleMessage,
        Page,
        Request,
        Response,
    )

pytest_plugins = ("sphinx.testing.fixtures",)

REPO = Path(__file__).resolve().parent.parent
EDITIONS = ("student", "teacher")


@dataclass(frozen=True)
class EditionBuild:
    """One ``sphinx-build`` run of the course."""

    edition: str
    outdir: Path
    doctreedir: Path
    returncode: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        """Everything the build printed."""
        return f"{self.stdout}\n{self.stderr}"


@dataclass(frozen=True)
class BuiltSite:
    """Both editions of the course, built from scratch with warnings as errors."""

    student: EditionBuild
    teacher: EditionBuild
    seconds: float

    def edition(self, name: str) -> EditionBuild:
        """Return the build of edition ``name``."""
        return {"student": self.student, "teacher": self.teacher}[name]


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where ``@pytest.mark.sphinx(testroot=...)`` finds ``test-<name>`` projects."""
    return Path(__file__).resolve().parent / "roots"


def _start(edition: str, tmp: Path) -> subprocess.Popen[bytes]:
    cmd = [
        sys.executable, "-m", "sphinx", "-E", "-W", "-n", "--keep-going", "-b", "html",
        "-D", f"casetools_edition={edition}", "-d", str(tmp / "doctrees" / edition),
        str(REPO), str(tmp / "html" / edition),
    ]  # fmt: skip
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with (tmp / f"{edition}.out").open("wb") as out, (tmp / f"{edition}.err").open("wb") as err:
        return subprocess.Popen(cmd, cwd=REPO, stdout=out, stderr=err, env=env)


def _finish(edition: str, tmp: Path, proc: subprocess.Popen[bytes]) -> EditionBuild:
    returncode = proc.wait()
    stdout, stderr = (
        (tmp / f"{edition}.{ext}").read_text(encoding="utf-8", errors="replace")
        for ext in ("out", "err")
    )
    outdir, doctreedir = tmp / "html" / edition, tmp / "doctrees" / edition
    return EditionBuild(edition, outdir, doctreedir, returncode, stdout, stderr)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """Build the real course, both editions side by side, into a fresh temp dir.

    The casetools extension writes the variant gallery into the source tree
    when the builder starts, so the teacher build starts only once the student
    build is past that point ("building [...]"); the two never write the same
    source files at once.
    """
    tmp = tmp_path_factory.mktemp("site")
    start = time.perf_counter()
    student = _start("student", tmp)
    deadline = start + 600
    while student.poll() is None and b"building [" not in (tmp / "student.out").read_bytes():
        assert time.perf_counter() < deadline, "the student build did not get going"
        time.sleep(0.1)
    teacher = _start("teacher", tmp)
    return BuiltSite(
        _finish("student", tmp, student),
        _finish("teacher", tmp, teacher),
        time.perf_counter() - start,
    )


# -- Browser fixtures ---------------------------------------------------------
# Debian's chromium, driven by Playwright, which never downloads a browser here.
# Without /usr/bin/chromium the browser tests are skipped, or fail when CI=true.
# Every wait in a browser test is on a state the page reaches; no page action
# has a timeout below 60 s, so a loaded 2-core machine slows a test, never fails it.

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
TIMEOUT_MS = 60_000


class _QuietHandler(SimpleHTTPRequestHandler):
    """Static files without logging and without caching (no 304s between visits)."""

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def site_urls(built_site: BuiltSite) -> Iterator[dict[str, str]]:
    """Serve each edition on a free port of 127.0.0.1: edition name -> base URL."""
    servers = {}
    for edition in EDITIONS:
        handler = functools.partial(
            _QuietHandler, directory=str(built_site.edition(edition).outdir)
        )
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        servers[edition] = (server, thread)
    yield {e: f"http://127.0.0.1:{s.server_port}/" for e, (s, _) in servers.items()}
    for server, thread in servers.values():
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="session")
def site_url(site_urls: dict[str, str]) -> str:
    """The base URL of the student edition."""
    return site_urls["student"]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless chromium for the whole session."""
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


def _is_local(url: str, origin: str) -> bool:
    """Whether a request stays on the site: its own server, a file of it, or inline data."""
    return url.startswith((origin, "data:", "blob:", "about:")) or (
        origin.startswith("file:") and url.startswith("file:")
    )


@dataclass
class Tab:
    """A page in a fresh browser context that records every request and everything that goes wrong.

    A request to any other host than the site's own is recorded in
    ``outside``, which fails ``assert_clean``. (Recorded, not intercepted:
    routing every request through Python costs seconds per page on a loaded
    machine, and there is no network here to reach anyway.)
    """

    page: Page
    origin: str
    problems: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)

    def watch(self) -> None:
        """Record console errors, uncaught exceptions, failed requests and every request."""
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda error: self.problems.append(f"uncaught: {error.stack}"))
        self.page.on("requestfailed", self._on_failed)
        self.page.on("response", self._on_response)
        self.page.on("request", self._on_request)

    def _on_request(self, request: Request) -> None:
        self.requests.append(request.url)
        if not _is_local(request.url, self.origin):
            self.outside.append(f"{request.frame.url} -> {request.url}")

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.problems.append(f"console error: {message.text} at {message.location}")

    def _on_failed(self, request: Request) -> None:
        # A request cut off because the test navigated on is not the site's fault.
        if _is_local(request.url, self.origin) and request.failure != "net::ERR_ABORTED":
            self.problems.append(f"request failed: {request.url} ({request.failure})")

    def _on_response(self, response: Response) -> None:
        if response.url.startswith(self.origin) and response.status >= 400:
            self.problems.append(f"HTTP {response.status}: {response.url}")

    def open(self, url: str) -> str:
        """Go to ``url``; assert it answers and has a title and an h1; return the title."""
        response = self.page.goto(url, wait_until="load")
        assert response is not None, url
        assert response.ok, f"{url}: HTTP {response.status}"
        title = self.page.title().strip()
        assert title, f"{url} has no <title>"
        assert self.page.locator("h1").count() >= 1, f"{url} has no <h1>"
        return title

    def open_svg(self, url: str) -> None:
        """Go to a standalone SVG image (no title or h1 to check)."""
        response = self.page.goto(url, wait_until="load")
        assert response is not None, url
        assert response.ok, f"{url}: HTTP {response.status}"

    def assert_clean(self) -> None:
        """No problem and no request to another host so far."""
        assert not self.outside, "requests to other hosts:\n" + "\n".join(self.outside)
        assert not self.problems, "\n".join(self.problems)


@pytest.fixture
def new_tab(browser: Browser) -> Iterator[Callable[..., Tab]]:
    """Open watched tabs on any origin (an edition's server or a file:// folder)."""
    contexts: list[BrowserContext] = []

    def open_tab(origin: str, **context_options: Any) -> Tab:
        context = browser.new_context(**context_options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.set_default_navigation_timeout(TIMEOUT_MS)
        tab = Tab(page, origin)
        tab.watch()
        return tab

    yield open_tab
    for context in contexts:
        context.close()


@pytest.fixture
def tab(new_tab: Callable[..., Tab], site_url: str) -> Tab:
    """A watched tab on the student edition."""
    return new_tab(site_url)
