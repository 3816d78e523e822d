"""A second, digit-only reading of the numeric cells of a scanned table.

The language model happily reads ``0`` as ``O``, ``1`` as ``l`` and ``5`` as
``S`` inside a number. Every cell whose first reading looks numeric is cropped
and read again with only digits and number punctuation allowed, one text line
per cell. The crops are stacked into one strip image so a page costs one
Tesseract call, not one per cell; each line read is mapped back to its crop
by position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from extractors.ocr_words import DIGIT_LANG, Word, read_words
from extractors.scan_grid import words_to_lines

WHITELIST = "0123456789.,%-()"
# a figure, possibly with the language model's misreadings of digits and of "%" ("Y6", "Yo", "%o")
_NUMERIC_CELL = re.compile(r"^[(\-–]?\s*[\dOolIS]*\d[\dOolISB.,\s]*(?:%|Y[0-9oa]|%o|9%|[)])?\s*$")
_LONE_PERCENT = frozenset({"Yo", "Y6", "Y9", "%o", "%", "96"})  # a unit cell "%" as the language model reads it
GAP = 40  # white pixels between stacked crops (at least a line's height, or Tesseract joins two crops)
PAD = 12
INSET = 4  # pixels cut from each side of a cell box (rule remains, neighbouring text)


@dataclass(frozen=True, slots=True)
class DigitReading:
    text: str
    conf: float


def looks_numeric(text: str) -> bool:
    """True for a cell a digit-only reading can improve: one line of digits and number punctuation."""
    t = text.strip()
    if t in _LONE_PERCENT:
        return True
    return bool(t) and "\n" not in t and bool(_NUMERIC_CELL.match(t)) and len(t) <= 24


def _crop_ink_box(crop: np.ndarray) -> np.ndarray:
    """The crop trimmed to its ink (plus a margin), so the strip holds text and little else."""
    dark = crop < 160
    if not dark.any():
        return crop
    ys, xs = np.nonzero(dark)
    y0, y1 = max(0, int(ys.min()) - 3), min(crop.shape[0], int(ys.max()) + 4)
    x0, x1 = max(0, int(xs.min()) - 3), min(crop.shape[1], int(xs.max()) + 4)
    return crop[y0:y1, x0:x1]


def read_digits(image: np.ndarray, boxes: list[tuple[int, int, int, int]], dpi: int) -> list[DigitReading | None]:
    """Given a rule-free page image and cell boxes (pixels), return a digit-only reading per box."""
    return read_strip(image, boxes, dpi, (f"tessedit_char_whitelist={WHITELIST}",))


def has_ink(image: np.ndarray, box: tuple[int, int, int, int]) -> bool:
    """True when a cell box (rules erased) holds some print: a cell the first reading found empty."""
    x0, y0, x1, y1 = box
    crop = image[y0 + INSET : y1 - INSET, x0 + INSET : x1 - INSET]
    return bool(crop.size) and int((crop < 128).sum()) >= 25


def read_strip(
    image: np.ndarray, boxes: list[tuple[int, int, int, int]], dpi: int, config: tuple[str, ...] = ()
) -> list[DigitReading | None]:
    """Given a rule-free page image and cell boxes, return one reading per box from one Tesseract call
    on the boxes stacked into a strip (English model: short tokens such as "%", "1." and "I")."""
    crops = []
    for x0, y0, x1, y1 in boxes:
        crop = image[y0 + INSET : y1 - INSET, x0 + INSET : x1 - INSET]
        crops.append(_crop_ink_box(crop) if crop.size else np.full((10, 10), 255, np.uint8))
    if not crops:
        return []
    width = max(c.shape[1] for c in crops) + 2 * PAD
    height = sum(c.shape[0] for c in crops) + GAP * (len(crops) + 1)
    strip = np.full((height, width), 255, np.uint8)
    spans: list[tuple[int, int]] = []
    y = GAP
    for c in crops:
        strip[y : y + c.shape[0], PAD : PAD + c.shape[1]] = c
        spans.append((y, y + c.shape[0]))
        y += c.shape[0] + GAP
    words = read_words(strip, dpi=dpi, psm=6, config=config, lang=DIGIT_LANG)
    return _lines_to_boxes(words, spans)


def _lines_to_boxes(words: list[Word], spans: list[tuple[int, int]]) -> list[DigitReading | None]:
    out: list[DigitReading | None] = [None] * len(spans)
    by_box: dict[int, list[Word]] = {}
    for w in words:
        for k, (y0, y1) in enumerate(spans):
            if y0 - GAP / 2 <= w.cy < y1 + GAP / 2:
                if w.y0 >= y0 - GAP / 2 and w.y1 <= y1 + GAP / 2:  # a word over two crops is no reading
                    by_box.setdefault(k, []).append(w)
                break
    for k, ws in by_box.items():
        lines = words_to_lines(ws)
        text = " ".join(ln.text for ln in lines)
        out[k] = DigitReading(text=text, conf=min(w.conf for w in ws))
    return out
