"""The planted fixture (kec-cinangka-2023): a contradiction of every contract code, each caught with its figures.

The plants and their figures are defined once in ``fixtures/specs/planted.py``
and written to the golden files by the builder; here the extraction of the
PDF and of the DOCX must raise each of them, at the same table, row and field,
with the same severity and figures, and nothing else.
"""

from __future__ import annotations

import math

import pytest

from fixtures.specs._planted_figures import (
    AKIP_CAPAIAN_PRINTED,
    ALOKASI_EXTRA,
    IKM_TARGET_PK,
    KEGIATAN_STATED,
    KODE_PRINTED,
    LEBIH_EXTRA,
    SUB_PAGU_EXTRA,
    TOTAL_REAL_MINUS,
)
from lkjip.records import Report, Warning
from lkjip.scoring import score_warnings, warning_cells
from tests.conftest import extracted, golden

PLANTED = ["kec-cinangka-2023.pdf", "kec-cinangka-2023.docx"]
CATALOGUE = (
    "ANGGARAN_SUM_ANAK",
    "ANGGARAN_TOTAL",
    "ANGGARAN_PERSEN",
    "ANGGARAN_LEBIH_PAGU",
    "ANGGARAN_ANTAR_TABEL",
    "IKU_CAPAIAN",
    "IKU_ANTAR_TABEL",
    "IKU_SASARAN_RATA",
    "IDM_RUMUS",
    "IDM_STATUS",
    "IDM_RATA",
    "IDM_KODE",
    "NARASI_ANGKA",
    "ANGKA_AMBIGU",
    "INSTANSI_LAIN",
)


def _one(report: Report, code: str, **fields: object) -> Warning:
    found = [
        w for w in report.warnings if w.code == code and all(getattr(w, k) == v for k, v in fields.items())
    ]
    assert len(found) == 1, (
        code,
        fields,
        [(w.field, w.expected, w.found) for w in report.warnings if w.code == code],
    )
    return found[0]


def _close(a: object, b: float) -> bool:
    return isinstance(a, int | float) and math.isclose(float(a), b, rel_tol=1e-9, abs_tol=1e-9)


def test_golden_plants_every_code() -> None:
    for name in PLANTED:
        assert {w.code for w in golden(name).warnings} == set(CATALOGUE)


@pytest.mark.parametrize("name", PLANTED)
def test_every_planted_warning_is_raised_and_nothing_else(name: str) -> None:
    got, want = extracted(name), golden(name)
    score = score_warnings(got, want)
    assert score.misses == []
    assert score.tp == len(want.warnings) == len(got.warnings)
    assert {key[0] for key, _ in warning_cells(got)} == set(CATALOGUE)


@pytest.mark.parametrize("name", PLANTED)
def test_budget_plants(name: str) -> None:
    r = extracted(name)
    w = _one(r, "ANGGARAN_SUM_ANAK", field="pagu")
    assert isinstance(w.expected, int | float) and isinstance(w.found, int | float)
    assert w.expected - w.found == SUB_PAGU_EXTRA and r.anggaran[w.row or 0].kode == "7.01.01.2.06"
    w = _one(r, "ANGGARAN_TOTAL", field="realisasi")
    assert isinstance(w.expected, int | float) and isinstance(w.found, int | float)
    assert w.expected - w.found == TOTAL_REAL_MINUS and r.anggaran[w.row or 0].level == "jumlah"
    w = _one(r, "ANGGARAN_PERSEN")
    assert isinstance(w.found, float) and isinstance(w.expected, float)
    assert round(w.found - w.expected, 2) == 5.0 and w.severity == "error"
    w = _one(r, "ANGGARAN_LEBIH_PAGU")
    assert isinstance(w.expected, int | float) and isinstance(w.found, int | float)
    assert w.found - w.expected == LEBIH_EXTRA and w.severity == "warning"
    antar = [w for w in r.warnings if w.code == "ANGGARAN_ANTAR_TABEL"]
    assert sorted(r.anggaran[w.row or 0].level for w in antar) == ["jumlah", "program"]
    program = next(w for w in antar if r.anggaran[w.row or 0].level == "program")
    assert program.severity == "warning" and program.field == "pagu"
    assert isinstance(program.expected, int | float) and isinstance(program.found, int | float)
    assert program.expected - program.found == ALOKASI_EXTRA
    assert r.anggaran[program.row or 0].uraian == "PROGRAM PEMBERDAYAAN MASYARAKAT DESA DAN KELURAHAN"
    assert "Tabel 2.2" in program.message and "Tabel 3.3" in program.message


@pytest.mark.parametrize("name", PLANTED)
def test_indicator_plants(name: str) -> None:
    r = extracted(name)
    w = _one(r, "IKU_CAPAIAN", found=AKIP_CAPAIAN_PRINTED)
    assert _close(w.expected, 102.15) and "66,40/65,00" in w.message
    lower = _one(r, "IKU_CAPAIAN", found=80.0)  # lower is better: 20 / 16, not 16 / 20
    assert _close(lower.expected, 125.0) and "target/realisasi" in lower.message
    assert r.iku[lower.row or 0].indikator_kode == "tingkat_pelanggaran_perda"
    w = _one(r, "IKU_ANTAR_TABEL", field="target")
    assert _close(w.expected, IKM_TARGET_PK) and _close(w.found, 80.0) and "Tabel 2.1" in w.message
    w = _one(r, "IKU_SASARAN_RATA")
    assert (
        isinstance(w.found, float) and isinstance(w.expected, float) and round(w.found - w.expected, 1) == 3.0
    )
    ambiguous = [w for w in r.warnings if w.code == "ANGKA_AMBIGU"]
    assert sorted((w.field or "", str(w.found)) for w in ambiguous) == [
        ("realisasi", "2.731"),
        ("target", "2.500"),
        ("target", "2.500"),
    ]


@pytest.mark.parametrize("name", PLANTED)
def test_idm_plants(name: str) -> None:
    r = extracted(name)
    w = _one(r, "IDM_RUMUS")
    assert r.idm[w.row or 0].nama_desa == "Bantarwaru" and _close(w.found, 0.6979)
    assert isinstance(w.expected, float) and abs(w.expected - 0.6779) < 0.0001
    w = _one(r, "IDM_STATUS")
    assert (w.expected, w.found) == ("Berkembang", "Maju") and r.idm[w.row or 0].nama_desa == "Pasauran"
    w = _one(r, "IDM_RATA")
    assert (
        isinstance(w.found, float)
        and isinstance(w.expected, float)
        and abs(w.found - w.expected - 0.02) < 0.0001
    )
    w = _one(r, "IDM_KODE")
    assert (w.expected, w.found) == ("36.04.31", KODE_PRINTED) and r.idm[w.row or 0].nama_desa == "Mekarsari"


@pytest.mark.parametrize("name", PLANTED)
def test_text_plants(name: str) -> None:
    r = extracted(name)
    w = _one(r, "NARASI_ANGKA")
    assert (w.expected, w.found) == (10, KEGIATAN_STATED) and w.severity == "error"
    w = _one(r, "INSTANSI_LAIN")
    assert (w.expected, w.found) == ("Kecamatan Cinangka", "Kecamatan Anyar")
