"""No answer key of a graded assignment reaches any file of the student edition of the real site.

For every assignment on a case variant, the teacher key is rendered for the
demo code and for every gallery code, as the build renders it. Every line of
such a key longer than 40 characters that students may see nowhere else is
looked for in every text file of both editions: it must be absent from the
student edition and present in the teacher edition (so the test cannot pass
because the lines were never rendered at all).

A key line is not a secret when students may read it anyway: in the student
rendering of any exercise for any variant the edition shows (keys repeat what
a prompt or a practice solution says, and variants share facts), in the case
description of such a variant (keys often quote it), or in the course pages
outside their teacher-only blocks (keys quote the module text). Such lines are
not looked for.

Rendering turns Markdown into HTML: emphasis and lists become tags, quotes
and dashes become typographic ones (in MyST pages, not in raw HTML), roles
become citations. Lines and files are therefore compared as plain text with
whitespace, quotes and dash forms removed, and a line is cut at its roles and
table cells into pieces of at least five words.
"""

from __future__ import annotations

import html
import re
import runpy
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from markdown_it import MarkdownIt

from casetools.caseworld.codes import decode
from casetools.caseworld.generate import generate
from casetools.caseworld.render import render_view_markdown
from casetools.caseworld.views import CaseView, build_view
from casetools.caseworld.world import World, load_world
from casetools.library.exercises import Exercise, Library, load_library
from casetools.library.render import render_exercise, to_markdown

if TYPE_CHECKING:
    from collections.abc import Callable

    from conftest import BuiltSite

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent
MIN_CHARS = 40  # shorter lines are too generic to be a leak ("Vraag 2: juist is B.")
MIN_WORDS = 5
TEXT_SUFFIXES = {".html", ".js", ".txt", ".svg", ".json", ".xml"}
_ROLE = re.compile(r"\{[\w:-]+\}`[^`]*`")  # {cite:p}`key`: rendered as a citation
_CUT = "\x1f"  # where a line is cut: roles and table cell borders
# Typography that smartquotes changes, and whitespace: removed before comparing.
_DROP = re.compile("[\\s\"'`\u2018\u2019\u201a\u201c\u201d\u201e\u00ab\u00bb]+")
_DASHES = re.compile("---|--|\u2013|\u2014")
_TAG = re.compile(r"<[^>]*>")


def squash(text: str) -> str:
    """Text reduced to what survives any rendering: no whitespace, quotes or dash forms."""
    text = _DASHES.sub("-", text.replace("\u2026", "..."))
    return _DROP.sub("", text).casefold()


@cache
def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).enable("table")


def _text(markup: str) -> str:
    """The text of HTML: tags dropped, entities decoded (whitespace does not matter here)."""
    return html.unescape(_TAG.sub(" ", markup))


def plain(markdown: str) -> str:
    """The text of rendered Markdown."""
    return _text(_markdown().render(markdown))


@cache
def pieces(line: str) -> tuple[str, ...]:
    """The plain-text pieces of one key line that reach HTML unbroken, squashed."""
    text = _ROLE.sub(_CUT, line.strip())
    if text.startswith("|"):  # a table row: each cell is its own piece
        text = text.strip("|").replace("|", _CUT)
    parts = [plain(part) for part in text.split(_CUT)]
    return tuple(squash(p) for p in parts if len(p.split()) >= MIN_WORDS)


@dataclass(frozen=True)
class Secret:
    """A key line students may not see, where it came from, and its squashed pieces."""

    exercise: str
    code: str
    line: str
    pieces: tuple[str, ...]


def _conf() -> dict[str, object]:
    return runpy.run_path(str(REPO / "conf.py"))


def _seeds() -> list[int]:
    conf = _conf()
    demo = conf.get("casetools_demo_seed", 0)
    first = conf.get("casetools_gallery_first_seed", 1)
    size = conf.get("casetools_gallery_size", 30)
    assert isinstance(demo, int)
    assert isinstance(first, int)
    assert isinstance(size, int)
    return [demo, *range(first, first + size)]


@cache
def _world() -> World:
    return load_world(REPO / "casebook" / "world")


def visible(library: Library, case: CaseView) -> str:
    """Everything students may read about one variant: the case and every exercise."""
    texts = [render_view_markdown(case)]
    for ex in library.exercises:
        rendered = render_exercise(ex, case if ex.uses_variant else None, "student")
        texts.append(to_markdown(rendered))
    return "\n\n".join(texts)


_TEACHER_BLOCK = re.compile(
    r"^(?P<fence>:{3,}|`{3,})\{teacher-only\}.*?^(?P=fence)[ \t]*$", re.MULTILINE | re.DOTALL
)
_CODE_OPTION = re.compile(r"^:code:\s*(\S+)\s*$", re.MULTILINE)
_PLACEMENT = re.compile(
    r"^(?:`{3,}|:{3,})\{library-exercise\}\s+(\S+)[ \t]*\n((?::.*\n)*)", re.MULTILINE
)


def _course_pages() -> list[Path]:
    pages = [
        REPO / "index.md",
        *(REPO / "course").rglob("*.md"),
        *(REPO / "casebook").rglob("*.md"),
    ]
    return sorted(p for p in pages if "galerij" not in p.relative_to(REPO).parts)


def placed_seeds() -> list[int]:
    """The seeds of exercises placed with an explicit ``:code:`` on course pages."""
    found = []
    for page in _course_pages():
        found += [decode(c) for c in _CODE_OPTION.findall(page.read_text(encoding="utf-8"))]
    return found


def placed_with_demo_code() -> set[str]:
    """The exercises that a course page places without ``:code:`` (so with the demo code)."""
    return {
        exercise_id
        for page in _course_pages()
        for exercise_id, options in _PLACEMENT.findall(page.read_text(encoding="utf-8"))
        if ":code:" not in options
    }


def student_readable(library: Library, seeds: list[int]) -> str:
    """Everything the student edition may contain, squashed (see the module docstring)."""
    world = _world()
    texts = [_TEACHER_BLOCK.sub("", page.read_text(encoding="utf-8")) for page in _course_pages()]
    texts += [
        visible(library, build_view(world, generate(world, seed)))
        for seed in sorted({*seeds, *placed_seeds()})
    ]
    return squash(plain("\n\n".join(texts)))


def _finder(text: str) -> Callable[[str], bool]:
    """Substring search in a large text, remembering answers (many pieces repeat per seed)."""
    memo: dict[str, bool] = {}

    def contains(piece: str) -> bool:
        if piece not in memo:
            memo[piece] = piece in text
        return memo[piece]

    return contains


def secrets(ex: Exercise, case: CaseView, readable: Callable[[str], bool]) -> list[Secret]:
    """The key lines of ``ex`` for ``case`` that students may not read anywhere."""
    key = render_exercise(ex, case, "teacher").key or ""
    found = []
    for line in key.splitlines():
        parts = pieces(line)
        if len(line.strip()) > MIN_CHARS and parts and not all(readable(p) for p in parts):
            found.append(Secret(ex.id, case.code, line.strip(), parts))
    return found


@cache
def corpus(outdir: Path) -> str:
    """The squashed text of every text file of one edition (and of HTML pages' text)."""
    parts = []
    for path in sorted(outdir.rglob("*")):
        if not path.is_file() or path.suffix not in TEXT_SUFFIXES or "_static" in path.parts:
            continue
        raw = path.read_text(encoding="utf-8", errors="replace")
        parts.append(squash(html.unescape(raw)))  # attributes included
        if path.suffix == ".html":
            parts.append(squash(_text(raw)))  # text split by inline tags, joined again
    return "\n".join(parts)


def test_pieces_are_plain_text_cut_at_roles_and_cells() -> None:
    line = (
        '- **Gemeente ↔ school en jeugdhulp** (soort: "tijd") -- zie {cite:p}`elahi2020`, '
        "vooral het *slot* van de uitleg."
    )
    assert pieces(line) == (
        squash("Gemeente ↔ school en jeugdhulp (soort: tijd) - zie"),
        squash(", vooral het slot van de uitleg."),
    )
    row = "| De wijkconsulent | vraagt om een betalingsregeling voor de huur | ja |"
    assert pieces(row) == (squash("vraagt om een betalingsregeling voor de huur"),)
    assert squash("\u201eJa\u201d \u2013 zei ze\u2026") == squash('"Ja" -- zei ze...')


def test_no_assignment_key_reaches_the_student_edition(built_site: BuiltSite) -> None:
    student, teacher = built_site.student.outdir, built_site.teacher.outdir
    assert (student / "index.html").is_file(), built_site.student.output[-2000:]
    assert (teacher / "index.html").is_file(), built_site.teacher.output[-2000:]
    library = load_library(REPO / "exercises")
    assignments = [e for e in library.exercises if e.is_assignment and e.uses_variant]
    assert assignments
    in_student, in_teacher = _finder(corpus(student)), _finder(corpus(teacher))
    checked: list[Secret] = []
    leaks, missing = [], []
    world, seeds = _world(), _seeds()
    readable = _finder(student_readable(library, seeds))
    on_pages = placed_with_demo_code()
    for n, seed in enumerate(seeds):
        case = build_view(world, generate(world, seed))
        for ex in assignments:
            # Demo-code keys are in the teacher edition only where a page places the exercise.
            expected = n > 0 or ex.id in on_pages
            for secret in secrets(ex, case, readable):
                checked.append(secret)
                if any(in_student(p) and not readable(p) for p in secret.pieces):
                    leaks.append(f"{secret.exercise} {secret.code}: {secret.line!r}")
                if expected and not any(in_teacher(p) for p in secret.pieces):
                    missing.append(f"{secret.exercise} {secret.code}: {secret.line!r}")
    assert {s.exercise for s in checked} == {e.id for e in assignments}, (
        "an assignment has no key line to look for"
    )
    assert not leaks, f"{len(leaks)} key lines in the student edition:\n" + "\n".join(leaks[:20])
    assert not missing, (
        f"{len(missing)} of {len(checked)} key lines not found in the teacher edition:\n"
        + "\n".join(missing[:20])
    )
