"""The blocks of a digitally born PDF page with a table of interest, in reading (top-down) order.

The page (pdfplumber's, or ``read.fast_page``'s from pdfium) gives its characters, text lines and rules;
here they become tables: pdfplumber's table finder on the rules a reader sees (merged cells from the cell
boxes, a ruled row holding several printed rows split by ``row_split``), banded fragments joined
(``fragments``), rows ruled but columns not read by the words' alignment (``aligned_grid``), borderless
tables on the remaining lines (``borderless``), and the other lines as text.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from typing import Any

import pdfplumber

from lkjip.extractors.model.document import (
    Block,
    TableBlock,
    TextBlock,
    grid_from_spans,
    merge_sliver_columns,
)
from lkjip.extractors.read.fast_page import FastPage
from lkjip.extractors.read.rules import open_end_edges, open_side_edges, pdfplumber_page_edges
from lkjip.extractors.structure.aligned_grid import aligned_block, needs_text_columns, words_in
from lkjip.extractors.structure.borderless import region_table, table_regions
from lkjip.extractors.structure.fragments import band_rules, fragment_groups, union_box
from lkjip.extractors.structure.row_split import split_row
from lkjip.normalizers._kata import FUNCTION_WORDS, KATA

# Word and LibreOffice draw table borders as thin rectangles; "lines" finds them.
TABLE_SETTINGS: dict[str, Any] = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 3,
}



def page_to_blocks(page: Any, page_no: int) -> list[Block]:
    """Given a pdfplumber page, return its text lines and tables in reading (top-down) order."""
    height = float(page.height) or 1.0
    found = find_ruled_tables(page)
    tables = [t for t in found if len(t.cells) >= 2]
    placed: list[tuple[float, Block]] = []
    boxes = [t.bbox for t in tables]
    lines = [ln for ln in page.extract_text_lines(return_chars=True) if not _inside_any(ln, boxes)]
    for group in fragment_groups(boxes, lines):  # banded rows found as several tables: read as one
        outer = union_box([tables[i].bbox for i in group])
        rules = band_rules([r.bbox for i in group for r in tables[i].rows], outer)
        block = aligned_block(words_in(page.chars, outer), outer, rules, page_no)
        if block is None:
            continue
        block.top, block.bottom = outer[1] / height, outer[3] / height
        placed.append((outer[1], block))
        boxes.append(outer)
        tables = [t for k, t in enumerate(tables) if k not in group]
    for t in tables:
        if needs_text_columns(t):  # rows ruled, columns not: the words' alignment gives the grid
            # every ruled row's top and bottom: shading drawn behind every other row leaves the plain rows
            # between the bands, so a band's bottom is a row's edge as much as the next band's top
            rule_ys = band_rules([r.bbox for r in t.rows], t.bbox)
            block = aligned_block(words_in(page.chars, t.bbox), t.bbox, rule_ys, page_no)
        else:
            block = table_to_block(t, page_no)
        if block is None:
            continue
        block.top = t.bbox[1] / height
        block.bottom = t.bbox[3] / height
        placed.append((t.bbox[1], block))
    lines = [ln for ln in lines if not _inside_any(ln, boxes)]
    for region in table_regions(lines, [b[1] for b in boxes], float(page.width), height):
        box = (0.0, region[0], float(page.width), region[1])
        rules = region_rules(page, box)
        block = aligned_block(words_in(page.chars, box), box, rules, page_no) or region_table(lines, region, page_no)
        if block is None:
            continue
        block.top, block.bottom = region[0] / height, region[1] / height
        placed.append((region[0], block))
        boxes.append((0.0, region[0], float(page.width), region[1]))
    for line in lines:
        if _inside_any(line, boxes):
            continue
        chars_bold = "bold" in str(line.get("fontname", "")).lower()
        placed.append(
            (
                float(line["top"]),
                TextBlock(
                    text=line["text"],
                    page=page_no,
                    top=float(line["top"]) / height,
                    bottom=float(line["bottom"]) / height,
                    bold=chars_bold,
                ),
            )
        )
    placed.sort(key=lambda p: p[0])
    return [b for _, b in placed]


WIDE_RULE = 0.3  # share of the page width a horizontal rule spans to mark a row edge (no underline)


def region_rules(page: Any, box: tuple[float, float, float, float]) -> list[float]:
    """The heights of the wide horizontal rules and shading edges inside a borderless table's region: a
    header printed on a shaded band ends where the band ends, however its lines are spaced."""
    edges = page.edges if isinstance(page, FastPage) else pdfplumber_page_edges(page)
    wide = WIDE_RULE * float(page.width)
    ys = {round(float(e["top"]), 1) for e in edges if e["orientation"] == "h" and float(e["x1"]) - float(e["x0"]) >= wide}
    return sorted(y for y in ys if box[1] < y < box[3])


def find_ruled_tables(page: Any) -> list[Any]:
    """Given a pdfplumber or fast page, return pdfplumber's tables from the rules a reader sees."""
    edges = page.edges if isinstance(page, FastPage) else pdfplumber_page_edges(page)
    v = [e for e in edges if e["orientation"] == "v"]
    h = [e for e in edges if e["orientation"] == "h"]
    if len(v) < 2 or len(h) < 2:
        return []
    return list(page.find_tables(table_settings=_explicit(v + open_side_edges(v, h), h + open_end_edges(v, h))))


def _explicit(v: list[dict[str, Any]], h: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        **TABLE_SETTINGS,
        "vertical_strategy": "explicit",
        "horizontal_strategy": "explicit",
        "explicit_vertical_lines": v,
        "explicit_horizontal_lines": h,
    }


def _inside_any(line: dict[str, Any], boxes: Sequence[tuple[float, float, float, float]]) -> bool:
    cx = (float(line["x0"]) + float(line["x1"])) / 2
    cy = (float(line["top"]) + float(line["bottom"])) / 2
    return any(x0 - 1 <= cx <= x1 + 1 and top - 1 <= cy <= bottom + 1 for x0, top, x1, bottom in boxes)


def _row_chars(table: Any) -> list[list[dict[str, Any]]]:
    """The characters inside each of a pdfplumber table's rows."""
    # chars by vertical midpoint, so each row takes its band by bisection instead of a page scan
    by_mid = sorted(table.page.chars, key=lambda c: (c["top"] + c["bottom"]) / 2)
    mids = [(c["top"] + c["bottom"]) / 2 for c in by_mid]
    out: list[list[dict[str, Any]]] = []
    for row in table.rows:
        x0, top, x1, bottom = row.bbox
        band = by_mid[bisect.bisect_left(mids, top) : bisect.bisect_left(mids, bottom)]
        out.append([c for c in band if _mid_in(c, (x0, top, x1, bottom))])
    return out


def _extract_cells(table: Any, row_chars: list[list[dict[str, Any]]]) -> list[list[str | None]]:
    """Like pdfplumber's ``Table.extract``, but a word broken across lines because it is wider
    than its cell (``BERKEMBAN`` / ``G``) is joined back without a space."""
    out: list[list[str | None]] = []
    for row, chars in zip(table.rows, row_chars, strict=True):
        arr: list[str | None] = []
        for bbox in row.cells:
            if bbox is None:
                arr.append(None)
                continue
            cell_chars = [c for c in chars if _mid_in(c, bbox)]
            arr.append(_cell_text(cell_chars, bbox) if cell_chars else "")
        out.append(arr)
    return out


def _mid_in(char: dict[str, Any], bbox: tuple[float, float, float, float]) -> bool:
    h = (char["x0"] + char["x1"]) / 2
    v = (char["top"] + char["bottom"]) / 2
    return bool(bbox[0] <= h < bbox[2] and bbox[1] <= v < bbox[3])


def _cell_text(chars: list[dict[str, Any]], bbox: tuple[float, float, float, float]) -> str:
    lines = pdfplumber.utils.cluster_objects(chars, "top", 2.5)
    parts: list[str] = []
    prev_line: list[dict[str, Any]] = []
    for k, line in enumerate(lines):
        line = sorted(line, key=lambda c: c["x0"])
        text = pdfplumber.utils.extract_text(line).strip()
        if not text:
            continue
        if k > 0 and parts and (_attached_slash(parts[-1]) or _broken_word(prev_line, line, bbox[2])):
            parts[-1] = parts[-1] + text
        else:
            parts.append(text)
        prev_line = line
    return "\n".join(parts)


def _attached_slash(text: str) -> bool:
    """``orang/`` at a line end goes on as ``orang/bulan``; ``desa /`` had a space after the slash."""
    return text.endswith("/") and not text.endswith(" /")


# Word and LibreOffice keep about 0.19 cm (5.4 pt) between text and the cell's right border.
CELL_PADDING = 5.4


def _broken_word(line: list[dict[str, Any]], nxt: list[dict[str, Any]], cell_right: float) -> bool:
    """True when ``line`` is one token that ran into the cell's right edge and ``nxt`` goes on with
    the same kind of characters: the renderer broke a word or number too wide for its cell
    (``BERKEMBAN`` / ``G``, ``0,880`` / ``0``)."""
    text = "".join(c["text"] for c in line).strip()
    first = sorted(nxt, key=lambda c: c["x0"])[0]
    if not text or " " in text or not text[-1].isalnum() or not first["text"].isalnum():
        return False
    if text[-1].isalpha() != first["text"].isalpha():
        return False  # "Target" / "2021": a word and a number, not one broken token
    if first["text"].isalpha():
        rest = "".join(c["text"] for c in sorted(nxt, key=lambda c: c["x0"])).split(" ")[0].lower()
        if len(rest) >= 3 and (rest in KATA or rest in FUNCTION_WORDS):
            return False  # "tersedia" / "data": the next line starts a word of its own
    room = cell_right - CELL_PADDING - line[-1]["x1"]
    return bool(room < (first["x1"] - first["x0"]) + 1.0)


def _spans(start: float, end: float, edges: Iterable[float]) -> int:
    return max(1, sum(1 for e in edges if start - 0.5 <= e < end - 0.5))


def table_to_block(table: Any, page_no: int) -> TableBlock | None:
    """Given a pdfplumber Table, return the grid with merged cells resolved from the cell boxes; a ruled
    row that holds several printed rows (no rules between them) becomes those rows (``row_split``)."""
    xs = sorted({round(c[0], 1) for c in table.cells})
    tops = sorted({round(c[1], 1) for c in table.cells})
    if not xs or not tops:
        return None
    row_chars = _row_chars(table)
    texts = _extract_cells(table, row_chars)
    spans: list[list[tuple[int, int, int, str]]] = []  # per row: (col, rowspan, colspan, text)
    covered: set[int] = set()
    for r, row in enumerate(table.rows):
        out: list[tuple[int, int, int, str]] = []
        for c, bbox in enumerate(row.cells):
            if bbox is None:
                continue
            rowspan = _spans(bbox[1], bbox[3], tops)
            if rowspan > 1:
                covered.update(range(r, r + rowspan))
            text = texts[r][c] if r < len(texts) and c < len(texts[r]) else ""
            out.append((c, rowspan, _spans(bbox[0], bbox[2], xs), text or ""))
        spans.append(out)
    cells: list[tuple[int, int, int, int, str]] = []
    at = 0
    for r, row in enumerate(table.rows):
        printed = None if r in covered else split_row(row.cells, row_chars[r], _cell_text)
        if printed is None:
            cells.extend((at, c, rs, cs, text) for c, rs, cs, text in spans[r])
            at += 1
            continue
        for k, texts_k in enumerate(printed):
            cells.extend((at + k, c, 1, cs, texts_k[c]) for c, _, cs, _ in spans[r])
        at += len(printed)
    n_rows = at + max(0, len(tops) - len(table.rows))
    grid, col_x = merge_sliver_columns(grid_from_spans(cells, n_rows, len(xs)), [float(x) for x in xs])
    return TableBlock(rows=grid, row_pages=[page_no] * len(grid), col_x=col_x, struktur="ruled")
