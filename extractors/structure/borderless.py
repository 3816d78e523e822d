"""Tables printed without ruling lines, found from the text's own alignment.

A caption (``Tabel 2.3 …``) that no ruled table follows starts a search:
the lines below it that have wide gaps between words (columns) belong to a
table, until a line of running prose, another caption or a ``Sumber`` line.
Each line of that region is cut at its wide gaps; the lines with a piece in
every column fix the columns' extents, and every piece goes to the column it
overlaps most. That gives one row per printed line, so a wrapped label comes
back as a row of its own; such a row (no number, no value, only label text)
is folded into the row above.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

from lkjip.extractors.model.document import GridCell, TableBlock

# a table's caption line ("Tabel 3.1 ...", "Lanjutan Tabel 2"): no table region runs across one
CAPTION = re.compile(r"^\s*(lanjutan\s+)?tabel\s*[;:.,]?\s*([0-9IVXivx]+(?:\s*[.\-]\s*[0-9]+)*)?", re.IGNORECASE)
_SOURCE = re.compile(r"^\s*sumber\s*(data)?\s*:", re.IGNORECASE)
_NUMBERISH = re.compile(r"\d")
COLUMN_GAP = 14.0  # points between words that separate columns (a space is about 3 pt)


def _max_gap(line: dict[str, Any]) -> float:
    chars = sorted(line.get("chars", []), key=lambda c: c["x0"])
    gap = 0.0
    for a, b in itertools.pairwise(chars):
        gap = max(gap, float(b["x0"]) - float(a["x1"]))
    return gap


PAGE_TOP = 0.09  # share of the page height a running header sits in, above a page's first body line
TOP_LINES = 6  # the first body lines looked at for a table continued from the page before (header included)


def _page_top_start(lines: list[dict[str, Any]], gappy: list[bool], page_height: float | None) -> int | None:
    """The first body line of a page that opens with a table (a borderless table continued from the page
    before, its header maybe repeated, no caption): two of its first lines have columns."""
    if page_height is None:
        return None
    first = next((k for k, ln in enumerate(lines) if float(ln["top"]) >= PAGE_TOP * page_height), None)
    if first is None or any(CAPTION.match(ln["text"]) for ln in lines[: first + 1]):
        return None  # a caption at the top opens the page's table itself
    # a header line set a little above the zone's edge, touching the line under it (a two-line header's
    # cells centred on their row), opens the table as well; the running header stands apart above it
    while first > 0 and float(lines[first]["top"]) - float(lines[first - 1]["bottom"]) < 0.5 * _height(lines[first - 1]):
        first -= 1
    return first if sum(gappy[first : first + TOP_LINES]) >= 2 else None


def table_regions(
    lines: list[dict[str, Any]], ruled_tops: list[float], page_width: float, page_height: float | None = None
) -> list[tuple[float, float]]:
    """Given a page's text lines (with chars), return (top, bottom) of borderless tables under captions,
    and of the one a page opens with when it continues a table (see ``_page_top_start``)."""
    regions: list[tuple[float, float]] = []
    gappy = [_max_gap(ln) >= COLUMN_GAP for ln in lines]  # the line has columns
    starts = [_caption_end(lines, i, gappy, page_width) for i, ln in enumerate(lines) if CAPTION.match(ln["text"])]
    top = _page_top_start(lines, gappy, page_height)
    if top is not None:
        starts.insert(0, (top - 1, float(lines[top]["top"]) - 1))
    for i, cap_bottom in starts:
        if any(0 <= t - cap_bottom < 40 for t in ruled_tops):
            continue  # a ruled table follows this caption
        rows: list[int] = []
        for k in range(i + 1, len(lines)):
            nxt = lines[k]
            text = nxt["text"]
            if CAPTION.match(text) or _SOURCE.match(text):
                break
            if any(cap_bottom <= t <= float(nxt["top"]) for t in ruled_tops):
                break
            width = float(nxt["x1"]) - float(nxt["x0"])
            if not gappy[k] and width > 0.6 * page_width and len(text.split()) >= 8:
                break  # running prose ends the table
            rows.append(k)
        with_columns = [k for k in rows if gappy[k]]
        if len(with_columns) >= 2:
            # the region ends at the last line that has columns (wrapped lines before it belong to it),
            # and the wrapped lines of that last row's cells right under it
            last = _last_row_wraps(lines, [k for k in rows if k >= with_columns[-1]], with_columns)
            regions.append((cap_bottom + 1, float(lines[last]["bottom"]) + 1))
    return regions


def _caption_end(lines: list[dict[str, Any]], i: int, gappy: list[bool], page_width: float) -> tuple[int, float]:
    """The last line of the caption starting at line ``i`` and its bottom: a caption as wide as the text
    wraps ("... Tahun Anggaran" / "2023"), its next line set right under it in its size, centred under it."""
    cap = lines[i]
    width = float(cap["x1"]) - float(cap["x0"])
    last = i
    while width >= 0.5 * page_width and last + 1 < len(lines) and not gappy[last + 1]:
        prev, nxt = lines[last], lines[last + 1]
        close = float(nxt["top"]) - float(prev["bottom"]) < 0.6 * _height(prev)
        centred = abs((float(nxt["x0"]) + float(nxt["x1"])) - (float(cap["x0"]) + float(cap["x1"]))) / 2 <= 0.1 * width
        if not (close and centred and abs(_size(nxt) - _size(cap)) <= 0.3 and _size(cap) > 0):
            break
        last += 1
    return last, float(lines[last]["bottom"])


def _size(line: dict[str, Any]) -> float:
    chars = line.get("chars") or [{}]
    return float(chars[0].get("size", 0.0) or 0.0)


def _last_row_wraps(lines: list[dict[str, Any]], tail: list[int], with_columns: list[int]) -> int:
    """Given the lines from the table's last line with columns on, return the index of the last one that
    continues a cell of it: set as closely as the table's lines and starting at the left edge of one of
    its columns other than the first (prose under a table starts at the margin, the first column's edge)."""
    starts = sorted({round(x0) for k in with_columns for x0, _, _ in _segments(lines[k])})
    inner = starts[1:]
    pitches = [float(lines[b]["top"]) - float(lines[a]["top"]) for a, b in itertools.pairwise(with_columns)]
    pitch = min(pitches) if pitches else 0.0
    last = tail[0]
    for k in tail[1:]:
        # a wrapped line follows at the font's leading; the pitch of two header lines centred in one row
        # can be less than that
        if k != last + 1 or float(lines[k]["top"]) - float(lines[last]["top"]) > max(pitch, 1.4 * _height(lines[last]), 1.0) * 1.2:
            break
        if not any(abs(float(lines[k]["x0"]) - x) <= 2.5 for x in inner):
            break
        last = k
    return last


def _height(line: dict[str, Any]) -> float:
    return float(line["bottom"]) - float(line["top"])


def _segments(line: dict[str, Any]) -> list[tuple[float, float, str]]:
    """A line cut at its wide gaps: (x0, x1, text) per cell-like run of words."""
    chars = sorted((c for c in line.get("chars", []) if c["text"].strip() or c["text"] == " "), key=lambda c: c["x0"])
    segs: list[list[dict[str, Any]]] = []
    for c in chars:
        if segs and float(c["x0"]) - float(segs[-1][-1]["x1"]) < COLUMN_GAP:
            segs[-1].append(c)
        else:
            segs.append([c])
    out = []
    for seg in segs:
        parts: list[str] = []
        for a, b in zip([None, *seg], seg, strict=False):
            if a is not None and float(b["x0"]) - float(a["x1"]) > 0.2 * float(b.get("size", 10)):
                parts.append(" ")  # the PDF has no space glyph: the gap is the space
            parts.append(b["text"])
        text = "".join(parts).strip()
        if text:
            out.append((float(seg[0]["x0"]), float(seg[-1]["x1"]), re.sub(r"\s+", " ", text)))
    return out


def region_table(lines: list[dict[str, Any]], region: tuple[float, float], page_no: int) -> TableBlock | None:
    """Cut the lines of one borderless region into a grid: columns from the line with the most
    cells, every other piece of text to the column it overlaps most; wrapped label lines folded."""
    top, bottom = region
    inside = [ln for ln in lines if top <= (float(ln["top"]) + float(ln["bottom"])) / 2 <= bottom]
    cut = [_segments(ln) for ln in inside]
    if not cut:
        return None
    n = max(len(c) for c in cut)
    if n < 2:
        return None
    full = [c for c in cut if len(c) == n]  # lines with a cell in every column fix the columns' extents
    cols = [(min(c[j][0] for c in full), max(c[j][1] for c in full)) for j in range(n)]
    rows: list[list[GridCell]] = []
    for segs in cut:
        cells = [""] * len(cols)
        for x0, x1, text in segs:
            j = min(range(len(cols)), key=lambda k: _distance((x0, x1), cols[k]))
            cells[j] = f"{cells[j]} {text}".strip()
        rows.append([GridCell(t) for t in cells])
    rows = fold_wrapped_rows(rows)
    return TableBlock(rows=rows, row_pages=[page_no] * len(rows), col_x=[c[0] for c in cols], struktur="aligned")


def _distance(a: tuple[float, float], b: tuple[float, float]) -> float:
    """0 when two x-intervals overlap (more overlap is closer), else the gap between them."""
    overlap = min(a[1], b[1]) - max(a[0], b[0])
    return -overlap if overlap > 0 else -overlap + 0.001


def fold_wrapped_rows(rows: list[list[GridCell]]) -> list[list[GridCell]]:
    """Rows with text in label columns only, none in the first column and no figures, continue the row above."""
    out: list[list[GridCell]] = []
    for row in rows:
        texts = [c.text.strip() for c in row]
        filled = [j for j, t in enumerate(texts) if t]
        continuation = (
            out
            and filled
            and not texts[0]
            and len(filled) <= 2
            and not any(_NUMBERISH.search(texts[j]) for j in filled)
        )
        if continuation:
            prev = out[-1]
            for j in filled:
                joined = f"{prev[j].text}\n{texts[j]}".strip() if prev[j].text else texts[j]
                prev[j] = GridCell(joined)
            continue
        out.append(list(row))
    return out
