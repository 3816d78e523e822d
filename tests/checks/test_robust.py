"""Checks never raise on bad data: degenerate records and text yield nothing or warnings, never errors."""

from __future__ import annotations

import math

from lkjip.checks import load_all
from lkjip.checks.base import CheckContext
from lkjip.records import AnggaranRow, IdmRow, IkuRow, Report, TableInfo
from tests.checks._helpers import report

_ODD = [None, 0.0, -1.0, math.inf, math.nan, 1e18]


def _degenerate() -> list[Report]:
    out: list[Report] = []
    for v in _ODD:
        out.append(
            report(
                tables=[TableInfo(table_id="t1", jenis="realisasi_anggaran", judul=None)],
                anggaran=[
                    AnggaranRow(
                        table_id="t1",
                        jenis="realisasi_anggaran",
                        level="program",
                        path=["I"],
                        uraian="",
                        pagu=v,
                        realisasi=v,
                        persen=v,
                        persen_teks="abc",
                    ),
                    AnggaranRow(
                        table_id="t1",
                        jenis="realisasi_anggaran",
                        level="kegiatan",
                        path=["I", "A"],
                        uraian="x",
                        pagu=v,
                        realisasi=0.0,
                    ),
                    AnggaranRow(
                        table_id="t2",
                        jenis="alokasi_anggaran",
                        level="program",
                        path=["I"],
                        uraian="",
                        pagu=v,
                    ),
                    AnggaranRow(
                        table_id="t1",
                        jenis="realisasi_anggaran",
                        level="jumlah",
                        uraian="",
                        pagu=v,
                        realisasi=v,
                    ),
                ],
                iku=[
                    IkuRow(
                        table_id="t1",
                        jenis="capaian_iku",
                        indikator="",
                        target=v,
                        realisasi=v,
                        capaian=v,
                        target_teks="-",
                    ),
                    IkuRow(
                        table_id="t2",
                        jenis="capaian_sasaran",
                        indikator="",
                        sasaran="",
                        target=v,
                        realisasi=v,
                        capaian=v,
                    ),
                    IkuRow(
                        table_id="t1", jenis="capaian_iku", indikator="r", jenis_baris="rata_rata", capaian=v
                    ),
                ],
                idm=[
                    IdmRow(table_id="t3", nama_desa="", kode_desa="12", iks=v, ike=v, ikl=v, nilai_idm=v),
                    IdmRow(table_id="t3", nama_desa="", jenis_baris="rata_rata", nilai_idm=v),
                ],
                instansi="Kecamatan Betara",
                jenis_instansi="kecamatan",
                kode_wilayah="15.06.04",
                tahun=2022,
            )
        )
    return out


TEXTS = [
    "",
    "Rp",
    "realisasi keuangan % 3 Program 4 kegiatan rata-rata IDM sebesar",
    "Rp. 0 realisasi Rp. 0 atau 0%",
    "\x00" * 5,
]


def test_no_check_raises() -> None:
    for r in _degenerate():
        for text in TEXTS:
            for check in load_all():
                list(check.run(CheckContext(report=r, text=text)))
