"""Property tests: a value printed in any convention reads back exactly; no text makes a reader raise."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from lkjip.normalizers.numbers import ColumnKind, find_numbers, read_column, read_number
from lkjip.normalizers.text import clean_code, clean_text, fix_homoglyphs, fix_letter_spacing, fold

CONVENTIONS = {"id": (".", ","), "us": (",", ".")}


def _group(digits: str, sep: str) -> str:
    head = len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return sep.join(groups)


def _printed(integer: int, frac: str, convention: str) -> str:
    """Given a value's integer part and printed fraction digits, return it as an author would print it."""
    thousands, decimal = CONVENTIONS[convention]
    text = _group(str(integer), thousands)
    return text + (decimal + frac if frac else "")


def _expected(integer: int, frac: str) -> float:
    return float(Decimal(f"{integer}.{frac}" if frac else str(integer)))


def _unambiguous(integer: int, frac: str) -> bool:
    """A print reads one way unless its only separator is followed by exactly 3 digits after a 1-3 digit head."""
    n = len(str(integer))
    if not frac:
        return n <= 3 or n > 6
    return n > 3 or len(frac) != 3 or integer == 0


integers = st.integers(min_value=0, max_value=10**13)
fractions = st.sampled_from(["", "0", "5", "00", "50", "75", "07", "1234", "0001", "333"])
conventions = st.sampled_from(sorted(CONVENTIONS))


@given(integers, fractions, conventions, st.sampled_from(["", "Rp ", "Rp. ", "Rp."]), st.booleans())
@example(2584957568, "00", "id", "Rp. ", False)
@example(1002654953, "00", "us", "", False)
@example(44, "29", "us", "", True)
def test_unambiguous_print_reads_back_exactly(
    integer: int, frac: str, convention: str, prefix: str, percent: bool
) -> None:
    if not _unambiguous(integer, frac):
        return
    text = prefix + _printed(integer, frac, convention) + (" %" if percent else "")
    reading = read_number(text)
    assert reading.value == _expected(integer, frac), text
    assert not reading.ambiguous
    assert reading.is_percent is percent
    assert reading.decimals == len(frac)


@given(st.integers(min_value=1000, max_value=999_999), conventions, st.sampled_from(["rupiah", "count"]))
def test_single_group_reads_as_thousands_in_money_and_count_columns(
    integer: int, convention: str, kind: str
) -> None:
    text = _printed(integer, "", convention)
    reading = read_number(text, kind)  # type: ignore[arg-type]
    assert reading.value == integer
    assert reading.alternatives == (_expected(integer // 1000, f"{integer % 1000:03d}"),)


@given(
    st.integers(min_value=1, max_value=999),
    st.integers(min_value=0, max_value=999),
    conventions,
    st.lists(st.tuples(integers, st.sampled_from(["5", "25", "50", "1234"])), min_size=1, max_size=5),
)
def test_ambiguous_cell_follows_its_consistent_column(
    head: int, tail: int, convention: str, others: list[tuple[int, str]]
) -> None:
    """A lone x,xxx (or x.xxx) takes the decimal reading when the column prints decimals that way."""
    frac = f"{tail:03d}"
    cell = _printed(head, frac, convention)  # e.g. "63,075" or "63.075"
    column = [cell] + [_printed(i, f, convention) for i, f in others]
    first = read_column(column)[0]
    assert first.value == _expected(head, frac)
    assert first.alternatives == (float(int(f"{head}{frac}")),)
    assert first.evidence is not None and "desimal" in first.evidence


@given(st.integers(min_value=1, max_value=999), st.integers(min_value=0, max_value=999), conventions)
def test_ambiguous_cell_follows_thousands_column(head: int, tail: int, convention: str) -> None:
    thousands_sep = CONVENTIONS[convention][0]
    cell = f"{head}{thousands_sep}{tail:03d}"
    column = [cell, _group("2584957568", thousands_sep), _group("144885813", thousands_sep)]
    first = read_column(column)[0]
    assert first.value == head * 1000 + tail


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False), st.integers(min_value=0, max_value=4))
def test_negative_and_percent_forms_round_trip(x: float, places: int) -> None:
    value = Decimal(repr(x)).quantize(Decimal(1).scaleb(-places))
    integer, _, frac = f"{abs(value):f}".partition(".")
    if not _unambiguous(int(integer), frac):
        return
    printed = _printed(int(integer), frac, "id")
    sign = -1 if value < 0 else 1
    expected = sign * _expected(int(integer), frac)
    assert read_number(("-" if sign < 0 else "") + printed + "%").value == expected
    if sign < 0:
        assert read_number(f"({printed})").value == expected
        assert read_number(f"- {printed}").value == expected


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=300)
@given(st.text(max_size=80))
@example("(((((")
@example("Rp. ,-")
@example("1e99999")
@example("9" * 400)
@example("- - -%")
@example("|")
@example("(>100%)")
def test_readers_never_raise(text: str) -> None:
    reading = read_number(text)
    assert reading.text == text
    assert reading.value is None or reading.decimals is not None
    kinds: tuple[ColumnKind, ...] = ("rupiah", "percent", "index", "count")
    for kind in kinds:
        read_number(text, kind)
    assert len(read_column([text, None, text, "1.234"])) == 4
    for start, end, found in find_numbers(text):
        assert text[start:end] == found.text
        assert found.value is not None
    assert isinstance(clean_text(text), str)
    assert isinstance(clean_code(text), str)
    assert isinstance(fix_homoglyphs(text), str)
    assert isinstance(fix_letter_spacing(text), str)
    assert isinstance(fold(text), str)


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=120))
def test_text_cleaners_are_idempotent(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once) == once
    assert clean_code(clean_code(text)) == clean_code(text)


@given(st.lists(st.sampled_from(["Kinerja", "Utama", "Sasaran", "Indikator", "Jumlah", "Desa"]), max_size=8))
def test_letter_spacing_never_joins_real_words(words: list[str]) -> None:
    text = " ".join(words)
    assert fix_letter_spacing(text) == text
