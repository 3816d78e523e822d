"""Rows a table prints without ruling between them, recovered from the text inside one ruled row.

Many real tables rule their columns but not their rows: the whole body is one
ruled row whose every cell holds a column of lines (a 2016 LKIP's budget table
of 96 kegiatan read as 7 rows of glued figures). A row then starts where the
table's numbering starts a line: a code (``39.06``, ``II``, ``a.``) in one of
the first columns, or, in a table without codes, a figure in every amount
column. Between two such starts the row boundary is the widest blank band
across all columns, so a label wrapped above or below its figures stays in its
row.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from typing import Any

import pdfplumber

# "39.06", "39.10.", "II", "a.", "(3)", "6 *)"; a lone letter only with its dot or bracket ("N" / "o" is a
# header word wrapped in a narrow cell)
CODE_LINE = re.compile(
    r"^\(?([0-9]{1,3}|[IVXL]{1,5}|[a-zA-Z](?=[.)]))([.\-][0-9]{1,3})*[.)]?\s*(\*\)?)?$"
)
TOTAL_LINE = re.compile(r"^\s*(jumlah|total|rata[\s-]*rata)\b", re.IGNORECASE)
NUMBER_LINE = re.compile(r"^(rp\.?\s*)?-?\(?[0-9][0-9.,\s]*\)?\s*%?\s*(,-)?$", re.IGNORECASE)
LINE_TOLERANCE = 2.5
ROW_SPACING = 0.8  # a blank band this share of a line's height parts rows, not a label's wrapped lines
CLEARLY_WIDER = 1.5  # a blank band this many times the one above the next row's start separates rows
MIN_ROWS = 2

Line = tuple[float, float, str]  # top, bottom, text
Box = tuple[float, float, float, float]


def cell_lines(chars: Sequence[dict[str, Any]]) -> list[Line]:
    """Given a cell's characters, return its text lines, top-down."""
    out: list[Line] = []
    for group in pdfplumber.utils.cluster_objects(list(chars), "top", LINE_TOLERANCE):
        group = sorted(group, key=lambda c: c["x0"])
        text = pdfplumber.utils.extract_text(group).strip()
        if text:
            out.append((min(c["top"] for c in group), max(c["bottom"] for c in group), text))
    return sorted(out)


def _right_aligned(chars: Sequence[dict[str, Any]]) -> bool:
    """Whether the cell's lines all end at one x: figures set flush right, not one figure wrapped."""
    ends = [max(c["x1"] for c in g) for g in pdfplumber.utils.cluster_objects(list(chars), "top", LINE_TOLERANCE)]
    return len(ends) >= 2 and max(ends) - min(ends) <= 2.0


def _is_figure_column(lines: list[Line]) -> bool:
    figures = sum(1 for _, _, t in lines if NUMBER_LINE.match(t))
    dashes = sum(1 for _, _, t in lines if t.strip() in ("-", "–", "—"))
    return figures >= 1 and (figures + dashes) * 5 >= len(lines) * 4


def anchor_tops(columns: list[list[Line]], wrapped: set[int]) -> list[float] | None:
    """The tops of the lines that each start a printed row, or None when the cell row is one printed row.

    Codes in a leading column start rows; so does each figure of the table's fullest amount column that
    shares its code's stretch with an earlier figure (total rows without a code: ``BELANJA LANGSUNG``)
    or comes before the first code.
    """
    filled = [j for j, lines in enumerate(columns) if lines]
    codes: list[float] = []
    code_col = -1
    for j in filled[:2]:  # a numbering column leads the table (its total row may say "Jumlah" there)
        lines = columns[j]
        if all(CODE_LINE.match(t) or TOTAL_LINE.match(t) for _, _, t in lines) and any(
            CODE_LINE.match(t) for _, _, t in lines
        ):
            codes = [top for top, _, _ in lines]
            code_col = j
            break
    figures_cols = [j for j in filled if _is_figure_column(columns[j])]
    if not figures_cols:
        return None  # no figures: a header or a text row, never split
    amounts: list[float] = []
    if figures_cols:
        amount_cols = [j for j in figures_cols if j != code_col] or figures_cols
        fullest = max(amount_cols, key=lambda j: (sum(1 for _, _, t in columns[j] if NUMBER_LINE.match(t)), j))
        amounts = [top for top, _, t in columns[fullest] if NUMBER_LINE.match(t)]
    if len(codes) <= 1:
        # no numbering to go by (or one number over a merged cell): each figure of the amount columns
        # starts a row when two of them agree on the count, or one does and a text column has at least
        # as many lines (indicators listed under one merged sasaran); a figure wrapped in its cell does not
        figures_cols = [j for j in figures_cols if j not in wrapped]
        if not figures_cols:
            return None
        # the amount column: the most figures, the rightmost of equals (row numbers come first)
        fullest = max(figures_cols, key=lambda j: (sum(1 for _, _, t in columns[j] if NUMBER_LINE.match(t)), j))
        amounts = [top for top, _, t in columns[fullest] if NUMBER_LINE.match(t)]
        if len(amounts) < MIN_ROWS:
            return None
        agreeing = [j for j in figures_cols if len(columns[j]) == len(columns[fullest])]
        texts = [j for j in filled if j not in figures_cols and len(columns[j]) >= len(amounts)]
        return amounts if len(agreeing) >= 2 or texts else None
    anchors = list(codes)
    stretch_starts = [float("-inf"), *codes]
    for lo, hi in zip(stretch_starts, [*codes, float("inf")], strict=True):
        inside = [a for a in amounts if lo - LINE_TOLERANCE <= a < hi - LINE_TOLERANCE]
        if lo == float("-inf"):
            anchors.extend(inside)
        else:
            anchors.extend(inside[1:])
    anchors = sorted(set(anchors))
    return anchors if len(anchors) >= MIN_ROWS else None


def cuts(anchors: list[float], columns: list[list[Line]]) -> list[float]:
    """Between each two anchors, where one printed row ends: at the widest blank band across every column
    when it is clearly wider than the others (rows set apart by spacing), else right above the next anchor's
    line (rows start where their number or first figure is printed)."""
    spans = sorted((top, bottom) for lines in columns for top, bottom, _ in lines)
    heights = sorted(bottom - top for top, bottom in spans)
    line_height = heights[len(heights) // 2] if heights else 0.0
    out: list[float] = []
    for a, b in itertools.pairwise(anchors):
        gaps: list[tuple[float, float]] = []  # (middle, width) of each blank band between a and b
        reach = a
        for top, bottom in spans:
            if bottom <= a:
                continue
            if top > b:
                break
            if top > reach:
                gaps.append(((reach + top) / 2, top - reach))
            reach = max(reach, bottom)
        if not gaps:
            out.append(b - 0.5)
            continue
        # lines set apart from both rows by a row's spacing (no wrapped line is set that far from its
        # row) are a row of their own: a group row (a sasaran's name) printed between two rows
        apart = [g for g in gaps if g[1] >= ROW_SPACING * line_height]
        if len(apart) >= 2:
            out.extend(g[0] for g in apart)
            continue
        widest = max(gaps, key=lambda g: g[1])
        last = gaps[-1]
        out.append(widest[0] if widest[1] > CLEARLY_WIDER * last[1] + 0.5 else last[0])
    return out


def split_row(
    cell_boxes: Sequence[Box | None], chars: Sequence[dict[str, Any]], text_of: Callable[[list[dict[str, Any]], Box], str]
) -> list[list[str]] | None:
    """Given one ruled row's cell boxes and its characters, return the texts of the printed rows it
    holds (one list of cell texts per printed row), or None when it holds a single printed row.

    ``text_of`` turns a cell's characters into its text (the reader's own cell-text rules).
    """
    per_cell: list[list[dict[str, Any]]] = []
    for box in cell_boxes:
        if box is None:
            per_cell.append([])
            continue
        per_cell.append([c for c in chars if _mid_in(c, box)])
    columns = [cell_lines(cs) for cs in per_cell]
    # a figure wrapped inside its cell ("0,885" / "7") starts no row: the reader joins it back
    wrapped = {
        j for j, (box, cs) in enumerate(zip(cell_boxes, per_cell, strict=True))
        if box is not None and cs and text_of(cs, box).count("\n") + 1 < len(columns[j]) and not _right_aligned(cs)
    }  # fmt: skip
    anchors = anchor_tops(columns, wrapped)
    if anchors is None:
        return None
    bounds = [float("-inf"), *cuts(anchors, columns), float("inf")]
    rows: list[list[str]] = []
    for lo, hi in itertools.pairwise(bounds):
        row: list[str] = []
        for box, cs in zip(cell_boxes, per_cell, strict=True):
            part = [c for c in cs if lo <= (c["top"] + c["bottom"]) / 2 < hi]
            row.append(text_of(part, box) if part and box is not None else "")
        rows.append(row)
    return rows


def _mid_in(char: dict[str, Any], bbox: Box) -> bool:
    h = (char["x0"] + char["x1"]) / 2
    v = (char["top"] + char["bottom"]) / 2
    return bool(bbox[0] <= h < bbox[2] and bbox[1] <= v < bbox[3])
