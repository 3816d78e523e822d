"""The second readings of a scanned table's cells, once the structure has placed the words in them.

A cell the sparse page reading left empty though it holds print, or read very short (a lone "%", a list
number "1.", a roman "II"), is read again with the English model at several scales (``short_pass``); a
numeric cell is read again digits-only (``digit_pass``) and the two readings settled (``settle``): the
text kept and its confidence.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace

import numpy as np

from lkjip.extractors.read.ocr.digits import (
    INSET,
    DigitReading,
    has_ink,
    looks_numeric,
    read_cells,
    read_digits,
    stroke_count,
)
from lkjip.extractors.read.ocr.scan import DPI
from lkjip.extractors.read.ocr.scan_lines import GridCellBox
from lkjip.extractors.read.ocr.words import Word, words_to_lines


@dataclass(slots=True)
class PlacedCell:
    """A printed cell of a scanned table with what OCR read in it."""

    cell: GridCellBox
    text: str
    conf: float | None  # lowest word confidence, 0..100; None for an empty cell


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


_CODE = re.compile(r"^\d{1,2}(?:\.\d{1,2})+\.?$")  # a budget code "1.2.3" (no figure: its groups are short)
NO_READING = 10.0  # a digit-only reading this unsure (Tesseract's 0 for a failed line) says nothing


def settle(first: str, first_conf: float, digits: str, digits_conf: float) -> tuple[str, float]:
    """Given a cell's first reading and its digit-only reading, return the text to keep and its confidence."""
    a, b = first.replace(" ", ""), digits.replace(" ", "")
    if digits_conf < NO_READING and well_formed(a):
        text, conf = first, first_conf * DISAGREE
    elif digits_conf < NO_READING and _CODE.match(a):  # a failed reading ("11" at 0) keeps a code read "1.1.1"
        return first, first_conf * DISAGREE
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


def short_pass(image: np.ndarray, cells: list[PlacedCell]) -> None:
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


def digit_pass(image: np.ndarray, cells: list[PlacedCell]) -> None:
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


WORD_PAD = 10  # pixels around a word's ink box: the cell a lone word is read again in (INSET is cut off again)


def reread_words(image: np.ndarray, words: list[Word]) -> list[Word]:
    """Given a rule-free page image and the words of a table no grid cells hold (ruled only between rows,
    or not at all), return them with the short and the numeric ones read again as cells are: each word in
    its own box, padded up to half the way to its neighbours on the line."""
    lines = words_to_lines(words)
    placed: list[tuple[Word, PlacedCell]] = []
    for ln in lines:
        for k, w in enumerate(ln.words):
            left = ln.words[k - 1].x1 if k else w.x0 - 2 * WORD_PAD
            right = ln.words[k + 1].x0 if k + 1 < len(ln.words) else w.x1 + 2 * WORD_PAD
            pad_l = min(WORD_PAD, max(0.0, (w.x0 - left) / 2))
            pad_r = min(WORD_PAD, max(0.0, (right - w.x1) / 2))
            box = (
                max(0, int(w.x0 - pad_l) - INSET + 1),
                max(0, int(w.y0) - WORD_PAD),
                min(image.shape[1], int(w.x1 + pad_r) + INSET),
                min(image.shape[0], int(w.y1) + WORD_PAD),
            )
            placed.append((w, PlacedCell(GridCellBox(0, 0, 1, 1, box), w.text, w.conf)))
    cells = [c for _, c in placed]
    short_pass(image, cells)
    digit_pass(image, cells)
    out: list[Word] = []
    for w, c in placed:
        text = " ".join(c.text.split())
        if not text:
            continue
        out.append(w if text == w.text else replace(w, text=text, conf=c.conf if c.conf is not None else w.conf))
    return out
