"""Cheap page triage: which pages may carry a table of interest.

Runs on plain page text (pypdfium2), so the expensive table finder only sees
pages worth its time. It errs on the side of keeping a page: a missed page
loses data, an extra page only costs time.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# A number as printed in a table cell: 70,15 / 2.584.957.568 / 0.7065 / 100%
_NUMERIC = re.compile(r"(?<![\w.,])\d{1,3}(?:[.,]\d{3})+(?:[.,]\d+)?|(?<![\w.,])\d+[.,]\d+|(?<![\w.,])\d+\s?%")
_CAPTION = re.compile(r"\bTabel\b", re.IGNORECASE)
_HEADER_WORDS = re.compile(
    r"\b(target|realisasi|capaian|pagu|anggaran|indikator|iks|ike|ikl|idm|sasaran|kegiatan)\b", re.IGNORECASE
)
MIN_NUMBERS = 4


def table_candidate_pages(texts: Sequence[str]) -> set[int]:
    """Given each page's text, return the 0-based indices of pages that may hold a table.

    A page qualifies with a caption or header words and some numbers, or with
    many numbers (a continuation page of a long table has neither caption nor
    header). The page after a qualifying page also qualifies when it has
    numbers, so a table's tail on the next page is never skipped.
    """
    keep: set[int] = set()
    counts = [len(_NUMERIC.findall(t)) for t in texts]
    for i, text in enumerate(texts):
        n = counts[i]
        signal = bool(_CAPTION.search(text)) or bool(_HEADER_WORDS.search(text))
        if (signal and n >= 1) or n >= MIN_NUMBERS * 2:
            keep.add(i)
    for i in sorted(keep):
        if i + 1 < len(texts) and counts[i + 1] >= 1:
            keep.add(i + 1)
    return keep
