"""One source: a question says the same on the site, in Moodle and on paper, for each code.

For three gallery codes the text of one variant exercise is taken from the
built student site (the variant's gallery page), from the Moodle XML bank and
from ``casetools render --format html`` (what the worksheets print), and
compared as the words a reader sees. The three codes must also give three
different texts, or the comparison would prove nothing about variants.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from bs4 import BeautifulSoup

from casetools.caseworld.codes import encode
from casetools.cli import main
from casetools.export.html import plain_text

if TYPE_CHECKING:
    from conftest import BuiltSite

pytestmark = [pytest.mark.slow]

REPO = Path(__file__).resolve().parent.parent
EXERCISE = "botsende-eisen-analyseren"
QUIZ = "argyris-begrippenquiz"
CODES = [encode(seed) for seed in (1, 2, 3)]  # the first three gallery pages
QUOTES = str.maketrans("\u2018\u2019\u201c\u201d", "''\"\"")  # Sphinx smart quotes


def words(text: str) -> str:
    return re.sub(r"\s+", " ", text.translate(QUOTES)).strip()


@pytest.fixture(autouse=True)
def real_course(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASETOOLS_ROOT", str(REPO))


@pytest.fixture(scope="module")
def moodle(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    out = tmp_path_factory.mktemp("one-source") / "bank.xml"
    argv = ["export", "moodle", "--codes", ",".join(CODES), "--exercise", EXERCISE]
    assert main([*argv, "--exercise", QUIZ, "--out", str(out)]) == 0
    return {
        q.findtext("idnumber", ""): words(plain_text(q.findtext("questiontext/text", "")))
        for q in ET.parse(out).getroot()
        if q.get("type") != "category"
    }


def printed(code: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["render", EXERCISE, "--code", code, "--format", "html"]) == 0
    return words(plain_text(capsys.readouterr().out))


def on_site(built_site: BuiltSite, code: str) -> str:
    page = built_site.student.outdir / "course" / "galerij" / f"{code}.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    box = soup.find(id=f"opgave-{EXERCISE}")
    assert box is not None, f"{EXERCISE} is not on the gallery page of {code}"
    return words(box.get_text(" "))


def test_the_same_question_for_three_codes(
    built_site: BuiltSite, moodle: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    texts = []
    for code in CODES:
        question = moodle[f"{EXERCISE}@{code}"]
        assert code in question
        assert question in printed(code, capsys), code
        assert question in on_site(built_site, code), code
        texts.append(question.replace(code, ""))
    assert len(set(texts)) == len(CODES), "the codes gave the same text: no variant was read"


def test_a_quiz_question_reads_the_same_on_the_site_and_in_moodle(
    built_site: BuiltSite, moodle: dict[str, str]
) -> None:
    page = built_site.student.outdir / "course" / "modules" / "leren-in-organisaties.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    for n in (1, 3):
        legend = soup.select_one(f"#ex-{QUIZ}-q{n} legend")
        assert legend is not None
        site = words(legend.get_text(" ")).removeprefix(f"Vraag {n}. ")
        assert site == moodle[f"{QUIZ}#{n}"]
