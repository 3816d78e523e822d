"""INSTANSI_LAIN: another kecamatan named as the author, never a neighbour in a geography sentence."""

from __future__ import annotations

import pytest

from lkjip.records import Report
from tests.checks._helpers import narrative, report, run
from tests.conftest import extracted


def _betara() -> Report:
    return report(
        instansi="Kecamatan Betara",
        jenis_instansi="kecamatan",
        kabupaten="Kabupaten Tanjung Jabung Barat",
        kode_wilayah="15.06.04",
    )


@pytest.mark.parametrize(
    "text",
    [
        "Sebelah barat berbatasan dengan Kecamatan Bram Itam Kabupaten Tanjung Jabung Barat.",
        "Sebelah timur berbatasan dengan Kecamatan Jambi Selatan Kota Jambi.",  # geography, even another kota
        "Rapat koordinasi bersama Kecamatan Bram Itam Kabupaten Tanjung Jabung Barat berjalan baik.",
        "Kecamatan Betara Kabupaten Tanjung Jabung Barat selaku pengemban amanah menyusun Laporan Kinerja.",
        "",
    ],
)
def test_silent(text: str) -> None:
    assert run("instansi_lain", _betara(), text) == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (
            "Kecamatan Bram Itam Kabupaten Tanjung Jabung Barat selaku pengemban amanah menyusun laporan ini.",
            "Kecamatan Bram Itam",
        ),
        ("Penyajian data Kecamatan Jambi Selatan Kota Jambi dalam dokumen ini.", "Kecamatan Jambi Selatan"),
    ],
)
def test_flagged(text: str, found: str) -> None:
    [w] = run("instansi_lain", _betara(), text)
    assert (w.code, w.found, w.expected) == ("INSTANSI_LAIN", found, "Kecamatan Betara")


def test_report_without_instansi_yields_nothing() -> None:
    assert run("instansi_lain", report(), "Kecamatan Jambi Selatan Kota Jambi selaku pengemban amanah.") == []


@pytest.mark.parametrize("name", ["kec-kramatwatu-2022.pdf", "kec-waringinkurung-2023.docx"])
def test_clean_reports_name_only_themselves(name: str) -> None:
    assert run("instansi_lain", extracted(name), narrative(name)) == []
