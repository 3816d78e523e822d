"""Layouts of real reports the first fixtures did not cover (kec-gunungkaler-2020, kec-pontang-2022,
dinas-pmd-polman-2022): page running totals in a multi-page budget table, a budget column naming the
programme's indicator, and ``Sasaran Kegiatan :`` group rows in a capaian table."""

from __future__ import annotations

import pytest

from lkjip.extractors.families.anggaran import PAGE_TOTAL
from lkjip.extractors.families.iku import _GROUP_PREFIX
from lkjip.extractors.locate.roles import ANGGARAN_PATTERNS, assign_roles
from lkjip.extractors.structure.headers import Column, label_key
from tests.conftest import extracted


@pytest.mark.parametrize(
    "label",
    [
        "Jumlah halaman ini",
        "JUMLAH HALAMAN INI",
        "Jumlah s.d. halaman ini",
        "Jumlah s/d Hal. ini",
        "Total per halaman",
        "Pindahan halaman sebelumnya",
        "Jumlah Pindahan",
        "Jumlah dipindahkan ke halaman berikutnya",
    ],
)
def test_page_totals_are_recognised(label: str) -> None:
    assert PAGE_TOTAL.match(label)


@pytest.mark.parametrize(
    "label",
    [
        "JUMLAH",
        "J u m l a h",
        "Jumlah Belanja Langsung",
        "Total",
        "Penyediaan Jasa Komunikasi, Sumber Daya Air dan Listrik",
        "Pelaksanaan Pelayanan Administrasi Terpadu Kecamatan",
    ],
)
def test_real_totals_and_lines_are_not_page_totals(label: str) -> None:
    assert not PAGE_TOTAL.match(label)


def _roles(labels: list[str]) -> dict[int, str]:
    cols = [Column(i, lb, label_key(lb), None) for i, lb in enumerate(labels)]
    return assign_roles(cols, ANGGARAN_PATTERNS)


def test_indicator_column_of_a_budget_table_is_no_output_target() -> None:
    """Real file 01: ``INDIKATOR KINERJA PROGRAM/ KEGIATAN`` beside the programme names."""
    roles = _roles(
        ["NO", "INDIKATOR KINERJA PROGRAM/ KEGIATAN", "PROGRAM/ KEGIATAN/ SUB KEGIATAN", "ANGGARAN (Rp)",
         "REALISASI (Rp)", "CAPAIAN REALISASI ANGGARAN (%)"]
    )
    assert roles[1] == "ignore"
    assert roles[2] == "uraian"
    assert "target_kinerja" not in roles.values()


@pytest.mark.parametrize("label", ["Target Kinerja", "Indikator Kinerja (Target)", "Keluaran", "Volume"])
def test_output_target_columns_keep_their_role(label: str) -> None:
    roles = _roles(["Kode", "Program / Kegiatan", label, "Pagu (Rp)"])
    assert roles[2] == "target_kinerja"


@pytest.mark.parametrize(
    ("text", "sasaran"),
    [
        ("Sasaran Strategis 1. Meningkatnya Akuntabilitas", "Meningkatnya Akuntabilitas"),
        ("Sasaran Kegiatan : Meningkatnya kualitas penganggaran", "Meningkatnya kualitas penganggaran"),
        ("Sasaran Sub-Kegiatan : Tersusunnya Perda APBD", "Tersusunnya Perda APBD"),
        ("Sasaran Sub Kegiatan: Tersusunnya Perda APBD", "Tersusunnya Perda APBD"),
        ("Sasaran Program 2 : Meningkatnya pelayanan", "Meningkatnya pelayanan"),
    ],
)
def test_group_row_labels_are_stripped(text: str, sasaran: str) -> None:
    assert _GROUP_PREFIX.sub("", text).strip() == sasaran


@pytest.mark.parametrize("ext", ["docx", "pdf"])
def test_page_totals_of_a_three_page_budget_table_are_not_rows(ext: str) -> None:
    report = extracted(f"kec-pontang-2022.{ext}")
    budget = [r for r in report.anggaran if r.jenis == "realisasi_anggaran"]
    assert not [r for r in budget if "halaman" in r.uraian.lower()]
    assert [r.uraian for r in budget if r.level == "jumlah"] == ["JUMLAH"]
    if ext == "pdf":
        (table,) = [t for t in report.tables if t.jenis == "realisasi_anggaran"]
        assert len(table.pages) >= 3
