"""The lasso diagram: the client at the centre, the agencies around, conflicts marked.

Elahi's metaphor (in the source article) pictured as a drawing: every agency
throws its own rope around the client. The SVG is a pure function of the case
view, so the same code always gives the same bytes; it uses line styles, not
colour, so it stays readable when printed in black and white.

Readable means: every label is printed whole (text wraps, it is never cut
short), no text is smaller than ``MIN_FONT`` user units, and the drawing is
``WIDTH`` units wide. Shown at its natural size on screen a unit is a CSS
pixel; printed across the A4 text width the smallest text is still at least
8 pt (the arithmetic is in ``tests/test_lasso.py``). The ring of agencies
grows with their number and with the length of their texts, so the drawing
gets taller, never more crowded. ``lasso_text`` says in words what the
drawing shows: the text alternative on the site and under the figure in print.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass
from xml.sax.saxutils import escape

from casetools.caseworld.views import AgencyView, CaseView

WIDTH = 680  # fits the theme's article column at 1024 px and wider, so it shows at natural size
MARGIN = 12
MIN_FONT = 14  # the smallest text anywhere in the drawing, in user units
NAME_FONT, TEXT_FONT, CLIENT_FONT, MARKER_FONT = 15, MIN_FONT, 16, 15
LEADING = 1.3
# Average advance of a character as a share of the font size, a little above
# DejaVu Sans's own, so a wrapped line always fits its box (checked in a browser).
CHAR_WIDTH, BOLD_CHAR_WIDTH = 0.6, 0.68
BOX_W, BOX_PAD = 212, 10
CLIENT_W = 196  # narrow enough that boxes level with the client keep GAP beside it
RX = (WIDTH - 2 * MARGIN - BOX_W) / 2  # horizontal radius of the ring of box centres
CX = WIDTH / 2
BESIDE = 2  # boxes level with the client, one each side
GAP = 18  # the least room between two boxes, or a box and the client
ROW_GAP = 40  # between rows: room for a conflict's numbered circle (2 x 18)
MARKER_R = 14  # the circle that carries a conflict's number
ROPE_LOOP_R = 9
FONT = "font-family:'DejaVu Sans',Arial,sans-serif"


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle by its centre and size."""

    x: float
    y: float
    w: float
    h: float

    def overlaps(self, other: Box, room: float) -> bool:
        """Whether the two boxes come closer than ``room`` to each other."""
        return (
            abs(self.x - other.x) < (self.w + other.w) / 2 + room
            and abs(self.y - other.y) < (self.h + other.h) / 2 + room
        )

    def edge_towards(self, tx: float, ty: float) -> tuple[float, float]:
        """Where the line from the centre towards (tx, ty) leaves the box."""
        dx, dy = tx - self.x, ty - self.y
        if dx == 0 and dy == 0:
            return self.x, self.y
        scale = min(
            (self.w / 2) / abs(dx) if dx else math.inf, (self.h / 2) / abs(dy) if dy else math.inf
        )
        return self.x + dx * scale, self.y + dy * scale

    def clear_of(self, x: float, y: float, r: float) -> bool:
        """Whether a circle of radius ``r`` at (x, y) stays outside the box."""
        return abs(x - self.x) >= self.w / 2 + r or abs(y - self.y) >= self.h / 2 + r


def _n(x: float) -> str:
    return f"{x:.1f}"


def _wrap(text: str, width: float, size: float, char_width: float) -> list[str]:
    """Whole lines of at most ``width`` units; words (hyphenated ones too) are never broken."""
    return textwrap.wrap(
        text,
        width=max(8, int(width / (size * char_width))),
        break_long_words=False,
        break_on_hyphens=False,
    )


def _upfirst(text: str) -> str:
    return text[:1].upper() + text[1:]


def _text(
    x: float,
    y: float,
    lines: list[str],
    size: float,
    weight: str = "normal",
    anchor: str = "middle",
) -> str:
    spans = "".join(
        f'<tspan x="{_n(x)}" dy="{_n(0 if i == 0 else size * LEADING)}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return (
        f'<text x="{_n(x)}" y="{_n(y)}" font-size="{size}" font-weight="{weight}" '
        f'text-anchor="{anchor}" fill="#000000" style="{FONT}">{spans}</text>'
    )


def _text_height(lines: int, size: float) -> float:
    return size + (lines - 1) * size * LEADING


@dataclass(frozen=True, slots=True)
class _Label:
    name: list[str]
    demand: list[str]

    @property
    def height(self) -> float:
        return (
            2 * BOX_PAD
            + _text_height(len(self.name), NAME_FONT)
            + 8
            + _text_height(len(self.demand), TEXT_FONT)
        )


def _label(agency: AgencyView) -> _Label:
    inner = BOX_W - 2 * BOX_PAD
    return _Label(
        _wrap(_upfirst(agency.name), inner, NAME_FONT, BOLD_CHAR_WIDTH),
        _wrap("Vraagt: " + agency.demand, inner, TEXT_FONT, CHAR_WIDTH),
    )


def _client_lines(case: CaseView) -> tuple[list[str], list[str]]:
    inner = CLIENT_W - 2 * BOX_PAD
    return (
        _wrap(case.client.full_name, inner, CLIENT_FONT, BOLD_CHAR_WIDTH),
        _wrap(f"huishouden: {case.composition}", inner, TEXT_FONT, CHAR_WIDTH),
    )


def _rows(count: int) -> tuple[list[int], int, list[int]]:
    """How many boxes go in each row above the client, beside it, and in each row below.

    Two beside the client (left and right), the rest in rows of at most two,
    alternately above and below, so the drawing grows a row at a time.
    """
    beside = min(BESIDE, count)
    above: list[int] = []
    below: list[int] = []
    rest = count - beside
    while rest > 0:
        target = above if sum(above) <= sum(below) else below
        if target and target[-1] == 1:
            target[-1] = 2
        else:
            target.append(1)
        rest -= 1
    return above, beside, below


def _ring(labels: list[_Label], client: Box) -> list[Box]:
    """The boxes around the client in rows, in clockwise order from the top left.

    Rows are stacked ``ROW_GAP`` apart, so the drawing is as tall as
    its texts need: more agencies, or longer demands, make it taller.
    """
    above, beside, below = _rows(len(labels))
    heights = [label.height for label in labels]
    # Clockwise: the rows above (outermost first, left to right), the right
    # neighbour, the rows below (innermost first, right to left), the left neighbour.
    order: list[tuple[str, int, int]] = []  # (where, row index, place in the row)
    for r in reversed(range(len(above))):
        order += [("above", r, i) for i in range(above[r])]
    order.append(("right", 0, 0))
    for r in range(len(below)):
        order += [("below", r, i) for i in reversed(range(below[r]))]
    if beside == BESIDE:
        order.append(("left", 0, 0))

    def row_height(where: str, r: int) -> float:
        return max(h for (w, rr, _), h in zip(order, heights, strict=True) if (w, rr) == (where, r))

    middle = max(
        [
            client.h,
            *(h for (w, _, _), h in zip(order, heights, strict=True) if w in ("left", "right")),
        ]
    )
    tops = {}
    edge = -middle / 2
    for r in range(len(above)):
        tops["above", r] = edge - ROW_GAP - row_height("above", r)
        edge = tops["above", r]
    edge = middle / 2
    for r in range(len(below)):
        tops["below", r] = edge + ROW_GAP
        edge += ROW_GAP + row_height("below", r)
    pair = BOX_W / 2 + GAP
    boxes = []
    for (where, r, i), h in zip(order, heights, strict=True):
        if where in ("left", "right"):
            x = CX + (RX if where == "right" else -RX)
            boxes.append(Box(x, client.y, BOX_W, h))
            continue
        row = above[r] if where == "above" else below[r]
        x = CX if row == 1 else CX + (pair if i == 1 else -pair)
        boxes.append(Box(x, client.y + tops[where, r] + h / 2, BOX_W, h))
    return boxes


def _marker_spot(
    a: Box, b: Box, number: int, blocked: list[Box], taken: list[tuple[float, float]]
) -> tuple[tuple[float, float], tuple[float, float]]:
    """The control point of a conflict curve and the point on it that carries its number.

    Candidate curves in order of preference: a slight bend towards the centre,
    the same bend outwards, then ever wider sideways bends; a curve that
    passes behind no other box and not behind the client goes first. On each,
    the number is tried at the middle first, then ever further towards the
    ends. The first spot outside every box and the client, away from the
    other numbers and inside the drawing's width, is used.
    """
    x1, y1, x2, y2 = a.x, a.y, b.x, b.y
    mx, my = (x1 + x2) / 2, (y1 + y2) / 2
    cy = blocked[-1].y  # the client is the last blocked box
    bend = 0.35 if number % 2 else 0.2
    candidates = [(mx + (CX - mx) * f, my + (cy - my) * f) for f in (bend, -bend)]
    length = math.hypot(x2 - x1, y2 - y1) or 1.0
    nx, ny = -(y2 - y1) / length, (x2 - x1) / length
    side = 1 if number % 2 else -1
    for reach in range(40, 600, 20):
        candidates += [(mx + s * nx * 2 * reach, my + s * ny * 2 * reach) for s in (side, -side)]
    room = MARKER_R + 4
    others = [box for box in blocked if box is not a and box is not b]

    def point(qx: float, qy: float, t: float) -> tuple[float, float]:
        u = 1 - t
        return (
            u * u * x1 + 2 * u * t * qx + t * t * x2,
            u * u * y1 + 2 * u * t * qy + t * t * y2,
        )

    def in_the_open(qx: float, qy: float) -> bool:
        """Whether the curve, outside its own two boxes, passes no other box and not the client."""
        return all(box.clear_of(*point(qx, qy, i / 24), 4) for i in range(1, 24) for box in others)

    def inside(qx: float, qy: float) -> bool:
        """Whether the curve stays within the drawing's width."""
        return all(MARGIN <= point(qx, qy, i / 24)[0] <= WIDTH - MARGIN for i in range(25))

    for strict in (True, False):
        for qx, qy in candidates:
            if not inside(qx, qy) or (strict and not in_the_open(qx, qy)):
                continue
            for t in (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8):
                px, py = point(qx, qy, t)
                if (
                    MARGIN + room <= px <= WIDTH - MARGIN - room
                    and all(box.clear_of(px, py, room) for box in blocked)
                    and all(math.hypot(px - tx, py - ty) >= 2 * room for tx, ty in taken)
                ):
                    return (qx, qy), (px, py)
    qx, qy = candidates[0]
    return (qx, qy), point(qx, qy, 0.5)


def _curve_y(a: Box, b: Box, control: tuple[float, float], t: float) -> float:
    u = 1 - t
    return u * u * a.y + 2 * u * t * control[1] + t * t * b.y


def _agency_box(agency: AgencyView, label: _Label, box: Box, dy: float) -> str:
    left, top = box.x - box.w / 2, box.y - box.h / 2 + dy
    name_top = top + BOX_PAD + NAME_FONT * 0.8
    demand_top = top + BOX_PAD + _text_height(len(label.name), NAME_FONT) + 8 + TEXT_FONT * 0.8
    return (
        f'<g class="agency" data-agency="{escape(agency.id)}">'
        f'<rect x="{_n(left)}" y="{_n(top)}" width="{_n(box.w)}" height="{_n(box.h)}" rx="8" '
        f'fill="#ffffff" stroke="#000000" stroke-width="1.5"/>'
        + _text(box.x, name_top, label.name, NAME_FONT, "bold")
        + _text(box.x, demand_top, label.demand, TEXT_FONT)
        + "</g>"
    )


def lasso_svg(case: CaseView) -> str:
    """Draw the lasso of one variant as a standalone SVG document."""
    agencies = list(case.agencies)
    labels = [_label(a) for a in agencies]
    name_lines, household_lines = _client_lines(case)
    client_h = (
        2 * BOX_PAD
        + _text_height(len(name_lines), CLIENT_FONT)
        + 6
        + _text_height(len(household_lines), TEXT_FONT)
    )
    client = Box(CX, 0.0, CLIENT_W, client_h)
    boxes = _ring(labels, client) if agencies else []
    box_of = {a.id: b for a, b in zip(agencies, boxes, strict=True)}

    curves: list[tuple[Box, Box, tuple[float, float], tuple[float, float]]] = []
    taken: list[tuple[float, float]] = []
    for number, conflict in enumerate(case.conflicts, start=1):
        a, b = box_of[conflict.first.id], box_of[conflict.second.id]
        control, spot = _marker_spot(a, b, number, [*boxes, client], taken)
        curves.append((a, b, control, spot))
        taken.append(spot)

    top = min([client.y - client.h / 2, *(b.y - b.h / 2 for b in boxes)])
    curve_ys = [_curve_y(a, b, control, i / 24) for a, b, control, _ in curves for i in range(25)]
    top = min([top, *(y - MARKER_R for _, y in taken), *curve_ys])
    bottom = max([client.y + client.h / 2, *(b.y + b.h / 2 for b in boxes)])
    bottom = max([bottom, *(y + MARKER_R for _, y in taken), *curve_ys])
    dy = MARGIN - top  # shifts the ring so the drawing starts at the top margin

    parts: list[str] = [f'<rect width="{WIDTH}" height="HEIGHT" fill="#ffffff"/>']
    client_shifted = Box(client.x, client.y + dy, client.w, client.h)
    for box in boxes:
        x, y = box.x, box.y + dy
        sx, sy = Box(x, y, box.w, box.h).edge_towards(client_shifted.x, client_shifted.y)
        ex, ey = client_shifted.edge_towards(x, y)
        parts.append(
            f'<path class="rope" d="M {_n(sx)} {_n(sy)} L {_n(ex)} {_n(ey)}" stroke="#444444" '
            f'stroke-width="2" fill="none"/>'
            f'<circle cx="{_n(ex)}" cy="{_n(ey)}" r="{ROPE_LOOP_R}" fill="none" stroke="#444444" '
            f'stroke-width="2"/>'
        )
    markers: list[str] = []
    for number, (a, b, (qx, qy), (px, py)) in enumerate(curves, start=1):
        parts.append(
            f'<path class="conflict" d="M {_n(a.x)} {_n(a.y + dy)} Q {_n(qx)} {_n(qy + dy)} '
            f'{_n(b.x)} {_n(b.y + dy)}" stroke="#000000" stroke-width="3.5" '
            f'stroke-dasharray="10 6" fill="none"/>'
        )
        markers.append(
            f'<g class="marker"><circle cx="{_n(px)}" cy="{_n(py + dy)}" r="{MARKER_R}" '
            f'fill="#ffffff" stroke="#000000" stroke-width="2"/>'
            + _text(px, py + dy + MARKER_FONT * 0.35, [str(number)], MARKER_FONT, "bold")
            + "</g>"
        )
    parts += [
        _agency_box(a, label, box, dy)
        for a, label, box in zip(agencies, labels, boxes, strict=True)
    ]
    ctop = client_shifted.y - client_h / 2
    parts.append(
        f'<g class="client"><rect x="{_n(CX - CLIENT_W / 2)}" y="{_n(ctop)}" width="{CLIENT_W}" '
        f'height="{_n(client_h)}" rx="30" fill="#f2f2f2" stroke="#000000" stroke-width="2.5"/>'
        + _text(CX, ctop + BOX_PAD + CLIENT_FONT * 0.8, name_lines, CLIENT_FONT, "bold")
        + _text(
            CX,
            ctop + BOX_PAD + _text_height(len(name_lines), CLIENT_FONT) + 6 + TEXT_FONT * 0.8,
            household_lines,
            TEXT_FONT,
        )
        + "</g>"
    )
    parts += markers  # drawn last, so no box hides a number

    y = bottom + dy + 30
    key: list[str] = []
    for line in (
        "Doorgetrokken lijn: de eis van een instantie aan het huishouden.",
        "Gestreepte lijn met nummer: twee eisen die met elkaar botsen.",
        *(
            f"{n}. {_upfirst(c.first.name)} ↔ {c.second.name}: {c.kind_label}"
            for n, c in enumerate(case.conflicts, start=1)
        ),
    ):
        wrapped = _wrap(line, WIDTH - 2 * MARGIN, TEXT_FONT, CHAR_WIDTH)
        key.append(_text(MARGIN, y, wrapped, TEXT_FONT, anchor="start"))
        y += _text_height(len(wrapped), TEXT_FONT) + TEXT_FONT * (LEADING - 1) + 4
    y += 8
    key.append(
        _text(
            MARGIN, y, [f"Casusvariant {case.code} · fictief huishouden"], TEXT_FONT, anchor="start"
        )
    )
    height = math.ceil(y + MARGIN)

    title = (
        f"Lasso van casusvariant {case.code}: {len(agencies)} instanties rond "
        f"{case.client.full_name}, {len(case.conflicts)} botsingen"
    )
    body = "".join(parts).replace('height="HEIGHT"', f'height="{height}"', 1)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" '
        f'aria-labelledby="lasso-title-{case.code}" aria-describedby="lasso-desc-{case.code}">'
        f'<title id="lasso-title-{case.code}">{escape(title)}</title>'
        f'<desc id="lasso-desc-{case.code}">{escape(" ".join(lasso_text(case).splitlines()))}</desc>'
        + body
        + "".join(key)
        + "</svg>\n"
    )


def lasso_text(case: CaseView) -> str:
    """What the drawing shows, in Dutch words: one sentence a line.

    The first line says who stands in the middle and how many agencies and
    conflicts there are; then a line per agency with its demand (its lasso),
    then a line per conflict: which two demands clash, how and why.
    """
    count = len(case.conflicts)
    summary = (
        f"Lasso van casusvariant {case.code} (fictief huishouden): {case.client.full_name} "
        f"({case.composition}) staat in het midden; {len(case.agencies)} instanties gooien "
        f"elk hun eigen lasso, een eis aan het huishouden, en {count} "
        f"{'botsing' if count == 1 else 'botsingen'} tussen die eisen zijn genummerd."
    )
    lines = [summary]
    lines += [f"{_upfirst(a.name)} vraagt: {a.demand}." for a in case.agencies]
    lines += [
        f"Botsing {n} ({c.kind_label}): {c.first.definite} en {c.second.definite}. {c.reason}"
        for n, c in enumerate(case.conflicts, start=1)
    ]
    return "\n".join(lines)
