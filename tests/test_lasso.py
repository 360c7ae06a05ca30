"""The lasso diagram: valid, stable SVG that names every agency and marks every conflict."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path

from casetools.caseworld.generate import generate
from casetools.caseworld.lasso import CLIENT_RX, CLIENT_RY, CX, CY, lasso_svg
from casetools.caseworld.views import AgencyView, CaseView, build_view
from casetools.caseworld.world import World, load_world

REPO = Path(__file__).resolve().parent.parent
SVG = "{http://www.w3.org/2000/svg}"
SEEDS = range(200)
MARKER_RADIUS = 13  # the circle that carries a conflict's number


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


def _box_names(root: ET.Element) -> list[str]:
    return [_lines(g.findall(f"{SVG}text")[0]) for g in root.iter(f"{SVG}g")]


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
        assert title.text == root.get("aria-label")
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
            assert legend in texts


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
    assert "Anna <b>&amp;</b> Bo" in (root.get("aria-label") or "")
    if any(first.id in (c.first.id, c.second.id) for c in case.conflicts):
        assert any(odd in t or _upfirst(odd) in t for t in texts)


def test_every_conflict_marker_is_visible_outside_the_client() -> None:
    hidden = []
    for seed in range(300):
        case = _view(seed)
        for n, (x, y) in enumerate(_markers(_parse(case)), start=1):
            rx, ry = CLIENT_RX + MARKER_RADIUS, CLIENT_RY + MARKER_RADIUS
            if ((x - CX) / rx) ** 2 + ((y - CY) / ry) ** 2 < 1:
                hidden.append(f"{case.code} conflict {n}")
    assert not hidden, f"{len(hidden)} markers under the client: {hidden[:5]}"
