"""Columns a ruled table does not rule, found from the alignment of its text.

Many real tables rule their rows (or only their outer box and header) but
not their columns: pdfplumber then finds a table whose every row is one cell
holding a whole printed row ("1 Meningkatnya ... Dokumen 1 1 100,00%"). Such
a table's columns are where its text leaves a gutter: an x range that no word
of the body crosses (a few group rows printed across the table may cross it).
Each gutter becomes a vertical rule in each ruled row no word of which crosses
it, so a group row stays one cell while the data rows get their columns, the
way camelot's stream parser finds columns, inside the rows the rules give.
"""

from __future__ import annotations

from typing import Any

import pdfplumber

# a gutter is at least this wide (points) and crossed by at most this share of the body's text lines
MIN_GUTTER = 4.0
MAX_CROSSING_SHARE = 0.15
# a table needs its columns found when most of its rows are one cell wide
LONE_CELL_SHARE = 0.6


def needs_text_columns(table: Any) -> bool:
    """Given a pdfplumber table, return whether most of its rows hold a single cell."""
    rows = table.rows
    if len(rows) < 2:
        return False
    lone = sum(1 for r in rows if sum(1 for c in r.cells if c is not None) <= 1)
    return lone >= LONE_CELL_SHARE * len(rows)


def _lines(words: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    return [list(g) for g in pdfplumber.utils.cluster_objects(words, "top", 2.5)]


def gutters(words: list[dict[str, Any]], x0: float, x1: float) -> list[float]:
    """Given the words inside a table and its left and right edge, return the x of each column gutter."""
    lines = _lines(words)
    if len(lines) < 3:
        return []
    width = int(x1 - x0) + 1
    crossing = [0] * width
    for line in lines:
        covered = [False] * width
        for w in line:
            for k in range(max(0, int(w["x0"] - x0)), min(width, int(w["x1"] - x0) + 1)):
                covered[k] = True
        for k, c in enumerate(covered):
            crossing[k] += c
    limit = MAX_CROSSING_SHARE * len(lines)
    out: list[float] = []
    start: int | None = None
    for k in range(width + 1):
        free = k < width and crossing[k] <= limit
        if free and start is None:
            start = k
        elif not free and start is not None:
            if start > 0 and k < width and k - start >= MIN_GUTTER:  # inside the table, not its margins
                out.append(x0 + (start + k) / 2)
            start = None
    return out


def text_column_edges(table: Any, chars: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Given a table with unruled columns and the page's characters, return vertical edges at its text
    gutters, one per ruled row that no word crosses there."""
    bx0, btop, bx1, bbottom = table.bbox
    inside = [c for c in chars if bx0 <= (c["x0"] + c["x1"]) / 2 <= bx1 and btop <= (c["top"] + c["bottom"]) / 2 <= bbottom]
    words = pdfplumber.utils.extract_words(inside)
    edges: list[dict[str, Any]] = []
    for x in gutters(words, bx0, bx1):
        for row in table.rows:
            _, top, _, bottom = row.bbox
            if any(w["x0"] < x < w["x1"] and top <= w["top"] < bottom for w in words):
                continue
            edges.append(
                {"x0": x, "x1": x, "top": top, "bottom": bottom, "width": 0.0, "height": bottom - top,
                 "orientation": "v", "object_type": "line"}
            )  # fmt: skip
    return edges
