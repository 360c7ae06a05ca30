"""``casetools export moodle``: a Moodle XML question bank, checked against Moodle's format.

Moodle publishes no schema for its XML format; the reference is its importer,
``question/format/xml/format.php`` (with ``qtype_*`` importers). The checks
below are the ones that importer relies on, plus what the issue asks: one
category per module and per variant exercise, one question per code, feedback
per option, grader-only keys and rubrics, ``idnumber`` = ``exercise@code``,
tags. The one PyPI package found that reads Moodle XML banks, moodle-xml-parser,
reads multichoice (and cloze) only; it checks the choice questions, the
structural checks here cover the rest.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

from casetools.caseworld.codes import encode
from casetools.cli import main
from casetools.export.html import plain_text
from casetools.export.moodle import fraction_percent
from casetools.library.exercises import BLOOM, KINDS, MODULES, load_library

REPO = Path(__file__).resolve().parent.parent
LIBRARY = load_library(REPO / "exercises")
CODES = [encode(seed) for seed in (1, 2, 3)]
QTYPES = {"category", "multichoice", "matching", "essay"}
# question_bank::fraction_options_full(), as percentages
FRACTIONS = {
    100.0, 90.0, 83.33333, 80.0, 75.0, 70.0, 66.66667, 60.0, 50.0, 40.0, 33.33333, 30.0, 25.0,
    20.0, 16.66667, 14.28571, 12.5, 11.11111, 10.0, 5.0, 0.0,
}  # fmt: skip
RESPONSE_FORMATS = {"editor", "editorfilepicker", "plain", "monospaced", "noinline"}


@pytest.fixture(autouse=True)
def real_course(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASETOOLS_ROOT", str(REPO))


@pytest.fixture(scope="module")
def bank(tmp_path_factory: pytest.TempPathFactory) -> ET.Element:
    out = tmp_path_factory.mktemp("moodle") / "bank.xml"
    assert main(["export", "moodle", "--codes", ",".join(CODES), "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    return ET.parse(out).getroot()


def text_of(el: ET.Element, path: str) -> str:
    found = el.find(path)
    assert found is not None, f"missing {path}"
    return found.text or ""


def questions(bank: ET.Element) -> list[tuple[str, ET.Element]]:
    """(category path, question) for every question, as Moodle's importer assigns them."""
    result, category = [], ""
    for q in bank:
        assert q.tag == "question", q.tag
        if q.get("type") == "category":
            category = text_of(q, "category/text")
        else:
            assert category, "a question before the first category"
            result.append((category, q))
    return result


def test_every_element_is_one_moodle_reads(bank: ET.Element) -> None:
    assert bank.tag == "quiz"
    for q in bank:
        assert q.get("type") in QTYPES
    for _, q in questions(bank):
        assert text_of(q, "name/text").strip()
        assert q.find("questiontext").get("format") == "html"  # type: ignore[union-attr]
        assert plain_text(text_of(q, "questiontext/text"))
        assert q.find("generalfeedback/text") is not None
        assert float(text_of(q, "defaultgrade")) == 1
        assert 0 <= float(text_of(q, "penalty")) <= 1
        assert text_of(q, "hidden") == "0"
        assert 0 < len(text_of(q, "idnumber")) <= 100  # mdl_question.idnumber is 100 chars


def test_categories_per_module_and_exercise(bank: ET.Element) -> None:
    by_category = Counter(category for category, _ in questions(bank))
    for ex in LIBRARY.exercises:
        names = (MODULES[ex.module], ex.title)
        path = "$course$/top/" + "/".join(n.replace("/", "//") for n in names)
        expected = len(ex.quiz) if ex.quiz else len(CODES) if ex.uses_variant else 1
        assert by_category[path] == expected, path
    assert len(by_category) == len(LIBRARY.exercises)


def test_one_question_per_code_with_idnumber(bank: ET.Element) -> None:
    ids = [text_of(q, "idnumber") for _, q in questions(bank)]
    assert len(ids) == len(set(ids))
    variant = [ex for ex in LIBRARY.exercises if ex.uses_variant and not ex.quiz]
    for ex in variant:
        for code in CODES:
            assert f"{ex.id}@{code}" in ids
    for _, q in questions(bank):
        idnumber = text_of(q, "idnumber")
        if "@" in idnumber:
            code = idnumber.split("@")[1]
            assert code in plain_text(text_of(q, "questiontext/text")), idnumber


def test_tags_carry_module_kind_and_bloom(bank: ET.Element) -> None:
    by_id = {ex.id: ex for ex in LIBRARY.exercises}
    for _, q in questions(bank):
        ex = by_id[text_of(q, "idnumber").split("@")[0].split("#")[0]]
        tags = {t.text for t in q.iterfind("tags/tag/text")}
        assert {
            f"module:{ex.module}",
            f"soort:{KINDS[ex.kind]}",
            f"bloom:{BLOOM[ex.bloom]}",
        } <= tags


def test_multichoice_has_valid_fractions_and_feedback_per_option(bank: ET.Element) -> None:
    seen = 0
    for _, q in questions(bank):
        if q.get("type") != "multichoice":
            continue
        seen += 1
        assert text_of(q, "single") in {"true", "false"}
        assert text_of(q, "answernumbering") in {"abc", "ABCD", "123", "iii", "IIII", "none"}
        answers = q.findall("answer")
        assert len(answers) >= 2
        fractions = [float(a.get("fraction", "x")) for a in answers]
        assert all(abs(f) in FRACTIONS for f in fractions), fractions
        assert sum(f for f in fractions if f > 0) == pytest.approx(100, abs=0.01)
        for a in answers:
            assert plain_text(text_of(a, "text"))
            assert plain_text(text_of(a, "feedback/text")), "every option has its feedback"
        for tag in ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback"):
            assert plain_text(text_of(q, f"{tag}/text"))
    assert seen == sum(1 for ex in LIBRARY.exercises for i in ex.quiz if i.type == "choice")


def test_matching_has_pairs_and_their_feedback(bank: ET.Element) -> None:
    seen = 0
    for _, q in questions(bank):
        if q.get("type") != "matching":
            continue
        seen += 1
        subs = q.findall("subquestion")
        # qtype_match's form asks for at least two questions and three answers
        assert len(subs) >= 3
        feedback = plain_text(text_of(q, "generalfeedback/text"))
        for sub in subs:
            answer = text_of(sub, "answer/text")
            assert answer
            assert plain_text(answer) in feedback
    assert seen == sum(1 for ex in LIBRARY.exercises for i in ex.quiz if i.type == "matching")


def test_keys_and_rubrics_only_in_graderinfo(bank: ET.Element) -> None:
    by_id = {ex.id: ex for ex in LIBRARY.exercises}
    for _, q in questions(bank):
        if q.get("type") != "essay":
            continue
        assert text_of(q, "responseformat") in RESPONSE_FORMATS
        assert q.find("graderinfo").get("format") == "html"  # type: ignore[union-attr]
        ex = by_id[text_of(q, "idnumber").split("@")[0]]
        grader = plain_text(text_of(q, "graderinfo/text"))
        student = plain_text(text_of(q, "questiontext/text") + text_of(q, "generalfeedback/text"))
        if ex.rubric:
            for criterion in ex.rubric.criteria:
                assert criterion.descriptors[0] in grader
                assert criterion.descriptors[0] not in student
        if ex.is_assignment:
            assert "Antwoordsleutel" in grader or ex.rubric
            assert text_of(q, "generalfeedback/text") == ""


def test_html_is_escaped_and_well_formed(bank: ET.Element) -> None:
    for _, q in questions(bank):
        for el in q.iter("text"):
            html = el.text or ""
            ET.fromstring(f"<div>{html}</div>")  # XHTML: parses as XML


def test_fractions_round_to_moodle_options() -> None:
    assert fraction_percent(1) == "100"
    assert fraction_percent(1 / 3) == "33.33333"
    assert fraction_percent(0.26) == "25"


def test_a_third_party_moodle_reader_gets_every_choice_question(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """moodle-xml-parser (PyPI, MIT) reads multichoice questions; it prints and skips what it cannot parse."""
    from moodle_xml_parser.parser import parse_bytes

    out = tmp_path / "quiz.xml"
    order = list(MODULES)  # the bank lists modules in course order
    quizzes = sorted(
        (ex for ex in LIBRARY.exercises if ex.quiz), key=lambda e: order.index(e.module)
    )
    argv = ["export", "moodle", "--count", "1", "--out", str(out)]
    assert main([*argv[:4], *(a for ex in quizzes for a in ("--exercise", ex.id)), *argv[4:]]) == 0
    capsys.readouterr()
    parsed = parse_bytes(out.read_bytes())["multichoice"]
    assert capsys.readouterr().out == "", "the reader reported questions it could not parse"
    expected = [item for ex in quizzes for item in ex.quiz if item.type == "choice"]
    assert len(parsed) == len(expected)
    for question, item in zip(parsed, expected, strict=True):
        assert question.single is True
        assert plain_text(question.text_pre_parse) == plain_text(item.question)
        for option, source in zip(question.options, item.options, strict=True):
            assert plain_text(option.answer) == plain_text(source.text)
            assert option.score_fraction == (100 if source.correct else 0)
            assert plain_text(option.feedback or "") == plain_text(source.feedback)
