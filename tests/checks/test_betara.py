"""The Betara report's real contradictions, found in the PDF and in the DOCX alike."""

from __future__ import annotations

import pytest

from lkjip.records import Report, Warning
from tests.conftest import extracted

BETARA = ["kec-betara-2022.pdf", "kec-betara-2022.docx"]


def _find(report: Report, code: str, **fields: object) -> list[Warning]:
    return [
        w for w in report.warnings if w.code == code and all(getattr(w, k) == v for k, v in fields.items())
    ]


def _table_id(report: Report, caption_start: str) -> str:
    return next(t.table_id for t in report.tables if (t.judul or "").startswith(caption_start))


@pytest.mark.parametrize("name", BETARA)
def test_program_i_realisasi_differs_from_its_kegiatan(name: str) -> None:
    r = extracted(name)
    [w] = _find(r, "ANGGARAN_SUM_ANAK", field="realisasi", found=2259208970, expected=2549177250)
    assert w.severity == "error"
    assert w.table_id == _table_id(r, "Tabel 3.4")
    assert r.anggaran[w.row or 0].level == "program" and r.anggaran[w.row or 0].kode == "I"
    assert "2.259.208.970" in w.message and "2.549.177.250" in w.message and "289.968.280" in w.message


@pytest.mark.parametrize("name", BETARA)
def test_idm_target_differs_between_tabel_2_2_and_2_3(name: str) -> None:
    r = extracted(name)
    [w] = _find(r, "IKU_ANTAR_TABEL", field="target", expected=0.65, found=0.62)
    assert w.severity == "error"
    assert w.table_id == _table_id(r, "Tabel 2.3")
    assert "Tabel 2.2" in w.message and "Tabel 2.3" in w.message
    assert r.iku[w.row or 0].indikator_kode == "idm_rata_rata"


@pytest.mark.parametrize("name", BETARA)
def test_idm_realisasi_differs_between_tabel_3_2_and_3_3_2(name: str) -> None:
    r = extracted(name)
    [w] = _find(r, "IKU_ANTAR_TABEL", field="realisasi", expected=0.71, found=0.62)
    assert w.table_id == _table_id(r, "Tabel 3.3.2")
    assert "Tabel 3.2" in w.message and "0,71" in w.message and "0,62" in w.message


@pytest.mark.parametrize("name", BETARA)
def test_idm_capaian_in_tabel_3_2(name: str) -> None:
    r = extracted(name)
    [w] = _find(r, "IKU_CAPAIAN", field="capaian")
    assert w.table_id == _table_id(r, "Tabel 3.2")
    assert w.found == 95.38 and w.expected == 109.23
    assert w.severity == "error"


@pytest.mark.parametrize("name", BETARA)
def test_executive_summary_realisasi_keuangan(name: str) -> None:
    r = extracted(name)
    [w] = _find(r, "NARASI_ANGKA", found=88.62)
    assert w.expected == 91.37 and w.severity == "error" and w.page is None


@pytest.mark.parametrize("name", BETARA)
def test_kegiatan_counts_12_and_9_both_flagged(name: str) -> None:
    r = extracted(name)
    counts = {w.found: w for w in _find(r, "NARASI_ANGKA", expected=9)}
    assert set(counts) == {12, 9}
    assert counts[12].severity == "error"  # 12 differs from the table
    assert counts[9].severity == "warning"  # 9 agrees with the table, but the text also says 12
    assert "12" in counts[9].message


@pytest.mark.parametrize("name", BETARA)
def test_bab_iii_names_kecamatan_jambi_selatan(name: str) -> None:
    r = extracted(name)
    [w] = _find(r, "INSTANSI_LAIN")
    assert w.found == "Kecamatan Jambi Selatan" and w.expected == "Kecamatan Betara"
    assert "Bram Itam" not in w.message


@pytest.mark.parametrize("name", BETARA)
def test_sasaran_1_realisasi_vs_mean_of_its_indicators(name: str) -> None:
    r = extracted(name)
    [w] = _find(r, "IKU_SASARAN_RATA", field="realisasi")
    assert w.found == 65.63 and w.expected == pytest.approx(59.965)
    assert w.table_id == _table_id(r, "Tabel 3.3.")


def test_pdf_and_docx_give_the_same_warnings() -> None:
    a, b = (extracted(n) for n in BETARA)
    key = [(w.code, w.severity, w.table_id, w.row, w.field, w.expected, w.found) for w in a.warnings]
    assert key == [(w.code, w.severity, w.table_id, w.row, w.field, w.expected, w.found) for w in b.warnings]


@pytest.mark.parametrize("name", BETARA)
def test_no_check_crashed(name: str) -> None:
    assert not [e for e in extracted(name).errors if e.stage == "check"]
