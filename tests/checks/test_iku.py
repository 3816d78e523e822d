"""Indicator checks on small hand-built tables."""

from __future__ import annotations

from lkjip.records import TableInfo, Warning
from tests.checks._helpers import iku_row, report, run


def test_capaian_tolerance_108_vs_108_78_is_fine() -> None:
    r = report(iku=[iku_row("Indeks Kepuasan Masyarakat", "70,15", "76,31", "108%", kode="ikm")])
    assert run("iku_capaian", r) == []


def test_capaian_95_38_vs_109_23_is_flagged() -> None:
    r = report(iku=[iku_row("Nilai rata-rata IDM", "0,65", "0,71", "95,38%", kode="idm_rata_rata")])
    [w] = run("iku_capaian", r)
    assert (w.code, w.severity, w.expected, w.found) == ("IKU_CAPAIAN", "error", 109.23, 95.38)


def test_capaian_lower_is_better_uses_the_inverse_formula() -> None:
    from lkjip.normalizers.indicators import indicator_direction, load_catalogue

    kode = next(k for k in load_catalogue() if indicator_direction(k) is False)
    good = iku_row("x", "10", "8", "125", kode=kode)  # target 10, realisasi 8: 10/8 = 125%
    bad = iku_row("x", "10", "8", "80", kode=kode)  # the higher-is-better formula
    ws = run("iku_capaian", report(iku=[good, bad]))
    assert [(w.row, w.expected) for w in ws] == [(1, 125.0)]


def test_capaian_unknown_direction_accepts_either_formula_and_skips_missing() -> None:
    rows = [
        iku_row("Angka kemiskinan", "10", "8", "125", kode="x_angka_kemiskinan"),
        iku_row("Tanpa target", None, "8", "125", kode="x_tanpa"),
        iku_row("Target nol", "0", "8", "125", kode="x_nol"),
        iku_row("Rata-rata", None, None, "93,33", jenis_baris="rata_rata"),
    ]
    assert run("iku_capaian", report(iku=rows)) == []


def test_antar_tabel_majority_reference_and_x_slug_fuzzy() -> None:
    tables = [
        TableInfo(table_id=t, jenis="capaian_iku", judul=f"Tabel {n}")
        for t, n in (("t1", "2.2"), ("t2", "2.3"), ("t3", "3.2"))
    ]
    rows = [
        iku_row("IDM", "0,65", table_id="t1", kode="idm_rata_rata"),
        iku_row("IDM", "0,62%", table_id="t2", kode="idm_rata_rata"),
        iku_row("IDM", "0,65", "0,71", table_id="t3", kode="idm_rata_rata"),
        iku_row(
            "Jumlah kelompok masyarakat dibina",
            "16",
            table_id="t1",
            kode="x_jumlah_kelompok_masyarakat_dibina",
        ),
        iku_row(
            "Jumlah kelompok masyarakat yang dibina",
            "18",
            table_id="t3",
            kode="x_jumlah_kelompok_masyarakat_yang",
        ),
        iku_row("IKM", "81", table_id="t1", kode="ikm"),
        iku_row("IKM", "81,00", table_id="t3", kode="ikm"),
    ]
    ws = run("iku_antar_tabel", report(tables=tables, iku=rows))
    assert [(w.row, w.field, w.expected, w.found) for w in ws] == [
        (1, "target", 0.65, 0.62),
        (4, "target", 16, 18),
    ]
    assert "Tabel 2.3" in ws[0].message and "Tabel 2.2" in ws[0].message


def test_antar_tabel_index_printed_as_percent_is_the_same_value() -> None:
    rows = [
        iku_row("IDM", "0,7065", table_id="t1", kode="idm_rata_rata"),
        iku_row("IDM", "70,65", table_id="t2", kode="idm_rata_rata"),
    ]
    assert run("iku_antar_tabel", report(iku=rows)) == []


SAS = "Meningkatnya Kinerja Pelayanan Perangkat Daerah"


def test_sasaran_rata_flags_realisasi_not_mean() -> None:
    rows = [
        iku_row("IKM", "70,15", "76,31", "108,78", kode="ikm", sasaran=SAS),
        iku_row("AKIP", "56,00", "43,62", "77,89", kode="nilai_akip", sasaran=SAS),
        iku_row(SAS, "63,075", "65,63", "104%", jenis="capaian_sasaran", table_id="t2", sasaran=SAS),
    ]
    [w] = run("iku_sasaran_rata", report(iku=rows))
    assert (w.row, w.field, w.found) == (2, "realisasi", 65.63)
    assert w.expected == 59.965


def test_sasaran_rata_index_indicator_enters_the_mean_times_100() -> None:
    sas = "Meningkatnya Kinerja Penyelenggaraan Pemerintahan Desa"
    rows = [
        iku_row("IDM", "0,65", "0,71", "109,23", kode="idm_rata_rata", sasaran=sas),
        iku_row("Tertib", "100", "100", "100", sasaran=sas),
        iku_row("Berdaya", "100", "100", "100", sasaran=sas),
        iku_row(sas, "88,33", "90,33", "102%", jenis="capaian_sasaran", table_id="t2", sasaran=sas),
    ]
    assert run("iku_sasaran_rata", report(iku=rows)) == []


def test_rata_rata_row_vs_rows_above() -> None:
    rows = [
        iku_row("IKM", "70,15", "76,31", "108,78", table_id="t1"),
        iku_row("AKIP", "56", "43,62", "77,89", table_id="t1"),
        iku_row("Rata-rata Capaian Kinerja", None, None, "93,33", table_id="t1", jenis_baris="rata_rata"),
        iku_row("IDM", "0,65", "0,62", "95,38", table_id="t2"),
        iku_row("Tertib", "100", "100", "100", table_id="t2"),
        iku_row("Rata-rata Capaian Kinerja", None, None, "99,00", table_id="t2", jenis_baris="rata_rata"),
    ]
    [w] = run("iku_sasaran_rata", report(iku=rows))
    assert (w.row, w.field, w.found, w.expected) == (5, "capaian", 99.0, 97.69)


def test_iku_checks_on_empty_report() -> None:
    for name in ("iku_capaian", "iku_antar_tabel", "iku_sasaran_rata"):
        assert run(name, report()) == []


def _pair(targets_b: list[str]) -> list[Warning]:
    names = ["Indeks Kepuasan Masyarakat", "Nilai AKIP", "Persentase desa tertib administrasi", "Jumlah BUMDes"]
    targets_a = ["80", "70", "90", "12"]
    a = [iku_row(n, t, table_id="t01", jenis="target_iku") for n, t in zip(names, targets_a, strict=True)]
    b = [iku_row(n, t, table_id="t02", jenis="perjanjian_kinerja") for n, t in zip(names, targets_b, strict=True)]
    return run("iku_antar_tabel", report(iku=a + b))


def test_one_indicator_with_another_target_is_a_contradiction() -> None:
    (w,) = _pair(["80", "75", "90", "12"])
    assert w.severity == "error" and w.field == "target"


def test_tables_differing_on_most_indicators_hold_other_targets() -> None:
    ws = _pair(["85", "75", "95", "15"])  # a Renstra target table against the year's
    assert len(ws) == 4 and all(w.severity == "warning" and "target lain" in w.message for w in ws)
