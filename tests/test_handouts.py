"""Handout packs as PDF: codes and page numbers on every page, one role card per agency, literal names.

The packs are made by the real command, in-process (``main([...])``), for two
to four variants, typeset by Typst and read back with pypdf. The PDF tests need
the DejaVu fonts (a system package): without them they are skipped, except on
CI, where that is a failure. The MyST and bad-input tests need no PDF at all.
Typst may break a word at a line end; text that can be hyphenated is compared
with :func:`loose` (hyphens and white space removed).
"""

from __future__ import annotations

import dataclasses
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
from casetools.handouts.myst import escape_markdown, escape_typst, plain_roles, to_typst
from casetools.library.exercises import load_library

REPO = Path(__file__).resolve().parent.parent
WORLD = REPO / "casebook" / "world"
SEEDS = (1, 2, 3, 4)  # --count 4: the first four gallery codes (a progress bar from four on)
FIXED_KIT_PAGES = 2 + 2 + 3  # client card, observer sheet, facilitator sheet
ODD = "Sa<m&\\%#$*_@[]\"'//"
KEY_EXERCISE = "botsende-eisen-analyseren"
A4 = (595.28, 841.89)
MISTYPED = encode(1)[:-1] + ("2" if encode(1)[-1] != "2" else "3")  # wrong check character


def _fonts_missing() -> str | None:
    from casetools.errors import ContentError
    from casetools.handouts import pdf

    try:
        pdf.font_dirs()
    except ContentError as exc:
        return str(exc)
    return None


@pytest.fixture(scope="module")
def pdf_backend() -> None:
    """Skip without the DejaVu fonts, except on CI: there a missing package fails the run."""
    problem = _fonts_missing()
    if problem is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"the handout fonts are missing on CI: {problem}")
    pytest.skip(f"the handout fonts are missing: {problem}")


def loose(text: str) -> str:
    """Text without white space, hyphens and soft hyphens: how to compare hyphenated text."""
    return re.sub(r"[\s\-\u00ad\u2010]", "", text)


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

    def loose(self, pages: Sequence[str] | None = None) -> str:
        """All text of ``pages`` (default: every page), as :func:`loose` compares it."""
        return loose(" ".join(self.pages if pages is None else pages))


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
            assert loose(agency.goal[1:]) in made.roleplay.loose([page])
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


def test_the_pdf_is_tagged_pdf_ua_with_structure_tree_and_language(made: Made) -> None:
    for pdf in (made.roleplay, made.answer_key, made.worksheet):
        root = pdf.reader.root_object
        assert "/StructTreeRoot" in root
        assert bool(root["/MarkInfo"]["/Marked"]) is True
        assert str(root["/Lang"]) == "nl"
        tree = cast("DictionaryObject", root["/StructTreeRoot"].get_object())
        kinds = structure_kinds(tree)
        assert {"/H1", "/H2", "/P", "/Table", "/L"} <= kinds, kinds
        assert "pdfuaid" in root["/Metadata"].get_object().get_data().decode()  # claims PDF/UA-1
    figures = structure_elements(made.roleplay.reader.root_object["/StructTreeRoot"], "/Figure")
    assert len(figures) == len(made.cases)  # one lasso per kit, with its text alternative
    for figure, case in zip(figures, made.cases, strict=True):
        alt = str(figure["/Alt"]).lower()
        assert case.code.lower() in alt
        assert all(a.name.lower() in alt for a in case.agencies)
        assert all(c.kind_label.lower() in alt for c in case.conflicts)


def structure_kinds(node: object) -> set[str]:
    """The structure types (/S) in a structure tree."""
    return {str(e["/S"]) for e in structure_elements(node, None)}


def structure_elements(node: object, kind: str | None) -> list[DictionaryObject]:
    """The structure elements of a tree in reading order, all or those of one type."""
    found: list[DictionaryObject] = []
    stack = [node]
    while stack:
        item = stack.pop()
        item = item.get_object() if hasattr(item, "get_object") else item
        if isinstance(item, ArrayObject):
            stack.extend(reversed(list(item)))
        elif isinstance(item, DictionaryObject):
            if "/S" in item and (kind is None or str(item["/S"]) == kind):
                found.append(item)
            if "/K" in item:
                stack.append(item["/K"])
    return found


def test_typst_has_no_warning_about_our_templates(pdf_backend: None, world: World) -> None:
    import json

    from casetools.handouts.pdf import compile_document

    library = load_library(REPO / "exercises")
    for name, exercises in (("roleplay", []), ("worksheet", [KEY_EXERCISE]),
                            ("answer-key", [KEY_EXERCISE])):  # fmt: skip
        pack = packs.make_pack(name, world, [generate(world, 7)], library, exercises)
        compiled = compile_document(packs.template_dir("nl"), json.dumps(pack.document_data()))
        assert compiled.warnings == [], name


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
        text = made.answer_key.loose(kits(made.answer_key, made.cases)[case.code])
        for conflict in case.conflicts:
            assert loose(conflict.reason) in text
        for reaction in case.referral.reactions:
            assert loose(reaction.tag_label) in text
        for route in case.barrier.primary:
            assert loose(route.name[:1].upper() + route.name[1:]) in text
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
    """A course copy in which the client of seed 7 is called ODD; returns the code."""
    client = generate(world, 7).household.client
    root = tmp_path / "course"
    shutil.copytree(WORLD, root / "casebook" / "world")
    shutil.copytree(REPO / "exercises", root / "exercises")
    (root / "course").mkdir()
    shutil.copy(REPO / "course" / "references.bib", root / "course" / "references.bib")
    household = root / "casebook" / "world" / "household.yaml"
    text, replaced = re.subn(
        rf"\b{re.escape(client.given_name)}\b",
        "'" + ODD.replace("'", "''") + "'",  # single-quoted YAML: the backslash stays
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
        assert "\\<" not in text  # no escape of the Typst markup printed


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


def test_a_broken_template_is_a_content_error_with_file_and_line(
    pdf_backend: None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    broken = tmp_path / "templates"
    shutil.copytree(packs.template_dir("nl"), broken)
    role = broken / "roleplay.typ"
    lines = role.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if 'fact("Jouw opdracht"' in line)
    lines[at] = lines[at].replace("a.goal", "a.no_such_field")
    role.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(packs, "template_dir", lambda lang: broken)
    out = tmp_path / "out"
    assert run(["handouts", "roleplay", "--count", "2", "--out", str(out)]) == 1
    line = one_error_line(capsys.readouterr().err)
    assert f"{role}:{at + 1}:" in line
    assert "template error" in line
    assert "no_such_field" in line
    assert list(out.iterdir()) == []


def test_a_failure_while_writing_leaves_no_half_pdf(
    pdf_backend: None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from casetools import atomic

    def disk_full(_fd: int) -> None:
        msg = "disk full"
        raise OSError(msg)

    monkeypatch.setattr(atomic.os, "fsync", disk_full)  # after the bytes went to the temp file
    out = tmp_path / "out"
    status = main(["handouts", "worksheet", "--codes", encode(1), "--exercise", KEY_EXERCISE,
                   "--out", str(out)])  # fmt: skip
    assert status == 2
    err = capsys.readouterr().err
    assert f"cannot write {out / 'worksheet.pdf'}: disk full" in err
    assert "Traceback" not in err
    assert list(out.iterdir()) == []


# --- the core stays free of PDF libraries, MyST becomes plain text ------------------------


def test_building_pack_data_does_not_import_the_pdf_library() -> None:
    probe = (
        "import sys\n"
        "import casetools.handouts.packs, casetools.cli.handouts\n"
        "assert 'typst' not in sys.modules, 'typst imported'\n"
        "print('ok')\n"
    )
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          cwd=REPO, check=False, timeout=120)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "ok\n"


def test_pack_data_carries_names_as_data_and_escapes_them_in_markup(world: World) -> None:
    variant = generate(world, 7)
    hh = variant.household
    client = dataclasses.replace(hh.members[0], given_name=ODD)
    variant = dataclasses.replace(
        variant, household=dataclasses.replace(hh, members=(client, *hh.members[1:]))
    )
    library = load_library(REPO / "exercises")
    pack = packs.make_pack("answer-key", world, [variant], library, [KEY_EXERCISE])
    data = pack.document_data()
    assert data["variants"][0]["case"]["client"]["given_name"] == ODD  # data, not markup
    key = data["variants"][0]["items"][0]["key"]
    assert escape_typst(ODD) in key  # rendered from Markdown: every mark escaped
    assert ODD not in key


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
    assert to_typst(source, BIB) == escape_typst(plain) + "\n"


def test_markdown_escaping_keeps_every_character() -> None:
    for text in (
        ODD,
        "*nadruk* _x_ [link](y) `code` <b>vet</b> 3. punt",
        "a\\b|c",
        "-- ... 1. = + /",
    ):
        assert to_typst(escape_markdown(text), {}) == escape_typst(text) + "\n"
    assert plain_roles("geen rol", {}) == "geen rol"


@pytest.mark.parametrize(
    ("markdown", "typst_markup"),
    [
        ("*nadruk* en **vet**", "#emph[nadruk] en #strong[vet]"),
        ("- een\n- twee", "- een\n- twee"),
        ("3. drie\n4. vier", "#[#set enum(start: 3)\n+ drie\n+ vier\n]"),
        ("# Kop\n\n### Lager", "#heading(level: 2)[Kop]\n\n#heading(level: 3)[Lager]"),
        ("`a#b`", '#raw("a#b")'),
        ("| a | b |\n|---|---|\n| 1 | 2 |", "#table(columns: 2, table.header([a], [b]), [1], [2])"),
        ("> citaat", "#quote(block: true)[citaat]"),
    ],
)
def test_markdown_becomes_typst_markup(markdown: str, typst_markup: str) -> None:
    assert to_typst(markdown, {}) == typst_markup + "\n"


def test_markdown_markup_prints_its_text_literally(pdf_backend: None) -> None:
    """The renderer's output, evaluated by Typst as the templates do, prints every character."""
    import io

    import typst

    from casetools.handouts.pdf import font_dirs

    source = f"# {escape_markdown(ODD)}\n\n- *{escape_markdown(ODD)}*\n\n| x |\n|---|\n| {escape_markdown(ODD)} |\n"
    document = (
        '#set document(title: "t")\n#set text(font: "DejaVu Sans", lang: "nl")\n'
        '#eval(sys.inputs.markup, mode: "markup")\n'
    )
    pdf = typst.compile(
        document.encode(), font_paths=font_dirs(), sys_inputs={"markup": to_typst(source, {})}
    )
    assert isinstance(pdf, bytes)
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert text.count(ODD) == 3, text


def test_a_pack_is_one_typst_compile(pdf_backend: None, world: World, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    from casetools.handouts import pdf

    calls: list[int] = []
    real = pdf.compile_document

    def counted(*args: object, **kwargs: object) -> pdf.Compiled:
        calls.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pdf, "compile_document", counted)
    library = load_library(REPO / "exercises")
    pack = packs.make_pack("roleplay", world, [generate(world, s) for s in (1, 2, 3)], library, [])
    seen: list[str] = []
    result = pdf.write_pack(
        pack, tmp_path / "roleplay.pdf", seen.append, lambda: seen.append("typesetting")
    )
    assert calls == [1]
    assert seen == [*pack.codes, "typesetting"]  # progress after every variant, then the layout
    assert result.pages == {
        c.code: len(c.agencies) + FIXED_KIT_PAGES for c in (v.case for v in pack.variants)
    }
    assert result.total_pages == len(PdfReader(tmp_path / "roleplay.pdf").pages)


def test_with_source_date_epoch_a_pack_is_the_same_file_byte_for_byte(
    pdf_backend: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    for out in ("a", "b"):
        assert (
            run(["handouts", "roleplay", "--codes", encode(3), "--out", str(tmp_path / out)]) == 0
        )
    first, second = ((tmp_path / out / "roleplay.pdf").read_bytes() for out in ("a", "b"))
    assert first == second
