"""Scanned pages to the same blocks the text-layer reader gives.

``scanned_pages`` says which pages of a PDF have no usable text layer: none
at all, glyph garbage (``(cid:12)``, U+FFFD, private-use code points), or a
hidden text layer (an image covering the page) whose words do not match what
a quick OCR of the image reads. ``read_scanned`` reads those pages:

1. render at 200 dpi in grey; turn a page scanned a quarter turned; deskew;
2. find the ruled tables and erase their rules;
3. triage on a low-resolution OCR (100 dpi) of the page with table bodies
   masked: only pages with a table of interest (a ruled table whose header
   reads like one, a caption with figures, or the continuation of such a
   table) are read again at full resolution;
4. full resolution: words placed on the ruled grids (merged cells kept),
   the other words grouped into lines; borderless tables found on those lines
   by the same finder as on digital pages; numeric cells read a second time
   digits-only (``ocr_digits``).

Every cell keeps the lowest Tesseract word confidence of its words, returned
as ``confidence`` keyed by (page, cell text) for the records to carry.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from lkjip.extractors.borderless import region_table, table_regions
from lkjip.extractors.document import Block, TableBlock, TextBlock
from lkjip.extractors.ocr_digits import (
    DigitReading,
    has_ink,
    looks_numeric,
    read_cells,
    read_digits,
    stroke_count,
)
from lkjip.extractors.ocr_lexicon import repair_words
from lkjip.extractors.ocr_words import OcrError, Word, check_tesseract, osd_rotation, read_words
from lkjip.extractors.scan_grid import (
    PlacedCell,
    cells_to_table,
    line_dicts,
    line_to_block,
    needs_word_columns,
    words_to_aligned_table,
    words_to_cells,
    words_to_lines,
)
from lkjip.extractors.scan_image import (
    binarize,
    even_light,
    quarter_turned,
    render_gray,
    rotate,
    skew_angle,
    turn,
)
from lkjip.extractors.scan_lines import Grid, erase_rules, ink_to_rules, rules_to_grids
from lkjip.extractors.textlayer import MAX_GARBAGE, garbage_share
from lkjip.extractors.triage import table_candidate_pages
from lkjip.records import ErrorItem, TextSource

DPI = 200
TRIAGE_DPI = 100
HEADER_KEEP = 170  # pixels of a ruled table's top kept for the triage pass (its header rows)
MIN_TEXT_CHARS = 30  # fewer printable characters than this: the page has no text layer
MIN_MATCH = 0.35  # share of word overlap between text layer and OCR below which the layer is not the image
IMAGE_COVER = 0.5  # share of the page an image must cover to make it a scan

_TOKEN = re.compile(r"[a-z0-9]{3,}")
_INTEREST = re.compile(
    r"\b(target|realisasi|capaian|pagu|anggaran|indikator|iks|ike|ikl|idm|sasaran|kegiatan|program|desa)\b",
    re.IGNORECASE,
)


@dataclass
class ScanRead:
    """What OCR made of the scanned pages (0-based page index keys)."""

    blocks: dict[int, list[Block]] = field(default_factory=dict)
    texts: dict[int, str] = field(default_factory=dict)
    # (1-based page, cell text with whitespace collapsed) -> lowest word confidence, 0..1
    confidence: dict[tuple[int, str], float] = field(default_factory=dict)
    errors: list[ErrorItem] = field(default_factory=list)
    full_resolution: set[int] = field(default_factory=set)


    def text_source(self, n_pages: int) -> TextSource:
        """"ocr" when every page was read by OCR, "mixed" when some were, else "text_layer"."""
        if not self.blocks:
            return "text_layer"
        return "ocr" if len(self.blocks) >= n_pages else "mixed"


def read_scans(path: Path, texts: list[str]) -> ScanRead:
    """Given a PDF and its text layer per page, OCR the pages without a usable layer.

    ``texts`` is updated in place with the OCR text of those pages, so page
    triage and metadata see every page's text whatever its source.
    """
    scan = read_scanned(path, sorted(scanned_pages(path, texts)))
    for i, text in scan.texts.items():
        texts[i] = text
    return scan


def _image_cover(page: pdfium.PdfPage) -> float:
    width, height = page.get_size()
    area = 0.0
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        area = max(area, max(0.0, min(right, width) - max(left, 0.0)) * max(0.0, min(top, height) - max(bottom, 0.0)))
    return area / (width * height) if width and height else 0.0


def word_overlap(a: str, b: str) -> float:
    """Share of the tokens of ``b`` (3+ letters or digits) also found in ``a``."""
    ta, tb = set(_TOKEN.findall(a.lower())), set(_TOKEN.findall(b.lower()))
    return len(ta & tb) / len(tb) if tb else 1.0


def scanned_pages(path: Path, texts: Sequence[str]) -> set[int]:
    """Given a PDF and its text layer per page, return the 0-based pages to read by OCR."""
    out: set[int] = set()
    pdf = pdfium.PdfDocument(str(path))
    try:
        for i, text in enumerate(texts):
            printable = sum(1 for c in text if not c.isspace())
            if printable >= MIN_TEXT_CHARS and garbage_share(text) > MAX_GARBAGE:
                out.add(i)
                continue
            page = pdf[i]
            try:
                cover = _image_cover(page)
                rules = _drawn_paths(page)
            finally:
                page.close()
            if cover < IMAGE_COVER:
                continue
            if printable < MIN_TEXT_CHARS or _table_only_in_image(text, rules) or _layer_mismatch(pdf, i, text):
                out.add(i)
    finally:
        pdf.close()
    return out


MIN_RULES = 4  # drawn paths below which a page's table borders can only be in its image


def _drawn_paths(page: pdfium.PdfPage) -> int:
    return sum(1 for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=2))


def _table_only_in_image(text: str, rules: int) -> bool:
    """A scan whose text layer (the scanner's own OCR) is true but whose table borders exist only in
    the image: the layer's words carry no grid, so the page is read from the image like any scan."""
    return rules < MIN_RULES and bool(table_candidate_pages([text]))


def _layer_mismatch(pdf: pdfium.PdfDocument, index: int, text: str) -> bool:
    """A scan with a text layer: does the layer say what the image shows?"""
    try:
        gray = render_gray(pdf, index, TRIAGE_DPI)
        seen = " ".join(w.text for w in read_words(gray, dpi=TRIAGE_DPI))
    except OcrError:
        return False  # cannot check: trust the layer
    return word_overlap(text, seen) < MIN_MATCH


@dataclass
class _Page:
    """A scanned page made upright and level, its rules found and erased."""

    gray: np.ndarray  # rules erased
    grids: list[Grid]


def _prepare(pdf: pdfium.PdfDocument, index: int) -> _Page:
    gray = even_light(render_gray(pdf, index, DPI))
    ink = binarize(gray)
    if quarter_turned(ink):
        gray = turn(gray, _upright_turn(gray))
        ink = binarize(gray)
    angle = skew_angle(ink)
    if angle:
        gray = rotate(gray, angle)
        ink = binarize(gray)
    h, v = ink_to_rules(ink)
    grids = rules_to_grids(h, v)
    return _Page(erase_rules(gray, h, v), grids)


def _upright_turn(gray: np.ndarray) -> int:
    """Degrees clockwise that make a page whose text lines run vertically upright.

    Tesseract's orientation detection at full resolution (at half resolution
    the letters are too small for it: it is rarely sure, and then sometimes
    wrong); when it is not sure, the quarter turn whose quick OCR reads more
    words with more confidence.
    """
    turned = osd_rotation(gray, DPI)
    if turned is not None:
        return turned
    small = cv2.resize(gray, None, fx=TRIAGE_DPI / DPI, fy=TRIAGE_DPI / DPI, interpolation=cv2.INTER_AREA)

    def read_sum(clockwise: int) -> float:
        return sum(w.conf for w in read_words(turn(small, clockwise), dpi=TRIAGE_DPI))

    return max((90, 270), key=read_sum)


def _triage_words(page: _Page) -> list[Word]:
    """Low-resolution words of the page with each ruled table's body masked (its header kept)."""
    img = page.gray.copy()
    for g in page.grids:
        x0, y0, x1, y1 = g.box
        cut = max(y0 + HEADER_KEEP, g.ys[1] if len(g.ys) > 1 else y0)
        if cut < y1:
            img[cut:y1, x0:x1] = 255
    small = cv2.resize(img, None, fx=TRIAGE_DPI / DPI, fy=TRIAGE_DPI / DPI, interpolation=cv2.INTER_AREA)
    k = DPI / TRIAGE_DPI
    return [w.shifted(0, 0, k) for w in read_words(small, dpi=TRIAGE_DPI)]


def _maybe_upside_down(pdf: pdfium.PdfDocument, index: int, page: _Page, words: list[Word]) -> bool:
    """A page read with little confidence may be upside down; ask OSD (at full resolution, as in ``_upright_turn``)."""
    if words and sum(w.conf for w in words) / len(words) >= 45:
        return False
    return osd_rotation(page.gray, DPI) == 180


def read_scanned(path: Path, indices: Sequence[int]) -> ScanRead:
    """Given a PDF and the 0-based pages to OCR, return their blocks, texts and cell confidences."""
    out = ScanRead()
    if not indices:
        return out
    try:
        check_tesseract()
    except OcrError as exc:
        out.errors.append(ErrorItem(stage="ocr", code=exc.code, message=exc.message))
        for i in indices:
            out.blocks[i], out.texts[i] = [], ""
        return out
    pdf = pdfium.PdfDocument(str(path))
    previous_candidate = False
    try:
        for i in sorted(indices):
            try:
                previous_candidate = _read_page(pdf, i, out, previous_candidate)
            except OcrError as exc:
                out.errors.append(ErrorItem(stage="ocr", code=exc.code, message=exc.message, page=i + 1))
                out.blocks[i], out.texts[i] = [], ""
                previous_candidate = False
    finally:
        pdf.close()
    return out


def _read_page(pdf: pdfium.PdfDocument, i: int, out: ScanRead, previous_candidate: bool) -> bool:
    page = _prepare(pdf, i)
    words = _triage_words(page)
    if _maybe_upside_down(pdf, i, page, words):
        page = _Page(turn(page.gray, 180), [])
        ink = binarize(page.gray)
        h, v = ink_to_rules(ink)
        page = _Page(erase_rules(page.gray, h, v), rules_to_grids(h, v))
        words = _triage_words(page)
    height = float(page.gray.shape[0])
    lines = words_to_lines(words)
    text = "\n".join(ln.text for ln in lines)
    candidate = bool(table_candidate_pages([text])) or (
        bool(page.grids) and (bool(_INTEREST.search(text)) or previous_candidate)
    )
    if not candidate:
        out.blocks[i] = [line_to_block(ln, i + 1, height) for ln in lines]
        out.texts[i] = text
        return False
    out.full_resolution.add(i)
    blocks, text = _full_page(page, i + 1, out.confidence)
    out.blocks[i], out.texts[i] = blocks, text
    return True


def _table_words(page: _Page) -> tuple[list[list[Word]], list[Word]]:
    """Words of each ruled table (its crop read as sparse text) and of the rest of the page.

    Sparse text (psm 11) finds every word on its own, which reads a table's
    bold headers and short cells far better than the page layout analysis or
    a uniform block, both of which try to make running lines of a table.
    """
    rest_image = page.gray.copy()
    paper = int(np.median(page.gray[::8, ::8]))
    per_grid: list[list[Word]] = []
    for g in page.grids:
        x0, y0, x1, y1 = g.box
        crop = page.gray[y0:y1, x0:x1]
        per_grid.append(repair_words([w.shifted(x0, y0) for w in read_words(crop, dpi=DPI, psm=11)]))
        rest_image[y0:y1, x0:x1] = paper
    return per_grid, repair_words(read_words(rest_image, dpi=DPI))


def _full_page(page: _Page, page_no: int, confidence: dict[tuple[int, str], float]) -> tuple[list[Block], str]:
    scale = 72.0 / DPI
    height = float(page.gray.shape[0])
    grid_words, rest = _table_words(page)
    placed_blocks: list[tuple[float, Block]] = []
    all_cells: list[PlacedCell] = []
    per_grid: list[tuple[Grid, list[PlacedCell]]] = []
    for g, words in zip(page.grids, grid_words, strict=True):
        aligned = words_to_aligned_table(words, g, page_no, scale, height) if needs_word_columns(g) else None
        if aligned is not None:  # ruled around or between rows only: the words' alignment gives the columns
            placed_blocks.append((g.ys[0] * scale, aligned))
            _remember_borderless(confidence, page_no, aligned, words)
            continue
        cells, outside = words_to_cells(words, g)
        rest = rest + outside
        per_grid.append((g, cells))
        all_cells.extend(cells)
    _short_pass(page.gray, all_cells)
    _digit_pass(page.gray, all_cells)
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
        loose = region_table(dicts, region, page_no)
        if loose is None:
            continue
        loose.top, loose.bottom = region[0] / (height * scale), region[1] / (height * scale)
        loose.ocr = True
        loose.struktur = "ocr_aligned"
        placed_blocks.append((region[0], loose))
        boxes.append(region)
        in_region = [w for ln, d in zip(lines, dicts, strict=True) if _in_region(d, region) for w in ln.words]
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


# how the language model misreads a trailing "%": "55%" -> "5596", "55Y6", "55Yo", "55%o"
_PERCENT_MISREAD = re.compile(r"(?:Y[0-9oa]|%o|96|9%)$")
DISAGREE = 0.5  # the two readings differ: the cell keeps half its lower confidence


_WELL_FORMED = re.compile(
    r"^[(\-]?(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?)%?\)?$"
)
REGROUPED = 0.8  # separators rebuilt from the digit groups: a little less sure


def well_formed(text: str) -> bool:
    """A figure whose separators make sense: one kind for thousands (groups of three), the other for decimals."""
    return bool(_WELL_FORMED.match(text.replace(" ", "")))


def regroup(text: str) -> str:
    """Given a figure with muddled separators ("297,060,139,.00"), return it rebuilt from its digit
    groups the Indonesian way ("297.060.139,00"); unchanged when the groups do not allow it."""
    m = re.match(r"^([(\-]?)([\d.,:;\s]+?)(%?\)?)$", text.replace(" ", ""))
    if not m:
        return text
    groups = [g for g in re.split(r"[.,:;]+", m.group(2)) if g]  # ":" and ";" are dots OCR misread
    if len(groups) < 2 or not all(len(g) == 3 for g in groups[1:-1]) or not 1 <= len(groups[0]) <= 3:
        return text
    body = ".".join(groups) if len(groups[-1]) == 3 else ".".join(groups[:-1]) + "," + groups[-1]
    return m.group(1) + body + m.group(3)


NO_READING = 10.0  # a digit-only reading this unsure (Tesseract's 0 for a failed line) says nothing


def settle(first: str, first_conf: float, digits: str, digits_conf: float) -> tuple[str, float]:
    """Given a cell's first reading and its digit-only reading, return the text to keep and its confidence."""
    a, b = first.replace(" ", ""), digits.replace(" ", "")
    if digits_conf < NO_READING and well_formed(a):
        text, conf = first, first_conf * DISAGREE
    elif a == b or (b.endswith("%") and _PERCENT_MISREAD.sub("%", a) == b):
        text, conf = digits, max(first_conf, digits_conf)
    elif len(a) >= 3 and b.startswith(a) and b[len(a) :].isdigit():
        # the first reading lost the digits a narrow cell wrapped to a second line ("0.765" / "7")
        text, conf = digits, min(first_conf, digits_conf)
    elif re.sub(r"\D", "", a) == re.sub(r"\D", "", b) and (well_formed(a) or well_formed(b)):
        # the same digits, separators read differently ("." and "," look alike in a blurred scan)
        text = first if well_formed(a) and (not well_formed(b) or first_conf > digits_conf) else digits
        conf = min(first_conf, digits_conf)
    else:
        text, conf = digits, min(first_conf, digits_conf) * DISAGREE
    if not well_formed(text) and well_formed(regroup(text)):
        text, conf = regroup(text), conf * REGROUPED
    return text, conf


SHORT = 3  # characters: a cell this short is a code, a number or a unit ("I", "II", "A", "1.", "%")
# a lone glyph reads "1." at one scale and "i" at another: read at these and keep the surest
SHORT_SCALES = (1.0, 1.5, 2.0, 3.0)


def _short(cell: PlacedCell, image: np.ndarray) -> bool:
    t = cell.text.strip()
    return (not t and has_ink(image, cell.cell.box)) or (0 < len(t) <= SHORT and not t.isdigit())


def _short_pass(image: np.ndarray, cells: list[PlacedCell]) -> None:
    """Read again, with the English model, the cells the sparse reading left empty though they hold
    print, and the very short ones: a lone "%", a list number "1.", a roman "II" ("u", "w" before)."""
    short = [c for c in cells if _short(c, image)]
    if not short:
        return
    readings = read_cells(image, [c.cell.box for c in short], DPI, scales=SHORT_SCALES)
    for cell, reading in zip(short, readings, strict=True):
        if os.environ.get("LKJIP_OCR_DEBUG"):
            print("SHORT", repr(cell.text), cell.conf, reading)
        if reading is not None and (cell.conf is None or not cell.text.strip() or reading.conf >= cell.conf):
            cell.text, cell.conf = reading.text, reading.conf
        if _ROMAN_LIKE.fullmatch(cell.text.strip()):
            cell.text = _roman(cell.text.strip(), stroke_count(image, cell.cell.box))


# what Tesseract makes of a roman I, II or III alone in a cell: strokes, "u", a quote mark
_ROMAN_LIKE = re.compile(r"[Iil|!]{1,3}\.?|[uUwW\"”]\.?|Ml\.?|Il\.?")


def _roman(text: str, strokes: int) -> str:
    """A code cell read as strokes ("il", "ll", "u", "\"") is a roman numeral: as many I as the cell's
    image has upright strokes (2 or 3; one stroke may as well be "1", so a lone stroke keeps its reading)."""
    dot = "." if text.endswith(".") else ""
    if 2 <= strokes <= 3:
        return "I" * strokes + dot
    core = text.rstrip(".")
    return "I" * len(core) + dot if re.fullmatch(r"[Iil|]{2,3}", core) else text


_FIGURE_HEAD = re.compile(r"^[(\-]?\d[\d.,]*\d$")
_DIGIT_TAIL = re.compile(r"^\d{1,3}%?\)?$")


def join_wrapped_figure(text: str) -> str:
    """Given a cell's lines, return a figure a narrow cell wrapped ("0.765" over "7", the way the
    renderer breaks it at the cell's edge) as one line; other text unchanged."""
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    if len(lines) == 2 and len(lines[0]) >= 4 and _FIGURE_HEAD.match(lines[0]) and _DIGIT_TAIL.match(lines[1]):
        joined = lines[0] + lines[1]
        return joined if well_formed(joined) else text
    return text


def _digit_pass(image: np.ndarray, cells: list[PlacedCell]) -> None:
    """Read numeric cells again digits-only and settle each cell's text and confidence."""
    numeric = [c for c in cells if looks_numeric(c.text)]
    if not numeric:
        return
    readings = read_digits(image, [c.cell.box for c in numeric], DPI)
    for cell, reading in zip(numeric, readings, strict=True):
        if reading is None or cell.conf is None:
            continue
        reading = DigitReading(join_wrapped_figure(reading.text), reading.conf)
        if os.environ.get("LKJIP_OCR_DEBUG"):
            print("DIGITS", repr(cell.text), cell.conf, repr(reading.text), reading.conf)
        cell.text, cell.conf = settle(cell.text, cell.conf, reading.text, reading.conf)
