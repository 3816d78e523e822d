"""Scanned tables through the one structure engine: even light, grids ruled only around their box,
column-number rows and group rows cut in two.

Images are drawn with OpenCV and words are given as OCR gives them, so each test fails on the cause it
names and no other.
"""

from __future__ import annotations

import cv2
import numpy as np

from lkjip.extractors.model.document import GridCell
from lkjip.extractors.model.raw import is_group_row, is_split_group_row
from lkjip.extractors.read.ocr.scan_image import binarize, even_light
from lkjip.extractors.read.ocr.scan_lines import ink_to_rules, rules_to_grids
from lkjip.extractors.read.ocr.words import Word
from lkjip.extractors.structure.aligned_grid import aligned_block
from lkjip.extractors.structure.headers import split_header
from lkjip.extractors.structure.scan_grid import needs_word_columns, words_to_aligned_table


def _uneven_page() -> np.ndarray:
    """A page of text lines lit unevenly: white at the left, dark grey at the right."""
    h, w = 1200, 900
    light = np.tile(np.linspace(250, 90, w), (h, 1)).astype(np.uint8)
    page = light.copy()
    for y in range(100, 1100, 40):
        cv2.putText(page, "Persentase desa tertib 98,50 %", (60, y), cv2.FONT_HERSHEY_SIMPLEX, 0.8, 20, 2)
    return page


def test_uneven_light_is_not_ink() -> None:
    page = _uneven_page()
    raw_ink = binarize(page)
    even_ink = binarize(even_light(page))
    right = slice(700, 900)  # the dark side: paper there, text only at the left
    assert (raw_ink[:, right] > 0).mean() > 0.5  # the global threshold takes the dark paper for ink
    assert (even_ink[:, right] > 0).mean() < 0.05
    h, _v = ink_to_rules(binarize(even_light(page)))
    assert not rules_to_grids(h, _v)  # and no "table" is made of it
    text = slice(60, 400)
    assert (even_ink[90:110, text] > 0).any()  # the text stays ink


def _boxed_table() -> np.ndarray:
    """A table ruled only around its box and under its header."""
    img = np.full((400, 800), 255, np.uint8)
    cv2.rectangle(img, (40, 40), (760, 360), 0, 2)
    cv2.line(img, (40, 90), (760, 90), 0, 2)
    return img


def test_a_boxed_grid_needs_its_words_for_columns() -> None:
    img = _boxed_table()
    h, v = ink_to_rules(binarize(img))
    (grid,) = rules_to_grids(h, v)
    assert needs_word_columns(grid)
    scale = 72 / 200

    def word(text: str, x: int, y: int) -> Word:
        return Word(text, 90.0, x, y, x + 12 * len(text), y + 20)

    words = [word("Indikator", 60, 55), word("Target", 480, 55), word("Realisasi", 620, 55)]
    for k, (label, t, r) in enumerate([("Nilai IKM", "81,00", "83,45"), ("Nilai AKIP", "67,50", "70,10"),
                                       ("Persentase desa", "100%", "95%")]):  # fmt: skip
        y = 110 + 60 * k
        words += [word(label, 60, y), word(t, 480, y), word(r, 620, y)]
    block = words_to_aligned_table(words, grid, 3, scale, 400.0)
    assert block is not None and block.struktur == "ocr_aligned" and block.ocr
    assert block.texts()[0] == ["Indikator", "Target", "Realisasi"]
    assert block.texts()[1:] == [["Nilai IKM", "81,00", "83,45"], ["Nilai AKIP", "67,50", "70,10"],
                                 ["Persentase desa", "100%", "95%"]]  # fmt: skip


def _w(text: str, x0: float, top: float) -> dict[str, object]:
    return {"text": text, "x0": x0, "x1": x0 + 6 * len(text), "top": top, "bottom": top + 9}


def test_column_number_row_ends_the_header() -> None:
    words = [_w("Indikator", 50, 100), _w("Satuan", 250, 100), _w("Target", 340, 100),
             _w("1", 90, 115), _w("2", 260, 115), _w("3", 350, 115),
             _w("Persentase", 50, 126), _w("%", 260, 138), _w("91,14%", 380, 138), _w("dokumen", 50, 138),
             _w("Jumlah", 50, 160), _w("Layanan", 250, 160), _w("8.215", 386, 160)]  # fmt: skip
    block = aligned_block(words, (40, 95, 440, 175), [], 4)
    assert block is not None
    texts = block.texts()
    # the label's first line sits closer to the numbers than to the header: the widest blank band alone
    # would put the column-number row into the first body row
    assert texts[1] == ["1", "2", "3"]
    assert texts[2] == ["Persentase\ndokumen", "%", "91,14%"]


def _row(*spans: tuple[str, int]) -> list[GridCell]:
    out: list[GridCell] = []
    for text, width in spans:
        out += [GridCell(text)] + [GridCell(text, from_left=True)] * (width - 1)
    return out


def test_group_row_cut_in_two_is_a_group_row_not_header() -> None:
    header = _row(("No", 1), ("Indikator Kinerja", 1), ("Satuan", 1), ("Target", 1), ("Realisasi", 1),
                  ("Capaian", 1))  # fmt: skip
    group = _row(("Sasaran Strategis 1: Meningkatnya kualitas", 3), ("pelayanan publik di Kecamatan", 3))
    data = _row(("1", 1), ("Nilai IKM", 1), ("Nilai", 1), ("80,00", 1), ("82,45", 1), ("103,06", 1))
    assert is_split_group_row(group) and is_group_row(group, {3, 4, 5})
    assert split_header([header, group, data]) == (1, [])
    # a data row whose sasaran is merged down from above and whose figures span is no group row
    merged_down = [GridCell("2.", from_above=True), GridCell("Meningkatnya kinerja", from_above=True),
                   GridCell("Persentase desa tertib administrasi"), GridCell("100%")]  # fmt: skip
    assert not is_split_group_row(merged_down)
    assert not is_split_group_row(_row(("Program", 2), ("Anggaran", 2)))  # a two-span header row


def test_rules_between_rows_only_are_kept_as_row_edges() -> None:
    """A table ruled only between its rows has no column rule to join its rules into a grid; the wide
    rules are kept, for the aligned engine to end rows at, as on a digital page."""
    from lkjip.extractors.read.ocr.scan_lines import wide_rules

    img = np.full((600, 900), 255, np.uint8)
    for y in (100, 160, 240, 320):
        cv2.line(img, (60, y), (840, y), 0, 2)
    cv2.line(img, (60, 500), (160, 500), 0, 2)  # an underline, too short to end a table's row
    h, v = ink_to_rules(binarize(img))
    grids = rules_to_grids(h, v)
    assert not grids
    assert [round(y) for y in wide_rules(h, grids)] == [100, 160, 240, 320]


def test_header_lines_side_by_side_are_no_group_row() -> None:
    """A ruled-off header whose cells each sit on a line of their own ("PROGRAM/KEGIATAN" at the left,
    "Anggaran Setelah" / "Perubahan (Rp)" at the right, each line with no column gap) is a header of
    columns, not one long label run across the row."""
    words = [_w("Anggaran Setelah", 300, 12), _w("PROGRAM/KEGIATAN/SUB KEGIATAN", 20, 22),
             _w("Perubahan (Rp)", 300, 32),
             _w("Program Penunjang Urusan", 20, 52), _w("576.000.000", 300, 52),
             _w("Penyediaan Jasa Kantor", 30, 72), _w("146.000.000", 300, 72)]  # fmt: skip
    block = aligned_block(words, (0, 0, 420, 90), [5.0, 45.0, 65.0, 85.0], 1)
    assert block is not None
    body = [r for r in block.texts() if any("000" in t for t in r)]
    assert body == [["Program Penunjang Urusan", "576.000.000"], ["Penyediaan Jasa Kantor", "146.000.000"]]
    assert all(len(set(r)) > 1 or not r[0] for r in block.texts()[: len(block.rows) - 2])  # no merged header


def test_two_readings_of_a_band_are_merged_by_place_and_confidence() -> None:
    from lkjip.extractors.read.ocr.scan import merge_readings

    sparse = [Word("11", 77.0, 10, 10, 40, 30), Word("81,14%", 20.0, 200, 10, 290, 30)]
    running = [Word("1.1", 93.0, 10, 10, 42, 30),  # the same box, surer: kept
               Word("BL1A1", 0.0, 200, 10, 260, 30),  # garbled, less sure: the sparse reading stays
               Word("1", 95.0, 10, 60, 20, 80)]  # nothing read there by the sparse pass: added
    texts = sorted(w.text for w in merge_readings(sparse, running))
    assert texts == ["1", "1.1", "81,14%"]


def test_bold_letters_welded_at_their_middle_are_no_rule() -> None:
    """A bold word whose letters blur into one another has a long horizontal run of ink through its
    middle, with the letters' stems above and below it; a rule has paper on at least one side. Only the
    rule is found (and erased): the word is left to read."""
    img = np.full((300, 600), 255, np.uint8)
    cv2.line(img, (100, 100), (400, 100), 0, 3)  # the welded middle of a bold word
    for x in range(100, 400, 12):
        cv2.line(img, (x, 85), (x, 115), 0, 5)  # its letters' stems
    cv2.line(img, (60, 200), (540, 200), 0, 2)  # a rule, text a little above it
    cv2.putText(img, "Jumlah", (80, 185), cv2.FONT_HERSHEY_SIMPLEX, 0.8, 0, 2)
    h, _v = ink_to_rules(binarize(img))
    ys = sorted({int(y) for y in np.nonzero(h)[0]})
    assert ys and min(ys) >= 195 and max(ys) <= 205


def test_row_rules_of_a_narrow_column_part_its_cells() -> None:
    """A "No" column narrower than a long rule: its row rules, shorter than the long kernel, still part
    its cells (they run from column rule to column rule), so the list numbers are not one merged cell."""
    img = np.full((400, 800), 255, np.uint8)
    xs, ys = (40, 100, 500, 760), (40, 90, 140, 190, 240)
    for x in xs:
        cv2.line(img, (x, ys[0]), (x, ys[-1]), 0, 2)
    for y in ys:
        cv2.line(img, (xs[0], y), (xs[-1], y), 0, 2)
    img[138:143, 103:497] = 255  # the rows of the middle column merged (a sasaran over two rows)
    h, v = ink_to_rules(binarize(img))
    (grid,) = rules_to_grids(h, v)
    first = sorted((c.row, c.rowspan) for c in grid.cells if c.col == 0)
    assert first == [(0, 1), (1, 1), (2, 1), (3, 1)]
    middle = sorted((c.row, c.rowspan) for c in grid.cells if c.col == 1)
    assert (1, 2) in middle
    cv2.line(img, (200, 300), (240, 300), 0, 2)  # a dash in running text: no rule
    h2, _v2 = ink_to_rules(binarize(img))
    assert not h2[295:305, 195:245].any()


def test_a_scanner_band_does_not_level_the_page() -> None:
    """A page tilted 2 degrees in a dark scanner band: the band's straight edge is not the text's line.
    The band is found (a large blob touching the image's edge) and the text's tilt is measured."""
    from lkjip.extractors.read.ocr.scan_image import border_bands, rotate, skew_angle

    page = np.full((1000, 800), 255, np.uint8)
    for y in range(150, 850, 35):
        cv2.putText(page, "Persentase desa tertib 98,50 %", (60, y), cv2.FONT_HERSHEY_SIMPLEX, 0.8, 20, 2)
    tilted = rotate(page, 2.0)
    tilted[:40, :] = 30  # the lid's band across the top, level with the image, not with the page
    ink = binarize(tilted)
    bands = border_bands(ink)
    assert bands[:30, :].all() and not bands[150:850, 60:700].any()
    cleaned = tilted.copy()
    cleaned[bands] = 255
    assert abs(skew_angle(binarize(cleaned)) + 2.0) < 0.3


def test_blurred_words_on_a_baseline_or_as_tall_as_letters_are_no_rule() -> None:
    """Blur welds a serif word's baseline into one run with the letters standing on it, and a bold
    word's body into a block as tall as its letters: neither is a rule, a thin run with paper on both
    sides is."""
    img = np.full((300, 700), 255, np.uint8)
    cv2.line(img, (100, 100), (400, 100), 0, 2)  # a baseline ...
    for x in range(100, 400, 9):
        cv2.line(img, (x, 80), (x, 99), 0, 4)  # ... with letters standing on it
    img[150:162, 100:400] = 0  # a bold word's welded body, 12 pixels tall
    cv2.line(img, (60, 230), (640, 230), 0, 2)  # a rule
    h, _v = ink_to_rules(binarize(img))
    ys = sorted({int(y) for y in np.nonzero(h)[0]})
    assert ys and min(ys) >= 225 and max(ys) <= 235
