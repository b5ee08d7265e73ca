"""Charts of ``kgbuild serve`` as geometry for the SVG the templates draw:
the events-per-day chart (bars stacked by event type) and the events map
(GeoNames coordinates on a world outline). Nothing here is HTML: the
templates write the numbers and escape every label.

The world outline is Natural Earth's 1:110m country boundaries as shipped in
the npm package world-atlas (``static/countries-110m.json``, TopoJSON; see
``static/WORLD-ATLAS-LICENSE.txt``), decoded here and drawn in the
equirectangular projection: x = longitude + 180, y = 90 − latitude (one
unit per degree, a 360 × 180 plane). No tile server, no network.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from functools import lru_cache
from importlib import resources

#: Colours of the event types (the order of kgbuild.graph.EVENT_TYPES).
TYPE_COLOURS = {"Meet": "#4e79a7", "Visit": "#59a14f", "Phone": "#b07aa1", "Appeal": "#f28e2b",
                "Attack": "#e15759", "Elect": "#76b7b2"}


def _arcs(topo: dict) -> list[list[tuple[float, float]]]:
    """The TopoJSON arcs as lists of (longitude, latitude): delta-decoded
    and un-quantised (TopoJSON specification, "transforms")."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    out = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        out.append(pts)
    return out


def _ring(arcs: list, refs: list[int]) -> list[tuple[float, float]]:
    pts: list[tuple[float, float]] = []
    for i in refs:
        a = arcs[i] if i >= 0 else arcs[~i][::-1]
        pts.extend(a[1:] if pts else a)
    return pts


@lru_cache(maxsize=1)
def world_svg() -> str:
    """The world outline as a standalone SVG document (``str``, about
    60 KB): one path per country on the 360 × 180 equirectangular plane.
    Read from the shipped TopoJSON once per process."""
    topo = json.loads((resources.files("kgbuild.serve") / "static" / "countries-110m.json").read_text(encoding="utf-8"))
    arcs = _arcs(topo)
    paths = []
    for geom in topo["objects"]["countries"]["geometries"]:
        polys = geom.get("arcs", [])
        if geom.get("type") == "Polygon":
            polys = [polys]
        d = []
        for poly in polys:
            for ring in poly:
                pts = _ring(arcs, ring)
                if len(pts) < 3:
                    continue
                d.append("M" + "L".join(f"{lon + 180:.2f},{90 - lat:.2f}" for lon, lat in pts) + "Z")
        if d:
            paths.append(f'<path d="{"".join(d)}"/>')
    return ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 360 180" width="360" height="180">'
            '<rect width="360" height="180" fill="#eef4f8"/>'
            '<g fill="#dcdcd2" stroke="#ffffff" stroke-width="0.15" stroke-linejoin="round">'
            + "".join(paths) + "</g></svg>")


def map_points(places: list[dict], *, min_span: float = 30.0) -> dict:
    """Circles of the events map: ``places`` are ``{lat, long, n, ...}``
    (n: events there); returns ``{"viewbox": "x y w h" (the plane cropped
    to the places, at least ``min_span`` degrees wide, 2:1), "points":
    [place + {x, y, r}] (largest first, so small circles are drawn on top),
    "stroke"}``; the area of a circle grows with n (radius 0.3 % to 2 %
    of the view's width)."""
    pts = [p for p in places if -90 <= p["lat"] <= 90 and -180 <= p["long"] <= 180]
    if not pts:
        return {"viewbox": "0 0 360 180", "points": [], "stroke": 0.3}
    xs = [p["long"] + 180 for p in pts]
    ys = [90 - p["lat"] for p in pts]
    w = max(max(xs) - min(xs), (max(ys) - min(ys)) * 2, min_span) * 1.25
    w = min(w, 360.0)
    h = w / 2
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    x0 = min(max(cx - w / 2, 0.0), 360 - w)
    y0 = min(max(cy - h / 2, 0.0), 180 - h)
    top = max(p["n"] for p in pts)
    out = []
    for p, x, y in zip(pts, xs, ys):
        r = w * (0.003 + 0.017 * math.sqrt(p["n"] / top))
        out.append({**p, "x": round(x, 3), "y": round(y, 3), "r": round(r, 3)})
    out.sort(key=lambda p: (-p["r"], p.get("iri", "")))
    return {"viewbox": f"{x0:.2f} {y0:.2f} {w:.2f} {h:.2f}", "points": out, "stroke": round(w / 600, 3)}


def day_chart(per_day: list[dict], width: int = 720, height: int = 150, max_days: int = 120) -> dict:
    """Bars of events per day, stacked by type: ``per_day`` is ``[{date
    (YYYY-MM-DD), type, n}]``. Every day from the first to the last gets a
    slot; a span longer than ``max_days`` is drawn per month instead
    (``unit`` says which). Returns ``{"width", "height", "unit": "day" |
    "month", "bars": [{x, y, w, h, date, type, n, colour}], "days" (slots),
    "max", "ticks": [{x, label}], "total"}``; coordinates in pixels of the
    chart (bars above a 20 px axis; a bar at most 40 px wide)."""
    days: dict[str, dict[str, int]] = {}
    for r in per_day:
        try:
            dt.date.fromisoformat(r["date"][:10])
        except ValueError:
            continue
        v = days.setdefault(r["date"][:10], {})
        v[r["type"]] = v.get(r["type"], 0) + r["n"]
    empty = {"width": width, "height": height, "unit": "day", "bars": [], "days": 0, "max": 0, "ticks": [], "total": 0}
    if not days:
        return empty
    first, last = dt.date.fromisoformat(min(days)), dt.date.fromisoformat(max(days))
    unit = "day" if (last - first).days < max_days else "month"
    if unit == "month":
        months: dict[str, dict[str, int]] = {}
        for d, v in days.items():
            m = months.setdefault(d[:7] + "-01", {})
            for t, n in v.items():
                m[t] = m.get(t, 0) + n
        days = months
        first = dt.date.fromisoformat(min(days))

        def slot_of(day: dt.date) -> int:
            return (day.year - first.year) * 12 + day.month - first.month

        span = slot_of(dt.date.fromisoformat(max(days))) + 1

        def label(i: int) -> str:
            y, m = divmod(first.month - 1 + i, 12)
            return f"{first.year + y}-{m + 1:02d}"
    else:
        def slot_of(day: dt.date) -> int:
            return (day - first).days

        span = (last - first).days + 1

        def label(i: int) -> str:
            return (first + dt.timedelta(days=i)).isoformat()
    top = max(sum(v.values()) for v in days.values())
    plot_h = height - 20
    slot = width / span
    bar_w = min(slot * 0.8, 40.0)
    bars, total = [], 0
    for d, v in sorted(days.items()):
        x = slot_of(dt.date.fromisoformat(d)) * slot + (slot - bar_w) / 2
        y = plot_h
        for t in sorted(v, key=lambda t: list(TYPE_COLOURS).index(t) if t in TYPE_COLOURS else 99):
            h = plot_h * v[t] / top
            y -= h
            total += v[t]
            bars.append({"x": round(x, 2), "y": round(y, 2), "w": round(max(bar_w, 0.8), 2), "h": round(h, 2),
                         "date": d if unit == "day" else d[:7], "type": t, "n": v[t],
                         "colour": TYPE_COLOURS.get(t, "#999999")})
    step = max(1, math.ceil(span / 8))
    ticks = [{"x": round((i + 0.5) * slot, 2), "label": label(i)} for i in range(0, span, step)]
    return {"width": width, "height": height, "unit": unit, "bars": bars, "days": span, "max": top, "ticks": ticks,
            "total": total}
