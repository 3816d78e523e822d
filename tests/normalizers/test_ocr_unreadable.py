"""A figure OCR read as digits that are no number gets a note: its value is missing for a reason."""

from __future__ import annotations

from lkjip.normalizers.arith_repair import review_ocr_figures
from lkjip.records import AnggaranRow, Report, ReportMeta


def test_unreadable_ocr_figure_is_noted() -> None:
    row = AnggaranRow(table_id="t01", jenis="alokasi_anggaran", level="program", uraian="Program X", kode="I",
                      pagu=None, pagu_teks="133.445:000,00", persen=None, persen_teks="n/a", page=6)  # fmt: skip
    report = Report(report=ReportMeta(report_id="r", source_file="s.pdf"), anggaran=[row])
    warnings = review_ocr_figures(report, {(6, "133.445:000,00"): 0.55})
    noted = [(w.code, w.field, w.found) for w in warnings]
    assert ("OCR_RAGU", "pagu", "133.445:000,00") in noted
    assert all(w.field != "persen" for w in warnings)  # "n/a" is a placeholder, not a misread figure


def test_text_layer_pages_get_no_such_note() -> None:
    row = AnggaranRow(table_id="t01", jenis="alokasi_anggaran", level="program", uraian="Program X", kode="I",
                      pagu=None, pagu_teks="133.445:000,00", page=2)  # fmt: skip
    report = Report(report=ReportMeta(report_id="r", source_file="s.pdf"), anggaran=[row])
    assert review_ocr_figures(report, {(6, "1"): 0.9}) == []


def test_unread_idm_component_is_noted() -> None:
    from lkjip.records import IdmRow

    row = IdmRow(table_id="t01", nama_desa="SAMPIR", iks=0.8, ike=0.6, ikl=None, nilai_idm=0.6889,
                 nilai_idm_teks="0,6889", page=5)  # fmt: skip
    report = Report(report=ReportMeta(report_id="r", source_file="s.pdf"), idm=[row])
    warnings = review_ocr_figures(report, {(5, "0,6889"): 0.9})
    assert [(w.code, w.field) for w in warnings if w.code == "OCR_RAGU"] == [("OCR_RAGU", "ikl")]


def test_budget_figure_read_as_letters_beside_its_sibling_is_noted() -> None:
    """Sampang at 150 dpi: a program's pagu read "-ipeskergnetonsa", its realisasi read fine."""
    rows = [
        AnggaranRow(table_id="t01", jenis="realisasi_anggaran", level="program", uraian="PROGRAM A", kode="IV",
                    pagu=None, pagu_teks="-ipeskergnetonsa", realisasi=396944665.0, page=5),
        AnggaranRow(table_id="t01", jenis="realisasi_anggaran", level="kegiatan", uraian="B", kode="14",
                    pagu=375904000.0, realisasi=340084962.0, page=5),
        AnggaranRow(table_id="t02", jenis="alokasi_anggaran", level="program", uraian="C", kode="I",
                    pagu=1000.0, page=5),  # no realisasi column in this table: nothing to say
    ]  # fmt: skip
    report = Report(report=ReportMeta(report_id="r", source_file="s.pdf"), anggaran=rows)
    noted = [(w.row, w.field) for w in review_ocr_figures(report, {(5, "x"): 0.9}) if w.code == "OCR_RAGU"]
    assert noted == [(0, "pagu")]
