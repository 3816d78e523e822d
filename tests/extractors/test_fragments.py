"""A table with banded rows found as several tables (``extractors.structure.fragments``): Word's shading behind every
other row, no borders, as real LKIP 2016 tables of Jawa Barat print them."""

from __future__ import annotations

from lkjip.extractors.locate.roles import ANGGARAN_PATTERNS, assign_roles
from lkjip.extractors.structure.fragments import band_rules, fragment_groups, union_box
from lkjip.extractors.structure.headers import Column, label_key


def _line(text: str, x0: float, top: float, x1: float) -> dict[str, object]:
    return {"text": text, "x0": x0, "top": top, "x1": x1, "bottom": top + 9}


BANDS = [(150.0, 182.0, 467.0, 228.0), (150.0, 264.0, 467.0, 285.0), (150.0, 369.0, 467.0, 401.0),
         (196.0, 578.0, 467.0, 590.0)]  # fmt: skip  # the last: a total row's band, from the second column
PLAIN_ROWS = [_line("2 Program Pembinaan 24 105.709.643.350", 152, 240, 460),
              _line("3 Program Penataan 11 5.565.643.000", 152, 300, 460)]  # fmt: skip


def test_bands_with_plain_rows_between_are_one_table() -> None:
    assert fragment_groups(BANDS, PLAIN_ROWS) == [[0, 1, 2, 3]]
    outer = union_box(BANDS)
    assert outer == (150.0, 182.0, 467.0, 590.0)
    assert band_rules(BANDS, outer) == [228.0, 264.0, 285.0, 369.0, 401.0, 578.0]


def test_a_caption_or_prose_between_keeps_tables_apart() -> None:
    caption = [*PLAIN_ROWS, _line("Tabel 3.2 Realisasi Anggaran", 152, 330, 400)]
    assert fragment_groups(BANDS, caption) == []
    prose = [*PLAIN_ROWS, _line("Berikut ini merupakan rekapitulasi anggaran berdasarkan program", 72, 330, 520)]
    assert fragment_groups(BANDS, prose) == []


def test_two_tables_of_one_width_are_no_bands() -> None:
    assert fragment_groups(BANDS[:2], PLAIN_ROWS) == []


def test_a_count_of_kegiatan_is_no_name_column() -> None:
    labels = ["No", "Program/Kegiatan", "Jumlah Kegiatan", "Anggaran (Rupiah)"]
    roles = assign_roles([Column(i, lb, label_key(lb), None) for i, lb in enumerate(labels)], ANGGARAN_PATTERNS)
    assert roles == {0: "kode", 1: "uraian", 2: "ignore", 3: "pagu"}
