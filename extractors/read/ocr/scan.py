"""Scanned pages read by OCR: which pages, and each page's image and words.

``scanned_pages`` says which pages of a PDF have no usable text layer: none
at all, glyph garbage (``(cid:12)``, U+FFFD, private-use code points), or a
hidden text layer (an image covering the page) whose words do not match what
a quick OCR of the image reads. A page to read is

1. rendered at 200 dpi in grey; turned when scanned a quarter turned; deskewed;
2. its ruled tables found and their rules erased (``scan_lines``);
3. triaged on a low-resolution OCR (100 dpi) of the page with table bodies
   masked (``triaged_page``): the reading loop of ``extractors.document_pipeline``
   reads again at full resolution only the pages with a table of interest (a
   ruled table whose header reads like one, a caption with figures, or the
   continuation of such a table);
4. at full resolution, each ruled table's crop read as sparse text and the rest
   of the page as running text (``table_words``); ``structure.scan_page`` builds
   the blocks from those words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from lkjip.extractors.model.document import Block
from lkjip.extractors.read.ocr.lexicon import repair_words
from lkjip.extractors.read.ocr.scan_image import (
    binarize,
    border_bands,
    even_light,
    quarter_turned,
    render_gray,
    rotate,
    skew_angle,
    turn,
)
from lkjip.extractors.read.ocr.scan_lines import Grid, erase_rules, ink_to_rules, rules_to_grids, wide_rules
from lkjip.extractors.read.ocr.words import OcrError, Word, osd_rotation, read_words
from lkjip.extractors.read.textlayer import MAX_GARBAGE, garbage_share
from lkjip.extractors.read.triage import table_candidate_pages
from lkjip.records import ErrorItem, TextSource

DPI = 200
TRIAGE_DPI = 100
HEADER_KEEP = 170  # pixels of a ruled table's top kept for the triage pass (its header rows)
MIN_TEXT_CHARS = 30  # fewer printable characters than this: the page has no text layer
MIN_MATCH = 0.35  # share of word overlap between text layer and OCR below which the layer is not the image
IMAGE_COVER = 0.5  # share of the page an image must cover to make it a scan

_TOKEN = re.compile(r"[a-z0-9]{3,}")


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
class ScanPage:
    """A scanned page made upright and level, its rules found and erased."""

    gray: np.ndarray  # rules erased
    grids: list[Grid]
    rules: list[float] = field(default_factory=list)  # heights (pixels) of the wide rules outside the grids


def _prepare(pdf: pdfium.PdfDocument, index: int) -> ScanPage:
    gray = even_light(render_gray(pdf, index, DPI))
    ink = binarize(gray)
    bands = border_bands(ink)
    if bands.any():
        gray[bands] = 255
        ink = binarize(gray)
    if quarter_turned(ink):
        gray = turn(gray, _upright_turn(gray))
        ink = binarize(gray)
    angle = skew_angle(ink)
    if angle:
        gray = rotate(gray, angle)
        ink = binarize(gray)
    return _ruled_page(gray, ink)


def _ruled_page(gray: np.ndarray, ink: np.ndarray) -> ScanPage:
    h, v = ink_to_rules(ink)
    grids = rules_to_grids(h, v)
    return ScanPage(erase_rules(gray, h, v), grids, wide_rules(h, grids))


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


def _triage_words(page: ScanPage) -> list[Word]:
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


def _maybe_upside_down(pdf: pdfium.PdfDocument, index: int, page: ScanPage, words: list[Word]) -> bool:
    """A page read with little confidence may be upside down; ask OSD (at full resolution, as in ``_upright_turn``)."""
    if words and sum(w.conf for w in words) / len(words) >= 45:
        return False
    return osd_rotation(page.gray, DPI) == 180


def triaged_page(pdf: pdfium.PdfDocument, i: int) -> tuple[ScanPage, list[Word]]:
    """A scanned page made upright and level, its rules found and erased, with its low-resolution words
    (ruled tables' bodies masked); a page read with little confidence and found upside down is turned."""
    page = _prepare(pdf, i)
    words = _triage_words(page)
    if _maybe_upside_down(pdf, i, page, words):
        gray = turn(page.gray, 180)
        page = _ruled_page(gray, binarize(gray))
        words = _triage_words(page)
    return page, words


def table_words(page: ScanPage) -> tuple[list[list[Word]], list[Word]]:
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




def region_words(page: ScanPage, band: tuple[float, float], running: list[Word]) -> list[Word]:
    """Words of a borderless table's band (top and bottom in pixels), read again as sparse text and
    merged with the page's running-text reading of the band (``running``).

    The running-text reading makes lines of the table and garbles its short figures and marks
    ("81,14%" read "BL1A1 Ti") as it does in a ruled table's cells; the sparse one drops lone bold
    glyphs on shading (a program's code "1") and dots ("1.1" read "11"). Each reads what the other
    misses, and where both read the same place the surer reading is kept (``merge_readings``)."""
    y0, y1 = max(0, int(band[0]) - 2), min(page.gray.shape[0], int(band[1]) + 3)
    crop = page.gray[y0:y1, :]
    sparse = repair_words([w.shifted(0, y0) for w in read_words(crop, dpi=DPI, psm=11)])
    return merge_readings(sparse, [w for w in running if y0 <= w.cy <= y1])


SAME_PLACE = 0.5  # share of each box two words' boxes share: one printed word read twice
SURER = 10.0  # confidence points a reading must lead by to replace the sparse reading of its place


def _shared(a: Word, b: Word) -> float:
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(a.y1, b.y1) - max(a.y0, b.y0)
    if w <= 0 or h <= 0:
        return 0.0
    large = max((a.x1 - a.x0) * (a.y1 - a.y0), (b.x1 - b.x0) * (b.y1 - b.y0))
    return w * h / large if large > 0 else 0.0


def merge_readings(sparse: list[Word], running: list[Word]) -> list[Word]:
    """Given two readings of the same print, return one: the sparse reading's words, a running-text word
    where the sparse reading found nothing, or where both read one word in the same box and the
    running-text reading is the surer one."""
    out = list(sparse)
    for w in running:
        if not any(_shared(w, s) > 0 for s in sparse):
            out.append(w)
            continue
        same = [s for s in sparse if _shared(w, s) >= SAME_PLACE]
        if len(same) == 1 and same[0].text != w.text and w.conf >= same[0].conf + SURER:
            out = [s for s in out if s is not same[0]]
            out.append(w)
    return out
