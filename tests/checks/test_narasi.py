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


def _big_budget() -> Report:
    """A budget of real size: two kegiatan of one pagu, amounts in the hundreds of millions."""
    rows = [
        budget_row("program", ["1"], "Program Peningkatan Kapasitas Kelembagaan Desa", 500_000_000, 345_745_120),
        budget_row("kegiatan", ["1", "1"], "Pemberdayaan Masyarakat Desa Adat", 250_000_000, 221_865_120),
        budget_row(
            "kegiatan", ["1", "2"], "Pengelolaan Pelatihan Pemberdayaan Masyarakat Desa dan Kelurahan",
            250_000_000,
            123_880_000,
        ),
        budget_row("jumlah", [], "Jumlah", 500_000_000, 345_745_120, "69,15"),
    ]
    return report(tables=TABLES, anggaran=rows)


@pytest.mark.parametrize(
    "sentence",
    [
        # an NIP is no total pagu
        "Kepala Badan, Drs. H. Ahmad Hadadi, M.Si, Pembina Utama Madya, NIP 19760921 200005 2 003.",
        # dates, phone numbers, a regulation's number, a population count
        "Kantor beralamat di Jalan Soekarno-Hatta No. 465 telepon (022) 7562311, faks 7562312, dibentuk dengan "
        "Peraturan Daerah Nomor 21 Tahun 2008 tanggal 10 Desember 2008 untuk melayani 46.709.569 jiwa.",
        # one kegiatan, named at the start of a long sentence, with its own (right) figures
        "Kegiatan Pengelolaan Pelatihan Pemberdayaan Masyarakat Desa dan Kelurahan (Standar Pelatihan) yang "
        "dilaksanakan oleh Badan Pemberdayaan Masyarakat dan Pemerintahan Desa Provinsi Jawa Barat dengan alokasi "
        "anggaran sebesar Rp. 250.000.000,00 realisasi anggaran sebesar Rp. 123.880.000,- (49,55%).",
        # the prose rounds the row's realisasi to the thousand
        "Kegiatan Pemberdayaan Masyarakat Desa Adat dengan alokasi anggaran sebesar Rp. 250.000.000,- realisasi "
        "anggaran sebesar Rp. 221.865.000,- (88,75%).",
        # a list item under a program: one kegiatan's pagu, not the total
        "(1) Penguatan Peran dan Fungsi Forum-Forum Mitra Strategis, dengan anggaran sebesar Rp. 369.200.000,00;",
        # one kegiatan's progress against its own target
        "Permasalahan Penyerapan anggaran sebesar 79% dari target 100% d.",
    ],
)
def test_distractor_sentences_raise_nothing(sentence: str) -> None:
    assert _narasi(_big_budget(), sentence) == []


def test_named_kegiatan_with_another_realisasi_is_a_contradiction() -> None:
    text = (
        "Kegiatan Pemberdayaan Masyarakat Desa Adat dengan alokasi anggaran sebesar Rp. 250.000.000,- realisasi "
        "anggaran sebesar Rp. 201.865.120,- (80,75%)."
    )
    (w,) = _narasi(_big_budget(), text)
    assert w.severity == "error" and (w.expected, w.found) == (221_865_120, 201_865_120)


def test_total_against_one_of_several_budget_tables_is_only_a_warning() -> None:
    r = _big_budget()
    btl = TableInfo(table_id="t02", jenis="realisasi_anggaran", judul="Tabel 3.8 Belanja Tidak Langsung")
    r.tables.append(btl)
    r.anggaran.append(budget_row("jumlah", [], "Jumlah", 9_761_548_039, 9_432_191_000, "96,63", table_id="t02"))
    text = "Total anggaran tahun 2016 sebesar Rp. 24.275.063.039,00 dengan realisasi Rp. 22.599.636.052,00."
    ws = _narasi(r, text)
    assert ws and all(w.severity == "warning" for w in ws)


def test_a_count_against_levels_the_sums_do_not_confirm_is_only_a_warning() -> None:
    text = "Kecamatan melaksanakan 2 (Dua) Program dan 4 (Empat) kegiatan."
    (sure,) = _narasi(_budget(), text)  # the table's sums confirm its 3 kegiatan rows
    assert sure.severity == "error" and (sure.expected, sure.found) == (3, 4)
    flattened = _budget()
    for r in flattened.anggaran:  # every row read as a program: the programs sum to twice the total
        if r.level == "kegiatan":
            r.level, r.path = "program", [f"{r.path[0]}{r.path[1]}"]
    ws = _narasi(flattened, text)
    assert ws and all(w.severity == "warning" and "tidak dapat dipastikan" in w.message for w in ws)
