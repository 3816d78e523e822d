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


OPEN_END_MIN_RULES = 3  # vertical rules that must start (or stop) at one height for an open table end
OPEN_END_COVER = 0.8  # share of their width a horizontal rule must cover for the end to count as closed


def open_end_edges(v: list[dict[str, Any]], h: list[dict[str, Any]], tol: float = 2.0) -> list[dict[str, Any]]:
    """Given a page's vertical and horizontal rules, return the horizontal rules that close a table's open end.

    A table broken over a page often prints the continued row with its column rules but no rule above
    it (or the last row of the page with none below): the table finder then sees no cell there and the
    row falls out of the table. Where three or more vertical rules start (stop) at one height and no
    horizontal rule covers most of their width there, the rule the page omits is drawn from the
    leftmost to the rightmost of them.
    """
    closing: list[dict[str, Any]] = []
    rules = [e for e in v if not e.get("shading")]  # a shading's edges step with its text lines: no table end
    for end, other in (("top", "bottom"), ("bottom", "top")):
        ends: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for e in rules:
            ends[round(e[end])].append(e)
        for y in sorted(ends):
            group = [e for k in (y - 1, y, y + 1) for e in ends.get(k, []) if abs(e[end] - y) <= tol]
            # a rule that only pauses there (another segment of it goes on beyond) is no end of the table
            xs = sorted({round(e["x0"], 1) for e in group if not _continues(rules, e["x0"], y, other, tol)})
            if len(xs) < OPEN_END_MIN_RULES:
                continue
            left, right = xs[0], xs[-1]
            if _covered(h, y, left, right, tol) or _covered(closing, y, left, right, tol):
                continue
            # only the table's own end is open: inside a table (a small drawing in a cell) rules above it
            # (below it, for a bottom end) close it already
            beyond = [e for e in h if (e["top"] < y - tol if end == "top" else e["top"] > y + tol)]
            if _spanned(beyond, left, right):
                continue
            # and the rules are a table's columns: where they reach on the inner side, one rule spans them all
            # (a row of legend boxes below a table has rules at one height too, each box closed on its own)
            # and the column rules of the table go on past it (the legend boxes stand on their own)
            reach = max(e["height"] for e in group) + tol
            inner = {round(e["top"]) for e in h if 0 < (e["top"] - y if end == "top" else y - e["top"]) <= reach}
            if not any(_covered(h, y2, left, right, tol) and _columns_go_on(rules, xs, y2, end, tol) for y2 in inner):
                continue
            closing.append(
                {"object_type": "rect_edge", "shading": False, "rgb": None, "x0": left, "x1": right, "top": float(y),
                 "bottom": float(y), "width": right - left, "height": 0.0, "orientation": "h"}
            )  # fmt: skip
    return closing


def _columns_go_on(v: list[dict[str, Any]], xs: list[float], y: float, end: str, tol: float) -> bool:
    """True when most of the rules at xs go on past the row rule at height y, away from the open end."""
    def goes_on(x: float) -> bool:
        return any(
            abs(e["x0"] - x) <= tol and (e["bottom"] > y + tol if end == "top" else e["top"] < y - tol) for e in v
        )

    return sum(map(goes_on, xs)) >= OPEN_END_COVER * len(xs)


def _continues(v: list[dict[str, Any]], x: float, y: float, other: str, tol: float) -> bool:
    """True when a vertical rule at x has its other end at height y (the same line, split in segments)."""
    return any(abs(e["x0"] - x) <= tol and abs(e[other] - y) <= tol and e["height"] > tol for e in v)


def _covered(h: list[dict[str, Any]], y: float, left: float, right: float, tol: float) -> bool:
    """True when horizontal rules at height y cover most of [left, right]."""
    return _spanned([e for e in h if abs(e["top"] - y) <= tol], left, right)


def _spanned(h: list[dict[str, Any]], left: float, right: float) -> bool:
    """True when the horizontal rules, at whatever height, together cover most of [left, right]."""
    spans = sorted((max(left, e["x0"]), min(right, e["x1"])) for e in h)
    covered, reach = 0.0, left
    for a, b in spans:
        if b <= reach:
            continue
        covered += b - max(a, reach)
        reach = b
    return covered >= OPEN_END_COVER * (right - left)


def open_side_edges(v: list[dict[str, Any]], h: list[dict[str, Any]], tol: float = 2.0) -> list[dict[str, Any]]:
    """Given a page's vertical and horizontal rules, return the vertical rules that close a table's open sides.

    Many reports print a table with row rules and inner column rules but no rule down its left or right
    side: the table finder then sees no cell in the first (last) column and its text (the row numbers, the
    targets) falls out of the table. Where three or more row rules end at one x beyond the outermost column
    rule, and column rules inside join each row rule to the next, the side the page omits is drawn from
    the first of those row rules to the last.
    """
    rules = _joined_segments([e for e in v if not e.get("shading")], tol)
    rows = [e for e in _joined_segments(h, tol) if float(e["x1"]) - float(e["x0"]) > tol]
    closing: list[dict[str, Any]] = []
    for side in ("x0", "x1"):
        ends: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for e in rows:
            ends[round(float(e[side]))].append(e)
        done: set[int] = set()
        for x in sorted(ends):
            if x in done:
                continue
            group = [e for k in (x - 1, x, x + 1) for e in ends.get(k, []) if abs(float(e[side]) - x) <= tol]
            done.update((x - 1, x, x + 1))
            ys = _distinct([float(e["top"]) for e in group], tol)
            far = max(float(e["x1"]) for e in group) if side == "x0" else min(float(e["x0"]) for e in group)
            for run in _joined_runs(rules, ys, (float(x), far), tol):
                if len(run) < OPEN_END_MIN_RULES or _side_covered(v, float(x), run[0], run[-1], tol):
                    continue
                closing.append(
                    {"object_type": "rect_edge", "shading": False, "rgb": None, "x0": float(x), "x1": float(x),
                     "top": run[0], "bottom": run[-1], "width": 0.0, "height": run[-1] - run[0], "orientation": "v"}
                )  # fmt: skip
    return closing


def _joined_segments(edges: list[dict[str, Any]], tol: float) -> list[dict[str, Any]]:
    """The rules with the pieces of one line (a rule drawn cell by cell) joined into one: a horizontal
    rule as ``top``, ``x0``, ``x1``; a vertical one as ``x0``, ``top``, ``bottom``."""
    if not edges:
        return []
    at, lo, hi = ("top", "x0", "x1") if edges[0]["orientation"] == "h" else ("x0", "top", "bottom")
    out: list[dict[str, Any]] = []
    for e in sorted(edges, key=lambda e: (round(float(e[at]) * 2), float(e[lo]))):
        last = out[-1] if out else None
        if last and abs(last[at] - float(e[at])) <= 0.5 and float(e[lo]) <= last[hi] + tol:
            last[hi] = max(last[hi], float(e[hi]))
            continue
        out.append({at: float(e[at]), lo: float(e[lo]), hi: float(e[hi])})
    return out


def _distinct(ys: list[float], tol: float) -> list[float]:
    """The heights, sorted, with a double rule (two lines a point apart) counted once."""
    out: list[float] = []
    for y in sorted(ys):
        if not out or y - out[-1] > tol:
            out.append(y)
    return out


def _joined_runs(
    v: list[dict[str, Any]], ys: list[float], span: tuple[float, float], tol: float
) -> list[list[float]]:
    """The heights split into runs of row rules each joined to the next by a column rule between the open
    side and the rules' far end (two tables one above the other, both at the margin, are not one table)."""
    lo, hi = min(span), max(span)
    inner = [e for e in v if lo + tol < float(e["x0"]) < hi - tol]
    runs: list[list[float]] = []
    for y in ys:
        if runs and any(float(e["top"]) <= runs[-1][-1] + tol and float(e["bottom"]) >= y - tol for e in inner):
            runs[-1].append(y)
        else:
            runs.append([y])
    return runs


def _side_covered(v: list[dict[str, Any]], x: float, top: float, bottom: float, tol: float) -> bool:
    """True when vertical rules at x cover most of [top, bottom]."""
    at_x = [e for e in v if abs(float(e["x0"]) - x) <= tol]
    spans = sorted((max(top, float(e["top"])), min(bottom, float(e["bottom"]))) for e in at_x)
    covered, reach = 0.0, top
    for a, b in spans:
        if b <= reach:
            continue
        covered += b - max(a, reach)
        reach = b
    return covered >= OPEN_END_COVER * (bottom - top)
