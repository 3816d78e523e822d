"""Header roles from labels with typos, and column-number rows with a misread number."""

from __future__ import annotations

import pytest

from lkjip.extractors.locate.roles import (
    IKU_PATTERNS,
    assign_roles,
    pick_year_columns,
    realisasi_by_arithmetic,
    repair_header_words,
)
from lkjip.extractors.model.document import GridCell
from lkjip.extractors.structure.headers import Column, is_numbering_row


@pytest.mark.parametrize(
    ("key", "want"),
    [
        ("tahun 2022 pealicasi", "tahun 2022 realisasi"),  # OCR of the Kramatwatu scan
        ("realiasi", "realisasi"),
        ("capaaian", "capaian"),
        ("pelaksana", "pelaksana"),  # two edits from "pelaksanaan"-like words is no header word
        ("tahun 2022", "tahun 2022"),
        ("sasaran strategis", "sasaran strategis"),
    ],
)
def test_repair_header_words(key: str, want: str) -> None:
    assert repair_header_words(key) == want


def test_misread_realisasi_column_is_still_this_years() -> None:
    """Kramatwatu's capaian table: 2021 and 2022 blocks; "Realisasi" of 2022 read as "Pealicasi".
    Without the repair the 2021 realisasi was taken for 2022."""
    labels = ["No", "Indikator Kinerja", "Satuan", "Tahun 2021 Target", "Tahun 2021 Realisasi",
              "Tahun 2021 Capaian", "Tahun 2022 Target", "Tahun 2022 Pealicasi", "Tahun 2022 Capaian"]  # fmt: skip
    years = [None, None, None, 2021, 2021, 2021, 2022, 2022, 2022]
    cols = [Column(i, lb, lb.lower(), y) for i, (lb, y) in enumerate(zip(labels, years, strict=True))]
    roles = assign_roles(cols, IKU_PATTERNS)
    assert roles[7] == "realisasi"
    assert pick_year_columns(cols, roles, 2022)["realisasi"] == [7]


@pytest.mark.parametrize(
    ("texts", "numbering"),
    [
        (["1", "2", "3", "4", "5", "6"], True),
        (["(1)", "(2)", "(3)"], True),
        (["3", "2", "3", "4", "5", "6"], True),  # Sukodono scan: the "1" read as "3"
        (["1", "80", "85", "106"], False),  # a data row
        (["2", "7", "1", "9", "4"], False),
        (["(1) (2)", "(3)"], True),  # two column numbers in one cell: a column boundary not found
        (["(1)", "(2)"], True),  # a two-column table
        (["1", "2"], False),  # a row number and a figure
    ],
)
def test_numbering_rows(texts: list[str], numbering: bool) -> None:
    assert is_numbering_row(texts) is numbering


def _body(rows: list[list[str]]) -> list[list[GridCell]]:
    return [[GridCell(t) for t in r] for r in rows]


def test_realisasi_column_found_by_the_tables_arithmetic() -> None:
    """Kode | Uraian | Pagu | (header unread) | % : the unnamed column is realisasi where % = it / pagu."""
    body = _body([
        ["1", "Program A", "100.000.000", "95.000.000", "95,00"],
        ["2", "Program B", "200.000.000", "150.000.000", "75,00"],
        ["3", "Program C", "50.000.000", "50.000.000", "100,00"],
        ["4", "Program D", "80.000.000", "60.000.000", "75,00"],
    ])  # fmt: skip
    roles = {0: "kode", 1: "uraian", 2: "pagu", 4: "persen"}
    assert realisasi_by_arithmetic(body, roles, "pagu", "persen", "rupiah")[3] == "realisasi"
    # a column the arithmetic does not support (a sisa column) is left unnamed
    sisa = _body([[r[0].text, r[1].text, r[2].text, "5.000.000", r[4].text] for r in body])
    assert 3 not in realisasi_by_arithmetic(sisa, roles, "pagu", "persen", "rupiah")
    # a realisasi the header names is never replaced
    named = {**roles, 3: "realisasi"}
    assert realisasi_by_arithmetic(body, named, "pagu", "persen", "rupiah") == named


def test_a_year_glued_to_its_header_word_is_still_a_header() -> None:
    """Real LAMPIRAN 1 IKU (Inspektorat Jawa Barat): the text layer prints "Target2016" without the space."""
    from lkjip.extractors.model.document import GridCell
    from lkjip.extractors.structure.headers import column_labels, split_header

    rows = [[GridCell(t) for t in ("No", "Sasaran", "Indikator Kinerja", "Eksisting 2013", "Target2016")],
            [GridCell(t) for t in ("1", "Meningkatnya tata kelola", "Hasil penilaian EPPD", "2,693", "2,750")]]  # fmt: skip
    assert split_header(rows) == (1, [])
    assert column_labels(rows[:1], 5)[4].year == 2016


def test_a_typo_in_a_budget_header_word_does_not_leave_the_column_to_its_rp() -> None:
    """"Relisasi (Rp)": read as printed, the "Rp" made it a second pagu and the table an alokasi."""
    from lkjip.extractors.locate.roles import ANGGARAN_PATTERNS

    labels = ["Program / Kegiatan", "Anggaran (Rp)", "Relisasi (Rp)", "% Realisasi", "Lokasi"]
    cols = [Column(i, lb, " ".join(lb.lower().replace("(", " ").replace(")", " ").replace("/", " ").split()), None)
            for i, lb in enumerate(labels)]  # fmt: skip
    roles = assign_roles(cols, ANGGARAN_PATTERNS)
    assert roles == {0: "uraian", 1: "pagu", 2: "realisasi", 3: "persen", 4: "ignore"}


def test_a_header_marked_over_more_lines_than_usual_is_kept_whole() -> None:
    """A two-row header with centred cells, read line by line: seven lines, "Sisa" alone on the first."""
    from lkjip.extractors.structure.headers import split_header

    lines = [["", "", "CAPAIAN", ""], ["", "", "", "Sisa"], ["", "Program / Kegiatan", "REALISASI", ""],
             ["KODE", "", "", "Anggaran"], ["", "/ Sub Kegiatan", "ANGGARAN", ""], ["", "", "", "(Rp)"],
             ["", "", "(%)", ""], ["1", "Program Pelayanan", "88,4%", "148600020"]]  # fmt: skip
    rows = [[GridCell(t) for t in ln] for ln in lines]
    assert split_header(rows, marked=7) == (7, [])
    assert split_header(rows[1:2] + rows[7:]) == (1, [])  # "Sisa" is a header word
