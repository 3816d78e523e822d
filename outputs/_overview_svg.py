"""Inline SVG charts for the HTML overview: pure functions from numbers to SVG text.

No JavaScript and no network: each chart is an ``<svg>`` element with its
own text, so the overview stays one self-contained file that prints and
opens anywhere. Every text is escaped; numbers are formatted the Indonesian
way (comma decimals) by the caller's ``fmt``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from html import escape
from typing import Final

PALETTE: Final[tuple[str, ...]] = (
    "#1f77b4",
    "#d62728",
    "#2ca02c",
    "#ff7f0e",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#17becf",
    "#7f7f7f",
    "#bcbd22",
)
STATUS_COLOURS: Final[dict[str, str]] = {
    "Sangat Tertinggal": "#b2182b",
    "Tertinggal": "#ef8a62",
    "Berkembang": "#f6d55c",
    "Maju": "#67a9cf",
    "Mandiri": "#2166ac",
}
SEVERITY_COLOURS: Final[dict[str, str]] = {"error": "#c0392b", "warning": "#f39c12", "info": "#7f8c8d"}
FONT: Final[str] = "font-family:system-ui,Segoe UI,Arial,sans-serif"

Fmt = Callable[[float], str]


def colour(i: int) -> str:
    return PALETTE[i % len(PALETTE)]


def wrap(text: str, max_chars: int, max_lines: int = 2) -> list[str]:
    """Given a title, return it broken at spaces into at most ``max_lines`` lines (the last one cut with …)."""
    lines: list[str] = []
    cur = ""
    for word in text.split():
        if cur and len(cur) + 1 + len(word) > max_chars:
            lines.append(cur)
            cur = word
        else:
            cur = f"{cur} {word}".strip()
    lines.append(cur)
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], " ".join(lines[max_lines - 1 :])]
    return [ln if len(ln) <= max_chars else ln[: max_chars - 1] + "…" for ln in lines]


def _title(text: str, width: int) -> tuple[str, float]:
    """A centred, bold title wrapped to the chart's width; return the SVG and the height it takes."""
    lines = wrap(text, max(int(width / 7.9), 10))
    spans = "".join(
        f'<tspan x="{width / 2:.0f}" dy="{0 if i == 0 else 15}">{escape(ln)}</tspan>'
        for i, ln in enumerate(lines)
    )
    return (
        f'<text x="{width / 2:.0f}" y="18" text-anchor="middle" font-weight="600">{spans}</text>',
        15.0 * len(lines),
    )


def nice_ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    """Given a data range, return about ``n`` round tick values covering it."""
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return [0.0, 1.0]
    if hi == lo:
        pad = abs(hi) * 0.05 or 1.0
        lo, hi = lo - pad, hi + pad
    raw = (hi - lo) / max(n - 1, 1)
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    start = math.floor(lo / step) * step
    ticks: list[float] = []
    t = start
    while t <= hi + step * 0.5 and len(ticks) < 12:
        ticks.append(round(t, 10))
        t += step
    return ticks


def _svg(width: float, height: float, body: str, title: str) -> str:
    width, height = round(width), round(height)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-label="{escape(title)}" style="{FONT};font-size:12px">'
        f'<title>{escape(title)}</title><rect width="{width}" height="{height}" fill="#fff"/>{body}</svg>'
    )


def _legend(
    names: Sequence[str], colours: Sequence[str], x: float, y: float, width: float
) -> tuple[str, float]:
    """Legend swatches wrapped over lines within ``width``; return the SVG and the height used."""
    parts: list[str] = []
    cx, cy = x, y
    for name, col in zip(names, colours, strict=True):
        w = 18 + 6.6 * len(name) + 14
        if cx + w > x + width and cx > x:
            cx, cy = x, cy + 18
        parts.append(
            f'<rect x="{cx:.1f}" y="{cy - 9:.1f}" width="12" height="12" fill="{col}"/>'
            f'<text x="{cx + 16:.1f}" y="{cy + 1:.1f}">{escape(name)}</text>'
        )
        cx += w
    return "".join(parts), cy - y + 18


def line_chart(
    title: str,
    xs: Sequence[int],
    series: dict[str, list[float | None]],
    fmt: Fmt,
    *,
    width: int = 520,
    height: int = 300,
    reference: float | None = None,
    colours: dict[str, str] | None = None,
) -> str:
    """Lines over categorical years (one per series); gaps where a value is missing.
    ``colours`` keeps one colour per series name across charts."""
    names = list(series)
    cols = [(colours or {}).get(n) or colour(i) for i, n in enumerate(names)]
    legend, legend_h = _legend(names, cols, 12, 0, width - 24)
    head, head_h = _title(title, width)
    top, left, right, bottom = 22.0 + head_h, 64.0, 16.0, 34.0 + legend_h
    values = [v for vs in series.values() for v in vs if v is not None and math.isfinite(v)]
    if reference is not None:
        values.append(reference)
    ticks = nice_ticks(min(values, default=0.0), max(values, default=1.0))
    y0, y1 = ticks[0], ticks[-1]
    plot_w, plot_h = width - left - right, height - top - bottom

    def px(i: int) -> float:
        return left + (plot_w * (i + 0.5) / max(len(xs), 1))

    def py(v: float) -> float:
        return top + plot_h * (1 - (v - y0) / ((y1 - y0) or 1.0))

    parts = [head]
    for t in ticks:
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{py(t):.1f}" y2="{py(t):.1f}" stroke="#e3e3e3"/>'
            f'<text x="{left - 6}" y="{py(t) + 4:.1f}" text-anchor="end" fill="#555">{escape(fmt(t))}</text>'
        )
    for i, x in enumerate(xs):
        parts.append(f'<text x="{px(i):.1f}" y="{top + plot_h + 16:.1f}" text-anchor="middle">{x}</text>')
    if reference is not None:
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{py(reference):.1f}" y2="{py(reference):.1f}" '
            'stroke="#333" stroke-dasharray="4 3"/>'
        )
    for si, name in enumerate(names):
        col = cols[si]
        pts = [(px(i), py(v), v) for i, v in enumerate(series[name]) if v is not None and math.isfinite(v)]
        segs: list[list[tuple[float, float]]] = [[]]
        for i, v in enumerate(series[name]):
            if v is None or not math.isfinite(v):
                segs.append([])
            else:
                segs[-1].append((px(i), py(v)))
        for seg in segs:
            if len(seg) > 1:
                d = " ".join(f"{x:.1f},{y:.1f}" for x, y in seg)
                parts.append(f'<polyline points="{d}" fill="none" stroke="{col}" stroke-width="2.5"/>')
        for cx, cy, v in pts:
            parts.append(
                f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="4" fill="{col}"><title>{escape(name)}: '
                f"{escape(fmt(v))}</title></circle>"
            )
    parts.append(f'<g transform="translate(0,{height - legend_h + 6:.0f})">{legend}</g>')
    return _svg(width, height, "".join(parts), title)


def grouped_bars(
    title: str,
    categories: Sequence[str],
    groups: dict[str, list[float]],
    fmt: Fmt,
    *,
    width: int = 760,
    height: int = 300,
) -> str:
    """Vertical bars: one cluster per category, one bar per group (e.g. a histogram per year)."""
    names = list(groups)
    legend, legend_h = _legend(names, [colour(i) for i in range(len(names))], 12, 0, width - 24)
    head, head_h = _title(title, width)
    top, left, right, bottom = 22.0 + head_h, 48.0, 12.0, 40.0 + legend_h
    vmax = max((v for vs in groups.values() for v in vs), default=1.0)
    ticks = nice_ticks(0.0, vmax or 1.0)
    y1 = ticks[-1] or 1.0
    plot_w, plot_h = width - left - right, height - top - bottom
    slot = plot_w / max(len(categories), 1)
    bar = slot * 0.8 / max(len(names), 1)
    parts = [head]
    for t in ticks:
        y = top + plot_h * (1 - t / y1)
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e3e3e3"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#555">{escape(fmt(t))}</text>'
        )
    for ci, cat in enumerate(categories):
        x0 = left + slot * ci + slot * 0.1
        for gi, name in enumerate(names):
            v = groups[name][ci]
            h = plot_h * v / y1
            parts.append(
                f'<rect x="{x0 + bar * gi:.1f}" y="{top + plot_h - h:.1f}" width="{bar - 1:.1f}" height="{h:.1f}" '
                f'fill="{colour(gi)}"><title>{escape(name)} · {escape(cat)}: {escape(fmt(v))}</title></rect>'
            )
        parts.append(
            f'<text x="{left + slot * (ci + 0.5):.1f}" y="{top + plot_h + 16:.1f}" text-anchor="middle">'
            f"{escape(cat)}</text>"
        )
    parts.append(
        f'<line x1="{left}" x2="{width - right}" y1="{top + plot_h}" y2="{top + plot_h}" stroke="#333"/>'
    )
    parts.append(f'<g transform="translate(0,{height - legend_h + 6:.0f})">{legend}</g>')
    return _svg(width, height, "".join(parts), title)


StatusCell = tuple[str | None, float | None, bool]  # status, nilai, restated


def status_grid(
    title: str,
    years: Sequence[int],
    rows: Sequence[tuple[str, dict[int, StatusCell]]],
    fmt: Fmt,
) -> str:
    """Desa × year grid coloured by IDM status with the nilai; ▲/▼ where the status changed,
    a dashed outline and * where another report stated that year differently."""
    label_w, cell_w, cell_h, top = 170, 96, 24, 40
    names = list(STATUS_COLOURS)
    legend, legend_h = _legend(
        names, list(STATUS_COLOURS.values()), 12, 0, label_w + cell_w * len(years) - 12
    )
    width = label_w + cell_w * max(len(years), 1) + 12
    height = top + cell_h * len(rows) + legend_h + 16
    order = {s: i for i, s in enumerate(names)}
    parts = [
        f'<text x="{width / 2:.0f}" y="18" text-anchor="middle" font-weight="600">{escape(title)}</text>'
    ]
    for j, y in enumerate(years):
        parts.append(
            f'<text x="{label_w + cell_w * (j + 0.5):.0f}" y="{top - 6}" text-anchor="middle">{y}</text>'
        )
    for i, (label, cells) in enumerate(rows):
        ry = top + cell_h * i
        parts.append(f'<text x="{label_w - 8}" y="{ry + 16}" text-anchor="end">{escape(label)}</text>')
        prev: str | None = None
        for j, y in enumerate(years):
            status, nilai, restated = cells.get(y, (None, None, False))
            x = label_w + cell_w * j
            fill = STATUS_COLOURS.get(status or "", "#f2f2f2")
            dash = ' stroke="#000" stroke-width="2" stroke-dasharray="4 2"' if restated else ' stroke="#fff"'
            mark = ""
            if status and prev and status != prev:
                mark = " ▲" if order.get(status, 0) > order.get(prev, 0) else " ▼"
            text = "–" if nilai is None else fmt(nilai)
            ink = "#fff" if status in {"Mandiri", "Sangat Tertinggal"} else "#111"
            parts.append(
                f'<rect x="{x + 1}" y="{ry + 1}" width="{cell_w - 2}" height="{cell_h - 2}" fill="{fill}"{dash}>'
                f"<title>{escape(label)} {y}: {escape(status or 'tidak ada data')} {escape(text)}</title></rect>"
                f'<text x="{x + cell_w / 2:.0f}" y="{ry + 16}" text-anchor="middle" fill="{ink}">'
                f"{escape(text + mark + (' *' if restated else ''))}</text>"
            )
            prev = status or prev
    parts.append(f'<g transform="translate(0,{height - legend_h:.0f})">{legend}</g>')
    return _svg(width, height, "".join(parts), title)


def ranked_bars(
    title: str,
    items: Sequence[tuple[str, str | None, dict[str, int]]],
    *,
    width: int = 760,
) -> str:
    """Horizontal bars stacked by severity, one per report (label linked to ``href`` when given)."""
    label_w, bar_h, top = 300, 22, 36
    severities = list(SEVERITY_COLOURS)
    legend, legend_h = _legend(severities, list(SEVERITY_COLOURS.values()), 12, 0, width - 24)
    height = top + bar_h * max(len(items), 1) + legend_h + 12
    vmax = max((sum(c.values()) for _, _, c in items), default=1) or 1
    scale = (width - label_w - 60) / vmax
    parts = [
        f'<text x="{width / 2:.0f}" y="18" text-anchor="middle" font-weight="600">{escape(title)}</text>'
    ]
    for i, (label, href, counts) in enumerate(items):
        y = top + bar_h * i
        ink = "#1a5fb4" if href else "#111"
        text = f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end" fill="{ink}">{escape(label)}</text>'
        parts.append(f'<a href="{escape(href)}">{text}</a>' if href else text)
        x = float(label_w)
        for sev in severities:
            n = counts.get(sev, 0)
            if n:
                parts.append(
                    f'<rect x="{x:.1f}" y="{y + 3}" width="{n * scale:.1f}" height="{bar_h - 6}" '
                    f'fill="{SEVERITY_COLOURS[sev]}"><title>{escape(label)}: {n} {sev}</title></rect>'
                )
                x += n * scale
        parts.append(f'<text x="{x + 6:.1f}" y="{y + 15}">{sum(counts.values())}</text>')
    parts.append(f'<g transform="translate(0,{height - legend_h:.0f})">{legend}</g>')
    return _svg(width, height, "".join(parts), title)
