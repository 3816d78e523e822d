"""Raw rows: what the family extractors return, cells as printed, nothing parsed yet."""

from __future__ import annotations

from dataclasses import dataclass, field

from lkjip.extractors.model.document import GridCell


@dataclass(slots=True)
class RawRow:
    """One data row of a located table: field -> printed text (None when the cell is empty).

    ``fields`` holds the family's text fields (e.g. "indikator", "target");
    structural facts decided at extract time (hierarchy level and path of a
    budget row, summary rows, the IDM year of a multi-year block) sit beside them.
    """

    fields: dict[str, str | None]
    page: int | None
    jenis_baris: str = "data"
    level: str | None = None
    path: list[str] = field(default_factory=list)
    tahun: int | None = None
    # a budget code OCR misread, replaced from the table's numbering: the reading and why
    kode_ocr: str | None = None
    kode_bukti: str | None = None


def cell_text(row: list[GridCell], indices: list[int] | None, *, origin_only: bool = False) -> str | None:
    """Text of the columns ``indices`` in ``row`` joined by a space, or None when all are empty."""
    if not indices:
        return None
    parts: list[str] = []
    for j in indices:
        if j >= len(row):
            continue
        cell = row[j]
        if origin_only and not cell.is_origin:
            continue
        if cell.from_left:
            continue  # a cell spanning columns belongs to its first column only
        t = cell.text.strip()
        if t:
            parts.append(t)
    return " ".join(parts) if parts else None


def row_label(row: list[GridCell], skip: set[int]) -> str | None:
    """The first non-empty text of a row outside the value columns ``skip``."""
    for j, cell in enumerate(row):
        if j in skip:
            continue
        t = cell.text.strip()
        if t:
            return t
    return None


def is_group_row(row: list[GridCell], value_cols: set[int]) -> bool:
    """A row that carries one label and no values: a sasaran or bidang heading inside the table."""
    if is_split_group_row(row):
        return True
    origins = {c.text.strip() for c in row if c.text.strip()}
    values = [row[j].text.strip() for j in value_cols if j < len(row) and row[j].is_origin and row[j].text.strip()]
    return len(origins) == 1 and not values


def group_text(row: list[GridCell]) -> str:
    """The label of a group row: its one text, or both halves of a split one, in order."""
    return " ".join(c.text.strip() for c in row if c.is_origin and c.text.strip())


def is_split_group_row(row: list[GridCell]) -> bool:
    """A group row ("Sasaran Strategis 1: Meningkatnya kualitas pelayanan ...") whose one merged cell the
    reader cut in two (OCR of a faint rule, a gutter in the sentence): two spans covering every position,
    long text, and its first span a sentence rather than a column name."""
    if len(row) < 4:
        return False
    if any(c.from_above for c in row):
        return False  # a cell merged down from the row above: a data row under a merged sasaran
    starts = [j for j, c in enumerate(row) if not c.from_left]
    if len(starts) != 2 or starts[0] != 0 or min(starts[1], len(row) - starts[1]) < 2:
        return False  # exactly two horizontal spans, each over two columns or more
    origins = [row[j].text.strip() for j in starts]
    if not all(origins):
        return False
    return sum(len(t) for t in origins) > 40 and len(origins[0].split()) >= 4
