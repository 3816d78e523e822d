"""Scanned fixtures for rotated pages and lying text layers, end to end (needs Tesseract; about 20 s).

``scan-sideways-kec-waringinkurung-2024``: the two landscape table pages (IDM,
alokasi anggaran) scanned sideways on portrait images, one turned 90° and one
270° clockwise (``python -m fixtures.scans --only
scan-sideways-kec-waringinkurung-2024`` rebuilds it).
``scan-hiddenlayer-kec-sukodono-2019``: every page an image with
an invisible text layer under it; pages 1-2 carry their own text (kept), pages
3-4 another report's text and page 5 another page's (read by OCR).
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from benchmarks.bench_ocr import unflagged
from lkjip.extractors.read.ocr import scan as ocr
from lkjip.extractors.read.ocr.scan import scanned_pages
from lkjip.extractors.read.ocr.scan_image import binarize, quarter_turned, render_gray, turn
from lkjip.extractors.read.ocr.words import tesseract_languages
from lkjip.extractors.read.pdf import pdf_page_texts
from lkjip.pipeline.report import process_file
from lkjip.records import AnggaranRow, IkuRow, Report
from lkjip.scoring import score_numeric

SCANS = Path(__file__).resolve().parents[2] / "fixtures" / "scanned"
SIDEWAYS = SCANS / "scan-sideways-kec-waringinkurung-2024.pdf"
HIDDEN = SCANS / "scan-hiddenlayer-kec-sukodono-2019.pdf"
needs_tesseract = pytest.mark.skipif(
    not {"ind", "eng"} <= tesseract_languages(), reason="Tesseract with ind and eng is not installed"
)
needs_osd = pytest.mark.skipif("osd" not in tesseract_languages(), reason="Tesseract's osd model is not installed")


def _golden(path: Path) -> Report:
    return Report.from_json(path.with_name(f"{path.name}.expected.json").read_text())


@pytest.fixture(scope="module")
def sideways() -> Report:
    return process_file(SIDEWAYS)


@needs_tesseract
@needs_osd
def test_sideways_pages_turned_upright(sideways: Report) -> None:
    want = _golden(SIDEWAYS)
    assert sideways.report.text_source == "ocr"
    assert [t.jenis for t in sideways.tables] == [t.jenis for t in want.tables]  # the IDM and budget pages too
    assert {r.page for r in sideways.idm} == {5}
    assert {r.page for r in sideways.anggaran} == {5, 6}
    score = score_numeric(sideways, want)
    assert score.recall >= 0.98  # measured 0.987 (231/234)


@needs_tesseract
@needs_osd
def test_sideways_no_unflagged_error(sideways: Report) -> None:
    assert unflagged(sideways, _golden(SIDEWAYS)) == []


@needs_tesseract
@needs_osd
@pytest.mark.parametrize("osd", [True, False], ids=["osd", "osd-unsure"])
def test_sideways_page_turned_upright_either_way(osd: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """A landscape table page scanned a quarter turned either way is turned upright, by orientation
    detection at full resolution or, when that is not sure, by the quarter turn that reads better."""
    if not osd:
        monkeypatch.setattr(ocr, "osd_rotation", lambda image, dpi: None)
    pdf = pdfium.PdfDocument(str(SCANS / "scan-kec-waringinkurung-2024.pdf"))
    try:
        gray = render_gray(pdf, 4, ocr.DPI)  # the landscape IDM page
    finally:
        pdf.close()
    for clockwise in (90, 270):  # as scanned
        sideways = turn(gray, clockwise)
        assert quarter_turned(binarize(sideways))
        assert ocr._upright_turn(sideways) == 360 - clockwise


@needs_tesseract
def test_lying_text_layer_read_by_ocr() -> None:
    want = _golden(HIDDEN)
    # pages 1-2: the layer is the image's own text, kept; pages 3-5: another text, read by OCR
    assert scanned_pages(HIDDEN, pdf_page_texts(HIDDEN)) == {2, 3, 4}
    got = process_file(HIDDEN)
    assert got.report.text_source == "mixed"
    assert got.report.instansi == want.report.instansi  # the truthful layer of page 1
    assert [t.jenis for t in got.tables] == [t.jenis for t in want.tables]
    rows: list[IkuRow | AnggaranRow] = [*got.iku, *got.anggaran]
    assert {r.page for r in rows} == {3, 4, 5}
    assert all(r.ocr_konfidensi is not None for r in rows)  # every figure came from OCR, none from the layer
    score = score_numeric(got, want)
    assert score.recall >= 0.98  # measured 1.0
    assert unflagged(got, want) == []


SEARCHABLE = SCANS / "scan-searchable-kec-anyar-2023.pdf"


@needs_tesseract
def test_searchable_scan_tables_read_from_the_image() -> None:
    """A scanner's truthful OCR layer under every page: the text pages stay on the layer, but the
    table pages draw no rules (the grid is only in the image), so they are read by OCR."""
    assert scanned_pages(SEARCHABLE, pdf_page_texts(SEARCHABLE)) == {2, 3}
    got = process_file(SEARCHABLE)
    want = _golden(SEARCHABLE)
    assert got.report.text_source == "mixed"
    assert [(t.jenis, t.pages) for t in got.tables] == [(t.jenis, t.pages) for t in want.tables]
    assert score_numeric(got, want).recall >= 0.98  # measured 1.0 (84/84)
    assert unflagged(got, want) == []
