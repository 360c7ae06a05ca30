"""Moodle XML: a question bank with one category per module and per exercise.

Moodle's XML format has no schema; the reference is Moodle's importer
(``question/format/xml/format.php``). What it reads and this module writes:

- ``<question type="category">`` with a ``$course$/top/...`` path before the
  questions of that category, so a quiz's "random question from category"
  gives each student one variant of an exercise;
- ``multichoice`` with a fraction and feedback per answer; ``matching`` with
  subquestions (Moodle has no per-pair feedback, so the pair feedback is the
  general feedback, shown after the attempt); ``essay`` with the key, rubric
  and notes in ``graderinfo``, which only graders see;
- ``idnumber`` (``exercise@code``) and ``tags`` on every question.

Texts are HTML, escaped as XML text by ElementTree (equivalent to CDATA for
Moodle's parser).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

from casetools.export.bank import BankQuestion

# Moodle accepts only these answer fractions (question_bank::fraction_options_full).
_FRACTIONS = (
    1.0, 0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4, 0.3333333, 0.3, 0.25, 0.2,
    0.1666667, 0.1428571, 0.125, 0.1111111, 0.1, 0.05,
)  # fmt: skip
CORRECT = "Je antwoord is juist."
PARTLY = "Je antwoord is gedeeltelijk juist."
INCORRECT = "Je antwoord is niet juist. Lees de feedback en probeer het opnieuw."


def moodle_xml(questions: Sequence[BankQuestion]) -> bytes:
    """The whole bank as a Moodle XML document (UTF-8)."""
    quiz = ET.Element("quiz")
    current: tuple[str, ...] = ()
    for q in questions:
        if q.category != current:
            current = q.category
            quiz.append(ET.Comment(f" {' / '.join(current)} "))
            quiz.append(_category(current))
        quiz.append(_question(q))
    ET.indent(quiz)
    return _bytes(quiz)


def category_path(names: Sequence[str]) -> str:
    """A Moodle category path; a ``/`` inside a name is written ``//``."""
    return "/".join(["$course$", "top", *(n.replace("/", "//") for n in names)])


def _category(names: Sequence[str]) -> ET.Element:
    question = ET.Element("question", type="category")
    _text(ET.SubElement(question, "category"), category_path(names))
    info = ET.SubElement(question, "info", format="html")
    _text(info, "")
    return question


def _question(q: BankQuestion) -> ET.Element:
    qtype = {"choice": "multichoice", "matching": "matching", "essay": "essay"}[q.type]
    el = ET.Element("question", type=qtype)
    _text(ET.SubElement(el, "name"), q.name)
    _text(ET.SubElement(el, "questiontext", format="html"), q.text_html)
    _text(ET.SubElement(el, "generalfeedback", format="html"), q.feedback_html)
    ET.SubElement(el, "defaultgrade").text = "1"
    ET.SubElement(el, "penalty").text = "0" if q.type == "essay" else "0.3333333"
    ET.SubElement(el, "hidden").text = "0"
    ET.SubElement(el, "idnumber").text = q.idnumber
    if q.type == "choice":
        _multichoice(el, q)
    elif q.type == "matching":
        _matching(el, q)
    else:
        _essay(el, q)
    tags = ET.SubElement(el, "tags")
    for tag in q.tags:
        _text(ET.SubElement(tags, "tag"), tag)
    return el


def _multichoice(el: ET.Element, q: BankQuestion) -> None:
    right = sum(c.correct for c in q.choices)
    wrong = len(q.choices) - right
    ET.SubElement(el, "single").text = "true" if right == 1 else "false"
    ET.SubElement(el, "shuffleanswers").text = "true"
    ET.SubElement(el, "answernumbering").text = "ABCD"
    ET.SubElement(el, "showstandardinstruction").text = "0"
    _combined_feedback(el)
    for c in q.choices:
        if c.correct:
            fraction = fraction_percent(1 / right)
        elif right == 1 or wrong == 0:
            fraction = "0"
        else:
            fraction = "-" + fraction_percent(1 / wrong)
        answer = ET.SubElement(el, "answer", fraction=fraction, format="html")
        _text(answer, c.html)
        _text(ET.SubElement(answer, "feedback", format="html"), c.feedback_html)


def _matching(el: ET.Element, q: BankQuestion) -> None:
    ET.SubElement(el, "shuffleanswers").text = "true"
    _combined_feedback(el)
    for p in q.pairs:
        sub = ET.SubElement(el, "subquestion", format="html")
        _text(sub, p.html)
        _text(ET.SubElement(sub, "answer"), p.match)


def _essay(el: ET.Element, q: BankQuestion) -> None:
    for tag, value in (
        ("responseformat", "editor"),
        ("responserequired", "1"),
        ("responsefieldlines", "15"),
        ("attachments", "0"),
        ("attachmentsrequired", "0"),
        ("maxbytes", "0"),
        ("filetypeslist", ""),
    ):
        ET.SubElement(el, tag).text = value
    _text(ET.SubElement(el, "graderinfo", format="html"), q.grader_html)
    _text(ET.SubElement(el, "responsetemplate", format="html"), "")


def _combined_feedback(el: ET.Element) -> None:
    for tag, text in (
        ("correctfeedback", CORRECT),
        ("partiallycorrectfeedback", PARTLY),
        ("incorrectfeedback", INCORRECT),
    ):
        _text(ET.SubElement(el, tag, format="html"), f"<p>{text}</p>")
    ET.SubElement(el, "shownumcorrect")


def fraction_percent(share: float) -> str:
    """The Moodle grade option nearest to ``share`` (0-1), as a percentage string."""
    nearest = min(_FRACTIONS, key=lambda f: abs(f - share))
    return f"{nearest * 100:.5f}".rstrip("0").rstrip(".")


def _text(parent: ET.Element, value: str) -> None:
    ET.SubElement(parent, "text").text = value


def _bytes(root: ET.Element) -> bytes:
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data + b"\n"
