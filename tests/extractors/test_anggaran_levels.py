"""Budget rows' codes and levels (``families.anggaran``): a "No" column that only counts the rows is no code."""

from __future__ import annotations

from lkjip.extractors.families.anggaran import extract_anggaran
from lkjip.extractors.locate.tables import LocatedTable
from lkjip.extractors.model.document import GridCell, TableBlock


def _table(rows: list[tuple[str, str, str]]) -> LocatedTable:
    grid = [[GridCell(t) for t in row] for row in rows]
    block = TableBlock(rows=grid, row_pages=[6] * len(grid))
    return LocatedTable(block=block, caption=None, context="", header_rows=[], body=grid, body_pages=[6] * len(grid),
                        columns=[], family="anggaran", jenis="alokasi_anggaran",
                        chosen={"kode": [0], "uraian": [1], "pagu": [2]})  # fmt: skip


def test_row_numbers_down_a_hierarchy_are_no_codes() -> None:
    lt = _table([("1", "Program Penunjang Urusan", "516.000.000"), ("2", "Pemeliharaan Barang Milik Daerah", "516.000.000"),
                 ("3", "Program Peningkatan Kapasitas Desa", "835.000.000"), ("4", "Fasilitasi Keuangan Desa", "835.000.000"),
                 ("", "Jumlah", "1.351.000.000")])  # fmt: skip
    rows = extract_anggaran(lt)
    assert [r.fields["kode"] for r in rows] == [None] * 5
    assert [r.level for r in rows] == ["program", "kegiatan", "program", "kegiatan", "jumlah"]


def test_programs_numbered_one_by_one_keep_their_codes() -> None:
    lt = _table([("1", "Program Penunjang Urusan", "516.000.000"), ("2", "Program Peningkatan Kapasitas", "835.000.000"),
                 ("3", "Program Pelayanan Publik", "100.000.000")])  # fmt: skip
    assert [r.fields["kode"] for r in extract_anggaran(lt)] == ["1", "2", "3"]


def test_codes_restarting_under_each_program_are_codes() -> None:
    lt = _table([("1", "Program Penunjang Urusan", "516.000.000"), ("1", "Pemeliharaan Barang", "516.000.000"),
                 ("2", "Program Peningkatan Kapasitas", "835.000.000"), ("1", "Fasilitasi Keuangan", "835.000.000")])  # fmt: skip
    assert [r.fields["kode"] for r in extract_anggaran(lt)] == ["1", "1", "2", "1"]


def test_outline_numbers_give_levels_by_depth() -> None:
    from lkjip.extractors.families.anggaran import dotted_level

    assert [dotted_level(c) for c in ("1.1", "1.1.1", "2.10.3")] == ["kegiatan", "sub_kegiatan", "sub_kegiatan"]
    assert [dotted_level(c) for c in ("7.01.01", "7.01.01.2.01", "7.01.01.2.01.0001")] == [
        "program", "kegiatan", "sub_kegiatan"]  # fmt: skip
