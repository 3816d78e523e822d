"""Find the tables of interest in a document and say what each one is.

Given the block stream of any reader: drop page furniture, stitch tables
over page breaks, attach captions (above, or below when nothing else claims
them), split header from body, name each column, and decide the table's
``jenis`` from its column roles, caption and the text before it. Tables
whose columns do not make a data table of a known family (rating
intervals, formula tables, legends, tables of contents) come back with
``jenis`` None and a reason, so they can be inspected but never extracted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lkjip.extractors.locate.roles import (
    ANGGARAN_PATTERNS,
    IDM_PATTERNS,
    IKU_PATTERNS,
    assign_roles,
    fill_index_gaps,
    pick_year_columns,
    ratio_by_arithmetic,
    realisasi_by_arithmetic,
)
from lkjip.extractors.model.document import Block, Document, GridCell, TableBlock, TextBlock
from lkjip.extractors.structure.borderless import CAPTION
from lkjip.extractors.structure.headers import (
    Column,
    column_labels,
    header_equal,
    header_key,
    is_numbering_row,
    split_header,
)
from lkjip.extractors.structure.stitch import drop_page_furniture, stitch_continued_tables
from lkjip.normalizers.numbers import read_number
from lkjip.normalizers.text import clean_text

CAPTION_LOOKBACK = 4
MAX_CAPTION_LINES = 3


@dataclass
class LocatedTable:
    block: TableBlock
    caption: str | None
    context: str  # the text just before the table (caption excluded)
    header_rows: list[list[GridCell]]
    body: list[list[GridCell]]
    body_pages: list[int | None]
    columns: list[Column]
    jenis: str | None = None
    family: str | None = None  # "iku", "anggaran", "idm"
    roles: dict[int, str] = field(default_factory=dict)
    chosen: dict[str, list[int]] = field(default_factory=dict)
    reason: str | None = None  # why a table was not taken

    @property
    def pages(self) -> list[int]:
        return sorted({p for p in self.body_pages if p is not None} | set(self.block.pages[:1]))


def locate_tables(doc: Document, tahun: int | None = None) -> list[LocatedTable]:
    """Given a document, return every table found, classified; ``jenis`` None for look-alikes."""
    blocks = stitch_continued_tables(drop_page_furniture(doc.blocks))
    claimed: set[int] = set()
    located: list[LocatedTable] = []
    table_positions = [i for i, b in enumerate(blocks) if isinstance(b, TableBlock)]
    for i in table_positions:
        block = blocks[i]
        assert isinstance(block, TableBlock)
        caption, context = _caption_above(blocks, i, claimed)
        if caption is None:
            caption = _caption_below(blocks, i, claimed)
        located.extend(_classify(block, caption, context, tahun))
    return located


def _caption_above(blocks: list[Block], i: int, claimed: set[int]) -> tuple[str | None, str]:
    lines: list[tuple[int, str]] = []
    j = i - 1
    while j >= 0 and len(lines) < CAPTION_LOOKBACK and isinstance(blocks[j], TextBlock):
        lines.insert(0, (j, blocks[j].text))  # type: ignore[union-attr]
        j -= 1
    context = " ".join(t for _, t in lines)
    for k, (idx, text) in enumerate(lines):
        if CAPTION.match(text) and idx not in claimed:
            rest = [t for _, t in lines[k + 1 :]]
            parts = [text, *rest[: MAX_CAPTION_LINES - 1]] if len(rest) < MAX_CAPTION_LINES else [text]
            claimed.update(idx2 for idx2, _ in lines[k:])
            caption = clean_text(" ".join(parts))
            before = " ".join(t for _, t in lines[:k])
            return caption, before
    return None, context


def _caption_below(blocks: list[Block], i: int, claimed: set[int]) -> str | None:
    j = i + 1
    if j < len(blocks) and isinstance(blocks[j], TextBlock) and CAPTION.match(blocks[j].text):  # type: ignore[union-attr]
        # A caption that heads the next table belongs to that table.
        k = j + 1
        while k < len(blocks) and k <= j + MAX_CAPTION_LINES and isinstance(blocks[k], TextBlock):
            k += 1
        if k < len(blocks) and isinstance(blocks[k], TableBlock) and k <= j + MAX_CAPTION_LINES:
            return None
        parts = [blocks[j].text]  # type: ignore[union-attr]
        claimed.add(j)
        # a second caption line: short, not a sentence, not another caption
        for k in range(j + 1, min(j + MAX_CAPTION_LINES, len(blocks))):
            nxt = blocks[k]
            if not isinstance(nxt, TextBlock) or len(nxt.text) > 120 or CAPTION.match(nxt.text):
                break
            if nxt.text.rstrip().endswith((".", ":", ";")) or nxt.text.isupper() or re.match(r"\s*bab\b", nxt.text, re.I):
                break
            parts.append(nxt.text)
            claimed.add(k)
        return clean_text(" ".join(parts))
    return None


def _strip_numbering_and_repeats(
    rows: list[list[GridCell]], pages: list[int | None], header: list[list[GridCell]]
) -> tuple[list[list[GridCell]], list[int | None]]:
    body: list[list[GridCell]] = []
    body_pages: list[int | None] = []
    header_keys = [header_key(h) for h in header]
    header_words = {w for h in header for c in h for w in _words(c.text)}
    page_top = True  # at the first rows of a page: where a repeated header stands
    last_page: int | None = None
    for row, page in zip(rows, pages, strict=True):
        if page != last_page:
            page_top, last_page = True, page
        texts = [c.text for c in row if c.is_origin]
        if not any(t.strip() for t in texts):
            continue
        if is_numbering_row(texts):
            continue
        key = header_key(row)
        if any(header_equal(key, h) for h in header_keys):
            continue
        words = {w for t in texts for w in _words(t)}
        # the header repeated on a new page but cut into other rows (a borderless header's lines)
        if page_top and body and words and words <= header_words and not any(ch.isdigit() for t in texts for ch in t):
            continue
        page_top = False
        body.append(row)
        body_pages.append(page)
    return body, body_pages


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z%]+", text.lower()))


def _classify(block: TableBlock, caption: str | None, context: str, tahun: int | None) -> list[LocatedTable]:
    n_header, numbering = split_header(block.rows, block.marked_header_rows)
    header = [r for k, r in enumerate(block.rows[:n_header]) if k not in numbering]
    body, body_pages = _strip_numbering_and_repeats(block.rows[n_header:], block.row_pages[n_header:], header)
    columns = column_labels(header, block.n_cols)
    body = [split_run_together_figures(row, columns) for row in body]
    lt = LocatedTable(
        block=block,
        caption=caption,
        context=context,
        header_rows=header,
        body=body,
        body_pages=body_pages,
        columns=columns,
    )
    if not header:
        lt.reason = "tidak ada baris judul kolom"
        return [lt]
    if not body:
        lt.reason = "tabel tanpa baris data"
        return [lt]
    cap = (caption or "").lower() + " " + context.lower()
    money = money_columns(body, block.n_cols)
    found: list[LocatedTable] = []
    budget_cols: set[int] = set()
    for family, patterns in (("idm", IDM_PATTERNS), ("anggaran", ANGGARAN_PATTERNS), ("iku", IKU_PATTERNS)):
        roles = label_roles_off_figures(assign_roles(columns, patterns, lowest_first=family == "iku"), body)
        if family == "idm":
            roles = fill_index_gaps(columns, roles)
        elif family == "anggaran":
            roles = realisasi_by_arithmetic(body, roles, "pagu", "persen", "rupiah")
        else:
            roles = realisasi_by_arithmetic(body, roles, "target", "capaian", "value")
            roles = ratio_by_arithmetic(body, roles, "target", "realisasi", "capaian", "value")
        if family == "iku":
            # indicator figures are not the rupiah of a budget printed beside them (a table of both halves)
            roles = {j: r for j, r in roles.items() if not (r in IKU_VALUES and (j in money or j in budget_cols))}
        present = set(roles.values())
        jenis = _jenis(family, present, cap)
        # a realisation table without pagu ("Realisasi 2015 | Realisasi 2016"): rupiah in its columns
        if (
            family == "anggaran"
            and jenis is None
            and {"uraian", "realisasi"} <= present
            and any(roles.get(j) == "realisasi" for j in money)
        ):
            jenis = "realisasi_anggaran"
        if not jenis:
            continue
        part = lt if not found else _copy(lt)
        part.family, part.jenis, part.roles = family, jenis, roles
        part.chosen = with_label_halves(pick_year_columns(columns, roles, tahun, filled_columns(body)), columns, roles)
        found.append(part)
        if family == "anggaran":
            budget_cols = {j for j, r in roles.items() if r in ("pagu", "realisasi", "persen", "uraian", "kode")}
            if not _has_indicator_half(columns, budget_cols):
                break
        else:
            break
    if found:
        return found
    lt.reason = "kolom tidak cocok dengan tabel IKU, anggaran, atau IDM"
    return [lt]


IKU_VALUES = ("target", "realisasi", "capaian")
LABEL_ROLES = ("indikator", "sasaran", "uraian", "nama_desa")


def split_run_together_figures(row: list[GridCell], columns: list[Column]) -> list[GridCell]:
    """Given a body row, return it with a cell spanning columns of different headers only because a
    word-aligned grid ran their figures together ("1 1" under "Target" and "Realisasi") split back: as many
    figures as columns, one each."""
    out = list(row)
    j = 0
    while j < len(row):
        k = j + 1
        while k < len(row) and row[k].from_left and row[k].text == row[j].text:
            k += 1
        tokens = row[j].text.split()
        labels = {columns[m].key for m in range(j, min(k, len(columns)))}
        if (
            k - j > 1
            and len(tokens) == k - j
            and len(labels) == k - j
            and all(read_number(t, "value").value is not None for t in tokens)
        ):
            out[j:k] = [GridCell(t, from_above=row[j].from_above) for t in tokens]
        j = k
    return out


def with_label_halves(
    chosen: dict[str, list[int]], columns: list[Column], roles: dict[int, str]
) -> dict[str, list[int]]:
    """Given the chosen columns, return them with the unnamed column left of a name column whose header is the
    start of that column's ("Dukungan program dan" | "Dukungan program dan Kegiatan"): one header a
    word-aligned grid cut in two, its names cut with it."""
    out = dict(chosen)
    for role in LABEL_ROLES:
        cols = out.get(role)
        if not cols or len(cols) != 1 or cols[0] == 0:
            continue
        j = cols[0]
        left = columns[j - 1].key
        if j - 1 not in roles and left and columns[j].key.startswith(left + " "):
            out[role] = [j - 1, j]
    return out


def label_roles_off_figures(roles: dict[int, str], body: list[list[GridCell]]) -> dict[int, str]:
    """Given roles by header, return them without a label role (indikator, uraian) on a column of figures when
    another column holds that role: "Capaian Terhadap Indikator Kinerja" printing "100,00%" names no
    indicator."""
    out = dict(roles)
    for j, role in roles.items():
        if role in LABEL_ROLES and any(r == role and k != j for k, r in roles.items()) and _mostly_figures(body, j):
            del out[j]
    return out


def _mostly_figures(body: list[list[GridCell]], j: int) -> bool:
    cells = [row[j].text for row in body if j < len(row) and row[j].is_origin and row[j].text.strip()]
    figures = sum(1 for t in cells if read_number(t, "value").value is not None)
    return bool(cells) and figures * 3 >= len(cells) * 2
_AMOUNT = re.compile(r"\d[\d.,\s]*")


def filled_columns(body: list[list[GridCell]]) -> set[int]:
    """The columns with a figure in some body row (a dash or an empty cell is none)."""
    return {j for row in body for j, c in enumerate(row) if _has_digit(c.text)}


def _has_digit(text: str) -> bool:
    return any(ch.isdigit() for ch in text)


def money_columns(body: list[list[GridCell]], n_cols: int) -> set[int]:
    """The columns whose filled cells mostly print rupiah amounts (seven digits or more)."""
    out: set[int] = set()
    for j in range(n_cols):
        # a dash or "n/a" is no figure of any kind: the column is judged by what it prints as figures
        cells = [row[j].text for row in body if j < len(row) and row[j].is_origin and _has_digit(row[j].text)]
        if not cells:
            continue
        big = sum(1 for t in cells if (m := _AMOUNT.search(t)) and sum(ch.isdigit() for ch in m.group(0)) >= 7)
        if big * 5 >= len(cells) * 3:
            out.add(j)
    return out


def _has_indicator_half(columns: list[Column], budget_cols: set[int]) -> bool:
    """Whether a budget table also prints indicators with their own target columns outside its budget columns
    (an IKU half and a budget half side by side)."""
    roles = assign_roles(columns, IKU_PATTERNS, lowest_first=True)
    own = {r for j, r in roles.items() if j not in budget_cols}
    return "indikator" in own and bool({"target", "capaian"} & own)


def _copy(lt: LocatedTable) -> LocatedTable:
    return LocatedTable(
        block=lt.block, caption=lt.caption, context=lt.context, header_rows=lt.header_rows, body=lt.body,
        body_pages=lt.body_pages, columns=lt.columns,
    )  # fmt: skip


def _jenis(family: str, roles: set[str], cap: str) -> str | None:
    if family == "idm":
        if {"iks", "ike", "ikl"} <= roles and ("nama_desa" in roles or "kode_desa" in roles):
            return "idm"
        if "nilai_idm" in roles and "status_idm" in roles and "nama_desa" in roles:
            return "idm"
        return None
    if family == "anggaran":
        if "uraian" in roles and "pagu" in roles:
            return "realisasi_anggaran" if "realisasi" in roles else "alokasi_anggaran"
        return None
    # iku-like
    has_label = "indikator" in roles or "sasaran" in roles
    if not has_label or not ({"target", "realisasi", "capaian"} & roles):
        return None
    if "indikator" not in roles:
        return "capaian_sasaran" if {"realisasi", "capaian"} & roles else None
    if "realisasi" in roles:
        return "capaian_iku"
    if "perjanjian kinerja" in cap or re.search(r"\bpk\b", cap):
        return "perjanjian_kinerja"
    return "target_iku"
