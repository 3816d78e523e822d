"""Cheap page triage: which pages may carry a table of interest.

Runs on what pypdfium2 gives quickly (page text, number of vector paths), so
the expensive table finder only sees pages worth its time: a pdfplumber page
costs about 0.2 s, a pypdfium2 page under 2 ms. It errs on the side of
keeping a page: a missed page loses data, an extra page only costs time.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# A number as printed in a table cell: 70,15 / 2.584.957.568 / 0.7065 / 100%
_NUMERIC = re.compile(r"(?<![\w.,])\d{1,3}(?:[.,]\d{3})+(?:[.,]\d+)?|(?<![\w.,])\d+[.,]\d+|(?<![\w.,])\d+\s?%")
# A caption at the start of a line ("Tabel 3.2", "Tabel; 3.8", "Tabel III.2"), not "dalam tabel berikut"
_CAPTION_LINE = re.compile(r"^\s*(lanjutan\s+)?tabel\s*[;:.,]?\s*[0-9IVX]", re.IGNORECASE | re.MULTILINE)
RULED = 6  # paths a page with a bordered table draws at least (a running header rule draws 1-2)
MIN_NUMBERS = 2
MANY_NUMBERS = 16  # a page this dense in figures is kept whatever else (borderless continuation)
# A cell figure of any size, a dash for none included: a ruled table's continuation may print only "0" and "-"
_CELL_FIGURE = re.compile(r"(?<![\w.,])(?:\d[\d.,]*|-)(?![\w])")
MIN_CELL_FIGURES = 4
# "Rp.1.138.893.000": the currency's dot glued to an amount is no decimal point the figure continues
_RP_DOT = re.compile(r"\bRp\.(?=\d)", re.IGNORECASE)


def table_candidate_pages(texts: Sequence[str], paths: Sequence[int] | None = None) -> set[int]:
    """Given each page's text (and vector path count), return the 0-based indices of pages that may hold a table.

    A page qualifies when it draws table borders and prints figures, when a
    caption starts one of its lines and it prints figures (a borderless
    table), or when it is dense in figures. The page after a borderless
    candidate qualifies too when it prints figures: a long borderless table
    goes on without a caption. A ruled page after a kept ruled page qualifies when
    it prints a few cell figures of any size ("0", "-"): a long table's rows of
    indicators without amounts would break it in two.
    """
    counts = [len(_NUMERIC.findall(_RP_DOT.sub("Rp ", t))) for t in texts]
    ruled = [(paths[i] if paths is not None else RULED) >= RULED for i in range(len(texts))]
    keep: set[int] = set()
    borderless: set[int] = set()
    for i, text in enumerate(texts):
        n = counts[i]
        if ruled[i] and n >= MIN_NUMBERS:
            keep.add(i)
        elif _CAPTION_LINE.search(text) and n >= MIN_NUMBERS:
            keep.add(i)
            borderless.add(i)
        elif n >= MANY_NUMBERS:
            keep.add(i)
    for i in sorted(borderless):
        if i + 1 < len(texts) and counts[i + 1] >= MIN_NUMBERS * 2:
            keep.add(i + 1)
    for i in range(1, len(texts)):
        continued = i not in keep and i - 1 in keep and ruled[i] and ruled[i - 1]
        if continued and len(_CELL_FIGURE.findall(texts[i])) >= MIN_CELL_FIGURES:
            keep.add(i)
    return keep
