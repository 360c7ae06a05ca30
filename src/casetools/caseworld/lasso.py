"""The lasso diagram: the client at the centre, the agencies around, conflicts marked.

Elahi's metaphor (in the source article) pictured as a drawing: every agency
throws its own rope around the client. The SVG is a pure function of the case
view, so the same code always gives the same bytes; it uses line styles, not
colour, so it stays readable when printed in black and white.
"""

from __future__ import annotations

import math
import textwrap
from xml.sax.saxutils import escape, quoteattr

from casetools.caseworld.views import AgencyView, CaseView

WIDTH, HEIGHT = 960, 700
CX, CY = WIDTH / 2, 300
RX, RY = 330, 215  # radii of the ring the agencies sit on
BOX_W, BOX_H = 230, 92
CLIENT_RX, CLIENT_RY = 112, 46
LEGEND_TOP = 600
MARKER_CLEARANCE = 21  # marker radius plus a margin around the client ellipse
FONT = "font-family:'DejaVu Sans',Arial,sans-serif"


def _n(x: float) -> str:
    return f"{x:.1f}"


def _lines(text: str, width: int, limit: int) -> list[str]:
    lines = textwrap.wrap(text, width=width)
    if len(lines) > limit:
        lines = [
            *lines[: limit - 1],
            textwrap.shorten(" ".join(lines[limit - 1 :]), width=width, placeholder=" …"),
        ]
    return lines


def _text(
    x: float, y: float, lines: list[str], size: float, weight: str = "normal", leading: float = 1.25
) -> str:
    spans = "".join(
        f'<tspan x="{_n(x)}" dy="{_n(0 if i == 0 else size * leading)}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return f'<text x="{_n(x)}" y="{_n(y)}" font-size="{size}" font-weight="{weight}" text-anchor="middle" style="{FONT}">{spans}</text>'


def _positions(count: int) -> list[tuple[float, float]]:
    return [
        (
            CX + RX * math.cos(-math.pi / 2 + 2 * math.pi * i / count),
            CY + RY * math.sin(-math.pi / 2 + 2 * math.pi * i / count),
        )
        for i in range(count)
    ]


def _edge_point(
    cx: float, cy: float, tx: float, ty: float, rx: float, ry: float
) -> tuple[float, float]:
    """Where the line from an ellipse's centre towards (tx, ty) leaves the ellipse."""
    angle = math.atan2((ty - cy) / ry, (tx - cx) / rx)
    return cx + rx * math.cos(angle), cy + ry * math.sin(angle)


def _clear_of_client(x: float, y: float) -> bool:
    rx, ry = CLIENT_RX + MARKER_CLEARANCE, CLIENT_RY + MARKER_CLEARANCE
    return ((x - CX) / rx) ** 2 + ((y - CY) / ry) ** 2 >= 1


def _control_point(x1: float, y1: float, x2: float, y2: float, number: int) -> tuple[float, float]:
    """Where a conflict curve bends to, so that its numbered midpoint stays clear of the client.

    Candidates in order of preference: a slight bend towards the centre, the
    same bend outwards, then ever wider sideways bends (for agencies right
    opposite each other, whose straight line would cross the client). The
    first whose midpoint lies outside the client's ellipse is used.
    """
    mx, my = (x1 + x2) / 2, (y1 + y2) / 2
    bend = 0.35 if number % 2 else 0.2
    candidates = [(mx + (CX - mx) * f, my + (CY - my) * f) for f in (bend, -bend)]
    length = math.hypot(x2 - x1, y2 - y1) or 1.0
    nx, ny = -(y2 - y1) / length, (x2 - x1) / length
    side = 1 if number % 2 else -1
    for reach in range(60, 400, 20):
        candidates += [(mx + s * nx * 2 * reach, my + s * ny * 2 * reach) for s in (side, -side)]
    for qx, qy in candidates:
        if _clear_of_client((mx + qx) / 2, (my + qy) / 2):
            return qx, qy
    return candidates[0]


def _box(agency: AgencyView, x: float, y: float) -> str:
    left, top = x - BOX_W / 2, y - BOX_H / 2
    # A long name may take a third line; the demand then gets one line fewer.
    name = _lines(agency.name[:1].upper() + agency.name[1:], 30, 3)
    demand = _lines("Vraagt: " + agency.demand, 38, min(3, 5 - len(name)))
    return (
        f'<g class="agency"><rect x="{_n(left)}" y="{_n(top)}" width="{BOX_W}" height="{BOX_H}" rx="8" '
        f'fill="#ffffff" stroke="#000000" stroke-width="1.5"/>'
        + _text(x, top + 17, name, 13, "bold")
        + _text(x, top + 21 + 15 * len(name), demand, 10.5)
        + "</g>"
    )


def lasso_svg(case: CaseView) -> str:
    """Draw the lasso of one variant as a standalone SVG document."""
    agencies = list(case.agencies)
    pos = dict(zip((a.id for a in agencies), _positions(len(agencies)), strict=True))
    parts: list[str] = []
    for a in agencies:
        x, y = pos[a.id]
        ex, ey = _edge_point(CX, CY, x, y, CLIENT_RX + 10, CLIENT_RY + 10)
        parts.append(
            f'<path d="M {_n(x)} {_n(y)} L {_n(ex)} {_n(ey)}" stroke="#444444" stroke-width="2" fill="none"/>'
            f'<circle cx="{_n(ex)}" cy="{_n(ey)}" r="9" fill="none" stroke="#444444" stroke-width="2"/>'
        )
    legend: list[str] = []
    markers: list[str] = []
    for number, c in enumerate(case.conflicts, start=1):
        (x1, y1), (x2, y2) = pos[c.first.id], pos[c.second.id]
        qx, qy = _control_point(x1, y1, x2, y2, number)
        px, py = 0.25 * x1 + 0.5 * qx + 0.25 * x2, 0.25 * y1 + 0.5 * qy + 0.25 * y2
        parts.append(
            f'<path d="M {_n(x1)} {_n(y1)} Q {_n(qx)} {_n(qy)} {_n(x2)} {_n(y2)}" stroke="#000000" '
            f'stroke-width="3.5" stroke-dasharray="10 6" fill="none"/>'
        )
        markers.append(
            f'<circle cx="{_n(px)}" cy="{_n(py)}" r="13" fill="#ffffff" stroke="#000000" stroke-width="2"/>'
            + _text(px, py + 5, [str(number)], 14, "bold")
        )
        legend.append(
            f"{number}. {c.first.name[:1].upper()}{c.first.name[1:]} ↔ {c.second.name}: {c.kind_label}"
        )
    parts += [_box(a, *pos[a.id]) for a in agencies]
    client = case.client
    parts.append(
        f'<ellipse cx="{_n(CX)}" cy="{_n(CY)}" rx="{CLIENT_RX}" ry="{CLIENT_RY}" fill="#f2f2f2" stroke="#000000" stroke-width="2.5"/>'
        + _text(CX, CY - 6, [client.full_name], 15, "bold")
        + _text(CX, CY + 12, _lines(f"huishouden: {case.composition}", 30, 2), 9.5)
    )
    parts += markers  # drawn last, so no box or ellipse hides a number
    key = [
        _text(
            WIDTH / 2,
            LEGEND_TOP,
            [
                "Doorgetrokken lijn: de eis van een instantie aan het huishouden.  Gestreepte lijn: botsende eisen."
            ],
            12,
        ),
        *(_text(WIDTH / 2, LEGEND_TOP + 22 + 18 * i, [line], 12) for i, line in enumerate(legend)),
        _text(WIDTH / 2, HEIGHT - 10, [f"Casusvariant {case.code} · fictief huishouden"], 11),
    ]
    label = f"Lasso van casusvariant {case.code}: {len(agencies)} instanties rond {client.full_name}, {len(legend)} botsingen"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
        f'role="img" aria-label={quoteattr(label)}>'
        f"<title>{escape(label)}</title>"
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>'
        + "".join(parts)
        + "".join(key)
        + "</svg>\n"
    )
