"""An uncoded budget table's kegiatan and sub kegiatan told apart by its sums (seen on generated reports:
after the first sub kegiatan the reader took every later row for one, a new kegiatan included)."""

from __future__ import annotations

from lkjip.normalizers.budget_levels import settle_levels
from lkjip.records import AnggaranRow
from tests.checks._helpers import budget_row as _coded_row


def budget_row(level: str, path: list[str], uraian: str, pagu: float, realisasi: float | None) -> AnggaranRow:
    """A row as an uncoded table gives it: no kode, a path of positions."""
    return _coded_row(level, path, uraian, pagu, realisasi).model_copy(update={"kode": None})


def _guessed() -> list[AnggaranRow]:
    """Program 1.129 = kegiatan 795 (388 + 407) + kegiatan 334 (334); the reader made the second kegiatan and
    its sub kegiatan sub kegiatan of the first."""
    return [
        budget_row("program", ["#1"], "Program Perencanaan", 1_129_370_000, None),
        budget_row("kegiatan", ["#1", "#1"], "Pengendalian dan Evaluasi", 795_158_000, None),
        budget_row("sub_kegiatan", ["#1", "#1", "#1"], "Evaluasi Pelaksanaan", 388_000_000, None),
        budget_row("sub_kegiatan", ["#1", "#1", "#2"], "Penyusunan Laporan", 407_158_000, None),
        budget_row("sub_kegiatan", ["#1", "#1", "#3"], "Penyusunan Perencanaan dan Pendanaan", 334_212_000, None),
        budget_row("sub_kegiatan", ["#1", "#1", "#4"], "Analisis Data", 334_212_000, None),
        budget_row("jumlah", [], "Jumlah", 1_129_370_000, None),
    ]


def test_the_one_reading_that_adds_up_is_taken() -> None:
    rows = _guessed()
    assert settle_levels(rows) == [4]
    assert [r.level for r in rows] == ["program", "kegiatan", "sub_kegiatan", "sub_kegiatan", "kegiatan",
                                       "sub_kegiatan", "jumlah"]  # fmt: skip
    assert rows[5].path == ["#1", "#2", "#1"]


def test_coded_rows_and_sums_that_hold_are_left_alone() -> None:
    rows = _guessed()
    rows[4] = rows[4].model_copy(update={"kode": "7.01.02.2.02.01"})
    assert settle_levels(rows) == []
    fine = [*_guessed()[:4], budget_row("program", ["#2"], "Program B", 5, None)]
    fine[0] = fine[0].model_copy(update={"pagu": 795_158_000})
    assert settle_levels(fine) == []


def test_no_reading_adds_up_keeps_the_guess() -> None:
    rows = _guessed()
    rows[5] = rows[5].model_copy(update={"pagu": 300_000_000})  # the report's own slip: nothing adds up
    assert settle_levels(rows) == []
    assert rows[4].level == "sub_kegiatan"


def _quarterly() -> list[AnggaranRow]:
    """A quarterly realisation table (no pagu column), as the Permendagri 86 evaluation form prints it: the
    unit's name on top with its total, two programs, their kegiatan and sub kegiatan alike, "-" for nothing
    spent; the reader guessed every row after a program's first a sub kegiatan."""
    rows = [
        ("program", ["#1"], "BADAN PENANGGULANGAN BENCANA DAERAH", 1_400.0),
        ("program", ["#2"], "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH", 900.0),
        ("kegiatan", ["#2", "#1"], "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah", 300.0),
        ("sub_kegiatan", ["#2", "#1", "#1"], "Penyusunan Dokumen Perencanaan Perangkat Daerah", 300.0),
        ("sub_kegiatan", ["#2", "#1", "#2"], "Koordinasi dan Penyusunan Dokumen RKA-SKPD", None),
        ("sub_kegiatan", ["#2", "#1", "#3"], "Administrasi Keuangan Perangkat Daerah", 600.0),
        ("sub_kegiatan", ["#2", "#1", "#4"], "Penyediaan Gaji dan Tunjangan ASN", 600.0),
        ("program", ["#3"], "PROGRAM PENANGGULANGAN BENCANA", 500.0),
        ("kegiatan", ["#3", "#1"], "Pelayanan Informasi Rawan Bencana", 200.0),
        ("sub_kegiatan", ["#3", "#1", "#1"], "Sosialisasi dan Edukasi", 200.0),
        ("sub_kegiatan", ["#3", "#1", "#2"], "Pelayanan Pencegahan dan Kesiapsiagaan", 300.0),
        ("sub_kegiatan", ["#3", "#1", "#3"], "Pelatihan Pencegahan dan Mitigasi", 100.0),
        ("sub_kegiatan", ["#3", "#1", "#4"], "Penguatan Kapasitas Kawasan", 200.0),
    ]
    out = []
    for level, path, uraian, real in rows:
        row = budget_row(level, path, uraian, 0, real).model_copy(
            update={"pagu": None, "pagu_teks": None, "realisasi_teks": "-" if real is None else f"{real:,.0f}"}
        )
        out.append(row)
    return out


def test_a_table_without_pagu_is_settled_by_its_realisasi_and_its_total_row_found() -> None:
    rows = _quarterly()
    settle_levels(rows)
    assert rows[0].level == "jumlah"  # 1.400 = 900 + 500, printed above the first "Program ..." row
    assert [r.level for r in rows[7:]] == ["program", "kegiatan", "sub_kegiatan", "kegiatan", "sub_kegiatan",
                                          "sub_kegiatan"]  # fmt: skip


def test_where_the_report_does_not_add_up_the_nomenclature_names_the_kegiatan() -> None:
    rows = _quarterly()
    rows[6] = rows[6].model_copy(update={"realisasi": 550.0})  # the report's slip: 300 + 550 is no 900
    settle_levels(rows)
    assert [r.level for r in rows[1:7]] == ["program", "kegiatan", "sub_kegiatan", "sub_kegiatan", "kegiatan",
                                           "sub_kegiatan"]  # fmt: skip
    assert rows[6].path == ["#2", "#2", "#1"]


def test_names_outside_the_nomenclature_leave_the_guess() -> None:
    rows = _quarterly()
    rows[6] = rows[6].model_copy(update={"realisasi": 550.0})
    rows[2] = rows[2].model_copy(update={"uraian": "Kegiatan Lain"})  # the first row under it is no known name
    settle_levels(rows)
    assert rows[5].level == "sub_kegiatan"


def test_a_leading_row_that_is_not_the_sum_stays_a_program() -> None:
    rows = _quarterly()
    rows[0] = rows[0].model_copy(update={"realisasi": 1_300.0})
    settle_levels(rows)
    assert rows[0].level == "program"
