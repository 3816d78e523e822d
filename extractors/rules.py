"""The ruling lines a reader sees on a page, as pdfplumber edges.

pdfplumber's "lines" strategy takes every edge of every drawn rectangle as a
rule. Word and LibreOffice also paint cell shading as filled rectangles, often
in pieces (the cell's padding strips and its text area filled separately), so
the edges between two pieces of one grey fill become columns nobody printed:
a ten-column table of a real 2016 LKIP came out as thirty grid columns, its
header cells one column off its body cells. Here an edge counts as a rule when
it is drawn (a stroked path, a line, or a filled strip thin enough to be a
drawn rule), or when it is where a shading meets the paper: the edge of a
coloured fill that no fill of the same colour continues across. White fills
are invisible on white paper and give no rules.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

# a filled rectangle at most this thick (points) is a rule drawn as a rectangle, not a shading
THIN_RULE = 2.0
# two shading edges this close (points) are one boundary between two pieces of a fill
ABUT = 1.0
COLOR_TOLERANCE = 0.06


def color_key(color: Any) -> tuple[float, ...] | None:
    """Given a pdfplumber colour (gray float, RGB or CMYK tuple), return it as an RGB tuple in 0..1."""
    if color is None:
        return None
    if isinstance(color, int | float):
        g = float(color)
        return (g, g, g)
    vals = [float(v) for v in color if isinstance(v, int | float)]
    if len(vals) == 1:
        return (vals[0],) * 3
    if len(vals) == 3:
        return (vals[0], vals[1], vals[2])
    if len(vals) == 4:
        c, m, y, k = vals
        return ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    return None


def is_white(rgb: tuple[float, ...] | None) -> bool:
    return rgb is not None and all(v >= 0.97 for v in rgb)


def same_color(a: tuple[float, ...] | None, b: tuple[float, ...] | None) -> bool:
    if a is None or b is None:
        return a is b
    return all(abs(x - y) <= COLOR_TOLERANCE for x, y in zip(a, b, strict=False))


def shape_edges(
    x0: float, top: float, x1: float, bottom: float, *, filled: bool, stroked: bool, rgb: tuple[float, ...] | None
) -> list[dict[str, Any]]:
    """Given a drawn rectangle, return its four edges, each marked as drawn rule or as shading boundary."""
    shading = filled and not stroked and min(x1 - x0, bottom - top) > THIN_RULE
    base = {"object_type": "rect_edge", "shading": shading, "rgb": rgb}
    return [
        {**base, "x0": x0, "x1": x1, "top": top, "bottom": top, "width": x1 - x0, "height": 0.0, "orientation": "h"},
        {**base, "x0": x0, "x1": x1, "top": bottom, "bottom": bottom, "width": x1 - x0, "height": 0.0,
         "orientation": "h"},
        {**base, "x0": x0, "x1": x0, "top": top, "bottom": bottom, "width": 0.0, "height": bottom - top,
         "orientation": "v"},
        {**base, "x0": x1, "x1": x1, "top": top, "bottom": bottom, "width": 0.0, "height": bottom - top,
         "orientation": "v"},
    ]  # fmt: skip


def _position(e: dict[str, Any]) -> float:
    return float(e["x0"] if e["orientation"] == "v" else e["top"])


def _span(e: dict[str, Any]) -> tuple[float, float]:
    return (float(e["top"]), float(e["bottom"])) if e["orientation"] == "v" else (float(e["x0"]), float(e["x1"]))


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> float:
    return max(0.0, min(a[1], b[1]) - max(a[0], b[0]))


def visible_edges(edges: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Given edges marked by ``shape_edges`` (others pass as drawn rules), return those a reader sees."""
    drawn = [e for e in edges if not e.get("shading")]
    shading = [e for e in edges if e.get("shading") and not is_white(e.get("rgb"))]
    buckets: dict[tuple[str, int], list[int]] = defaultdict(list)
    for k, e in enumerate(shading):
        buckets[(e["orientation"], round(_position(e)))].append(k)
    hidden: set[int] = set()
    for k, e in enumerate(shading):
        pos, span = _position(e), _span(e)
        length = span[1] - span[0]
        for near in (round(pos) - 1, round(pos), round(pos) + 1):
            for m in buckets.get((e["orientation"], near), []):
                if m == k:
                    continue
                o = shading[m]
                if abs(_position(o) - pos) > ABUT or not same_color(o.get("rgb"), e.get("rgb")):
                    continue
                os_ = _span(o)
                if _overlap(span, os_) >= 0.5 * min(length, os_[1] - os_[0]):
                    hidden.add(k)
                    hidden.add(m)
    return drawn + [e for k, e in enumerate(shading) if k not in hidden]


def pdfplumber_page_edges(page: Any) -> list[dict[str, Any]]:
    """Given a pdfplumber page, return its visible ruling edges (rects judged as above, lines and curves as drawn)."""
    from pdfplumber.utils import curve_to_edges, line_to_edge

    edges: list[dict[str, Any]] = []
    for r in page.rects:
        edges.extend(
            shape_edges(
                float(r["x0"]), float(r["top"]), float(r["x1"]), float(r["bottom"]),
                filled=bool(r.get("fill")), stroked=bool(r.get("stroke")), rgb=color_key(r.get("non_stroking_color")),
            )
        )  # fmt: skip
    edges.extend(line_to_edge(ln) for ln in page.lines)
    for c in page.curves:
        edges.extend(curve_to_edges(c))
    return visible_edges(edges)
