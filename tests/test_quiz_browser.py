"""Self-tests on the student site: a quiz answered by keyboard and by mouse in a real browser.

The built site (``built_site`` from conftest) is served over HTTP on 127.0.0.1;
Debian's chromium is driven by Playwright. Every wait is on a state of the page
(an element visible, a text in the live region), never on time, with a 60 s
ceiling for a loaded 2-core machine. Without JavaScript, and in the teacher
edition, the quiz stays the static text with its feedback (checked from the HTML).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from bs4 import BeautifulSoup

from casetools.library.exercises import load_exercise, load_library
from casetools.library.render import render_exercise
from casetools.sphinxext.exercise_directive import interactive_quiz

if TYPE_CHECKING:
    from collections.abc import Iterator

    from conftest import BuiltSite
    from playwright.sync_api import Browser, Page


TIMEOUT_MS = 60_000
REPO = Path(__file__).resolve().parent.parent
ARGYRIS = "course/modules/leren-in-organisaties.html"
QUIZ = "ex-argyris-begrippenquiz"


# The browser and the student site come from conftest.py: one chromium per session,
# since two sync Playwright instances cannot run in one process.


@pytest.fixture
def page(browser: Browser, site_url: str) -> Iterator[Page]:
    """A fresh page that records requests leaving the local server and script errors."""
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    outside: list[str] = []
    errors: list[str] = []
    page.on(
        "request",
        lambda r: None if r.url.startswith((site_url, "data:")) else outside.append(r.url),
    )
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    assert outside == [], f"the quiz page asked the outside world: {outside}"
    assert errors == []


def open_quiz(page: Page, url: str) -> None:
    from playwright.sync_api import expect

    page.goto(url, wait_until="load")
    form = page.locator(f"#lib-{QUIZ} form.casetools-quiz")
    expect(form).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.locator(f"#quiz-static-{QUIZ}")).to_be_hidden(timeout=TIMEOUT_MS)
    expect(page.locator(f"#sol-{QUIZ}")).to_be_hidden(timeout=TIMEOUT_MS)


@pytest.mark.slow
@pytest.mark.browser
def test_a_choice_question_by_keyboard(page: Page, site_url: str) -> None:
    from playwright.sync_api import expect

    open_quiz(page, site_url + ARGYRIS)
    item = page.locator(f"#{QUIZ}-q1")
    status = item.locator('[role="status"][aria-live="polite"]')
    first = item.locator("input").first
    first.focus()  # the starting point; from here on only keys
    page.keyboard.press("ArrowDown")  # selects B, a wrong answer
    expect(item.locator("input").nth(1)).to_be_checked(timeout=TIMEOUT_MS)
    page.keyboard.press("Tab")  # the radio group is one tab stop: on to "Controleer"
    expect(item.locator(".casetools-quiz-check")).to_be_focused(timeout=TIMEOUT_MS)
    page.keyboard.press("Enter")
    expect(status).to_contain_text("Niet juist.", timeout=TIMEOUT_MS)
    expect(status).to_contain_text("Double-loop zou betekenen", timeout=TIMEOUT_MS)
    expect(item.locator(f"#{QUIZ}-q1-b-feedback")).to_be_visible(timeout=TIMEOUT_MS)
    expect(item.locator(f"#{QUIZ}-q1-a-feedback")).to_be_hidden(timeout=TIMEOUT_MS)

    page.keyboard.press("Tab")  # "Opnieuw"
    page.keyboard.press("Enter")
    expect(status).to_have_text("", timeout=TIMEOUT_MS)
    expect(first).to_be_focused(timeout=TIMEOUT_MS)
    page.keyboard.press("Space")  # A, the right answer
    expect(first).to_be_checked(timeout=TIMEOUT_MS)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(status).to_contain_text("Juist.", timeout=TIMEOUT_MS)
    # After a right answer the feedback on every option opens.
    expect(item.locator(".casetools-quiz-feedback").nth(3)).to_be_visible(timeout=TIMEOUT_MS)


@pytest.mark.slow
@pytest.mark.browser
def test_a_quiz_by_mouse_with_a_matching_question(page: Page, site_url: str) -> None:
    from playwright.sync_api import expect

    open_quiz(page, site_url + ARGYRIS)
    choice = page.locator(f"#{QUIZ}-q2")
    choice.locator("label", has_text="Onderzoeken of de eis").click()
    choice.locator(".casetools-quiz-check").click()
    expect(choice.locator('[aria-live="polite"]')).to_contain_text("Juist.", timeout=TIMEOUT_MS)

    matching = page.locator(f"#{QUIZ}-q3")
    status = matching.locator('[role="status"][aria-live="polite"]')
    selects = matching.locator("select")
    answers = [
        "Je beoogde doel bereiken; eenzijdig de controle houden",
        "Winnen maximaliseren, verliezen minimaliseren (ongewijzigd)",
        "Handelen volgens wat jij zelf rationeel vindt",  # 3 and 4 swapped
        "Negatieve gevoelens onderdrukken",
    ]
    for i, answer in enumerate(answers):
        selects.nth(i).select_option(label=answer)
    matching.locator(".casetools-quiz-check").click()
    expect(status).to_contain_text("2 van 4 juist", timeout=TIMEOUT_MS)
    expect(matching.locator(".casetools-quiz-pair").nth(2)).to_contain_text("✗", timeout=TIMEOUT_MS)
    selects.nth(2).select_option(label=answers[3])
    selects.nth(3).select_option(label=answers[2])
    matching.locator(".casetools-quiz-check").click()
    expect(status).to_contain_text("Alles juist: 4 van 4", timeout=TIMEOUT_MS)
    expect(matching.locator(".casetools-quiz-feedback").first).to_be_visible(timeout=TIMEOUT_MS)


def quiz_page(built_site: BuiltSite, edition: str) -> BeautifulSoup:
    html = (built_site.edition(edition).outdir / ARGYRIS).read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser")


@pytest.mark.slow
def test_without_javascript_the_static_quiz_and_its_feedback_stay(built_site: BuiltSite) -> None:
    page = quiz_page(built_site, "student")
    form = page.select_one(f"#lib-{QUIZ} form.casetools-quiz")
    assert form is not None
    assert form.has_attr("hidden")  # only the script shows it
    static = page.find(id=f"quiz-static-{QUIZ}")
    assert static is not None
    assert "Vraag 1." in static.get_text()
    solution = page.find(id=f"sol-{QUIZ}")
    assert solution is not None
    assert "dropdown" in solution.get("class", [])
    assert "Double-loop zou betekenen" in solution.get_text()
    for status in form.select(".casetools-quiz-status"):
        assert status.get("aria-live") == "polite"
    for fieldset in form.select("fieldset"):
        assert fieldset.find("legend") is not None
    for control in form.select("input, select"):
        assert form.select_one(f'label[for="{control["id"]}"]') is not None


@pytest.mark.slow
def test_the_teacher_edition_shows_the_answers_at_once(built_site: BuiltSite) -> None:
    page = quiz_page(built_site, "teacher")
    assert page.select_one("form.casetools-quiz") is None
    solution = page.find(id=f"sol-{QUIZ}")
    assert solution is not None
    assert "dropdown" not in solution.get("class", [])
    assert "juist is A" in solution.get_text()


def test_a_practice_quiz_gets_a_form_of_native_controls() -> None:
    ex = load_library(REPO / "exercises").get("argyris-begrippenquiz")
    quiz = interactive_quiz(render_exercise(ex, None, "student"), None, "ex-x")
    assert quiz is not None
    assert "Vraag 1." not in quiz.intro
    assert quiz.questions.startswith("**Vraag 1.**")
    form = BeautifulSoup(quiz.form_html, "html.parser").form
    assert form is not None
    assert form.has_attr("hidden")
    fieldsets = form.find_all("fieldset")
    assert len(fieldsets) == len(ex.quiz)
    for fieldset, item in zip(fieldsets, ex.quiz, strict=True):
        assert fieldset.legend is not None
        assert fieldset.select_one('[role="status"][aria-live="polite"]') is not None
        if item.type == "choice":
            radios = fieldset.select('input[type="radio"]')
            assert len(radios) == len(item.options)
            right = fieldset.select('.casetools-quiz-option[data-correct="true"]')
            assert len(right) == sum(o.correct for o in item.options)
        else:
            assert len(fieldset.find_all("select")) == len(item.options)
        for control in fieldset.select("input, select"):
            assert fieldset.select_one(f'label[for="{control["id"]}"]') is not None


def test_an_assignment_quiz_keeps_its_answers_out_of_the_page(tmp_path: Path) -> None:
    source = (REPO / "exercises" / "argyris-begrippenquiz.yaml").read_text(encoding="utf-8")
    path = tmp_path / "argyris-begrippenquiz.yaml"
    path.write_text(source.replace("mode: practice", "mode: assignment"), encoding="utf-8")
    ex = load_exercise(path)
    assert ex.is_assignment
    assert interactive_quiz(render_exercise(ex, None, "student"), None, "ex-x") is None
