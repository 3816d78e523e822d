"""IDM checks on small hand-built tables."""

from __future__ import annotations

import pytest

from lkjip.checks.idm import status_for
from lkjip.records import IdmRow
from tests.checks._helpers import iku_row, report, run


def desa(nama: str, kode: str | None, nilai: str | None, status: str | None = None, **kw: object) -> IdmRow:
    from lkjip.normalizers.numbers import read_number

    return IdmRow.model_validate(
        {
            "table_id": "t1",
            "nama_desa": nama,
            "kode_desa": kode,
            "kode_desa_teks": kw.pop("kode_teks", kode),
            "nilai_idm": read_number(nilai).value if nilai else None,
            "nilai_idm_teks": nilai,
            "status_idm": status,
            "tahun": kw.pop("tahun", 2022),
            **kw,
        }
    )


@pytest.mark.parametrize(
    ("nilai", "status"),
    [
        (0.4907, "Sangat Tertinggal"),
        (0.4908, "Tertinggal"),
        (0.5989, "Tertinggal"),
        (0.5990, "Berkembang"),
        (0.7072, "Berkembang"),  # exactly on a boundary: the lower status
        (0.7073, "Maju"),
        (0.8155, "Maju"),
        (0.8156, "Mandiri"),
    ],
)
def test_status_boundaries(nilai: float, status: str) -> None:
    assert status_for(nilai) == status


def test_status_check() -> None:
    rows = [desa("A", "1506042015", "0,7072", "Berkembang"), desa("B", "1506042011", "0,7072", "Maju")]
    [w] = run("idm_status", report(idm=rows))
    assert (w.row, w.expected, w.found, w.severity) == (1, "Berkembang", "Maju", "error")


def test_rumus_uses_printed_decimals() -> None:
    ok = desa("Bunga Tanjung", "1506042015", "0.7268", iks=0.8971, ike=0.75, ikl=0.5333)
    bad = desa("X", "1506042011", "0,6500", iks=0.8457, ike=0.4167, ikl=0.6)
    coarse = desa("Y", "1506042008", "0,63", iks=0.72, ike=0.7167, ikl=0.4667)  # 0.6345 printed to 2 decimals
    ws = run("idm_rumus", report(idm=[ok, bad, coarse]))
    assert [(w.row, w.expected) for w in ws] == [(1, 0.620800)]


def test_rata_row_and_iku_realisasi_vs_mean() -> None:
    rows = [
        desa("A", "1506042015", "0,7000"),
        desa("B", "1506042011", "0,7130"),
        desa("Rata-rata", None, "0,7065", jenis_baris="rata_rata"),
        desa("Rata-rata salah", None, "0,6000", jenis_baris="rata_rata"),
        desa("A", "1506042015", "0,5000", tahun=2021),  # another year does not count
    ]
    iku = [
        iku_row("Nilai rata-rata IDM", "0,65", "0,71", kode="idm_rata_rata"),
        iku_row("Nilai rata-rata IDM", "0,65", "0,62", kode="idm_rata_rata", table_id="t2"),
        iku_row("Nilai rata-rata IDM", "65", "70,65", kode="idm_rata_rata", table_id="t3"),
    ]
    ws = run("idm_rata", report(idm=rows, iku=iku, tahun=2022))
    assert [(w.table_id, w.row, w.found) for w in ws] == [("t1", 3, 0.6), ("t2", 1, 0.62)]


def test_kode_malformed_duplicate_outside_and_wrong_name() -> None:
    rows = [
        desa("Bunga Tanjung", "1506042015", "0,7"),
        desa("Lubuk Terentang", None, "0,7", kode_teks="15060420"),
        desa("Makmur Jaya", "1506042015", "0,7"),  # duplicate of row 0, another name
        desa("Kramatwatu", "3604052001", "0,7"),  # another kecamatan
        desa("Muntialo", "1506042008", "0,7"),  # 1506042008 is Makmur Jaya
    ]
    ws = run("idm_kode", report(idm=rows, kode_wilayah="15.06.04"))
    got = [(w.row, w.severity) for w in ws]
    # row 2 is both a duplicate and the wrong name for its code
    assert got == [(1, "warning"), (2, "error"), (2, "warning"), (3, "warning"), (4, "warning")]
    assert "Makmur Jaya" in ws[4].message and ws[4].expected == "Makmur Jaya"


def test_kode_within_kabupaten_report_is_not_bounded() -> None:
    rows = [desa("Kramatwatu", "3604052001", "0,7")]
    assert run("idm_kode", report(idm=rows, kode_wilayah="36.04")) == []


def test_idm_checks_on_empty_rows() -> None:
    rows = [desa("", None, None)]
    for name in ("idm_rumus", "idm_status", "idm_rata", "idm_kode"):
        assert run(name, report(idm=rows)) == []


def test_several_rata_rata_rows_of_one_year_are_desa_rows_misread() -> None:
    """Generated scan: six desa rows read as "Rata-rata" rows, each then against the mean of the rest. A
    table prints one average a year; alone, a wrong one is an error."""
    desas = [desa("A", "1506042015", "0,7000"), desa("B", "1506042011", "0,7130")]
    one = [*desas, desa("Rata-rata", None, "0,6000", jenis_baris="rata_rata")]
    assert [w.severity for w in run("idm_rata", report(idm=one))] == ["error"]
    several = [*one, desa("Rata-rata", None, "0,6500", jenis_baris="rata_rata")]
    assert [w.severity for w in run("idm_rata", report(idm=several))] == ["warning", "warning"]
