"""Ruled tables in a page image: find the rules, build the grid, erase the rules.

Rules are the long thin runs of ink a morphological opening with a long
horizontal (vertical) kernel keeps. Each table is a connected group of rules;
its rows and columns are the distinct y (x) positions of its horizontal
(vertical) rules. Two neighbouring grid positions belong to one printed cell
when the rule between them is missing for most of its length: that is how a
merged cell (a sasaran spanning five rows, a header spanning two columns)
shows in the image. The rules are erased before Tesseract reads the page:
left in, they leak into cells as ``|`` or a stray ``1``.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

MIN_RULE = 80  # pixels (0.4 inch at 200 dpi): shorter horizontal runs are text
MIN_V_RULE = 40  # pixels: taller than any glyph
SHORT_V_RULE = 20  # pixels: a column rule of a one-line row, kept only between two horizontal rules
CLUSTER = 8  # pixels: rules closer than this are one rule
COVERED = 0.5  # share of a boundary a rule must cover to separate two cells


@dataclass(frozen=True, slots=True)
class GridCellBox:
    """One printed cell: grid position, spans and its box in pixels (x0, y0, x1, y1)."""

    row: int
    col: int
    rowspan: int
    colspan: int
    box: tuple[int, int, int, int]


@dataclass(frozen=True, slots=True)
class Grid:
    """A ruled table: rule positions in pixels and its printed cells."""

    xs: list[int]
    ys: list[int]
    cells: list[GridCellBox]

    @property
    def box(self) -> tuple[int, int, int, int]:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]

    @property
    def n_rows(self) -> int:
        return len(self.ys) - 1

    @property
    def n_cols(self) -> int:
        return len(self.xs) - 1


def ink_to_rules(ink: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Given an ink mask, return (horizontal, vertical) rule masks."""
    # no closing first: it would weld the letters of a bold word into a "rule"
    h = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (MIN_RULE, 1)))
    h = _drop_welded_letters(h, ink)
    v = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, SHORT_V_RULE)))
    v = _keep_rules(v, h)
    return h | _short_h_rules(ink, v), v


SHORT_H_RULE = 20  # pixels: a row rule of a narrow column ("No", 70 pixels wide), kept only between two column rules


def _short_h_rules(ink: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Horizontal runs shorter than ``MIN_RULE`` that are rules: the row rules of a narrow column, both
    of whose ends meet a column rule, which a letter's bar or a dash never does."""
    h = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (SHORT_H_RULE, 1)))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(h, connectivity=8)
    near_v = cv2.dilate(v, np.ones((5, 9), np.uint8))
    keep = np.zeros(n, dtype=bool)
    for k in range(1, n):
        x, y, w, hh = (int(s) for s in stats[k][:4])
        if w >= MIN_RULE or hh > RULE_THICKNESS_MAX:
            continue  # a long run is found by the long kernel (or was dropped there as letters)
        ym = y + hh // 2
        keep[k] = bool(near_v[ym, x] and near_v[ym, min(x + w - 1, v.shape[1] - 1)])
    return np.where(keep[labels], 255, 0).astype(np.uint8)


RULE_THICKNESS_MAX = 7  # pixels: thicker horizontal runs are print
STEMS = 0.3  # share of a run's length with ink just above it and just below it: letters, not a rule
LETTERS_ON_IT = 0.4  # share with ink on one side: a serif font's baseline welded by blur, letters standing on it


def _drop_welded_letters(h: np.ndarray, ink: np.ndarray) -> np.ndarray:
    """Horizontal runs that are a word's letters welded by blur or a dark scan, not a rule: as tall as
    the letters (a bold word's body), or with the letters' stems above and below much of the run, or
    letters standing on much of it (a serif font's baseline), where a rule is thin and has paper on both
    sides. Left in, such a run is erased through the word ("Indikator" read "In Uinatui")."""
    n, labels, stats, _ = cv2.connectedComponentsWithStats(h, connectivity=8)
    keep = np.ones(n, dtype=bool)
    keep[0] = False
    rows = ink.shape[0]
    for k in range(1, n):
        x, y, w, hh = (int(s) for s in stats[k][:4])
        above, below = y - 3, y + hh + 2
        if above < 0 or below >= rows:
            continue
        up = (ink[above, x : x + w] > 0).mean()
        down = (ink[below, x : x + w] > 0).mean()
        thin = hh <= RULE_THICKNESS_MAX  # a blurred bold word's body is a "run" as tall as its letters
        keep[k] = thin and not (up >= STEMS and down >= STEMS) and max(up, down) < LETTERS_ON_IT
    return np.where(keep[labels], 255, 0).astype(np.uint8)


def _keep_rules(v: np.ndarray, h: np.ndarray) -> np.ndarray:
    """Vertical runs that are rules: tall ones, and short ones (a one-line row's column rule)
    whose both ends meet a horizontal rule, which a letter's stem never does."""
    n, labels, stats, _ = cv2.connectedComponentsWithStats(v, connectivity=8)
    near_h = cv2.dilate(h, np.ones((9, 5), np.uint8))
    keep = np.zeros(n, dtype=bool)
    for k in range(1, n):
        x, y, w, hh = (int(s) for s in stats[k][:4])
        if hh >= MIN_V_RULE:
            keep[k] = True
            continue
        xm = x + w // 2
        keep[k] = bool(near_h[y, xm] and near_h[min(y + hh - 1, h.shape[0] - 1), xm])
    return np.where(keep[labels], 255, 0).astype(np.uint8)


def _clusters(values: list[float]) -> list[int]:
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= CLUSTER:
            out[-1].append(v)
        else:
            out.append([v])
    return [round(sum(c) / len(c)) for c in out]


def rules_to_grids(h: np.ndarray, v: np.ndarray) -> list[Grid]:
    """Given rule masks, return the ruled tables, top to bottom."""
    joined = cv2.dilate(h | v, np.ones((5, 5), np.uint8))
    n, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    grids: list[Grid] = []
    for k in range(1, n):
        x, y, w, hh = (int(s) for s in stats[k][:4])
        if w < 3 * MIN_RULE or hh < 30:
            continue
        grid = _grid_in(h, v, (x, y, x + w, y + hh))
        if grid is not None:
            grids.append(grid)
    return sorted(grids, key=lambda g: g.ys[0])


def _segments(mask: np.ndarray, axis: int) -> list[tuple[float, int, int]]:
    """Rules in a mask as (position across, start along, end along)."""
    n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    out = []
    for k in range(1, n):
        x, y, w, h = (int(s) for s in stats[k][:4])
        if axis == 0:  # horizontal rules
            out.append((y + h / 2, x, x + w))
        else:
            out.append((x + w / 2, y, y + h))
    return out


def _grid_in(h: np.ndarray, v: np.ndarray, box: tuple[int, int, int, int]) -> Grid | None:
    x0, y0, x1, y1 = box
    hs = [(p + y0, a + x0, b + x0) for p, a, b in _segments(h[y0:y1, x0:x1], 0)]
    vs = [(p + x0, a + y0, b + y0) for p, a, b in _segments(v[y0:y1, x0:x1], 1)]
    ys = _clusters([p for p, _, _ in hs])
    xs = _clusters([p for p, _, _ in vs])
    if len(ys) < 2 or len(xs) < 2:
        return None
    hband = cv2.dilate(h, np.ones((CLUSTER, 1), np.uint8))
    vband = cv2.dilate(v, np.ones((1, CLUSTER), np.uint8))
    return Grid(xs=xs, ys=ys, cells=_cells(xs, ys, hband, vband))


def _cells(xs: list[int], ys: list[int], hband: np.ndarray, vband: np.ndarray) -> list[GridCellBox]:
    nr, nc = len(ys) - 1, len(xs) - 1
    parent = list(range(nr * nc))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for r in range(nr):
        for c in range(nc):
            if c + 1 < nc:  # rule between (r, c) and (r, c + 1)
                seg = vband[ys[r] + 2 : ys[r + 1] - 1, xs[c + 1]]
                if seg.size and (seg > 0).mean() < COVERED:
                    parent[find(r * nc + c + 1)] = find(r * nc + c)
            if r + 1 < nr:
                seg = hband[ys[r + 1], xs[c] + 2 : xs[c + 1] - 1]
                if seg.size and (seg > 0).mean() < COVERED:
                    parent[find((r + 1) * nc + c)] = find(r * nc + c)
    groups: dict[int, list[tuple[int, int]]] = {}
    for r in range(nr):
        for c in range(nc):
            groups.setdefault(find(r * nc + c), []).append((r, c))
    cells = []
    for members in groups.values():
        r0, r1 = min(m[0] for m in members), max(m[0] for m in members)
        c0, c1 = min(m[1] for m in members), max(m[1] for m in members)
        cells.append(GridCellBox(r0, c0, r1 - r0 + 1, c1 - c0 + 1, (xs[c0], ys[r0], xs[c1 + 1], ys[r1 + 1])))
    return sorted(cells, key=lambda c: (c.row, c.col))


WIDE_RULE = 0.3  # share of the page width a horizontal rule spans to mark a row edge (no underline)


def wide_rules(h: np.ndarray, grids: list[Grid]) -> list[float]:
    """Given the horizontal rule mask and the page's ruled grids, return the heights (pixels) of the wide
    rules outside every grid: the rules of a table ruled only between rows, which form no grid (no
    column rule joins them), but which end its rows as they do in a digital table."""
    wide = WIDE_RULE * h.shape[1]
    out = []
    for y, a, b in _segments(h, 0):
        if b - a < wide:
            continue
        if any(g.box[0] - CLUSTER <= (a + b) / 2 <= g.box[2] + CLUSTER and g.box[1] - CLUSTER <= y <= g.box[3] + CLUSTER
               for g in grids):
            continue
        out.append(float(y))
    return sorted(out)


def erase_rules(gray: np.ndarray, h: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Given a grey image and its rule masks, return a copy with the rules painted the paper's colour.

    Paper colour, not white: a white band on grey paper reads as a dash.
    """
    out = gray.copy()
    paper = int(np.median(gray[::8, ::8]))
    out[cv2.dilate(h | v, np.ones((3, 3), np.uint8)) > 0] = paper
    return out
