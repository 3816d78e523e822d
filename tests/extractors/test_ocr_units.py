"""OCR building blocks on synthetic inputs: no Tesseract needed."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pypdfium2 as pdfium
import pytest

from lkjip.extractors.read.ocr.cells import regroup, settle, well_formed
from lkjip.extractors.read.ocr.scan import word_overlap
from lkjip.extractors.read.ocr.scan_image import binarize, quarter_turned, render_gray, rotate, skew_angle
from lkjip.extractors.read.ocr.scan_lines import erase_rules, ink_to_rules, rules_to_grids
from lkjip.extractors.read.ocr.words import fix_percent, tsv_to_words
from lkjip.extractors.read.textlayer import garbage_share
from lkjip.extractors.structure.scan_grid import join_cell_lines


@pytest.mark.parametrize(
    ("read", "want"),
    [("Yo", "%"), ("(Yo)", "(%)"), ("90Y6", "90%"), ("61,4Yo", "61,4%"), ("Yogyakarta", "Yogyakarta"), ("2019", "2019")],
)
def test_percent_misreadings_undone(read: str, want: str) -> None:
    assert fix_percent(read) == want


@pytest.mark.parametrize(
    ("read", "want"),
    [("297,060,139,.00", "297.060.139,00"), ("6.661,280.000.00", "6.661.280.000,00"), ("1.234", "1.234")],
)
def test_separators_rebuilt_from_digit_groups(read: str, want: str) -> None:
    assert regroup(read) == want
    assert well_formed(want)


def test_settle_agreement_disagreement_and_percent() -> None:
    assert settle("5596", 40.0, "55%", 96.0) == ("55%", 96.0)  # the language model's "%" -> "96"
    text, conf = settle("3", 90.0, "8", 80.0)
    assert text == "8" and conf == pytest.approx(40.0)  # disagreement halves the lower confidence


def test_broken_header_word_joined() -> None:
    assert join_cell_lines(["Realisas", "1"]) == "Realisasi"
    assert join_cell_lines(["orang", "di desa"]) == "orang\ndi desa"


def test_garbage_and_layer_match() -> None:
    assert garbage_share("(cid:12)(cid:7)(cid:9) abc") > 0.2
    assert garbage_share("Capaian kinerja tahun 2022") == 0.0
    assert word_overlap("capaian kinerja kecamatan", "Capaian Kinerja Kecamatan 2022") == pytest.approx(0.75)


def test_tsv_words() -> None:
    tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
    tsv += "5\t1\t1\t1\t1\t1\t10\t20\t30\t12\t91.5\tTabel\n5\t1\t1\t1\t1\t2\t45\t20\t10\t12\t-1\t \n"
    (w,) = tsv_to_words(tsv)
    assert (w.text, w.conf, w.x1, w.y1) == ("Tabel", 91.5, 40.0, 32.0)


def _table_image() -> np.ndarray:
    """A 3x3 ruled table whose top-left cell spans two rows, with some text-like blobs."""
    img = np.full((600, 800), 235, np.uint8)
    xs, ys = [100, 300, 500, 700], [100, 200, 300, 400]
    for y in ys:
        cv2.line(img, (xs[0], y), (xs[-1], y), 20, 2)
    for x in xs:
        cv2.line(img, (x, ys[0]), (x, ys[-1]), 20, 2)
    cv2.line(img, (xs[0] + 2, ys[1]), (xs[1] - 2, ys[1]), 235, 4)  # merge (0,0) with (1,0)
    cv2.putText(img, "12,5", (320, 160), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 20, 2)
    return img


def test_ruled_grid_with_merged_cell() -> None:
    ink = binarize(_table_image())
    h, v = ink_to_rules(ink)
    (grid,) = rules_to_grids(h, v)
    assert (grid.n_rows, grid.n_cols) == (3, 3)
    spans = {(c.row, c.col): (c.rowspan, c.colspan) for c in grid.cells}
    assert spans[(0, 0)] == (2, 1)
    assert len(grid.cells) == 8
    clean = erase_rules(_table_image(), h, v)
    assert (clean[100, 150:250] > 200).all()  # the rule is gone
    assert (clean[150:170, 320:400] < 100).any()  # the text stays


def test_skew_found_and_quarter_turn_detected() -> None:
    img = np.full((1100, 800), 240, np.uint8)
    for k in range(30):
        cv2.putText(img, "Capaian kinerja kecamatan 2022", (60, 60 + 33 * k), cv2.FONT_HERSHEY_SIMPLEX, 0.9, 20, 2)
    tilted = rotate(img, 1.2)
    assert skew_angle(binarize(tilted)) == pytest.approx(-1.2, abs=0.15)


def test_quarter_turn_detected_on_a_scanned_page(reports_dir: Path) -> None:
    pdf = pdfium.PdfDocument(str(reports_dir.parent / "scanned" / "scan-kec-sukodono-2019.pdf"))
    try:
        gray = render_gray(pdf, 3, 100)
    finally:
        pdf.close()
    assert not quarter_turned(binarize(gray))
    assert quarter_turned(binarize(np.ascontiguousarray(np.rot90(gray))))


def test_a_failed_digit_reading_keeps_a_code() -> None:
    """A code cell read "1.1.1" by the short pass, then "11" at confidence 0 by the digit pass: a failed
    reading says nothing, the code stays (and is less sure)."""
    from lkjip.extractors.read.ocr.cells import settle

    assert settle("1.1.1", 88.0, "11", 0.0) == ("1.1.1", 44.0)
    assert settle("2.2", 90.0, "2.2", 96.0)[0] == "2.2"
