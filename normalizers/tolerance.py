"""The contract's tolerance rule, shared by every check that compares figures and by the OCR repair
that corrects a misread digit by the table's arithmetic (so it lives here, below both).

A figure printed with d decimals is consistent with a computed one when they
differ by at most one unit in its last printed place (10^-d): "108%" agrees
with 108.78, "95,38%" does not agree with 109.23. The number of decimals comes
from the printed text (``*_teks``), read with ``read_number``; rupiah compare
exactly (to the sen). This module registers no check.
"""

from __future__ import annotations

import math
from typing import Final

from lkjip.normalizers.numbers import read_number

#: Float noise allowed on top of the printed unit (values are parsed floats).
FLOAT_SLACK: Final[float] = 1e-9
#: Decimals assumed for a value whose printed text is unknown and whose float has no short form.
MAX_DECIMALS: Final[int] = 6


def printed_decimals(teks: str | None, value: float | None = None) -> int:
    """Given a printed cell (and its parsed value), return the decimals it was printed with."""
    if teks:
        reading = read_number(teks)
        if (
            reading.value is not None
            and reading.decimals is not None
            and (value is None or math.isclose(reading.value, value, rel_tol=1e-9, abs_tol=1e-12))
        ):
            return reading.decimals
    if value is None or not math.isfinite(value):
        return 0
    text = repr(float(value))
    if "e" in text or "E" in text:
        return MAX_DECIMALS
    frac = text.split(".")[1].rstrip("0") if "." in text else ""
    return min(len(frac), MAX_DECIMALS)


def unit(decimals: int) -> float:
    """Given a number of decimals, return one unit in that last place."""
    return float(10.0 ** (-decimals))


def agrees(printed: float, computed: float, decimals: int) -> bool:
    """Given a printed figure, its decimals and a computed one, return whether they are consistent."""
    if not (math.isfinite(printed) and math.isfinite(computed)):
        return False
    slack = FLOAT_SLACK * max(1.0, abs(printed), abs(computed))
    return abs(printed - computed) <= unit(decimals) + slack


def printed_agrees(printed: float, teks: str | None, computed: float) -> bool:
    """Given a printed figure with its text and a computed one, apply the tolerance rule."""
    return agrees(printed, computed, printed_decimals(teks, printed))


def ratio_agrees(
    printed: float, teks: str | None, num: float, num_teks: str | None, den: float, den_teks: str | None
) -> bool:
    """Given a printed percentage and the two printed figures it is num / den x 100 of, return whether it
    agrees with any num and den the prints round from: an author computes from unrounded figures, so
    16,18 / 10 may rightly be printed 161,77 (16,177 / 10). Only a figure printed with decimals was
    rounded; a whole number ("7 dokumen") stands as it is."""
    if printed_agrees(printed, teks, num / den * 100 if den else math.inf):
        return True

    def bounds(value: float, value_teks: str | None) -> tuple[float, float]:
        d = printed_decimals(value_teks, value)
        half = unit(d) / 2 if d > 0 else 0.0
        return value - half, value + half

    (n_lo, n_hi), (d_lo, d_hi) = bounds(num, num_teks), bounds(den, den_teks)
    if d_lo <= 0 < d_hi or d_hi <= 0:
        return False
    lo, hi = n_lo / d_hi * 100, n_hi / d_lo * 100
    slack = unit(printed_decimals(teks, printed)) + FLOAT_SLACK * max(1.0, abs(printed))
    return lo - slack <= printed <= hi + slack


def same_printed(a: float, a_teks: str | None, b: float, b_teks: str | None) -> bool:
    """Given two printed figures with their texts, return whether they can be the same value.

    The less precise of the two decides: "108%" and "108,78" agree, "0,65" and "0,62" do not.
    """
    decimals = min(printed_decimals(a_teks, a), printed_decimals(b_teks, b))
    return agrees(a, b, decimals)


def rupiah_equal(a: float, b: float) -> bool:
    """Given two rupiah amounts, return whether they are equal to the sen."""
    if not (math.isfinite(a) and math.isfinite(b)):
        return False
    return round(a * 100) == round(b * 100)


# A budget cell printed as nothing: a dash, or the word for nil. A figure read from it is zero spent;
# an empty cell is not one of these (it may be a figure not filled in yet)
NIL_TEXTS = frozenset({"-", "–", "—", "nihil", "nil"})


def printed_nil(text: str | None) -> bool:
    """True when a cell prints nothing spent ("-", "nihil")."""
    return (text or "").strip().lower() in NIL_TEXTS
