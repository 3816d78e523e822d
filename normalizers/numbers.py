"""Read a printed number as the author meant it.

A cell that decides itself (``1.234,56``, ``2.584.957.568``, ``70,15``,
``0,7065``) is read alone. A cell that reads two ways (``63,075``, ``3.000``)
takes the reading the evidence supports, in this order:

1. the column kind when the other reading is impossible for it: money has at
   most two decimals and counts are whole, so ``rupiah``/``count`` read a lone
   ``x.xxx``/``x,xxx`` as thousands; an ``index`` (0..1 or a 0..100 score)
   reads it as decimals;
2. the other unambiguous cells of the column using the same separator
   (``read_column``), e.g. ``100,00`` and ``88,33`` make ``63,075`` = 63.075;
3. a ``percent`` column, or a ``%`` printed in the cell: decimals;
4. the column's other separator (dot decimals elsewhere imply comma
   thousands) and a column of whole numbers >= 1000;
5. plausibility of the value alone: ``,000``/``.000`` are thousands, else
   the Indonesian convention (comma decimal, dot thousands).

So ``read_number("63,075")`` is 63.075 and ``read_number("1.234")`` is 1234,
both with the other reading in ``alternatives`` and the reason in
``evidence``; a caller emits ANGKA_AMBIGU for every ``ambiguous`` reading.

Text after a number is kept, not lost: ``12 Dokumen`` reads 12 with note
``"Dokumen"``; ``82 (>100%)`` reads 82 with note ``">100%"``; ``≤ 50 %``
reads 50 with note ``"≤"``. A cell that holds no single number
(``≥ HPP``, ``11 13``, ``1,8125,478``) reads None without being a placeholder.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, get_args

from lkjip.normalizers._number_forms import Candidate, Form, Role, text_to_form

ColumnKind = Literal["rupiah", "percent", "index", "count", "value"]

_KINDS: frozenset[str] = frozenset(get_args(ColumnKind))
_SEP_WORD = {".": "titik", ",": "koma"}
_ROLE_WORD = {"decimal": "desimal", "thousands": "ribuan"}

__all__ = ["ColumnKind", "Reading", "find_numbers", "read_column", "read_number"]


@dataclass(frozen=True, slots=True)
class Reading:
    """One printed cell read as a number, with everything needed to audit the reading."""

    text: str
    value: float | None
    is_percent: bool = False
    kategori: str | None = None
    note: str | None = None
    placeholder: bool = False
    applied: tuple[str, ...] = ()
    alternatives: tuple[float, ...] = ()
    evidence: str | None = None
    decimal_places: int | None = None

    @property
    def ambiguous(self) -> bool:
        return bool(self.alternatives)

    @property
    def decimals(self) -> int | None:
        """Digits printed after the decimal separator in the chosen reading (0 for integers)."""
        return self.decimal_places


@dataclass(frozen=True, slots=True)
class _ColumnEvidence:
    roles: Counter[tuple[str, Role]]
    integers: int
    max_integer: float


def read_number(text: str | None, kind: ColumnKind = "value") -> Reading:
    """Given one printed cell and its column kind, return its reading."""
    _check_kind(kind)
    return _form_to_reading(text_to_form(text), kind, None)


def read_column(texts: Sequence[str | None], kind: ColumnKind = "value") -> list[Reading]:
    """Given the printed cells of one column, return their readings, deciding ambiguous cells by the others."""
    _check_kind(kind)
    forms = [text_to_form(t) for t in texts]
    readings: list[Reading] = []
    for i, form in enumerate(forms):
        column = _column_evidence(forms[:i] + forms[i + 1 :]) if form.ambiguous else None
        readings.append(_form_to_reading(form, kind, column))
    return readings


_PROSE_NUMBER_RE = re.compile(
    r"""
    (?<![\w.,])
    (?:(?i:rp)\.?\s?)?
    (?:[-−](?=\d))?
    \d+(?:[.,]\d+)*
    (?:[.,]-)?
    (?:\s?%)?
    (?:\s?\((?P<ann>[^()\n]{1,40})\))?
    (?![\w])
    """,
    re.VERBOSE,
)
_TERBILANG = (
    "nol satu dua tiga empat lima enam tujuh delapan sembilan sepuluh sebelas seratus seribu "
    "belas puluh ratus ribu juta miliar milyar triliun koma persen"
)
_NUMBER_WORDS = frozenset(_TERBILANG.split())


def find_numbers(text: str) -> list[tuple[int, int, Reading]]:
    """Given running prose, return (start, end, reading) for every figure in it that reads as a number."""
    found: list[tuple[int, int, Reading]] = []
    if not isinstance(text, str):
        return found
    pos = 0
    while (m := _PROSE_NUMBER_RE.search(text, pos)) is not None:
        start, end = m.span()
        pos = end
        ann = m.group("ann")
        if ann is not None and not _is_prose_annotation(ann):
            # "(95.17%)" after a figure is a figure of its own: scan it too
            pos = m.start("ann")
            end = pos - 1
            while end > start and text[end - 1] in " (":
                end -= 1
        reading = read_number(text[start:end])
        if reading.value is not None:
            found.append((start, end, reading))
        pos = max(pos, start + 1)
    return found


def _is_prose_annotation(ann: str) -> bool:
    """Given the text inside "(...)" after a figure, say whether it belongs to the figure."""
    words = ann.strip().casefold().split()
    if words and all(w in _NUMBER_WORDS for w in words):
        return True  # "12 (Dua Belas)"
    return text_to_form("0 (" + ann + ")").kategori is not None or ann.strip().startswith(
        (">", "<", "≥", "≤")
    )


def _check_kind(kind: str) -> None:
    if kind not in _KINDS:
        raise ValueError(f"unknown column kind {kind!r}; expected one of {sorted(_KINDS)}")


def _column_evidence(forms: Sequence[Form]) -> _ColumnEvidence:
    roles: Counter[tuple[str, Role]] = Counter()
    integers = 0
    max_integer = 0.0
    for form in forms:
        if form.status != "number" or form.ambiguous:
            continue
        roles.update(form.roles)
        if form.plain_integer:
            integers += 1
            max_integer = max(max_integer, abs(form.readings[0].value))
    return _ColumnEvidence(roles, integers, max_integer)


def _form_to_reading(form: Form, kind: ColumnKind, column: _ColumnEvidence | None) -> Reading:
    if form.status != "number":
        # Annotations only mean something next to a value; the text keeps them.
        return Reading(text=form.text, value=None, placeholder=form.status == "placeholder")
    alternatives: tuple[float, ...] = ()
    evidence: str | None = None
    chosen: Candidate = form.readings[0]
    if form.ambiguous and form.sep is not None:
        role, evidence = _decide(form, form.sep, kind, column)
        decimal_reading, thousands_reading = form.readings
        chosen, other = (
            (decimal_reading, thousands_reading)
            if role == "decimal"
            else (thousands_reading, decimal_reading)
        )
        alternatives = (other.value,)
    return Reading(
        text=form.text,
        value=chosen.value,
        is_percent=form.is_percent,
        kategori=form.kategori,
        note=form.note,
        applied=form.applied + chosen.applied,
        alternatives=alternatives,
        evidence=evidence,
        decimal_places=chosen.decimals,
    )


def _decide(form: Form, sep: str, kind: ColumnKind, column: _ColumnEvidence | None) -> tuple[Role, str]:
    """Given an ambiguous cell, return the role of its separator and the evidence for it."""
    sep_word = _SEP_WORD[sep]
    if kind in ("rupiah", "count"):
        return "thousands", f"jenis kolom {kind}: tidak mungkin 3 angka desimal, {sep_word} = ribuan"
    if kind == "index":
        return "decimal", f"jenis kolom index: nilai indeks/skor, {sep_word} = desimal"
    if column is not None:
        dec, tho = column.roles[(sep, "decimal")], column.roles[(sep, "thousands")]
        if dec != tho:
            role: Role = "decimal" if dec > tho else "thousands"
            return role, f"kolom memakai {sep_word} {_ROLE_WORD[role]} ({max(dec, tho)} sel)"
    if kind == "percent":
        return "decimal", f"jenis kolom percent: {sep_word} = desimal"
    if form.is_percent:
        return "decimal", f"ada tanda % di sel: {sep_word} = desimal"
    if column is not None:
        other = "," if sep == "." else "."
        dec, tho = column.roles[(other, "decimal")], column.roles[(other, "thousands")]
        if dec != tho:
            role = "thousands" if dec > tho else "decimal"
            other_role: Role = "decimal" if dec > tho else "thousands"
            return role, (
                f"kolom memakai {_SEP_WORD[other]} {_ROLE_WORD[other_role]} ({max(dec, tho)} sel), "
                f"jadi {sep_word} = {_ROLE_WORD[role]}"
            )
        if column.integers and not column.roles and column.max_integer >= 1000:
            return "thousands", f"kolom berisi bilangan bulat >= 1000 ({column.integers} sel)"
    tail = form.text.replace(" ", "").rstrip("%")
    if re.search(r"[.,]000(?:[^\d]|$)", tail):
        return "thousands", f"tiga nol setelah {sep_word}: {sep_word} = ribuan"
    if sep == ",":
        return "decimal", "konvensi Indonesia: koma desimal"
    return "thousands", "konvensi Indonesia: titik ribuan"
