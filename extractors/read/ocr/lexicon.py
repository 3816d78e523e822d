"""Words OCR read unsure of itself, put back when they are a letter or two off a report word.

Tesseract misreads single letters inside long words ("Penyercnggaraan" for
"Penyelenggaraan"), and a misread word in a row label costs the row its
identity across tables and years. A word is replaced only when all of these
hold, so a correct word outside the vocabulary is never touched:

- Tesseract's own confidence in it is low (below ``MAX_CONF``);
- it is not itself a word of the vocabulary (``normalizers._kata``);
- exactly one vocabulary word of the same length differs from it in at most
  one letter (two from ``LONG`` letters): OCR swaps letters, it rarely adds
  or drops them, and requiring the same length keeps "pelaksana" from
  becoming "pelaksanaan".
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace
from functools import cache

from rapidfuzz.distance import Hamming

from lkjip.extractors.read.ocr.words import Word
from lkjip.normalizers._kata import KATA

MAX_CONF = 85.0
MIN_LETTERS = 6
LONG = 10
_WORD = re.compile(r"^([^A-Za-z]*)([A-Za-z]+)([^A-Za-z]*)$")


@cache
def _by_length() -> dict[int, tuple[str, ...]]:
    out: dict[int, list[str]] = defaultdict(list)
    for w in KATA:
        if len(w) >= MIN_LETTERS and w.isalpha():
            out[len(w)].append(w)
    return {n: tuple(sorted(ws)) for n, ws in out.items()}


def _near(word: str) -> str | None:
    limit = 2 if len(word) >= LONG else 1
    hits = [v for v in _by_length().get(len(word), ()) if Hamming.distance(word, v, score_cutoff=limit) <= limit]
    return hits[0] if len(hits) == 1 else None


def _same_case(model: str, word: str) -> str:
    if model.isupper():
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def repair_word(text: str, conf: float) -> str:
    """Given a word as OCR read it and its confidence (0..100), return it, or the vocabulary word it
    is a misreading of."""
    m = _WORD.match(text)
    if conf >= MAX_CONF or m is None or len(m.group(2)) < MIN_LETTERS:
        return text
    core = m.group(2)
    if core.lower() in KATA:
        return text
    near = _near(core.lower())
    return text if near is None else m.group(1) + _same_case(core, near) + m.group(3)


def repair_words(words: list[Word]) -> list[Word]:
    """Given OCR words, return them with unsure misreadings of report words put back."""
    return [w if (t := repair_word(w.text, w.conf)) == w.text else replace(w, text=t) for w in words]
