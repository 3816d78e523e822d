"""A scanned page's blocks from what OCR read: ruled tables, tables ruled only between rows, borderless
tables and text lines, in reading order.

Words inside a ruled grid go to its cells (``scan_grid``), which are then read a second time
(``read.ocr.cells``: short cells, figures digits-only); the other words make lines, on which the
borderless-table finder of digital pages runs. Every cell keeps the lowest Tesseract word confidence of
its words, kept in ``confidence`` keyed by (page, cell text) for the records to carry.
"""

from __future__ import annotations

from lkjip.extractors.model.document import Block, TableBlock, TextBlock
from lkjip.extractors.read.ocr.cells import PlacedCell, digit_pass, reread_words, short_pass
from lkjip.extractors.read.ocr.scan import DPI, ScanPage, region_words, table_words
from lkjip.extractors.read.ocr.scan_lines import Grid
from lkjip.extractors.read.ocr.words import Word, words_to_lines
from lkjip.extractors.structure.aligned_grid import aligned_block
from lkjip.extractors.structure.borderless import region_table, table_regions
from lkjip.extractors.structure.scan_grid import (
    cells_to_table,
    line_dicts,
    line_to_block,
    needs_word_columns,
    word_dicts,
    words_to_aligned_table,
    words_to_cells,
)


def full_page(page: ScanPage, page_no: int, confidence: dict[tuple[int, str], float]) -> tuple[list[Block], str]:
    scale = 72.0 / DPI
    height = float(page.gray.shape[0])
    grid_words, rest = table_words(page)
    placed_blocks: list[tuple[float, Block]] = []
    all_cells: list[PlacedCell] = []
    per_grid: list[tuple[Grid, list[PlacedCell]]] = []
    for g, words in zip(page.grids, grid_words, strict=True):
        aligned = (
            words_to_aligned_table(reread_words(page.gray, words), g, page_no, scale, height)
            if needs_word_columns(g)
            else None
        )
        if aligned is not None:  # ruled around or between rows only: the words' alignment gives the columns
            placed_blocks.append((g.ys[0] * scale, aligned))
            _remember_borderless(confidence, page_no, aligned, words)
            continue
        cells, outside = words_to_cells(words, g)
        rest = rest + outside
        per_grid.append((g, cells))
        all_cells.extend(cells)
    short_pass(page.gray, all_cells)  # reading again the cells the words were placed in
    digit_pass(page.gray, all_cells)
    for g, cells in per_grid:
        block = cells_to_table(cells, g, page_no, scale, height)
        placed_blocks.append((g.ys[0] * scale, block))
        for c in cells:
            _remember(confidence, page_no, c.text, c.conf)
    lines = words_to_lines(rest)
    dicts = line_dicts(lines, scale)
    page_width = page.gray.shape[1] * scale
    ruled_tops = [g.ys[0] * scale for g in page.grids]
    boxes: list[tuple[float, float]] = []
    for region in table_regions(dicts, ruled_tops, page_width):
        band = (region[0] / scale, region[1] / scale)
        in_region = reread_words(page.gray, region_words(page, band, rest))
        # as on digital pages: the words' alignment and the wide rules between rows give the grid
        box = (0.0, region[0], page_width, region[1])
        rules = [y * scale for y in page.rules if region[0] < y * scale < region[1]]
        loose = aligned_block(word_dicts(in_region, scale), box, rules, page_no) or region_table(dicts, region, page_no)
        if loose is None:
            continue
        loose.top, loose.bottom = region[0] / (height * scale), region[1] / (height * scale)
        loose.ocr = True
        loose.struktur = "ocr_aligned"
        placed_blocks.append((region[0], loose))
        boxes.append(region)
        _remember_borderless(confidence, page_no, loose, in_region)
    for ln, d in zip(lines, dicts, strict=True):
        if any(_in_region(d, r) for r in boxes):
            continue
        placed_blocks.append((float(d["top"]), line_to_block(ln, page_no, height)))
    placed_blocks.sort(key=lambda p: p[0])
    blocks = [b for _, b in placed_blocks]
    return blocks, "\n".join(_block_text(b) for b in blocks)


def _in_region(d: dict[str, object], region: tuple[float, float]) -> bool:
    mid = (float(d["top"]) + float(d["bottom"])) / 2  # type: ignore[arg-type]
    return region[0] <= mid <= region[1]


def _block_text(b: Block) -> str:
    if isinstance(b, TextBlock):
        return b.text
    return "\n".join(" ".join(c.text for c in row if c.is_origin) for row in b.rows)


def _key(text: str) -> str:
    return " ".join(text.split())


def _remember(confidence: dict[tuple[int, str], float], page_no: int, text: str, conf: float | None) -> None:
    if conf is None or not text.strip():
        return
    key = (page_no, _key(text))
    confidence[key] = min(confidence.get(key, 1.0), conf / 100.0)


def _remember_borderless(
    confidence: dict[tuple[int, str], float], page_no: int, block: TableBlock, words: list[Word]
) -> None:
    by_token: dict[str, float] = {}
    for w in words:
        by_token[w.text] = min(by_token.get(w.text, 100.0), w.conf)
    for row in block.rows:
        for c in row:
            confs = [by_token[t] for t in c.text.split() if t in by_token]
            if confs:
                _remember(confidence, page_no, c.text, min(confs))
