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
