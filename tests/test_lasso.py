"""The lasso diagram: valid, stable, readable SVG that names every agency and marks every conflict."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path

from casetools.caseworld.generate import generate
from casetools.caseworld.lasso import MIN_FONT, WIDTH, lasso_svg, lasso_text
from casetools.caseworld.views import AgencyView, CaseView, build_view
from casetools.caseworld.world import World, load_world

REPO = Path(__file__).resolve().parent.parent
SVG = "{http://www.w3.org/2000/svg}"
SEEDS = range(200)
MARKER_RADIUS = 14  # the circle that carries a conflict's number
# Print: an A4 page (210 mm) less two margins of 25 mm leaves a 160 mm text width.
A4_TEXT_WIDTH_MM = 210 - 2 * 25
MM_PER_PT = 25.4 / 72


@cache
def _world() -> World:
    return load_world(REPO / "casebook" / "world")


@cache
def _view(seed: int) -> CaseView:
    return build_view(_world(), generate(_world(), seed))


def _upfirst(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lines(element: ET.Element) -> str:
    """The text of one ``<text>``: its ``<tspan>`` lines joined with spaces."""
    return " ".join(span.text or "" for span in element.iter(f"{SVG}tspan"))


def _parse(case: CaseView) -> ET.Element:
    root = ET.fromstring(lasso_svg(case))
    assert root.tag == f"{SVG}svg"
    return root


def _groups(root: ET.Element, kind: str) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if g.get("class") == kind]


def _box_names(root: ET.Element) -> list[str]:
    return [_lines(g.findall(f"{SVG}text")[0]) for g in _groups(root, "agency")]


def _dashed(root: ET.Element) -> list[ET.Element]:
    return [p for p in root.iter(f"{SVG}path") if p.get("stroke-dasharray")]


def _markers(root: ET.Element) -> list[tuple[float, float]]:
    return [
        (float(c.get("cx", "nan")), float(c.get("cy", "nan")))
        for c in root.iter(f"{SVG}circle")
        if c.get("r") == str(MARKER_RADIUS)
    ]


def test_svg_parses_and_is_byte_identical_on_every_call() -> None:
    for seed in range(50):
        case = _view(seed)
        svg = lasso_svg(case)
        _parse(case)
        assert lasso_svg(case) == svg
        # A view built anew from the same seed draws the same bytes.
        assert lasso_svg(build_view(_world(), generate(_world(), seed))) == svg


def test_svg_names_every_agency_and_the_code() -> None:
    for seed in SEEDS:
        case = _view(seed)
        root = _parse(case)
        assert _box_names(root) == [_upfirst(a.name) for a in case.agencies], case.code
        texts = [_lines(t) for t in root.iter(f"{SVG}text")]
        assert f"Casusvariant {case.code} · fictief huishouden" in texts
        assert case.client.full_name in texts
        title = root.find(f"{SVG}title")
        assert title is not None
        assert root.get("role") == "img"
        assert root.get("aria-labelledby") == title.get("id")
        assert f"casusvariant {case.code}:" in (title.text or "")


def test_one_dashed_path_and_one_numbered_marker_per_conflict() -> None:
    for seed in SEEDS:
        case = _view(seed)
        root = _parse(case)
        assert len(_dashed(root)) == len(case.conflicts), case.code
        assert len(_markers(root)) == len(case.conflicts)
        texts = [_lines(t) for t in root.iter(f"{SVG}text")]
        for n, conflict in enumerate(case.conflicts, start=1):
            assert str(n) in texts
            legend = (
                f"{n}. {_upfirst(conflict.first.name)} ↔ {conflict.second.name}: "
                f"{conflict.kind_label}"
            )
            assert legend in texts  # wrapped over lines maybe, but whole


def test_names_with_markup_characters_are_escaped() -> None:
    case = _view(7)
    odd = "zorg & <welzijn> \"samen\" 'wijk'"
    first = case.agencies[0]
    renamed = dataclasses.replace(first, name=odd)

    def swap(agency: AgencyView) -> AgencyView:
        return renamed if agency.id == first.id else agency

    client = dataclasses.replace(case.client, full_name="Anna <b>&amp;</b> Bo")
    case = dataclasses.replace(
        case,
        client=client,
        agencies=tuple(swap(a) for a in case.agencies),
        conflicts=tuple(
            dataclasses.replace(c, first=swap(c.first), second=swap(c.second))
            for c in case.conflicts
        ),
    )
    svg = lasso_svg(case)
    assert "<welzijn>" not in svg
    assert "<b>" not in svg
    root = _parse(case)  # still well-formed XML
    assert _box_names(root)[0] == _upfirst(odd)
    texts = [_lines(t) for t in root.iter(f"{SVG}text")]
    assert "Anna <b>&amp;</b> Bo" in texts
    title = root.find(f"{SVG}title")
    assert title is not None
    assert "Anna <b>&amp;</b> Bo" in (title.text or "")
    if any(first.id in (c.first.id, c.second.id) for c in case.conflicts):
        assert any(odd in t or _upfirst(odd) in t for t in texts)


def _boxes(root: ET.Element, kind: str) -> list[tuple[float, float, float, float]]:
    """(left, top, right, bottom) of the rectangle of every group of ``kind``."""
    found = []
    for g in _groups(root, kind):
        rect = g.find(f"{SVG}rect")
        assert rect is not None
        x, y = float(rect.get("x", "nan")), float(rect.get("y", "nan"))
        found.append(
            (x, y, x + float(rect.get("width", "nan")), y + float(rect.get("height", "nan")))
        )
    return found


def _size(root: ET.Element) -> tuple[float, float]:
    _, _, width, height = (float(v) for v in root.get("viewBox", "").split())
    return width, height


def test_smallest_text_is_12_px_on_screen_and_8_pt_on_a4() -> None:
    """The arithmetic: the smallest font, scaled with the drawing to the A4 text width.

    On screen the SVG is shown at its natural width (``WIDTH`` CSS px; a
    browser test checks this on a gallery page), so a font of ``MIN_FONT``
    units is ``MIN_FONT`` px. In print the drawing spans the text width,
    160 mm: one unit is 160 / WIDTH mm, and a point is 25.4 / 72 mm.
    """
    smallest = min(
        float(t.get("font-size", "0"))
        for seed in SEEDS
        for t in _parse(_view(seed)).iter(f"{SVG}text")
    )
    assert smallest == MIN_FONT
    assert smallest >= 12
    printed_pt = smallest * (A4_TEXT_WIDTH_MM / WIDTH) / MM_PER_PT
    assert printed_pt >= 8, f"{smallest} units print at {printed_pt:.2f} pt"
    for seed in SEEDS:
        assert _size(_parse(_view(seed)))[0] == WIDTH


def test_every_label_is_whole() -> None:
    for seed in SEEDS:
        case = _view(seed)
        root = _parse(case)
        assert "…" not in lasso_svg(case)
        demands = [_lines(g.findall(f"{SVG}text")[1]) for g in _groups(root, "agency")]
        assert demands == [f"Vraagt: {a.demand}" for a in case.agencies], case.code
        client = [_lines(t) for g in _groups(root, "client") for t in g.iter(f"{SVG}text")]
        assert client == [case.client.full_name, f"huishouden: {case.composition}"]


def test_boxes_markers_and_client_keep_apart_inside_the_drawing() -> None:
    problems = []
    for seed in range(300):
        case = _view(seed)
        root = _parse(case)
        width, height = _size(root)
        boxes = _boxes(root, "agency") + _boxes(root, "client")
        for i, (l1, t1, r1, b1) in enumerate(boxes):
            if l1 < 0 or t1 < 0 or r1 > width or b1 > height:
                problems.append(f"{case.code}: box {i} leaves the drawing")
            for l2, t2, r2, b2 in boxes[i + 1 :]:
                if l1 < r2 and l2 < r1 and t1 < b2 and t2 < b1:
                    problems.append(f"{case.code}: two boxes overlap")
        for n, (x, y) in enumerate(_markers(root), start=1):
            r = MARKER_RADIUS
            if not (r <= x <= width - r and r <= y <= height - r):
                problems.append(f"{case.code}: marker {n} leaves the drawing")
            if any(l - r < x < rt + r and t - r < y < b + r for l, t, rt, b in boxes):
                problems.append(f"{case.code}: marker {n} lies on a box")
    assert not problems, f"{len(problems)} problems: {problems[:5]}"


def _with_agencies(case: CaseView, count: int) -> CaseView:
    """The case with ``count`` agencies (taken from other seeds when it has too few)."""
    pool: list[AgencyView] = []
    for seed in range(40):
        for agency in _view(seed).agencies:
            if all(a.id != agency.id for a in pool):
                pool.append(agency)
    chosen = tuple(pool[:count])
    conflicts = tuple(
        dataclasses.replace(c, first=chosen[0], second=chosen[-1])
        for c in case.conflicts[: 1 if count > 1 else 0]
    )
    return dataclasses.replace(case, agencies=chosen, conflicts=conflicts)


def test_the_drawing_grows_with_the_number_of_agencies() -> None:
    heights = []
    for count in range(1, 7):
        case = _with_agencies(_view(3), count)
        root = _parse(case)
        assert _box_names(root) == [_upfirst(a.name) for a in case.agencies]
        boxes = _boxes(root, "agency") + _boxes(root, "client")
        for i, (l1, t1, r1, b1) in enumerate(boxes):
            for l2, t2, r2, b2 in boxes[i + 1 :]:
                assert not (l1 < r2 and l2 < r1 and t1 < b2 and t2 < b1), f"{count} agencies"
        heights.append(_size(root)[1])
    assert heights[-1] > heights[1], heights


def test_text_alternative_says_what_the_drawing_shows() -> None:
    for seed in SEEDS:
        case = _view(seed)
        text = lasso_text(case)
        lines = text.splitlines()
        assert len(lines) == 1 + len(case.agencies) + len(case.conflicts)
        assert case.code in lines[0]
        assert "fictief" in lines[0]
        assert case.client.full_name in lines[0]
        assert f"{len(case.agencies)} instanties" in lines[0]
        for agency, line in zip(case.agencies, lines[1:], strict=False):
            assert line == f"{_upfirst(agency.name)} vraagt: {agency.demand}."
        for n, (conflict, line) in enumerate(
            zip(case.conflicts, lines[1 + len(case.agencies) :], strict=True), start=1
        ):
            assert line.startswith(f"Botsing {n} ({conflict.kind_label}): ")
            assert conflict.first.definite in line
            assert conflict.second.definite in line
        desc = _parse(case).find(f"{SVG}desc")
        assert desc is not None
        assert desc.text == " ".join(lines)
        assert _parse(case).get("aria-describedby") == desc.get("id")
