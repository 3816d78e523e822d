"""OCR words to the block shapes of the other readers.

Words inside a ruled table go to the printed cell their centre falls in
(``words_to_cells``, then ``cells_to_table``); the other words are grouped into
printed lines by the reader (``read.ocr.words.words_to_lines``). Lines are also given in the shape of
pdfplumber's text lines (``line_dicts``), characters spread over each word's
box, so the borderless-table finder that works on digital pages runs on
scanned ones unchanged. All geometry leaves here in PDF points.
"""

from __future__ import annotations

import re
from typing import Any

from lkjip.extractors.model.document import TableBlock, TextBlock, grid_from_spans
from lkjip.extractors.read.ocr.cells import PlacedCell
from lkjip.extractors.read.ocr.scan_lines import Grid
from lkjip.extractors.read.ocr.words import Line, Word, words_to_lines
from lkjip.extractors.structure.aligned_grid import LONE_CELL_SHARE, aligned_block


def _inside(w: Word, box: tuple[int, int, int, int]) -> bool:
    x0, y0, x1, y1 = box
    return x0 <= w.cx < x1 and y0 <= w.cy < y1


_TAIL = re.compile(r"^([a-z1]{1,2})(?=$|\()")
# the broken-off "i" read as "1" and glued to the year after it: "Realisas" / "12019" is "Realisasi 2019"
_TAIL_BEFORE_YEAR = re.compile(r"^([1il])(?=(?:19|20)\d\d(?:\D|$))")


def join_cell_lines(lines: list[str]) -> str:
    """Given a cell's lines, return its text; a word the cell's width broke ("Realisas" / "i",
    which OCR often reads "1", maybe glued to the year that follows) is joined back."""
    out: list[str] = []
    for text in lines:
        m = _TAIL.match(text) or _TAIL_BEFORE_YEAR.match(text)
        if out and m and out[-1][-1:].isalpha() and out[-1][-1:].islower():
            rest = text[m.end() :]
            out[-1] += "i" if m.re is _TAIL_BEFORE_YEAR else m.group(1).replace("1", "i")
            if rest.strip():
                out[-1] += rest if rest[:1] in " (" or not rest[:1].isdigit() else " " + rest
            continue
        out.append(text)
    return "\n".join(out)


def words_to_cells(words: list[Word], grid: Grid) -> tuple[list[PlacedCell], list[Word]]:
    """Given words and a ruled grid, return the grid's cells with their text and the words left outside."""
    x0, y0, x1, y1 = grid.box
    inside = [w for w in words if _inside(w, (x0, y0, x1 + 1, y1 + 1))]
    outside = [w for w in words if not _inside(w, (x0, y0, x1 + 1, y1 + 1))]
    placed: list[PlacedCell] = []
    for cell in grid.cells:
        mine = [w for w in inside if _inside(w, cell.box)]
        text = join_cell_lines([ln.text for ln in words_to_lines(mine)])
        placed.append(PlacedCell(cell, text, min((w.conf for w in mine), default=None)))
    return placed, outside


def cells_to_table(placed: list[PlacedCell], grid: Grid, page_no: int, scale: float, height: float) -> TableBlock:
    """Given placed cells, return the TableBlock (geometry in points: ``scale`` points per pixel)."""
    spans = [(p.cell.row, p.cell.col, p.cell.rowspan, p.cell.colspan, p.text) for p in placed]
    rows = grid_from_spans(spans, grid.n_rows, grid.n_cols)
    return TableBlock(
        rows=rows,
        row_pages=[page_no] * len(rows),
        top=grid.ys[0] / height,
        bottom=grid.ys[-1] / height,
        col_x=[x * scale for x in grid.xs[:-1]],
        ocr=True,
        struktur="ocr_ruled",
    )


def needs_word_columns(grid: Grid) -> bool:
    """Given a ruled grid from an image, return whether most of its rows are one cell wide: a table ruled
    only around its box, between rows or under its header, whose columns its words' alignment gives."""
    if grid.n_rows < 1:
        return False
    per_row = [0] * grid.n_rows
    for c in grid.cells:
        if 0 <= c.row < grid.n_rows:
            per_row[c.row] += 1
    lone = sum(1 for n in per_row if n <= 1)
    return lone >= LONE_CELL_SHARE * grid.n_rows


def word_dicts(words: list[Word], scale: float) -> list[dict[str, Any]]:
    """Given OCR words, return them as the aligned-grid engine's words (``text``, box) in points.

    Each word takes its printed line's top and bottom, so the letters' heights (OCR boxes are ink boxes)
    do not break one line in two."""
    dicts: list[dict[str, Any]] = []
    for ln in words_to_lines(words):
        tops, bottoms = sorted(w.y0 for w in ln.words), sorted(w.y1 for w in ln.words)
        top, bottom = tops[len(tops) // 2] * scale, bottoms[len(bottoms) // 2] * scale
        dicts.extend(
            {"text": w.text, "x0": w.x0 * scale, "x1": w.x1 * scale, "top": top, "bottom": bottom} for w in ln.words
        )
    return dicts


def words_to_aligned_table(
    words: list[Word], grid: Grid, page_no: int, scale: float, height: float
) -> TableBlock | None:
    """Given the words inside a grid whose columns are not ruled, return the table its alignment gives (the
    digital pages' engine, ``aligned_block``), or None where the words show no columns either.

    """
    dicts = word_dicts(words, scale)
    x0, y0, x1, y1 = grid.box
    rule_ys = [y * scale for y in grid.ys[1:-1]]
    block = aligned_block(dicts, (x0 * scale, y0 * scale, x1 * scale, y1 * scale), rule_ys, page_no)
    if block is None:
        return None
    block.top, block.bottom = y0 / height, y1 / height
    block.ocr, block.struktur = True, "ocr_aligned"
    return block


def line_to_block(line: Line, page_no: int, height: float) -> TextBlock:
    return TextBlock(text=line.text, page=page_no, top=line.y0 / height, bottom=line.y1 / height)


def line_dicts(lines: list[Line], scale: float) -> list[dict[str, Any]]:
    """Given lines, return them as pdfplumber text lines (``text``, box, ``chars``) in points."""
    out: list[dict[str, Any]] = []
    for ln in lines:
        chars: list[dict[str, Any]] = []
        for w in ln.words:
            step = (w.x1 - w.x0) / max(1, len(w.text))
            for k, ch in enumerate(w.text):
                chars.append(
                    {
                        "text": ch,
                        "x0": (w.x0 + k * step) * scale,
                        "x1": (w.x0 + (k + 1) * step) * scale,
                        "top": w.y0 * scale,
                        "bottom": w.y1 * scale,
                        "size": (w.y1 - w.y0) * scale,
                    }
                )
        out.append(
            {
                "text": ln.text,
                "x0": ln.x0 * scale,
                "x1": ln.x1 * scale,
                "top": ln.y0 * scale,
                "bottom": ln.y1 * scale,
                "chars": chars,
            }
        )
    return out
