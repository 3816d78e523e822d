"""The contract's tolerance rule."""

from __future__ import annotations

import pytest

from lkjip.normalizers.tolerance import agrees, printed_agrees, printed_decimals, rupiah_equal, same_printed


@pytest.mark.parametrize(
    ("teks", "value", "decimals"),
    [
        ("108%", 108.0, 0),
        ("95,38%", 95.38, 2),
        ("0,7065", 0.7065, 4),
        ("56 (CC Kategori)", 56.0, 0),
        (None, 108.78, 2),
    ],
)
def test_printed_decimals(teks: str | None, value: float, decimals: int) -> None:
    assert printed_decimals(teks, value) == decimals


@pytest.mark.parametrize(
    ("printed", "teks", "computed", "ok"),
    [
        (108.0, "108%", 108.78, True),  # the contract's own example
        (95.38, "95,38%", 109.23, False),  # and its counter-example
        (93.33, "93,33", 93.335, True),
        (104.0, "104%", 65.63 / 63.075 * 100, True),
        (0.7065, "0,7065", 0.706545, True),
        (0.62, "0,62", 0.706545, False),
        (100.0, "100,00", 100.011, False),
    ],
)
def test_printed_agrees(printed: float, teks: str, computed: float, ok: bool) -> None:
    assert printed_agrees(printed, teks, computed) is ok


def test_same_printed_uses_the_less_precise_figure() -> None:
    assert same_printed(108.0, "108%", 108.78, "108,78")
    assert not same_printed(0.65, "0,65", 0.62, "0,62%")
    assert same_printed(70.15, "70,15", 70.15, "70.15")


def test_rupiah_is_exact() -> None:
    assert rupiah_equal(2923404381.0, 2923404381.0)
    assert not rupiah_equal(2259208970.0, 2259208971.0)
    assert not agrees(float("nan"), 1.0, 2)
