"""Second readings of single table cells: digits-only for figures, several scales for short codes.

The language model happily reads ``0`` as ``O``, ``1`` as ``l`` and ``5`` as
``S`` inside a number. Every cell whose first reading looks numeric is cropped
and read again with only digits and number punctuation allowed, as one text
line. Short cells (a code ``I``, ``II``, ``A``, ``1.``, a lone ``%``) are where
Tesseract's line model is least sure of itself: a glyph alone has no context,
and the same crop reads ``1.`` at one scale and ``i`` at another. They are read
at several scales and the most confident reading is kept.

Tesseract runs in process (``read.ocr.words``), so a cell costs a couple of
milliseconds and each is read on its own crop.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from lkjip.extractors.read.ocr.words import DIGIT_LANG, read_words, words_to_lines

WHITELIST = "0123456789.,%-()"
# a figure, possibly with the language model's misreadings of digits and of "%" ("Y6", "Yo", "%o")
_NUMERIC_CELL = re.compile(r"^[(\-–]?\s*[\dOolIS]*\d[\dOolISB.,:;\s]*(?:%|Y[0-9oa]|%o|9%|[)])?\s*$")  # ":" ";" misread dots
_LONE_PERCENT = frozenset({"Yo", "Y6", "Y9", "%o", "%", "96"})  # a unit cell "%" as the language model reads it
PAD = 10  # white pixels around a crop: Tesseract reads a glyph flush with the image edge badly
INSET = 4  # pixels cut from each side of a cell box (rule remains, neighbouring text)


@dataclass(frozen=True, slots=True)
class DigitReading:
    text: str
    conf: float


_WRAPPED_TAIL = re.compile(r"^[\dOoIlir|]{1,3}%?$")  # digits as the language model may read them


def looks_numeric(text: str) -> bool:
    """True for a cell a digit-only reading can improve: one line of digits and number punctuation,
    or a figure a narrow cell wrapped, its short tail on a second line ("0,866" over "7", read "ri")."""
    t = text.strip()
    if t in _LONE_PERCENT:
        return True
    lines = t.split("\n")
    if len(lines) == 2 and _WRAPPED_TAIL.match(lines[1].strip()):
        t = lines[0].strip()
    elif len(lines) > 1:
        return False
    return bool(t) and bool(_NUMERIC_CELL.match(t)) and len(t) <= 24


SPECK = 5  # dark pixels: a connected blob smaller than this is scanner noise, not print (a "." has about 9)


def _crop_ink_box(crop: np.ndarray) -> np.ndarray:
    """The crop trimmed to its print (plus a margin), so a reading sees the text and little else.

    Left out: specks, what is left of a ruling line the rule finder missed (a blob far wider than
    tall), and print far from the cell's main text (dust in a tall merged cell). The text is the
    largest blob and whatever lies within a line's height of it, grown blob by blob, so a "1." or
    a figure wrapped over two lines stays whole.
    """
    dark = (crop < 160).astype(np.uint8)
    if not dark.any():
        return crop
    n, _, stats, _ = cv2.connectedComponentsWithStats(dark, connectivity=8)
    boxes = []
    for k in range(1, n):
        x, y, w, h, area = (int(v) for v in stats[k])
        if area < SPECK or (h <= RULE_THICKNESS and w >= RULE_ASPECT * h) or (w <= RULE_THICKNESS and h >= 0.9 * crop.shape[0] > 40):
            continue
        boxes.append((x, y, x + w, y + h, area))
    if not boxes:
        return crop
    main = max(boxes, key=lambda b: b[4])
    reach = max(main[3] - main[1], 8)
    x0, y0, x1, y1 = main[:4]
    grown = True
    while grown:
        grown = False
        for b in boxes:
            inside = b[0] >= x0 and b[1] >= y0 and b[2] <= x1 and b[3] <= y1
            near = b[0] < x1 + reach and b[2] > x0 - reach and b[1] < y1 + reach and b[3] > y0 - reach
            if near and not inside:
                x0, y0, x1, y1 = min(x0, b[0]), min(y0, b[1]), max(x1, b[2]), max(y1, b[3])
                grown = True
    y0, y1 = max(0, y0 - 3), min(crop.shape[0], y1 + 3)
    x0, x1 = max(0, x0 - 3), min(crop.shape[1], x1 + 3)
    return crop[y0:y1, x0:x1]


RULE_THICKNESS = 4  # pixels: a blob this thin and long is a ruling line's remnant, not print
RULE_ASPECT = 8


def read_digits(image: np.ndarray, boxes: list[tuple[int, int, int, int]], dpi: int) -> list[DigitReading | None]:
    """Given a rule-free page image and cell boxes (pixels), return a digit-only reading per box."""
    return read_cells(image, boxes, dpi, config=(f"tessedit_char_whitelist={WHITELIST}",), by_line=True)


def has_ink(image: np.ndarray, box: tuple[int, int, int, int]) -> bool:
    """True when a cell box (rules erased) holds some print: a cell the first reading found empty."""
    x0, y0, x1, y1 = box
    crop = image[y0 + INSET : y1 - INSET, x0 + INSET : x1 - INSET]
    return bool(crop.size) and int((crop < 128).sum()) >= 25


STROKE_WIDTH = 0.5  # width / height of an upright stroke "I", bold included (only cells read as strokes are counted)


def stroke_count(image: np.ndarray, box: tuple[int, int, int, int]) -> int:
    """Given a rule-free page image and a cell box, return how many upright strokes the cell's print
    holds, when all of it is strokes (and perhaps a dot): 3 for "III", 0 for anything else."""
    x0, y0, x1, y1 = box
    crop = image[y0 + INSET : y1 - INSET, x0 + INSET : x1 - INSET]
    if not crop.size:
        return 0
    dark = (crop < 160).astype(np.uint8)
    n, _, stats, _ = cv2.connectedComponentsWithStats(dark, connectivity=8)
    blobs = [stats[k] for k in range(1, n) if stats[k, cv2.CC_STAT_AREA] >= SPECK]
    if not blobs:
        return 0
    tallest = max(int(b[cv2.CC_STAT_HEIGHT]) for b in blobs)
    strokes = 0
    for b in blobs:
        h, w = int(b[cv2.CC_STAT_HEIGHT]), int(b[cv2.CC_STAT_WIDTH])
        if h >= 0.7 * tallest and w <= STROKE_WIDTH * h:
            strokes += 1
        elif h > 0.4 * tallest:
            return 0  # a glyph that is no stroke: not a roman I, II, III
    return strokes


def read_cells(
    image: np.ndarray,
    boxes: list[tuple[int, int, int, int]],
    dpi: int,
    *,
    config: tuple[str, ...] = (),
    scales: Sequence[float] = (1.0,),
    by_line: bool = False,
) -> list[DigitReading | None]:
    """Given a rule-free page image and cell boxes, return one reading per box (English model: short
    tokens such as "%", "1." and "I"); with several ``scales`` the most confident reading wins.
    ``by_line`` reads each line of a cell on its own (a figure wrapped in a narrow cell: "0.765" over
    "7"); without it a cell is one line, which reads a word wrapped letter by letter ("N" over "o") whole."""
    out: list[DigitReading | None] = []
    for x0, y0, x1, y1 in boxes:
        crop = image[y0 + INSET : y1 - INSET, x0 + INSET : x1 - INSET]
        if not crop.size:
            out.append(None)
            continue
        crop = _crop_ink_box(crop)
        best: DigitReading | None = None
        for scale in scales:
            reading = _read_one(crop, dpi, scale, config, by_line)
            if reading is not None and (best is None or reading.conf > best.conf):
                best = reading
        out.append(best)
    return out


def _read_one(crop: np.ndarray, dpi: int, scale: float, config: tuple[str, ...], by_line: bool) -> DigitReading | None:
    """One reading of a cell crop; line by line when ``by_line`` and the cell's print wraps."""
    parts: list[DigitReading] = []
    for top, bottom in line_bands(crop) if by_line else [(0, crop.shape[0])]:
        band = crop[top:bottom]
        if scale != 1.0:
            band = cv2.resize(band, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
        framed = np.pad(band, PAD, constant_values=255)
        words = read_words(framed, dpi=round(dpi * scale), psm=7, config=config, lang=DIGIT_LANG)
        if words:
            text = " ".join(ln.text for ln in words_to_lines(words))
            parts.append(DigitReading(text=text, conf=min(w.conf for w in words)))
    if not parts:
        return None
    return DigitReading(text="\n".join(p.text for p in parts), conf=min(p.conf for p in parts))


MIN_LINE = 8  # pixels: a band of ink lower than this is dust or an underline, not a line of print
LINE_GAP = 2  # blank pixel rows that part two lines of a cell


def line_bands(crop: np.ndarray) -> list[tuple[int, int]]:
    """Given an ink-trimmed cell crop, return the (top, bottom) rows of each line of print in it
    (the whole crop when it holds one line, or nothing tall enough to tell)."""
    inked = ((crop < 160).sum(axis=1) > 0).tolist()
    bands: list[tuple[int, int]] = []
    start: int | None = None
    blank = 0
    for y, ink in enumerate([*inked, False]):
        if ink:
            if start is None:
                start = y
            blank = 0
            continue
        blank += 1
        if start is not None and (blank >= LINE_GAP or y == len(inked)):
            end = y - blank + 1
            if end - start >= MIN_LINE:
                bands.append((max(0, start - 3), min(crop.shape[0], end + 3)))
            start = None
    return bands if len(bands) > 1 else [(0, crop.shape[0])]
