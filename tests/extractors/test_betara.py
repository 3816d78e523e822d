"""The Betara 2022 report, PDF and DOCX: the figures the issue names, checked one by one."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.conftest import extracted

FILES = ["kec-betara-2022.pdf", "kec-betara-2022.docx"]


def _table(report, caption_prefix: str):  # type: ignore[no-untyped-def]
    found = [t for t in report.tables if (t.judul or "").startswith(caption_prefix)]
    assert len(found) == 1, [t.judul for t in report.tables]
    return found[0]


@pytest.mark.parametrize("name", FILES)
def test_metadata(name: str) -> None:
    m = extracted(name).report
    assert (m.instansi, m.kabupaten, m.provinsi, m.tahun) == (
        "Kecamatan Betara", "Kabupaten Tanjung Jabung Barat", "Jambi", 2022,
    )
    assert m.kode_wilayah == "15.06.04"
    assert m.jenis_instansi == "kecamatan"


@pytest.mark.parametrize("name", FILES)
def test_tabel_3_2_six_rows_as_printed(name: str) -> None:
    r = extracted(name)
    t = _table(r, "Tabel 3.2")
    assert t.jenis == "capaian_iku"
    rows = [x for x in r.iku if x.table_id == t.table_id]
    printed = [(x.target_teks, x.realisasi_teks, x.capaian_teks) for x in rows]
    assert printed == [
        ("70,15", "76,31", "108%"),
        ("56,00 (C Kategori)", "43,62 (C Kategori)", "77,89%"),
        ("0,65", "0,71", "95,38%"),
        ("100%", "100%", "100%"),
        ("100%", "100%", "100%"),
        ("100%", "100%", "100%"),
    ]
    assert [(x.target, x.realisasi, x.capaian) for x in rows[:3]] == [
        (70.15, 76.31, 108.0), (56.0, 43.62, 77.89), (0.65, 0.71, 95.38),
    ]
    assert rows[1].kategori == "C"
    # sasaran carried down from the merged cell to the second indicator
    assert rows[0].sasaran == rows[1].sasaran and rows[1].no is None


@pytest.mark.parametrize("name", FILES)
def test_tabel_3_4_budget_hierarchy(name: str) -> None:
    r = extracted(name)
    t = _table(r, "Tabel 3.4")
    assert t.jenis == "realisasi_anggaran"
    rows = [x for x in r.anggaran if x.table_id == t.table_id]
    levels = Counter(x.level for x in rows)
    assert levels == {"program": 3, "kegiatan": 9, "sub_kegiatan": 20, "jumlah": 1}
    prog1 = rows[0]
    assert (prog1.kode, prog1.pagu, prog1.realisasi) == ("I", 2923404381.0, 2259208970.0)
    assert prog1.realisasi_teks == "2.259.208.970"
    gaji = next(x for x in rows if x.uraian == "Penyediaan Gaji dan Tunjangan ASN")
    assert (gaji.path, gaji.pagu, gaji.realisasi, gaji.persen) == (["I", "A", "1"], 2503637568.0, 2166288970.0, 86.53)
    assert gaji.pagu_teks == "2,503,637,568"
    # the third program is printed "II" again: its path stays unique
    assert [x.path for x in rows if x.level == "program"] == [["I"], ["II"], ["II#2"]]
    total = rows[-1]
    assert (total.level, total.pagu, total.realisasi, total.persen) == ("jumlah", 5547036498.0, 5068205781.0, 91.37)
    # a running header of the page never becomes a row
    assert not any("LAPORAN KINERJA" in x.uraian for x in rows)


@pytest.mark.parametrize("name", FILES)
def test_idm_eleven_desa(name: str) -> None:
    r = extracted(name)
    desa = [x for x in r.idm if x.jenis_baris == "data"]
    assert len(desa) == 11
    first = desa[0]
    assert (first.kode_desa, first.nama_desa, first.nilai_idm, first.status_idm) == (
        "1506042015", "Bunga Tanjung", 0.7268, "Maju",
    )
    assert all(x.tahun == 2022 for x in desa)
    avg = [x for x in r.idm if x.jenis_baris == "rata_rata"]
    assert len(avg) == 1 and avg[0].nilai_idm == 0.7065


@pytest.mark.parametrize("name", FILES)
def test_look_alikes_are_not_tables(name: str) -> None:
    r = extracted(name)
    jenis = Counter(t.jenis for t in r.tables)
    # 2.2 target, 2.3 PK, 2.4 alokasi, 3.2 + 3.3.1-3 capaian, 3.3 sasaran, IDM, 3.4 realisasi
    assert jenis == {
        "target_iku": 1, "perjanjian_kinerja": 1, "alokasi_anggaran": 1, "capaian_iku": 4,
        "capaian_sasaran": 1, "idm": 1, "realisasi_anggaran": 1,
    }
    assert not any("Interprestasi" in h for t in r.tables for h in t.header)


def test_pdf_pages_are_kept() -> None:
    r = extracted("kec-betara-2022.pdf")
    assert all(x.page is not None for x in [*r.iku, *r.anggaran, *r.idm])
    t34 = _table(r, "Tabel 3.4")
    assert len(t34.pages) >= 2, "Tabel 3.4 crosses a page break in the fixture"
