"""OCR repairs found on harder scans: unsure word misreadings, wrapped figures, a lost IKE header,
a failed digit reading. Inputs are what Tesseract read on those scans."""

from __future__ import annotations

import numpy as np
import pytest

from extractors.headers import Column
from extractors.ocr import join_wrapped_figure, settle
from extractors.ocr_digits import line_bands
from extractors.ocr_lexicon import repair_word
from extractors.roles import IDM_PATTERNS, assign_roles, fill_index_gaps


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
