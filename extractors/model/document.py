"""The shape every reader produces: a document as blocks in reading order.

A PDF page and a DOCX body both become a stream of ``TextBlock`` (a line or a
paragraph) and ``TableBlock`` (a grid of cells with merges resolved). The
locate stage works on this stream alone, so it does not care which format or
which reader (text layer, OCR) produced it.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from lkjip.records import ErrorItem, Format, TextSource


@dataclass(frozen=True, slots=True)
class GridCell:
    """One position of a table grid.

    ``text`` is the text of the printed cell covering this position. A merged
    cell covers several positions: the first (top-left) has ``from_left`` and
    ``from_above`` False; the others carry the same text and say from which
    side the merge reached them, so callers can tell a header spanning two
    columns from a sasaran merged down five rows.
    """

    text: str
    from_left: bool = False
    from_above: bool = False

    @property
    def is_origin(self) -> bool:
        return not (self.from_left or self.from_above)


@dataclass(slots=True)
class TextBlock:
    text: str
    page: int | None  # 1-based; None for DOCX
    # vertical position as a fraction of the page height (0 top, 1 bottom);
    # None where the format has no pages. Used to spot running headers/footers.
    top: float | None = None
    bottom: float | None = None
    bold: bool = False
    size: float | None = None


@dataclass(slots=True)
class TableBlock:
    rows: list[list[GridCell]]
    row_pages: list[int | None]
    # fraction of page height of the table's top and bottom edge (PDF only)
    top: float | None = None
    bottom: float | None = None
    # left x of each grid column (PDF only), to align a table's continuation
    # on the next page when the table finder splits columns differently
    col_x: list[float] | None = None
    # rows the source marks as header rows (DOCX w:tblHeader), when known
    marked_header_rows: int = 0
    # read by OCR from a page image (wholly or in part): its codes may be misread glyphs
    ocr: bool = False
    # how the grid was found, for the record and its confidence: "ruled" (the page's ruling lines),
    # "aligned" (word alignment: no rules, or rows ruled and columns not), "docx" (the file's own grid),
    # "ocr_ruled" / "ocr_aligned" (the same two on an OCR-read image); "+"-joined when a table's pages differ
    struktur: str = ""

    @property
    def n_cols(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    @property
    def pages(self) -> list[int]:
        return sorted({p for p in self.row_pages if p is not None})

    def texts(self) -> list[list[str]]:
        return [[c.text for c in row] for row in self.rows]


Block = TextBlock | TableBlock


@dataclass(slots=True)
class Document:
    source_file: str
    format: Format
    text_source: TextSource
    pages: int | None
    blocks: list[Block] = field(default_factory=list)
    errors: list[ErrorItem] = field(default_factory=list)
    # cells read by OCR: (1-based page, cell text whitespace-collapsed) -> lowest word confidence 0..1
    ocr_confidence: dict[tuple[int, str], float] = field(default_factory=dict)

    def text_blocks(self) -> list[TextBlock]:
        return [b for b in self.blocks if isinstance(b, TextBlock)]

    def full_text(self) -> str:
        return "\n".join(b.text for b in self.text_blocks())


def grid_from_spans(cells: list[tuple[int, int, int, int, str]], n_rows: int, n_cols: int) -> list[list[GridCell]]:
    """Given printed cells as (row, col, rowspan, colspan, text), return the expanded grid.

    Positions no cell covers become empty origin cells, so every row has
    ``n_cols`` positions.
    """
    grid: list[list[GridCell | None]] = [[None] * n_cols for _ in range(n_rows)]
    for r, c, rs, cs, text in cells:
        for dr in range(rs):
            for dc in range(cs):
                rr, cc = r + dr, c + dc
                if rr >= n_rows or cc >= n_cols or grid[rr][cc] is not None:
                    continue
                grid[rr][cc] = GridCell(text=text, from_left=dc > 0, from_above=dr > 0)
    return [[g if g is not None else GridCell("") for g in row] for row in grid]


def merge_sliver_columns(rows: list[list[GridCell]], col_x: list[float] | None) -> tuple[list[list[GridCell]], list[float] | None]:
    """Given a grid, return it without the column boundaries no row needs.

    Double or offset borders (a header ruled a few points off its body) cut a grid into slivers: a body cell
    spans three grid columns while its header sits in the middle one, and the column roles miss the body.
    A boundary is needed only where some row has text on both sides of it in two different cells; the
    others go, so the header and body of one printed column fall into one grid column.
    """
    if not rows:
        return rows, col_x
    n = len(rows[0])
    keep = [0]
    for b in range(1, n):
        needed = any(
            b < len(row) and not row[b].from_left and row[b].text.strip() and row[keep[-1]].text.strip()
            for row in rows
        )
        if needed:
            keep.append(b)
    if len(keep) == n:
        return rows, col_x
    out: list[list[GridCell]] = []
    bounds = [*keep, n]
    for row in rows:
        new: list[GridCell] = []
        for lo, hi in itertools.pairwise(bounds):
            group = row[lo:hi]
            own = next((c for c in group if c.text.strip() and not c.from_left), None)
            new.append(own if own is not None else group[0])
        out.append(new)
    return out, ([col_x[k] for k in keep] if col_x else col_x)
