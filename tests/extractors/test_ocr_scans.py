"""Scanned fixtures end to end (needs Tesseract with ind and eng; about 20 s)."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image

from benchmarks.bench_ocr import unflagged
from lkjip.extractors.document_pipeline import read_scanned
from lkjip.extractors.model.document import TableBlock
from lkjip.extractors.read.ocr.scan import scanned_pages
from lkjip.extractors.read.ocr.scan_image import render_gray
from lkjip.extractors.read.ocr.words import tesseract_languages
from lkjip.extractors.read.pdf import pdf_page_texts
from lkjip.pipeline.report import process_file
from lkjip.records import Report
from lkjip.scoring import score_numeric

SCANS = Path(__file__).resolve().parents[2] / "fixtures" / "scanned"
needs_tesseract = pytest.mark.skipif(
    not {"ind", "eng"} <= tesseract_languages(), reason="Tesseract with ind and eng is not installed"
)


def test_mixed_document_pages_detected_without_ocr() -> None:
    path = SCANS / "scan-mixed-kec-betara-2022.pdf"
    assert scanned_pages(path, pdf_page_texts(path)) == {16, 17, 18, 20, 21, 22, 23, 25, 26}


@needs_tesseract
def test_scanned_report_numeric_cells_and_flags() -> None:
    name = "scan-kec-sukodono-2019.pdf"
    got = process_file(SCANS / name)
    want = Report.from_json((SCANS / f"{name}.expected.json").read_text())
    assert got.report.text_source == "ocr"
    assert [t.jenis for t in got.tables][:3] == ["target_iku", "alokasi_anggaran", "capaian_iku"]
    assert score_numeric(got, want).recall >= 0.98
    assert unflagged(got, want) == []
    rows = [*got.iku, *got.anggaran]
    assert rows and all(r.ocr_konfidensi is not None for r in rows)  # every figure says it came from OCR


# every scan but Sukodono (above): numeric cells right after corrections, and no wrong one unflagged
OTHER_SCANS = sorted(p.name for p in SCANS.glob("scan-*.pdf") if "sukodono" not in p.name)


@needs_tesseract
@pytest.mark.parametrize("name", OTHER_SCANS)
def test_scan_numeric_cells_right_or_flagged(name: str) -> None:
    got = process_file(SCANS / name)
    want = Report.from_json((SCANS / f"{name}.expected.json").read_text())
    assert score_numeric(got, want).recall >= 0.96
    assert unflagged(got, want) == []


@needs_tesseract
def test_budget_codes_of_a_scan_keep_their_hierarchy() -> None:
    """Roman codes read from strokes and checked against the numbering: "III" is not "II", "15" not "53"."""
    name = "scan-inspektorat-sampang-2019.pdf"
    got = process_file(SCANS / name)
    want = Report.from_json((SCANS / f"{name}.expected.json").read_text())
    table = next(t.table_id for t in got.tables if t.jenis == "realisasi_anggaran")
    wanted = next(t.table_id for t in want.tables if t.jenis == "realisasi_anggaran")
    codes = [(r.level, r.kode, r.path) for r in got.anggaran if r.table_id == table]
    assert codes == [(r.level, r.kode, r.path) for r in want.anggaran if r.table_id == wanted]
    fixed = [w for w in got.warnings if w.code == "OCR_KOREKSI" and w.field == "kode"]
    assert all(got.anggaran[w.row].kode_teks == w.found for w in fixed if w.row is not None)


@needs_tesseract
def test_page_scanned_a_quarter_turned(tmp_path: Path) -> None:
    src = pdfium.PdfDocument(str(SCANS / "scan-kec-sukodono-2019.pdf"))
    try:
        gray = render_gray(src, 2, 200)  # the page with the target and alokasi tables
    finally:
        src.close()
    turned = Image.fromarray(np.ascontiguousarray(np.rot90(gray)))
    path = tmp_path / "turned.pdf"
    buf = io.BytesIO()
    turned.save(buf, format="JPEG", quality=70)
    Image.open(buf).save(path, format="PDF", resolution=200)
    read = read_scanned(path, [0])
    tables = [b for b in read.blocks[0] if isinstance(b, TableBlock)]
    assert len(tables) == 2
    assert any("Target" in c.text for row in tables[0].rows[:2] for c in row)
