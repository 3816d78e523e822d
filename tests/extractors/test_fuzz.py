"""Fuzzing (Hypothesis): the number reader, the DOCX table reader and the text cleaner never raise
and keep their invariants on hostile input, and stay fast on it.

Inputs are drawn from what documents really hold (digits, separators, currency,
percent, parentheses, Cyrillic look-alikes, invisible characters, letter
spacing), mixed with arbitrary Unicode; tables are w:tbl XML with random
gridSpan / gridBefore / vMerge values, junk included.
"""

from __future__ import annotations

import math
from typing import get_args

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from lkjip.extractors.read.docx_reader import _PARSER, MAX_COLS, W, table_to_block
from lkjip.normalizers.numbers import ColumnKind, find_numbers, read_column, read_number
from lkjip.normalizers.text import clean_code, clean_text, fix_homoglyphs, fix_letter_spacing, fold

KINDS: tuple[ColumnKind, ...] = get_args(ColumnKind)
W_NS = W.strip("{}")
FAST = settings(max_examples=250, deadline=2000, suppress_health_check=[HealthCheck.too_slow])

# the characters numbers are printed with, and the noise around them
NUMBERISH = st.lists(
    st.sampled_from([*"0123456789.,-−–%() \u00a0\n\tRrpP+/*xX:;'\"e", "Rp", "Rp. ", ",-", "ribu", "000"]), max_size=40
).map("".join)
NOISY = st.one_of(
    NUMBERISH,
    st.text(max_size=80),
    st.text(alphabet=st.sampled_from(list("aAеЕоОрРсС \u00ad\u200b\ufeff-\nJumlahKINERJA")), max_size=80),
)


@FAST
@given(NOISY, st.sampled_from(KINDS))
def test_read_number_never_raises_and_keeps_the_text(text: str, kind: ColumnKind) -> None:
    reading = read_number(text, kind)
    assert reading.text == text
    if reading.value is not None:
        assert not math.isnan(reading.value)
        assert reading.decimals is not None and reading.decimals >= 0


@FAST
@given(st.lists(st.one_of(st.none(), NOISY), max_size=12), st.sampled_from(KINDS))
def test_read_column_reads_every_cell(cells: list[str | None], kind: ColumnKind) -> None:
    readings = read_column(cells, kind)
    assert len(readings) == len(cells)
    for cell, reading in zip(cells, readings, strict=True):
        assert reading.text == cell or (cell is None and not reading.text)


@FAST
@given(st.lists(st.one_of(NUMBERISH, st.text(max_size=20)), max_size=8).map(" ".join))
def test_find_numbers_spans_are_in_order_and_read_back(text: str) -> None:
    last = -1
    for start, end, reading in find_numbers(text):
        assert 0 <= start < end <= len(text) and start > last
        assert text[start:end] == reading.text and reading.value is not None
        last = start


@FAST
@given(NOISY)
def test_text_cleaners_never_raise(text: str) -> None:
    cleaned = clean_text(text)
    assert "\n" not in cleaned and cleaned == cleaned.strip()
    assert "\u00ad" not in cleaned and "\u200b" not in cleaned
    assert isinstance(clean_code(text), str)
    assert isinstance(fix_homoglyphs(text), str)
    assert isinstance(fix_letter_spacing(text), str)
    assert fold(text) == fold(text).strip()


@settings(max_examples=30, deadline=5000)
@given(st.integers(min_value=200, max_value=2000), st.sampled_from(["J u m l a h ", "K I N E R J A ", "a b ", "1 2 "]))
def test_letter_spacing_repair_stays_fast_on_long_runs(times: int, run: str) -> None:
    fix_letter_spacing(run * times)
    clean_text(("- \n" + run) * (times // 4))


# ---- DOCX tables ---------------------------------------------------------
SPAN = st.one_of(
    st.integers(min_value=-3, max_value=6).map(str),
    st.sampled_from(["", "abc", "1e3", "999999999999", "2000000000", " 2", "+3", "0x10"]),
)


@st.composite
def cells(draw: st.DrawFn) -> str:
    props = []
    if draw(st.booleans()):
        props.append(f'<w:gridSpan w:val="{draw(SPAN)}"/>')
    vmerge = draw(st.sampled_from([None, "restart", "continue", "", "junk"]))
    if vmerge is not None:
        props.append("<w:vMerge/>" if vmerge == "" else f'<w:vMerge w:val="{vmerge}"/>')
    text = draw(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=8))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    pr = f"<w:tcPr>{''.join(props)}</w:tcPr>" if props else ""
    body = f'<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>' if draw(st.booleans()) else ""
    return f"<w:tc>{pr}{body}</w:tc>"


@st.composite
def tables(draw: st.DrawFn) -> str:
    rows = []
    for _ in range(draw(st.integers(min_value=0, max_value=8))):
        trpr = ""
        if draw(st.booleans()):
            header = "<w:tblHeader/>" if draw(st.booleans()) else ""
            before = f'<w:gridBefore w:val="{draw(SPAN)}"/>' if draw(st.booleans()) else ""
            trpr = f"<w:trPr>{header}{before}</w:trPr>"
        rows.append(f"<w:tr>{trpr}{''.join(draw(st.lists(cells(), max_size=7)))}</w:tr>")
    return f'<w:tbl xmlns:w="{W_NS}">{"".join(rows)}</w:tbl>'


@FAST
@given(tables())
def test_docx_table_reader_gives_a_rectangular_grid(xml: str) -> None:
    tbl = etree.fromstring(xml.encode(), _PARSER)
    block = table_to_block(tbl)
    n_rows = len(tbl.findall(f"{{{W_NS}}}tr"))
    assert len(block.rows) == len(block.row_pages) == n_rows
    widths = {len(r) for r in block.rows}
    assert len(widths) <= 1 and block.n_cols <= MAX_COLS
    assert 0 <= block.marked_header_rows <= n_rows
    for r, row in enumerate(block.rows):
        for c, cell in enumerate(row):
            # a merge continues a cell to its left or above; malformed spans may overlap, never escape
            assert c > 0 or not cell.from_left
            assert r > 0 or not cell.from_above
