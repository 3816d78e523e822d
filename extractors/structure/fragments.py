"""One table the ruling finder sees as many: rows shaded in turn, the plain rows between them unruled.

A Word table styled with banded rows and white (or no) cell borders draws rectangles only behind every
other row: pdfplumber's table finder then returns each shaded band as a table of its own, and the plain
rows between them fall out as text. Those fragments share the table's left and right edges; the words
between them lie within those edges. The group becomes one table read by the words' alignment
(``aligned_grid``), the bands' edges serving as row rules.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

EDGE = 3.0  # points within which two fragments share a left or right edge
MIN_FRAGMENTS = 3  # two tables of one width one under the other are common; three bands of one table are not
_CAPTION = re.compile(r"^\s*(lanjutan\s+)?tabel\b", re.IGNORECASE)

Box = tuple[float, float, float, float]


def fragment_groups(boxes: Sequence[Box], lines: Sequence[dict[str, Any]]) -> list[list[int]]:
    """Given the boxes of a page's ruled tables and its text lines outside them, return the groups of
    indices (top-down) that are bands of one table: three or more boxes within the first one's side edges,
    each sharing one of them with the band above, only lines inside those edges between them and no
    caption among those lines."""
    order = sorted(range(len(boxes)), key=lambda i: boxes[i][1])
    groups: list[list[int]] = []
    for i in order:
        for group in groups:
            last = boxes[group[-1]]
            # a band of the table shares both its edges; a total row's band may start a column in
            same_edges = _shares_an_edge(boxes[i], last) and _inside(boxes[i], boxes[group[0]])
            other_between = any(last[3] - 1 <= b[1] and b[3] <= boxes[i][1] + 1 for b in boxes if b not in (last, boxes[i]))
            if same_edges and not other_between and _only_rows_between(last, boxes[i], lines):
                group.append(i)
                break
        else:
            groups.append([i])
    return [g for g in groups if len(g) >= MIN_FRAGMENTS]


def _shares_an_edge(a: Box, b: Box) -> bool:
    return abs(a[0] - b[0]) <= EDGE or abs(a[2] - b[2]) <= EDGE


def _inside(a: Box, outer: Box) -> bool:
    return a[0] >= outer[0] - EDGE and a[2] <= outer[2] + EDGE


def _only_rows_between(upper: Box, lower: Box, lines: Sequence[dict[str, Any]]) -> bool:
    between = [ln for ln in lines if float(ln["top"]) >= upper[3] - 1 and float(ln["bottom"]) <= lower[1] + 1]
    return all(
        float(ln["x0"]) >= upper[0] - EDGE and float(ln["x1"]) <= upper[2] + EDGE and not _CAPTION.match(ln["text"])
        for ln in between
    )


def union_box(boxes: Sequence[Box]) -> Box:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def band_rules(row_boxes: Sequence[Box], outer: Box) -> list[float]:
    """The y of every band row's top and bottom edge inside the group's box: the rows the shading draws."""
    ys = {round(y, 1) for b in row_boxes for y in (b[1], b[3])}
    return sorted(y for y in ys if outer[1] + 1 < y < outer[3] - 1)
