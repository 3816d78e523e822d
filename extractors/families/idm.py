"""IDM tables to raw rows: one row per desa and per IDM year.

A table that repeats the IKS/IKE/IKL/Nilai/Status block for several years
(``IKS 2021 … STATUS IDM 2024``) gives one row per desa per year. The
``Nilai rata-rata IDM Kecamatan …`` row is kept as a summary row.
"""

from __future__ import annotations

import re

from lkjip.extractors.locate.roles import columns_by_year
from lkjip.extractors.locate.tables import LocatedTable
from lkjip.extractors.model.raw import RawRow, cell_text

_SUMMARY = re.compile(r"(rata[\s-]*rata|jumlah|total)", re.IGNORECASE)
BLOCK_ROLES = ("iks", "ike", "ikl", "nilai_idm", "status_idm")
_CAPTION_YEAR = re.compile(r"\b(20[0-4]\d)\b")


def extract_idm(lt: LocatedTable, tahun: int | None) -> list[RawRow]:
    """Given a located IDM table and the report year, return its desa rows (per year) and summary rows."""
    by_year = columns_by_year(lt.columns, lt.roles)
    shared = by_year.pop(None, {})
    blocks = {y: cols for y, cols in by_year.items() if any(r in cols for r in BLOCK_ROLES)}
    if not blocks:
        caption_years = _CAPTION_YEAR.findall(lt.caption or "")
        blocks = {int(caption_years[-1]) if caption_years else tahun: shared}
    rows: list[RawRow] = []
    for row, page in zip(lt.body, lt.body_pages, strict=True):
        common = {
            "no": cell_text(row, _one(shared, "no"), origin_only=True),
            "kode_desa": cell_text(row, _one(shared, "kode_desa")),
            "nama_desa": cell_text(row, _one(shared, "nama_desa")),
        }
        for year, cols in sorted(blocks.items(), key=lambda kv: kv[0] or 0):
            values = {r: cell_text(row, _one(cols, r) or _one(shared, r), origin_only=True) for r in BLOCK_ROLES}
            if not any(values.values()):
                continue
            label = common["nama_desa"] or common["kode_desa"] or common["no"] or ""
            kind = "data"
            fields = {**common, **values}
            if _SUMMARY.search(label) or (not common["kode_desa"] and not common["nama_desa"]):
                kind = "rata_rata"
                fields["nama_desa"] = label or "Rata-rata"
                fields["no"] = None
                fields["kode_desa"] = None
            rows.append(RawRow(fields=fields, page=page, jenis_baris=kind, tahun=year))
    return rows


def _one(cols: dict[str, int], role: str) -> list[int] | None:
    return [cols[role]] if role in cols else None
