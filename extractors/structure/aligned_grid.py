"""The grid of a table whose columns are not ruled, from the alignment of its words.

One path for every table whose structure the rules do not give: a table
without any ruling (under its caption), a table ruled only around its box and
header, a table ruled only between rows, a shaded table. The words give:

- **columns**: gutters, x ranges no text line crosses (a few lines may: a
  group row printed across the table, a header spanning two columns), as
  camelot's stream parser and pdfplumber's text strategy find them;
- **header rows**: every text line above the first line that prints a figure,
  one grid row per line, so a group header ("Tahun 2016" over "Target" and
  "Realisasi") spans the columns its words cover;
- **body rows**: the stretches between horizontal rules when there are any,
  each split where a code or a figure starts a printed row (``row_split``), so
  a label wrapped over three lines stays one cell.

A word that crosses a gutter makes its cell span the columns it covers, so a
group row ("Misi 1 : ...") comes out as one merged cell, as in a ruled table.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from typing import Any

import pdfplumber

from lkjip.extractors.model.document import GridCell, TableBlock
from lkjip.extractors.structure.headers import MAX_HEADER_ROWS, is_numbering_row
from lkjip.extractors.structure.row_split import NUMBER_LINE, Line, anchor_tops, cuts

MIN_GUTTER = 4.0  # points
MAX_CROSSING_SHARE = 0.15  # of a table's text lines that may cross a gutter
LINE_TOLERANCE = 2.5
_YEAR = re.compile(r"^(19[89]\d|20[0-4]\d)$")
# a table needs its columns from its words when most of its ruled rows are one cell wide
LONE_CELL_SHARE = 0.6

Word = dict[str, Any]


def text_lines(words: Sequence[Word]) -> list[list[Word]]:
    """Given words, return them as lines, top-down, each left to right."""
    groups = pdfplumber.utils.cluster_objects(list(words), "top", LINE_TOLERANCE)
    return [sorted(g, key=lambda w: w["x0"]) for g in sorted(groups, key=lambda g: min(w["top"] for w in g))]


def gutter_ranges(lines: Sequence[Sequence[Word]], x0: float, x1: float) -> list[tuple[float, float]]:
    """Given a table's text lines and its left and right edge, return the (start, end) of each gutter."""
    width = int(x1 - x0) + 2
    crossing = [0] * width
    for line in lines:
        covered = bytearray(width)
        for w in line:
            for k in range(max(0, int(w["x0"] - x0)), min(width, int(w["x1"] - x0) + 1)):
                covered[k] = 1
        for k in range(width):
            crossing[k] += covered[k]
    limit = MAX_CROSSING_SHARE * len(lines)
    left = next((k for k in range(width) if crossing[k]), 0)
    right = next((k for k in range(width - 1, -1, -1) if crossing[k]), width - 1)
    out: list[tuple[float, float]] = []
    start: int | None = None
    for k in range(left, right + 2):
        free = k <= right and crossing[k] <= limit
        if free and start is None:
            start = k
        elif not free and start is not None:
            end = k
            # a gutter at the table's edge has only a few lines' words beyond it (a header over a column the
            # body leaves blank, "Keterangan"): it is the blank stretch beside the body, up to those words
            if end > right:
                start, end = _blank_run(crossing, range(start, end))
            if start == left:
                end, start = _blank_run(crossing, range(end - 1, start - 1, -1))
                start, end = start + 1, end + 1
            if end - start >= MIN_GUTTER:
                out.append((x0 + start, x0 + end))
            start = None
    return out


MIN_DATA_LINES = 3


def table_gutters(lines: Sequence[Sequence[Word]], x0: float, x1: float) -> list[tuple[float, float]]:
    """The gutters of a table's lines: those of all its lines, or, when more, those of its lines apart from the
    labels run across the table (a sasaran's or program's name over a row of its own: in a table of few
    indicators they are more lines than may cross a gutter, and would merge the columns they cross)."""
    gutters = gutter_ranges(lines, x0, x1)
    data = [ln for ln in lines if _is_data_line(ln) and not _run_across(ln)]
    if len(data) < MIN_DATA_LINES:
        return gutters
    # a group row starts at the table's left edge, left of most rows' first figure or label (a wrapped
    # label's lines start where its column starts, as the row's line with the figures does; a summary row's
    # label may start at the edge too)
    edge = min(float(ln[0]["x0"]) for ln in lines)
    first = sorted(float(ln[0]["x0"]) for ln in data)[len(data) // 2]
    kept = [ln for ln in lines if not (_run_across(ln) and float(ln[0]["x0"]) <= edge + 1.0 < first - 1.0)]
    if len(kept) == len(lines) or sum(1 for ln in kept if _is_data_line(ln)) < MIN_DATA_LINES:
        return gutters
    more = gutter_ranges(kept, x0, x1)
    return more if len(more) > len(gutters) else gutters


def _run_across(line: Sequence[Word]) -> bool:
    """A line of one long label, no column gap in it, that ends in a word ("Sasaran 1 : Meningkatnya ...")."""
    xs = sorted(line, key=lambda w: w["x0"])
    if NUMBER_LINE.match(xs[-1]["text"]) or any(b["x0"] - a["x1"] > GROUP_GAP for a, b in itertools.pairwise(xs)):
        return False
    return sum(len(w["text"]) + 1 for w in line) >= MIN_GROUP_TEXT


def _blank_run(crossing: Sequence[int], ks: range) -> tuple[int, int]:
    """The first stretch of ``ks`` no line crosses, after the few words that may lie next to the body (a
    header's overhang): (first, past the last) in the walking order."""
    it = iter(ks)
    k = next((j for j in it if not crossing[j]), None)
    if k is None:
        return ks.start, ks.start
    last = next((j for j in it if crossing[j]), ks.stop)
    return k, last


def _is_data_line(line: Sequence[Word]) -> bool:
    """A line that prints a figure (not a year, not a column-number row "1 2 3 4")."""
    texts = [w["text"] for w in line]
    if is_numbering_row(texts):
        return False
    return any(NUMBER_LINE.match(t) and not _YEAR.match(t.strip()) for t in texts)


def _column_of(x: float, cuts_x: Sequence[float]) -> int:
    return sum(1 for c in cuts_x if x > c)


def _cell_text(words: Sequence[Word]) -> str:
    return "\n".join(" ".join(w["text"] for w in line) for line in text_lines(words))


def _row_cells(words: Sequence[Word], cuts_x: Sequence[float], extents: Sequence[tuple[float, float]]) -> list[GridCell]:
    """One grid row: each word to the column of its centre; a word reaching into the printed figures or
    labels of another column (not just into the white space between them) spans those columns."""
    n = len(cuts_x) + 1
    spans: list[tuple[int, int]] = []
    per: dict[int, list[Word]] = {}
    for w in words:
        home = _column_of((w["x0"] + w["x1"]) / 2, cuts_x)
        into = max(2.0, 0.3 * (w["x1"] - w["x0"]))  # a word merely touching a neighbour's print stays home
        reach = [j for j, (a, b) in enumerate(extents) if j != home and min(b, w["x1"]) - max(a, w["x0"]) > into]
        spans.append((min([home, *reach]), max([home, *reach])))
        per.setdefault(home, []).append(w)
    # merge the columns a crossing word joins, then give each merged run one cell
    owner = list(range(n))
    for first, last in spans:
        for j in range(first + 1, last + 1):
            owner[j] = owner[first]
    for j in range(1, n):
        if owner[j] != j:
            owner[j] = owner[owner[j]]
    cells: list[GridCell] = []
    for j in range(n):
        root = owner[j]
        if root != j:
            cells.append(GridCell(cells[root].text, from_left=True))
            continue
        members = [w for k in range(n) if owner[k] == j for w in per.get(k, [])]
        cells.append(GridCell(_cell_text(sorted(members, key=lambda w: (round(w["top"]), w["x0"])))))
    return cells


def _column_lines(words: Sequence[Word], cuts_x: Sequence[float]) -> list[list[Line]]:
    n = len(cuts_x) + 1
    by_col: list[list[Word]] = [[] for _ in range(n)]
    for w in words:
        by_col[_column_of((w["x0"] + w["x1"]) / 2, cuts_x)].append(w)
    out: list[list[Line]] = []
    for col in by_col:
        lines = [
            (min(w["top"] for w in ln), max(w["bottom"] for w in ln), " ".join(w["text"] for w in ln))
            for ln in text_lines(col)
        ]
        out.append(lines)
    return out


def aligned_block(
    words: Sequence[Word], bbox: tuple[float, float, float, float], rule_ys: Sequence[float], page_no: int
) -> TableBlock | None:
    """Given the words inside a table, its box and the y of its horizontal rules, return its grid."""
    x0, _top, x1, bottom = bbox
    lines = text_lines(words)
    if len(lines) < 2:
        return None
    gutters = table_gutters(lines, x0, x1)
    if not gutters:
        return None
    cuts_x = [(a + b) / 2 for a, b in gutters]
    first_data = next((k for k, ln in enumerate(lines) if _is_data_line(ln)), None)
    if first_data is None:
        return None
    body_top = _body_top(lines, first_data, rule_ys)
    head = [ln for ln in lines if min(w["top"] for w in ln) < body_top]
    body_words = [w for ln in lines if min(w["top"] for w in ln) >= body_top for w in ln]
    cuts_x = _occupied(cuts_x, body_words, [w for ln in head for w in ln])
    # a group row's words printed across the columns do not widen the first column's print
    left = min((float(w["x0"]) for w in body_words), default=x0)
    body_lines = [ln for ln in lines if min(w["top"] for w in ln) >= body_top]
    own = [w for ln in body_lines if not (_run_across(ln) and float(ln[0]["x0"]) <= left + 1.0) for w in ln]
    extents = _extents(own or body_words, cuts_x)
    rows: list[list[GridCell]] = []
    for ln in head:  # header: one grid row per printed line
        rows.append(_row_cells(ln, cuts_x, extents))
    edge = min((float(w["x0"]) for w in body_words), default=x0)
    bands = [body_top, *sorted(y for y in rule_ys if body_top < y < bottom), bottom + 1]
    for lo, hi in itertools.pairwise(bands):
        band = [w for w in body_words if lo <= (w["top"] + w["bottom"]) / 2 < hi]
        if not band:
            continue
        if rule_ys and _group_band(text_lines(band), lo, hi):
            # a ruled-off row of one long label (a sasaran, a program's name) runs across the columns:
            # one cell merged over the row, as a ruled grid gives it
            label = _cell_text(band)
            rows.append([GridCell(label), *(GridCell(label, from_left=True) for _ in cuts_x)])
            continue
        columns = _column_lines(band, cuts_x)
        anchors = anchor_tops(columns, set())
        bounds = [lo, *(cuts(anchors, columns) if anchors else []), hi]
        for a, b in itertools.pairwise(bounds):
            part = [w for w in band if a <= (w["top"] + w["bottom"]) / 2 < b]
            if len(bounds) > 2 and _group_row(part, edge):
                label = _cell_text(part)  # a sasaran's name set apart between two rows: one merged cell
                rows.append([GridCell(label), *(GridCell(label, from_left=True) for _ in cuts_x)])
            elif part:
                rows.append(_row_cells(part, cuts_x, extents))
    if len(rows) < 2:
        return None
    col_x = [x0, *cuts_x]
    # the header is every line above the body: header words the lexicon does not know ("Dana" under
    # "Sumber") must not end it early and leave the lower header line ("Anggaran Realisasi %") in the body.
    # More lines than a header has are other text the region took in: then the header words decide.
    # A column-number row ("1 2 3 ... 10") closing them, or lines set close as one block, say they are the
    # header however many they are (a two-row header whose cells are centred prints each label's lines
    # between the others').
    numbered = bool(head) and is_numbering_row([w["text"] for w in head[-1]])
    one_header = len(head) <= 2 * MAX_HEADER_ROWS and (numbered or _one_block(head))
    marked = len(head) if len(head) <= MAX_HEADER_ROWS or one_header else 0
    return TableBlock(
        rows=rows, row_pages=[page_no] * len(rows), col_x=col_x, struktur="aligned", marked_header_rows=marked
    )


def _group_row(words: Sequence[Word], edge: float) -> bool:
    """One line of one long label from the table's left edge, no figure in it, crossing a column gap: a
    group row between two printed rows."""
    lines = text_lines(words)
    if len(lines) != 1 or any(NUMBER_LINE.match(w["text"]) for w in words):
        return False
    return float(lines[0][0]["x0"]) <= edge + 1.0 and _run_across(lines[0])


def _one_block(lines: Sequence[Sequence[Word]]) -> bool:
    """Whether no blank band as tall as a line parts any two of these lines."""
    for a, b in itertools.pairwise(lines):
        bottom = max(float(w["bottom"]) for w in a)
        if min(float(w["top"]) for w in b) - bottom >= bottom - min(float(w["top"]) for w in a):
            return False
    return True


def needs_text_columns(table: Any) -> bool:
    """Given a pdfplumber table, return whether most of its rows hold a single cell."""
    rows = table.rows
    if len(rows) < 2:
        return False
    lone = sum(1 for r in rows if sum(1 for c in r.cells if c is not None) <= 1)
    return lone >= LONE_CELL_SHARE * len(rows)


def _body_top(lines: Sequence[Sequence[Word]], first_data: int, rule_ys: Sequence[float]) -> float:
    """Where the body starts: the last rule above the first line with a figure, else the widest blank band
    between the header's lines and that line (a label's first line is printed above its row's figures)."""
    data_top = float(min(w["top"] for w in lines[first_data]))
    # a column-number row ("1 2 3") under the header belongs to it, never to the first body row
    numbering = [k for k in range(first_data) if is_numbering_row([w["text"] for w in lines[k]])]
    after_numbering = float(max(w["bottom"] for w in lines[numbering[-1]])) + 0.5 if numbering else None
    ruled = sorted(float(y) for y in rule_ys if y <= data_top + 0.5)
    # a group row (a sasaran's one long line) ruled off between the header and the first figures is body
    while len(ruled) >= 2 and _group_band(lines[:first_data], ruled[-2], ruled[-1]):
        ruled.pop()
    if ruled:
        return max(ruled) if after_numbering is None else max(max(ruled), after_numbering)
    if after_numbering is not None:  # the last header line: what follows it up to the figures is body
        return after_numbering
    if first_data == 0:
        return data_top - 0.5
    best, best_gap = data_top - 0.5, -1.0
    for k in range(first_data):
        bottom = float(max(w["bottom"] for w in lines[k]))
        nxt = float(min(w["top"] for w in lines[k + 1]))
        if nxt - bottom > best_gap:
            best, best_gap = (bottom + nxt) / 2, nxt - bottom
    return best


GROUP_GAP = 14.0  # points: a gap this wide between two words of a line parts columns, not words
MIN_GROUP_TEXT = 25  # characters of a group row's label (a header's lone "Target" is no group row)


def _group_band(lines: Sequence[Sequence[Word]], top: float, bottom: float) -> bool:
    """True when the lines between two rules are one label run across columns: no column gaps, long."""
    band = [ln for ln in lines if top <= min(w["top"] for w in ln) < bottom]
    if not band:
        return False
    for ln in band:
        xs = sorted(ln, key=lambda w: w["x0"])
        if any(b["x0"] - a["x1"] > GROUP_GAP for a, b in itertools.pairwise(xs)):
            return False
    # a wrapped label's lines lie under one another; lines side by side (a header's "Program" at the left,
    # its "Anggaran Setelah / Perubahan" at the right, each on a line of its own) are columns
    for a, b in itertools.pairwise(band):
        if min(w["x0"] for w in a) >= max(w["x1"] for w in b) or min(w["x0"] for w in b) >= max(w["x1"] for w in a):
            return False
    return sum(len(w["text"]) + 1 for ln in band for w in ln) >= MIN_GROUP_TEXT


def _occupied(cuts_x: list[float], words: Sequence[Word], head: Sequence[Word] = ()) -> list[float]:
    """The cuts that leave a body word's centre in every column (a gutter inside a header word's overhang or
    the table's margin makes an empty column). An empty column goes to the nearer neighbour; one at the
    table's edge whose header words stand wholly inside it is a column the table leaves blank ("Sumber Dana",
    "Keterangan") and stays."""
    out = list(cuts_x)
    while out:
        counts = [0] * (len(out) + 1)
        for w in words:
            counts[_column_of((w["x0"] + w["x1"]) / 2, out)] += 1
        empties = [j for j, c in enumerate(counts) if c == 0 and not _blank_edge_column(j, out, head)]
        if not empties:
            break
        empty = empties[0]
        if 0 < empty < len(out) and _nearer_left(empty, out, words, head):
            del out[empty - 1]
        else:
            del out[min(empty, len(out) - 1)]
    return out


def _blank_edge_column(j: int, cuts_x: Sequence[float], head: Sequence[Word]) -> bool:
    if j not in (0, len(cuts_x)):
        return False
    lo = cuts_x[j - 1] if j > 0 else float("-inf")
    hi = cuts_x[j] if j < len(cuts_x) else float("inf")
    inside = [w for w in head if lo < w["x0"] and w["x1"] < hi]
    return bool(inside) and all(lo < w["x0"] and w["x1"] < hi for w in head if lo < (w["x0"] + w["x1"]) / 2 < hi)


def _nearer_left(j: int, cuts_x: Sequence[float], words: Sequence[Word], head: Sequence[Word]) -> bool:
    """Whether the header words of empty column ``j`` stand nearer the body of the column on their left."""
    mine = [w for w in head if _column_of((w["x0"] + w["x1"]) / 2, cuts_x) == j]
    if not mine:
        return False
    left = [float(w["x1"]) for w in words if _column_of((w["x0"] + w["x1"]) / 2, cuts_x) == j - 1]
    right = [float(w["x0"]) for w in words if _column_of((w["x0"] + w["x1"]) / 2, cuts_x) == j + 1]
    if not left or not right:
        return bool(left)
    a, b = min(float(w["x0"]) for w in mine), max(float(w["x1"]) for w in mine)
    return a - max(left) < min(right) - b


def _extents(words: Sequence[Word], cuts_x: Sequence[float]) -> list[tuple[float, float]]:
    """The x range the body's words of each column cover, a tenth trimmed off each side (a summary row's
    words printed across the table do not widen a column)."""
    lefts: list[list[float]] = [[] for _ in range(len(cuts_x) + 1)]
    rights: list[list[float]] = [[] for _ in range(len(cuts_x) + 1)]
    for w in words:
        j = _column_of((w["x0"] + w["x1"]) / 2, cuts_x)
        lefts[j].append(float(w["x0"]))
        rights[j].append(float(w["x1"]))
    out: list[tuple[float, float]] = []
    for ls, rs in zip(lefts, rights, strict=True):
        if not ls:
            out.append((float("inf"), float("-inf")))
            continue
        ls.sort()
        rs.sort()
        k = len(ls) // 10
        out.append((ls[k], rs[len(rs) - 1 - k]))
    return out


def words_in(chars: Sequence[dict[str, Any]], bbox: tuple[float, float, float, float]) -> list[Word]:
    """Given a page's characters and a box, return the words inside it."""
    bx0, btop, bx1, bbottom = bbox
    inside = [
        c for c in chars
        if bx0 <= (c["x0"] + c["x1"]) / 2 <= bx1 and btop <= (c["top"] + c["bottom"]) / 2 <= bbottom and c["text"].strip()
    ]  # fmt: skip
    # 1.5 pt: a space drawn as a gap (no space glyph) in a small font is about 2 pt
    return list(pdfplumber.utils.extract_words(inside, x_tolerance=1.5))
