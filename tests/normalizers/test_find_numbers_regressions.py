"""Figures in prose that an earlier find_numbers lost."""

from __future__ import annotations

from lkjip.normalizers.numbers import find_numbers


def test_percentage_in_brackets_after_a_figure_is_a_figure_of_its_own() -> None:
    text = "realisasi Rp 6,339,502,942.00 (95.17%) dari pagu"
    assert [(text[a:b], r.value) for a, b, r in find_numbers(text)] == [
        ("Rp 6,339,502,942.00", 6339502942.0),
        ("95.17%", 95.17),
    ]


def test_number_words_in_brackets_still_belong_to_the_figure() -> None:
    assert [r.value for _, _, r in find_numbers("3 (Tiga) Program, 12 (Dua Belas) kegiatan")] == [3.0, 12.0]
