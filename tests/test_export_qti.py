"""``casetools export qti``: IMS content packages with QTI 2.1 and QTI 3.0 items.

No PyPI package ships the 1EdTech XSDs (and their licence needs checking before
vendoring), so the tests check the package structure and the QTI content model
the items use, and round-trip every item through Citolab's converter
(``citolab-qti-convert``, a test dependency): its QTI 3.0 upgrade of our 2.1
item must equal our own 3.0 item, and its downgrade of our 3.0 item must give
back our 2.1 item without warnings.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from qti_convert import convert_qti3_to_qti21, upgrade_package_files, upgrade_qti2_to_qti3

from casetools.caseworld.codes import encode
from casetools.cli import main
from casetools.export.html import plain_text
from casetools.library.exercises import load_library

REPO = Path(__file__).resolve().parent.parent
LIBRARY = load_library(REPO / "exercises")
CODES = [encode(seed) for seed in (1, 2)]
QTI21 = "{http://www.imsglobal.org/xsd/imsqti_v2p1}"
QTI3 = "{http://www.imsglobal.org/xsd/imsqtiasi_v3p0}"
CP21 = "{http://www.imsglobal.org/xsd/imscp_v1p1}"
CP3 = "{http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1}"
SPACE = re.compile(r"\s+")


@pytest.fixture(autouse=True)
def real_course(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASETOOLS_ROOT", str(REPO))


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, bytes], dict[str, bytes]]:
    out = tmp_path_factory.mktemp("qti") / "bank.zip"
    assert main(["export", "qti", "--codes", ",".join(CODES), "--out", str(out)]) == 0
    result = []
    for path in (out, out.with_name("bank-qti3.zip")):
        with zipfile.ZipFile(path) as archive:
            assert archive.testzip() is None
            result.append({name: archive.read(name) for name in archive.namelist()})
    return result[0], result[1]


def canonical(xml: bytes | str) -> object:
    """Tag, attributes, whitespace-collapsed text and children: equal when the content is."""
    root = ET.fromstring(xml.encode() if isinstance(xml, str) else xml)

    def norm(text: str | None) -> str:
        return SPACE.sub(" ", text or "").strip()

    def walk(el: ET.Element) -> object:
        return (
            el.tag,
            sorted(el.attrib.items()),
            norm(el.text),
            [walk(c) for c in el],
            norm(el.tail),
        )

    return walk(root)


def check_manifest(files: dict[str, bytes], cp: str, item_type: str) -> list[str]:
    manifest = ET.fromstring(files["imsmanifest.xml"])
    assert manifest.tag == f"{cp}manifest"
    assert manifest.find(f"{cp}organizations") is not None
    resources = manifest.findall(f"{cp}resources/{cp}resource")
    hrefs = []
    for r in resources:
        assert r.get("type") == item_type
        href = r.get("href", "")
        assert href in files, href
        assert [f.get("href") for f in r.findall(f"{cp}file")] == [href]
        hrefs.append(href)
    ids = [r.get("identifier") for r in resources]
    assert len(ids) == len(set(ids))
    assert sorted(hrefs) == sorted(n for n in files if n != "imsmanifest.xml")
    return hrefs


def test_the_qti21_package_lists_every_item(packages: tuple[dict[str, bytes], ...]) -> None:
    hrefs = check_manifest(packages[0], CP21, "imsqti_item_xmlv2p1")
    expected = sum(
        len(ex.quiz) or (len(CODES) if ex.uses_variant else 1) for ex in LIBRARY.exercises
    )
    assert len(hrefs) == expected


def test_the_qti3_package_lists_the_same_items(packages: tuple[dict[str, bytes], ...]) -> None:
    assert check_manifest(packages[1], CP3, "imsqti_item_xmlv3p0") == check_manifest(
        packages[0], CP21, "imsqti_item_xmlv2p1"
    )


def items21(packages: tuple[dict[str, bytes], ...]) -> dict[str, ET.Element]:
    return {n: ET.fromstring(d) for n, d in packages[0].items() if n.startswith("items/")}


def test_choice_items_are_scored_with_feedback_per_option(
    packages: tuple[dict[str, bytes], ...],
) -> None:
    seen = 0
    for name, item in items21(packages).items():
        interaction = item.find(f"{QTI21}itemBody/{QTI21}choiceInteraction")
        if interaction is None:
            continue
        seen += 1
        assert item.tag == f"{QTI21}assessmentItem"
        choices = [c.get("identifier") for c in interaction.iter(f"{QTI21}simpleChoice")]
        correct = [v.text for v in item.iter(f"{QTI21}value") if v.text in choices]
        assert correct, name
        feedback = [f.get("identifier") for f in item.findall(f"{QTI21}modalFeedback")]
        assert feedback == choices, name
        assert item.find(f"{QTI21}responseProcessing//{QTI21}correct") is not None
    assert seen == sum(1 for ex in LIBRARY.exercises for i in ex.quiz if i.type == "choice")


def test_match_items_map_each_right_pair(packages: tuple[dict[str, bytes], ...]) -> None:
    seen = 0
    for name, item in items21(packages).items():
        interaction = item.find(f"{QTI21}itemBody/{QTI21}matchInteraction")
        if interaction is None:
            continue
        seen += 1
        sets = interaction.findall(f"{QTI21}simpleMatchSet")
        assert len(sets) == 2
        left, right = ({c.get("identifier") for c in s} for s in sets)
        values = item.findall(f"{QTI21}responseDeclaration/{QTI21}correctResponse/{QTI21}value")
        assert len(values) == len(left), name
        for value in values:
            source, target = (value.text or "").split()
            assert source in left, name
            assert target in right, name
        assert item.find(f"{QTI21}responseProcessing//{QTI21}mapResponse") is not None
    assert seen == sum(1 for ex in LIBRARY.exercises for i in ex.quiz if i.type == "matching")


def test_essay_rubrics_are_for_scorers_only(packages: tuple[dict[str, bytes], ...]) -> None:
    by_id = {ex.id: ex for ex in LIBRARY.exercises}
    for name, item in items21(packages).items():
        body = item.find(f"{QTI21}itemBody")
        assert body is not None
        if body.find(f"{QTI21}extendedTextInteraction") is None:
            continue
        ex = by_id[Path(name).stem.split("--")[0]]
        rubric = body.find(f"{QTI21}rubricBlock")
        if not ex.rubric and not ex.is_assignment:
            continue
        assert rubric is not None, name
        assert rubric.get("view") == "scorer", name
        scorer_text = plain_text(ET.tostring(rubric, encoding="unicode"))
        body.remove(rubric)
        rest = plain_text(ET.tostring(item, encoding="unicode"))
        for criterion in ex.rubric.criteria if ex.rubric else ():
            assert criterion.descriptors[-1] in scorer_text
            assert criterion.descriptors[-1] not in rest, name


def test_citolab_upgrade_of_our_qti21_equals_our_qti3(
    packages: tuple[dict[str, bytes], ...],
) -> None:
    for name, data in packages[0].items():
        if not name.startswith("items/"):
            continue
        ours = ET.fromstring(packages[1][name])
        for declaration in ours.iter(f"{QTI3}qti-outcome-declaration"):
            # QTI 3 can say what 2.1 cannot: a person gives the score
            declaration.attrib.pop("external-scored", None)
        assert canonical(upgrade_qti2_to_qti3(data)) == canonical(ET.tostring(ours)), name


def test_citolab_downgrade_of_our_qti3_gives_our_qti21(
    packages: tuple[dict[str, bytes], ...],
) -> None:
    for name, data in packages[1].items():
        if not name.startswith("items/"):
            continue
        result = convert_qti3_to_qti21(data)
        # Only the two QTI 3 attributes 2.1 has no place for may be dropped.
        dropped = {w.message.split('"')[1] for w in result.warnings}
        assert {w.code for w in result.warnings} <= {"removed-attribute"}, result.warnings
        assert dropped <= {"external-scored", "use"}, (name, result.warnings)
        assert canonical(result.xml) == canonical(packages[0][name]), name


def test_citolab_upgrades_our_package_manifest(packages: tuple[dict[str, bytes], ...]) -> None:
    upgraded = upgrade_package_files(dict(packages[0])).files
    manifest = upgraded["imsmanifest.xml"]
    root = ET.fromstring(manifest if isinstance(manifest, bytes) else manifest.encode())
    types = {r.get("type") for r in root.iter(f"{CP3}resource")}
    assert types == {"imsqti_item_xmlv3p0"}
    assert sorted(n for n in upgraded if n.startswith("items/")) == sorted(
        n for n in packages[1] if n.startswith("items/")
    )
