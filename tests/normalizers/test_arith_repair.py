"""Misread digits corrected by the table's own arithmetic, never silently."""

from __future__ import annotations

from lkjip.normalizers.arith_repair import review_ocr_figures
from lkjip.records import AnggaranRow, IdmRow, Report, ReportMeta


def _ang(level: str, path: list[str], pagu: float, teks: str, page: int = 2) -> AnggaranRow:
    return AnggaranRow(table_id="t01", jenis="alokasi_anggaran", level=level, path=path, kode=path[-1] if path else None,
                       uraian="x", pagu=pagu, pagu_teks=teks, page=page)  # fmt: skip


def test_one_misread_digit_in_a_sum_is_corrected_with_evidence() -> None:
    rows = [
        _ang("program", ["1"], 300_000.0, "300.000"),
        _ang("kegiatan", ["1", "1"], 100_000.0, "100.000"),
        _ang("kegiatan", ["1", "2"], 800_000.0, "800.000"),  # printed 200.000: "2" read as "8"
        _ang("program", ["2"], 50_000.0, "50.000"),
        _ang("kegiatan", ["2", "1"], 50_000.0, "50.000"),
        _ang("jumlah", [], 350_000.0, "350.000"),  # rules out reading the parent as 900.000
    ]
    report = Report(report=ReportMeta(report_id="x", source_file="x.pdf"), anggaran=rows)
    conf = {(2, r.pagu_teks or ""): 0.9 for r in rows}
    warnings = review_ocr_figures(report, conf)
    (w,) = [w for w in warnings if w.code == "OCR_KOREKSI"]
    assert (w.row, w.field, w.found, w.expected, w.severity) == (2, "pagu", 800_000.0, 200_000.0, "warning")
    fixed = report.anggaran[2]
    assert fixed.pagu == 200_000.0 and fixed.pagu_teks == "800.000"  # the OCR text stays
    assert fixed.koreksi is not None and fixed.koreksi["pagu"].nilai_ocr == 800_000.0
    assert report.anggaran[0].ocr_confidence == 0.9


def test_two_possible_corrections_means_none() -> None:
    rows = [
        _ang("program", ["1"], 300_000.0, "300.000"),
        _ang("kegiatan", ["1", "1"], 100_000.0, "100.000"),
        _ang("kegiatan", ["1", "2"], 100_000.0, "100.000"),  # either child could be the 200.000
    ]
    report = Report(report=ReportMeta(report_id="x", source_file="x.pdf"), anggaran=rows)
    warnings = review_ocr_figures(report, {(2, "300.000"): 0.9, (2, "100.000"): 0.9})
    assert not [w for w in warnings if w.code == "OCR_KOREKSI"]
    assert [r.pagu for r in report.anggaran] == [300_000.0, 100_000.0, 100_000.0]


def test_idm_component_off_its_grid_corrected_by_the_mean() -> None:
    # IKS 0.8229 = 144/175, IKE 0.7500 = 45/60, IKL 0.6000 = 9/15; nilai 0.7243
    row = IdmRow(table_id="t02", nama_desa="Betara", iks=0.8829, ike=0.75, ikl=0.6, nilai_idm=0.7243,
                 nilai_idm_teks="0,7243", page=3)  # fmt: skip
    report = Report(report=ReportMeta(report_id="x", source_file="x.pdf"), idm=[row])
    warnings = review_ocr_figures(report, {(3, "0,7243"): 0.95})
    (w,) = [w for w in warnings if w.code == "OCR_KOREKSI"]
    assert w.field == "iks" and report.idm[0].iks == 0.8229


def test_text_layer_reports_are_left_alone() -> None:
    report = Report(report=ReportMeta(report_id="x", source_file="x.pdf"), anggaran=[_ang("program", ["1"], 1.0, "1")])
    assert review_ocr_figures(report, {}) == []
    assert report.anggaran[0].ocr_confidence is None
