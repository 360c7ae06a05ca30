"""Handout packs as PDF: codes and page numbers on every page, one role card per agency, literal names.

The packs are made by the real command, in-process (``main([...])``), for two
or three variants, and read back with pypdf. The PDF tests need weasyprint's
system libraries (Pango): without them they are skipped, except on CI, where
that is a failure. The MyST and bad-input tests need no PDF at all.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import pytest
from pypdf import PageObject, PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

from casetools.caseworld.codes import decode, encode
from casetools.caseworld.generate import generate
from casetools.caseworld.views import CaseView, build_view
from casetools.caseworld.world import World, load_world
from casetools.cli import main
from casetools.errors import UsageError
from casetools.handouts import packs
from casetools.handouts.myst import escape_markdown, plain_roles, to_html
from casetools.library.exercises import load_library

REPO = Path(__file__).resolve().parent.parent
WORLD = REPO / "casebook" / "world"
SEEDS = (
    1,
    2,
    3,
    4,
)  # --count 4: the first four gallery codes, laid out in parallel (PARALLEL_FROM)
FIXED_KIT_PAGES = 2 + 2 + 3  # client card, observer sheet, facilitator sheet
ODD = "Sa<m&\\%"
KEY_EXERCISE = "botsende-eisen-analyseren"
A4 = (595.28, 841.89)
MISTYPED = encode(1)[:-1] + ("2" if encode(1)[-1] != "2" else "3")  # wrong check character


def _pdf_backend_missing() -> str | None:
    from casetools.handouts import pdf

    return None if pdf._IMPORT_ERROR is None else str(pdf._IMPORT_ERROR)


@pytest.fixture(scope="module")
def pdf_backend() -> None:
    """Skip without Pango, except on CI: there a missing system library fails the run."""
    problem = _pdf_backend_missing()
    if problem is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"weasyprint cannot load its system libraries on CI: {problem}")
    pytest.skip(f"weasyprint cannot load its system libraries: {problem}")


@pytest.fixture(autouse=True)
def real_course(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASETOOLS_ROOT", str(REPO))


def run(argv: Sequence[str]) -> int:
    """Call ``main`` in-process; it returns every exit status, argparse's included."""
    return main(list(argv))


@dataclass(frozen=True)
class Pdf:
    """A written pack, read back: the text of every page, whitespace made single."""

    path: Path
    reader: PdfReader
    pages: tuple[str, ...]

    @classmethod
    def read(cls, path: Path) -> Pdf:
        reader = PdfReader(path)
        return cls(path, reader, tuple(" ".join(p.extract_text().split()) for p in reader.pages))

    def flat(self, pages: Sequence[str] | None = None) -> str:
        """All text with words joined again where a line was hyphenated."""
        text = " ".join(self.pages if pages is None else pages)
        return re.sub(r"(\w)- (\w)", r"\1-\2", text.replace("\u2010 ", ""))


@dataclass(frozen=True)
class Made:
    """The packs of one module-scoped run, with the views they were made from."""

    cases: tuple[CaseView, ...]
    roleplay: Pdf
    answer_key: Pdf
    worksheet: Pdf


@pytest.fixture(scope="module")
def world() -> World:
    return load_world(WORLD)


@pytest.fixture(scope="module")
def made(pdf_backend: None, world: World, tmp_path_factory: pytest.TempPathFactory) -> Made:
    out = tmp_path_factory.mktemp("packs")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CASETOOLS_ROOT", str(REPO))
        codes = ",".join(encode(s) for s in SEEDS)
        codes2 = ",".join(encode(s) for s in SEEDS[:2])
        assert run(["handouts", "roleplay", "--count", str(len(SEEDS)), "--out", str(out)]) == 0
        assert run(["handouts", "answer-key", "--codes", codes, "--exercise", KEY_EXERCISE,
                    "--out", str(out)]) == 0  # fmt: skip
        assert run(["handouts", "worksheet", "--codes", codes2, "--exercise", KEY_EXERCISE,
                    "--out", str(out)]) == 0  # fmt: skip
    return Made(
        tuple(build_view(world, generate(world, s)) for s in SEEDS),
        Pdf.read(out / "roleplay.pdf"),
        Pdf.read(out / "answer-key.pdf"),
        Pdf.read(out / "worksheet.pdf"),
    )


def kits(pdf: Pdf, cases: Sequence[CaseView]) -> dict[str, tuple[str, ...]]:
    """Split a pack into the pages of each code, using the "pagina 1 van n" of each kit."""
    result: dict[str, tuple[str, ...]] = {}
    i = next(n for n, text in enumerate(pdf.pages) if cases[0].code in text and "pagina 1 van" in text
             and "Overzicht" not in text)  # fmt: skip
    for case in cases:
        total = int(re.search(r"pagina 1 van (\d+)", pdf.pages[i]).group(1))  # type: ignore[union-attr]
        result[case.code] = pdf.pages[i : i + total]
        i += total
    assert i == len(pdf.pages), "pages after the last kit"
    return result


# --- the role-play pack ------------------------------------------------------------------


def test_the_codes_of_count_n_are_the_gallery_codes(made: Made) -> None:
    assert [c.seed for c in made.cases] == list(SEEDS)
    cover = made.roleplay.pages[0]
    for case in made.cases:
        assert case.code in cover


def test_the_roleplay_pack_has_the_expected_number_of_pages(made: Made) -> None:
    expected = 1 + sum(len(c.agencies) + FIXED_KIT_PAGES for c in made.cases)
    assert len(made.roleplay.pages) == expected
    assert packs.ROLEPLAY_FIXED_PAGES == FIXED_KIT_PAGES


def test_every_page_shows_its_code_and_its_place_in_the_kit(made: Made) -> None:
    for case in made.cases:
        pages = kits(made.roleplay, made.cases)[case.code]
        assert len(pages) == len(case.agencies) + FIXED_KIT_PAGES
        for number, text in enumerate(pages, start=1):
            assert case.code in text
            assert f"pagina {number} van {len(pages)}" in text
            others = [c.code for c in made.cases if c.code != case.code]
            assert not any(code in text for code in others)


def test_each_agency_has_its_own_role_card_page(made: Made) -> None:
    for case in made.cases:
        pages = kits(made.roleplay, made.cases)[case.code]
        cards = [p for p in pages if re.search(r"Rolkaart \d+ van \d+ · ", p)]  # the footer
        assert len(cards) == len(case.agencies)
        total = len(case.agencies)
        for index, (agency, page) in enumerate(zip(case.agencies, cards, strict=True), start=1):
            assert f"Rolkaart {index} van {total} · {agency.professional}" in page
            assert agency.goal[1:] in made.roleplay.flat([page])
            for other in case.agencies:
                if other.id != agency.id:
                    assert f"Rolkaart {index} van {total} · {other.professional}" not in page


def test_the_kit_holds_client_card_observer_and_facilitator_sheets(made: Made) -> None:
    for case in made.cases:
        pages = kits(made.roleplay, made.cases)[case.code]
        assert f"Ik ben {case.client.given_name}" in pages[0]
        assert "Fictief" in pages[0]
        assert "Wat ik moeilijk vind om te zeggen" in pages[1]
        assert "Observatieblad 1 van 2" in pages[-5]
        assert "Observatieblad 2 van 2" in pages[-4]
        assert "Het hele beeld" in pages[-3]
        assert "Sleutel bij het spel" in pages[-2]
        assert "Nabespreking per module" in pages[-1]


def test_the_pdf_has_title_language_a4_and_embedded_fonts(made: Made) -> None:
    for pdf, title in ((made.roleplay, "Rollenspel"), (made.answer_key, "Antwoordsleutels")):
        meta = pdf.reader.metadata
        assert meta is not None
        assert meta.title is not None
        assert meta.title.startswith(title)
        assert str(pdf.reader.root_object["/Lang"]) == "nl"
        for code in (c.code for c in made.cases):
            assert code in str(meta.get("/Keywords"))
        for page in pdf.reader.pages:
            size = (float(page.mediabox.width), float(page.mediabox.height))
            assert size == pytest.approx(A4, abs=1)
        for page in pdf.reader.pages[:4]:
            for font in embedded_fonts(page):
                assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(font[1]), font[0]


def embedded_fonts(page: PageObject) -> Iterator[tuple[str, DictionaryObject]]:
    """Each font of a page with its font descriptor (of the descendant font, for Type 0)."""
    resources = cast("DictionaryObject", page["/Resources"].get_object())
    fonts = cast("DictionaryObject", resources["/Font"].get_object())
    for ref in fonts.values():
        font = cast("DictionaryObject", ref.get_object())
        if "/DescendantFonts" in font:
            descendants = cast("ArrayObject", font["/DescendantFonts"].get_object())
            font = cast("DictionaryObject", descendants[0].get_object())
        yield str(font["/BaseFont"]), cast("DictionaryObject", font["/FontDescriptor"].get_object())


def test_weasyprint_has_no_complaint_about_our_html_or_css(
    pdf_backend: None, world: World, caplog: pytest.LogCaptureFixture
) -> None:
    from casetools.handouts.pdf import _Renderer

    library = load_library(REPO / "exercises")
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        renderer = _Renderer("nl")
        for name, exercises in (("roleplay", []), ("worksheet", [KEY_EXERCISE])):
            pack = packs.make_pack(name, world, [generate(world, 7)], library, exercises)
            renderer.render(pack.variant_html(pack.variants[0]))
            renderer.render(pack.cover_html([2], [len(pack.variants[0].case.agencies) + 7]))
    assert [r.getMessage() for r in caplog.records] == []


# --- answer key and worksheet ------------------------------------------------------------


def valid_codes(text: str) -> set[str]:
    found = set()
    for word in re.findall(r"\b[2-9A-Z]{8}\b", text):
        try:
            decode(word)
        except UsageError:
            continue
        found.add(word)
    return found


def test_the_answer_key_lists_the_same_codes_as_the_pack(made: Made) -> None:
    codes = {c.code for c in made.cases}
    assert valid_codes(made.answer_key.pages[0]) == codes
    assert valid_codes(" ".join(made.answer_key.pages)) == codes
    assert valid_codes(made.roleplay.pages[0]) == codes


def test_the_answer_key_holds_the_debrief_key_and_the_exercise_key(made: Made) -> None:
    for case in made.cases:
        text = made.answer_key.flat(kits(made.answer_key, made.cases)[case.code])
        for conflict in case.conflicts:
            assert conflict.reason in text
        for reaction in case.referral.reactions:
            assert reaction.tag_label in text
        for route in case.barrier.primary:
            assert route.name[:1].upper() + route.name[1:] in text
        assert "Beoordelingsrubric" in text
        assert "Antwoordsleutel" in text


def test_the_worksheet_has_the_case_and_room_to_write_but_no_key(made: Made) -> None:
    for case in made.cases[:2]:
        pages = kits(made.worksheet, made.cases[:2])[case.code]
        text = " ".join(pages)
        assert "Casusvariant " + case.code in text
        assert "Jouw uitwerking" in text
        assert "Antwoordsleutel" not in text
        assert "Beoordelingsrubric" not in text


# --- names are printed literally ---------------------------------------------------------


@pytest.fixture
def odd_course(tmp_path: Path, world: World, monkeypatch: pytest.MonkeyPatch) -> str:
    """A course copy in which the client of seed 7 is called ``Sa<m&\\%``; returns the code."""
    client = generate(world, 7).household.client
    root = tmp_path / "course"
    shutil.copytree(WORLD, root / "casebook" / "world")
    shutil.copytree(REPO / "exercises", root / "exercises")
    (root / "course").mkdir()
    shutil.copy(REPO / "course" / "references.bib", root / "course" / "references.bib")
    household = root / "casebook" / "world" / "household.yaml"
    text, replaced = re.subn(
        rf"\b{re.escape(client.given_name)}\b",
        "'" + ODD + "'",  # single-quoted YAML: the backslash stays a backslash
        household.read_text(encoding="utf-8"),
    )
    assert replaced == 1
    household.write_text(text, encoding="utf-8")
    monkeypatch.setenv("CASETOOLS_ROOT", str(root))
    return encode(7)


def test_a_name_with_markup_characters_prints_literally(
    pdf_backend: None, odd_course: str, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    assert run(["handouts", "roleplay", "--codes", odd_course, "--out", str(out)]) == 0
    assert run(["handouts", "answer-key", "--codes", odd_course, "--exercise", KEY_EXERCISE,
                "--out", str(out)]) == 0  # fmt: skip
    for name in ("roleplay.pdf", "answer-key.pdf"):
        text = " ".join(Pdf.read(out / name).pages)
        assert f"Ik ben {ODD}" in text or name != "roleplay.pdf"
        assert text.count(ODD) >= 3, name
        assert "&amp;" not in text
        assert "&lt;" not in text
        assert "Sa<m&%" not in text.replace(ODD, "")


# --- bad input: exit 2 (usage) or 1 (content), one line, no file left ---------------------


def one_error_line(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["handouts", "poster", "--count", "2"], "unknown pack 'poster'"),
        (["handouts", "worksheet", "--count", "2", "--exercise", "bestaat-niet"],
         "unknown exercise 'bestaat-niet'"),
        (["handouts", "worksheet", "--count", "2"], "needs at least one --exercise"),
        (["handouts", "roleplay", "--count", "2", "--exercise", KEY_EXERCISE], "takes no --exercise"),
        (["handouts", "roleplay", "--count", "0"], "--count must be between 1 and 500, not 0"),
        (["handouts", "roleplay", "--count", "501"], "--count must be between 1 and 500, not 501"),
        (["handouts", "roleplay", "--count", "twee"], "invalid int value"),
        (["handouts", "roleplay", "--count", "2", "--codes", encode(1)], "exactly one of them"),
        (["handouts", "roleplay"], "exactly one of them"),
        (["handouts", "roleplay", "--codes", MISTYPED], "mistyped"),
        (["handouts", "roleplay", "--codes", " , "], "--codes is empty"),
    ],
)  # fmt: skip
def test_bad_input_is_refused_with_exit_2_and_one_line(
    argv: list[str], fragment: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert run([*argv, "--out", str(out)]) == 2
    assert fragment in one_error_line(capsys.readouterr().err)
    assert not out.exists() or not any(out.iterdir())


def test_an_unwritable_folder_is_refused_before_rendering(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    out = blocker / "handouts"
    assert run(["handouts", "roleplay", "--count", "2", "--out", str(out)]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert f"cannot write to the output folder {out}" in line
    assert blocker.read_text(encoding="utf-8") == "x"


def test_a_missing_folder_is_created(pdf_backend: None, tmp_path: Path) -> None:
    out = tmp_path / "new" / "deeper"
    assert run(["handouts", "worksheet", "--codes", encode(1), "--exercise", KEY_EXERCISE,
                "--out", str(out)]) == 0  # fmt: skip
    assert sorted(p.name for p in out.iterdir()) == ["worksheet.pdf"]


def test_a_broken_template_is_a_content_error_and_leaves_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "templates"
    shutil.copytree(packs.template_dir("nl"), broken)
    role = broken / "roleplay_role.html.j2"
    role.write_text(
        role.read_text(encoding="utf-8") + "\n{{ a.no_such_field }}\n", encoding="utf-8"
    )
    monkeypatch.setattr(packs, "template_dir", lambda lang: broken)
    out = tmp_path / "out"
    assert run(["handouts", "roleplay", "--count", "2", "--out", str(out)]) == 1
    line = one_error_line(capsys.readouterr().err)
    assert "roleplay_role.html.j2" in line
    assert "template error" in line
    assert list(out.iterdir()) == []


def test_a_failure_while_writing_leaves_no_half_pdf(
    pdf_backend: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from weasyprint import Document

    def fail_halfway(self: Document, target: object, *args: object, **kwargs: object) -> None:
        assert hasattr(target, "write")
        target.write(b"%PDF-1.7\n half a file")
        msg = "disk full"
        raise OSError(msg)

    monkeypatch.setattr(Document, "write_pdf", fail_halfway)
    out = tmp_path / "out"
    with pytest.raises(OSError, match="disk full"):
        main(["handouts", "worksheet", "--codes", encode(1), "--exercise", KEY_EXERCISE,
              "--out", str(out)])  # fmt: skip
    assert list(out.iterdir()) == []


# --- the core stays free of PDF libraries, MyST becomes plain text ------------------------


def test_building_pack_html_does_not_import_the_pdf_library() -> None:
    probe = (
        "import sys\n"
        "import casetools.handouts.packs, casetools.cli.handouts\n"
        "assert 'weasyprint' not in sys.modules, 'weasyprint imported'\n"
        "print('ok')\n"
    )
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          cwd=REPO, check=False, timeout=120)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "ok\n"


def test_pack_html_escapes_names(world: World) -> None:
    variant = generate(world, 7)
    hh = variant.household
    client = dataclasses.replace(hh.members[0], given_name=ODD)
    variant = dataclasses.replace(
        variant, household=dataclasses.replace(hh, members=(client, *hh.members[1:]))
    )
    library = load_library(REPO / "exercises")
    for name, exercises in (("roleplay", []), ("answer-key", [KEY_EXERCISE])):
        pack = packs.make_pack(name, world, [variant], library, exercises)
        html = pack.variant_html(pack.variants[0])
        assert "Sa&lt;m&amp;\\%" in html
        assert ODD not in html
    exercise_part = html.split("Sleutels bij de opgaven", 1)[1]
    assert "Sa&lt;m&amp;\\% " in exercise_part  # rendered from Markdown, still literal
    assert pack.variants[0].case.client.given_name == ODD


BIB = {
    "sen1999": ("Sen", "1999"),
    "choi2006": ("Choi & Pak", "2006"),
    "ipec2023": ("A e.a.", "2023"),
}


@pytest.mark.parametrize(
    ("source", "plain"),
    [
        ("zie {cite:p}`sen1999`.", "zie (Sen, 1999)."),
        ("{cite:t}`choi2006` zeggen", "Choi en Pak (2006) zeggen"),
        ("{cite:p}`sen1999,ipec2023`", "(Sen, 1999; A e.a., 2023)"),
        ("{cite:p}`onbekend`", "(onbekend)"),
        ("een {term}`tegenprestatie`", "een tegenprestatie"),
        ("{term}`reflectie achteraf <reflection-on-action>`", "reflectie achteraf"),
    ],
)
def test_myst_roles_become_plain_text(source: str, plain: str) -> None:
    html = to_html(source, BIB)
    assert html == f"<p>{plain}</p>\n"


def test_markdown_escaping_keeps_every_character() -> None:
    for text in (ODD, "*nadruk* _x_ [link](y) `code` <b>vet</b> 3. punt", "a\\b|c"):
        html = to_html(escape_markdown(text), {})
        assert (
            html
            == "<p>"
            + text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            + "</p>\n"
        )
    assert plain_roles("geen rol", {}) == "geen rol"


def test_packs_of_four_or_more_variants_are_laid_out_in_parallel(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from types import SimpleNamespace

    from casetools.handouts import pdf

    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0, 1}, raising=False)
    small = cast("packs.Pack", SimpleNamespace(variants=(None,) * (pdf.PARALLEL_FROM - 1)))
    large = cast("packs.Pack", SimpleNamespace(variants=(None,) * pdf.PARALLEL_FROM))
    assert pdf._workers(small) == 1
    assert pdf._workers(large) == 2
    # the module fixture's roleplay and answer-key packs have len(SEEDS) variants
    assert len(SEEDS) >= pdf.PARALLEL_FROM
