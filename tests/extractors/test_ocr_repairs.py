"""OCR repairs found on harder scans: unsure word misreadings, wrapped figures, a lost IKE header,
a failed digit reading. Inputs are what Tesseract read on those scans."""

from __future__ import annotations

import numpy as np
import pytest

from lkjip.extractors.locate.roles import IDM_PATTERNS, assign_roles, fill_index_gaps
from lkjip.extractors.model.document import Block, TextBlock
from lkjip.extractors.read.ocr.cells import join_wrapped_figure, settle
from lkjip.extractors.read.ocr.digits import _crop_ink_box, line_bands, looks_numeric
from lkjip.extractors.read.ocr.lexicon import repair_word
from lkjip.extractors.structure.headers import Column, repair_header_words
from lkjip.extractors.structure.scan_grid import join_cell_lines
from lkjip.extractors.structure.stitch import drop_page_furniture


@pytest.mark.parametrize(
    ("read", "conf", "want"),
    [
        ("Penyercnggaraan", 22, "Penyelenggaraan"),  # two letters off, long word, unsure
        ("Kegiafan", 50, "Kegiatan"),
        ("Pemberdayaam,", 40, "Pemberdayaan,"),  # punctuation kept
        ("KEGIAFAN", 40, "KEGIATAN"),  # case kept
        ("Kegiafan", 95, "Kegiafan"),  # read with confidence: left alone
        ("pelaksana", 20, "pelaksana"),  # a real word two letters shorter than "pelaksanaan"
        ("Cikolelet", 30, "Cikolelet"),  # a desa name: no vocabulary word is near
        ("Desa", 10, "Desa"),  # too short to judge
    ],
)
def test_repair_word(read: str, conf: float, want: str) -> None:
    assert repair_word(read, conf) == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("0.765\n7", "0.7657"),  # IKS in a narrow column, as the renderer wraps it
        ("97,8\n5%", "97,85%"),
        ("1.234.567\n89", "1.234.567\n89"),  # joined it would be no figure
        ("56,00\n(CC)", "56,00\n(CC)"),
        ("100\n100", "100\n100"),  # too short a head to be a wrapped figure
    ],
)
def test_join_wrapped_figure(text: str, want: str) -> None:
    assert join_wrapped_figure(text) == want


def test_settle_keeps_first_reading_when_the_digit_pass_failed() -> None:
    assert settle("0.765", 96.0, "765 .", 0.0) == ("0.765", 48.0)


def test_settle_takes_the_wrapped_tail_the_first_reading_missed() -> None:
    assert settle("0.765", 96.0, "0.7657", 90.0) == ("0.7657", 90.0)


def test_line_bands_split_a_wrapped_cell_only() -> None:
    two = np.full((60, 40), 255, np.uint8)
    two[5:20, 5:30] = 0
    two[30:45, 5:12] = 0
    assert line_bands(two) == [(2, 23), (27, 48)]
    one = np.full((30, 40), 255, np.uint8)
    one[5:20, 5:30] = 0
    one[25:27, 5:30] = 0  # an underline, no line of print
    assert line_bands(one) == [(0, 30)]


def test_lost_ike_header_filled_between_iks_and_ikl() -> None:
    """Cinangka, a harder scan: "IKE 2023" read as "KE 2023"; the column between IKS and IKL is IKE."""
    labels = ["No", "Kode Desa", "Nama Desa", "IKS 2023", "KE 2023", "IKL 2023", "Nilai IDM 2023", "Status IDM 2023"]
    cols = [Column(i, lb, lb.lower(), 2023 if "2023" in lb else None) for i, lb in enumerate(labels)]
    roles = assign_roles(cols, IDM_PATTERNS)
    assert 4 not in roles
    assert fill_index_gaps(cols, roles)[4] == "ike"


def test_no_gap_filled_when_the_two_are_not_side_by_side() -> None:
    labels = ["Nama Desa", "IKS", "Keterangan", "Catatan", "IKL"]
    cols = [Column(i, lb, lb.lower(), None) for i, lb in enumerate(labels)]
    roles = assign_roles(cols, IDM_PATTERNS)
    assert "ike" not in fill_index_gaps(cols, roles).values()


@pytest.mark.parametrize(
    ("lines", "want"),
    [
        (["Realisas", "12019"], "Realisasi 2019"),  # Gunung Kaler scan: "i 2019" read as "12019"
        (["Realisas", "l2020"], "Realisasi 2020"),
        (["Realisas", "i"], "Realisasi"),
        (["Jumlah", "1 desa"], "Jumlah\n1 desa"),  # a number of its own stays
        (["Capaian", "2019"], "Capaian\n2019"),
    ],
)
def test_join_cell_lines(lines: list[str], want: str) -> None:
    assert join_cell_lines(lines) == want


@pytest.mark.parametrize(
    ("key", "want"),
    [
        ("realis asi 70", "realisasi %"),  # Waringinkurung 2023 scan: "Realisasi (%)"
        ("realisas 0", "realisasi %"),  # Polman scan: "Realisas" / "(0)"
        ("realisas 2019", "realisasi 2019"),
        ("target 2020", "target 2020"),
        ("jumlah 70", "jumlah 70"),  # "jumlah" is no header word of a measure
    ],
)
def test_header_words_split_and_percent(key: str, want: str) -> None:
    assert repair_header_words(key) == want


@pytest.mark.parametrize(
    ("text", "numeric"),
    [("0,866\nri", True), ("0,800\n0", True), ("Nilai\nIDM", False), ("56,00\n(C)", False), ("133.445:000,00", True)],
)
def test_looks_numeric_wrapped(text: str, numeric: bool) -> None:
    assert looks_numeric(text) is numeric


def test_ink_box_leaves_out_rule_remnants_and_far_dust() -> None:
    """A tall merged code cell: a "2" at the top, two ruling lines the rule finder missed, dust."""
    cell = np.full((260, 62), 235, np.uint8)
    cell[5:25, 20:34] = 30  # the "2"
    cell[90:92, 0:62] = 90  # a ruling line's remnant
    cell[180:182, 0:62] = 90
    cell[140:143, 40:43] = 60  # dust
    cell[230:233, 10:13] = 60
    box = _crop_ink_box(cell)
    assert box.shape == (26, 20)


def test_ink_box_keeps_a_wrapped_figure_whole() -> None:
    cell = np.full((80, 90), 235, np.uint8)
    cell[5:25, 5:80] = 30  # "0,866"
    cell[32:52, 5:18] = 30  # "7" on the next line
    assert _crop_ink_box(cell).shape == (53, 81)


def test_running_header_read_two_ways_is_still_furniture() -> None:
    """OCR read the running header "LKjIP ..." as "LKjJIP ..." on one page; it must not sit between a
    table and its continuation on the next page."""
    blocks: list[Block] = []
    for page, head in ((2, "LKjIP Kecamatan Gunung Kaler Tahun 2020"), (3, "LKjJIP Kecamatan Gunung Kaler Tahun 2020"),
                       (4, "LKjIP Kecamatan Gunung Kaler Tahun 2020")):  # fmt: skip
        blocks.append(TextBlock(head, page, top=0.04, bottom=0.05))
        blocks.append(TextBlock(f"isi halaman {page}", page, top=0.5, bottom=0.52))
    kept = [b.text for b in drop_page_furniture(blocks) if isinstance(b, TextBlock)]
    assert kept == ["isi halaman 2", "isi halaman 3", "isi halaman 4"]
