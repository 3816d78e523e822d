"""Page furniture and page breaks: drop running headers/footers, stitch tables over pages.

A table that continues on the next page arrives as two ``TableBlock``s with
only page furniture between them (running header, footer, page number). They
become one block; a header row the continuation repeats is dropped later by
the header logic, which knows what the header is.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from lkjip.extractors.model.document import Block, GridCell, TableBlock, TextBlock

# "- 5 -", "5", "Page 108", "Halaman 3 dari 40", "ii", "34 |"
_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-–—|]\s*)?(?:(?:page|hal(?:aman)?\.?|p\.)\s*)?(?:\d{1,4}|[ivxlc]{1,6})(?:\s*(?:dari|of)\s*\d+)?\s*(?:[-–—|]\s*)?$",
    re.IGNORECASE,
)
MARGIN_TOP = 0.085
MARGIN_BOTTOM = 0.915


def is_page_number(text: str) -> bool:
    return bool(_PAGE_NUMBER.match(text))


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower())


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", _plain(text))


SAME_LINE = 85  # rapidfuzz ratio above which two margin lines are the same running header (OCR varies a letter)


def drop_page_furniture(blocks: list[Block]) -> list[Block]:
    """Given blocks of a paged document, return them without running headers, footers and page numbers.

    A line is furniture when it is a bare page number, or sits in the top or
    bottom margin band and its text (digits ignored) recurs on three or more
    pages; margin lines count as recurring when they are nearly the same (a
    scan's OCR reads the running header "LKjIP" on one page, "LKjJIP" on the
    next). Blocks without page geometry (DOCX) pass through untouched.
    """
    pages_by_key: dict[str, set[int]] = {}
    for b in blocks:
        if isinstance(b, TextBlock) and b.page is not None:
            pages_by_key.setdefault(_key(b.text), set()).add(b.page)
    recurring = {k for k, pages in pages_by_key.items() if len(pages) >= 3}
    margin = {_key(b.text) for b in blocks if isinstance(b, TextBlock) and b.page is not None and _in_margin(b)}
    for key in margin - recurring:
        pages = set().union(*(pages_by_key[k] for k in margin if fuzz.ratio(key, k) >= SAME_LINE))
        if len(pages) >= 3:
            recurring.add(key)
    steady = _steady_lines(blocks, recurring)
    out: list[Block] = []
    for b in blocks:
        if isinstance(b, TextBlock) and b.page is not None and (_is_furniture(b, recurring) or id(b) in steady):
            continue
        out.append(b)
    return out


STEADY = 0.02  # page-height share within which a recurring line sits at "the same place" on every page
OUTER_BAND = 0.2  # a steady running line sits within this share of the page's top or bottom edge


def _trailing_number_key(text: str) -> str:
    """The line's text with only a trailing page number folded: captions "Tabel 3.1 ..." and "Tabel 3.2 ..."
    stay apart, a footer "LKIP RSUD ... TA 2016 15" is the same line on every page."""
    return re.sub(r"\d+$", "#", _plain(text))


def _steady_lines(blocks: list[Block], recurring: set[str]) -> set[int]:
    """Recurring lines printed at the same height on three or more pages near the top or bottom edge, though
    outside the margin band: a running footer set above it ("LKIP RSUD ... TA 2016 15" at 87 % of the page).
    Body lines (a caption, text at mid-page) are never taken for furniture by their height alone."""
    tops: dict[str, list[tuple[float, int, int]]] = {}
    for b in blocks:
        if not (isinstance(b, TextBlock) and b.page is not None and b.top is not None):
            continue
        if _key(b.text) not in recurring or OUTER_BAND <= b.top <= 1 - OUTER_BAND:
            continue
        tops.setdefault(_trailing_number_key(b.text), []).append((b.top, b.page, id(b)))
    out: set[int] = set()
    for found in tops.values():
        for top, _, ident in found:
            pages = {p for t, p, _ in found if abs(t - top) <= STEADY}
            if len(pages) >= 3:
                out.add(ident)
    return out


def _is_furniture(b: TextBlock, recurring: set[str]) -> bool:
    return is_page_number(b.text) or (_key(b.text) in recurring and (_in_margin(b) or b.top is None))


def _in_margin(b: TextBlock) -> bool:
    return b.top is not None and (b.top < MARGIN_TOP or (b.bottom or 0) > MARGIN_BOTTOM)


def stitch_continued_tables(blocks: list[Block]) -> list[Block]:
    """Given blocks without page furniture, merge each table with its continuation on the next page.

    A continuation is the next block, a table on a later page (no text in
    between), whose column count matches or whose columns can be aligned by
    their x positions.
    """
    out: list[Block] = []
    for b in blocks:
        prev = out[-1] if out else None
        if (
            isinstance(b, TableBlock)
            and isinstance(prev, TableBlock)
            and prev.pages
            and b.pages
            and b.pages[0] == prev.pages[-1] + 1
        ):
            aligned = _align_columns(prev, b)
            if aligned is not None:
                prev.rows.extend(aligned)
                prev.row_pages.extend(b.row_pages)
                prev.bottom = b.bottom
                prev.ocr = prev.ocr or b.ocr
                prev.struktur = joined_struktur(prev.struktur, b.struktur)
                continue
        out.append(b)
    return out


def joined_struktur(first: str, then: str) -> str:
    """The ``struktur`` of a table whose pages were read in two ways: both, in order, each once."""
    parts = [p for p in first.split("+") if p]
    parts += [p for p in then.split("+") if p and p not in parts]
    return "+".join(parts)


def _align_columns(first: TableBlock, cont: TableBlock) -> list[list[GridCell]] | None:
    if cont.n_cols == first.n_cols:
        return cont.rows
    if not first.col_x or not cont.col_x:
        return None
    # Map every continuation column to the nearest column of the first part.
    first_x = first.col_x
    mapping = [min(range(len(first_x)), key=lambda j, x=x: abs(first_x[j] - x)) for x in cont.col_x]  # type: ignore[misc]
    if max(abs(first.col_x[m] - x) for m, x in zip(mapping, cont.col_x, strict=True)) > 25:
        return None
    rows: list[list[GridCell]] = []
    for row in cont.rows:
        new = [GridCell("") for _ in range(first.n_cols)]
        for j, cell in enumerate(row):
            m = mapping[j]
            if new[m].text and cell.is_origin and cell.text:
                new[m] = GridCell(new[m].text + " " + cell.text)
            elif cell.is_origin or not new[m].text:
                new[m] = cell
        rows.append(new)
    return rows
