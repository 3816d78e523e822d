"""NARASI_ANGKA: on hand-built tables, and on the real narrative of the fixtures with one figure changed."""

from __future__ import annotations

import pytest

from lkjip.records import IdmRow, Report, TableInfo, Warning
from tests.checks._helpers import budget_row, narrative, report, run
from tests.conftest import extracted


def _narasi(r: Report, text: str) -> list[Warning]:
    """Both narrative checks (totals and counts; stated averages)."""
    return run("narasi_angka", r, text) + run("narasi_rata", r, text)


TABLES = [TableInfo(table_id="t01", jenis="realisasi_anggaran", judul="Tabel 3.4 Realisasi Anggaran")]


def _budget() -> Report:
    rows = [
        budget_row("program", ["I"], "Program A", 600, 500),
        budget_row("kegiatan", ["I", "A"], "Kegiatan A", 600, 500),
        budget_row("program", ["II"], "Program B", 400, 300),
        budget_row("kegiatan", ["II", "A"], "Kegiatan B", 300, 200),
        budget_row("kegiatan", ["II", "B"], "Kegiatan C", 100, 100),
        budget_row("jumlah", [], "Jumlah", 1000, 800, "80,00"),
    ]
    return report(tables=TABLES, anggaran=rows)


def test_consistent_statements_are_silent() -> None:
    text = (
        "Belanja Kantor Kecamatan tahun 2022 ditetapkan sebesar Rp. 1.000,00 dengan realisasi sebesar "
        "Rp. 800,00 atau 80,00% sehingga sisa anggaran sebesar Rp. 200,00. Kecamatan mempunyai 2 (Dua) "
        "Program, 3 (Tiga) kegiatan. Tingkat realisasi keuangan 80 % tercapai. Kami melaksanakan 5 kegiatan sosial."
    )
    assert _narasi(_budget(), text) == []


def test_total_statement_and_its_own_arithmetic() -> None:
    text = (
        "Belanja Kantor Kecamatan ditetapkan sebesar Rp. 1.100,00 dengan realisasi sebesar Rp. 800,00 atau "
        "70,00% sehingga sisa anggaran sebesar Rp. 250,00."
    )
    ws = _narasi(_budget(), text)
    got = {(w.expected, w.found) for w in ws}
    assert (72.73, 70.0) in got  # 800 / 1.100 in the sentence itself
    assert (300, 250) in got  # sisa
    assert (1000, 1100) in got  # total pagu vs the table
    assert (80.0, 70.0) in got  # percentage vs the table
    assert all(w.code == "NARASI_ANGKA" and w.page is None for w in ws)


def test_statement_about_one_kind_of_spending_is_not_the_total() -> None:
    text = "Anggaran Belanja Pegawai ditetapkan sebesar Rp. 500,00 realisasi sebesar Rp. 400,00 atau 80,00 %."
    assert _narasi(_budget(), text) == []


def test_counts_need_two_kinds_in_one_statement() -> None:
    ws = _narasi(_budget(), "Terdapat 2 Program dan 4 kegiatan. Desa melaksanakan 7 kegiatan.")
    assert [(w.expected, w.found, w.severity) for w in ws] == [(3, 4, "error")]


def test_idm_average_statement() -> None:
    idm = [
        IdmRow(table_id="t2", nama_desa="A", nilai_idm=0.70, tahun=2022),
        IdmRow(table_id="t2", nama_desa="B", nilai_idm=0.72, tahun=2022),
    ]
    r = report(idm=idm, tahun=2022)
    assert _narasi(r, "Rata-rata nilai IDM kecamatan tahun 2022 sebesar 0,7100.") == []
    [w] = _narasi(r, "Nilai rata-rata Indeks Desa Membangun sebesar 0,7300.")
    assert (w.expected, w.found) == (0.71, 0.73)
    assert _narasi(r, "Target nilai rata-rata IDM sebesar 0,65.") == []


def test_empty_text_and_report() -> None:
    assert _narasi(report(), "") == []
    assert _narasi(_budget(), "") == []


# --- the real narrative, one figure changed: the statement is really read, not skipped ---------


@pytest.mark.parametrize(
    ("name", "printed", "changed", "expected", "found"),
    [
        ("kec-betara-2022.pdf", "atau 91.37%", "atau 93.37%", 91.37, 93.37),
        ("kec-betara-2022.docx", "Rp. 5,547,036,498,00", "Rp. 5,547,036,499,00", 5547036498, 5547036499),
        ("kec-betara-2022.pdf", "sebesar 0,7065", "sebesar 0,7265", 0.706545, 0.7265),
        ("kec-kramatwatu-2022.docx", "(95.17%)", "(96.17%)", 95.17, 96.17),
        (
            "kec-kramatwatu-2021.pdf",
            "nilai IDM kecamatan sebesar 0,6770",
            "nilai IDM kecamatan sebesar 0,6870",
            None,
            0.687,
        ),
        ("kec-waringinkurung-2024.docx", "sebesar 101,10%", "sebesar 103,10%", 101.1, 103.1),
    ],
)
def test_changed_figure_in_real_text_is_flagged(
    name: str, printed: str, changed: str, expected: float | None, found: float
) -> None:
    text = narrative(name)
    assert printed in text
    before = {(w.expected, w.found) for w in _narasi(extracted(name), text)}
    after = [
        w
        for w in _narasi(extracted(name), text.replace(printed, changed))
        if (w.expected, w.found) not in before
    ]
    hit = [w for w in after if w.found == found]
    assert len(hit) == 1
    if expected is not None:
        assert hit[0].expected == expected
    # anything else is a consequence of the same change (e.g. the sisa no longer adds up)
    assert all(w.found != found for w in after if w is not hit[0])
