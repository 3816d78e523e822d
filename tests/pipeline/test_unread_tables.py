"""Nothing printed in a grid of figures is dropped without a trace: a table the reader did not take as
IKU, budget or IDM gets an ``info`` note with its page and why; a rating scale of ranges gets none."""

from __future__ import annotations

from lkjip.extractors.locate.tables import LocatedTable
from lkjip.extractors.model.document import GridCell, TableBlock
from lkjip.pipeline.report import unread_table_notes
from tests.conftest import extracted


def _located(rows: list[list[str]], reason: str) -> LocatedTable:
    grid = [[GridCell(t) for t in row] for row in rows]
    block = TableBlock(rows=grid, row_pages=[7] * len(grid))
    lt = LocatedTable(block=block, caption=None, context="", header_rows=[], body=grid, body_pages=[7] * len(grid),
                      columns=[])  # fmt: skip
    lt.reason = reason
    return lt


def test_a_grid_of_figures_not_taken_is_noted_with_its_page_and_reason() -> None:
    fragment = _located([["1", "Program Sumber Daya Kesehatan", "2", "14.355.990.600"],
                         ["2", "Program Pembinaan Jasa Konstruksi", "3", "3.223.651.000"]],
                        "tidak ada baris judul kolom")  # fmt: skip
    (note,) = unread_table_notes([fragment])
    assert (note.code, note.severity, note.page) == ("TABEL_TIDAK_DIBACA", "info", 7)
    assert "tidak ada baris judul kolom" in note.message


def test_a_rating_scale_or_a_text_table_is_no_unread_data() -> None:
    scale = _located([["No", "Interval Nilai", "Kriteria"], ["1", "≥ 85", "Sangat Baik"], ["2", "70 - 84,99", "Baik"],
                      ["3", "55 - 69,99", "Cukup"], ["4", "< 55", "Kurang"]], "kolom tidak cocok")  # fmt: skip
    words = _located([["1", "Visi", "Menuju kecamatan yang maju"], ["2", "Misi", "Pelayanan prima"]], "x")
    assert unread_table_notes([scale, words]) == []


def test_the_fixture_reports_rating_scales_raise_no_note() -> None:
    report = extracted("kec-kramatwatu-2021.pdf")
    assert [w for w in report.warnings if w.code == "TABEL_TIDAK_DIBACA"] == []
    assert report.report.status == "ok"
