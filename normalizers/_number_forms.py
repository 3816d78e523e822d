"""Printed number forms: given one cell's text, return every reading it allows.

Pure string work with no choice between readings; ``numbers.py`` chooses,
using the column and the column kind as evidence.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Literal

Role = Literal["decimal", "thousands"]
Status = Literal["number", "placeholder", "text"]

SEP_NAME = {".": "dot", ",": "comma"}

PLACEHOLDERS = frozenset(
    {
        "",
        "-",
        "--",
        "---",
        "–",
        "—",
        "−",
        "...",
        "…",
        "n/a",
        "n.a",
        "n.a.",
        "na",
        "tidak tersedia data",
        "tidak tersedia",
        "tidak ada data",
        "belum tersedia",
    }
)

# Grades printed with a value: SAKIP/AKIP grades AA..E, sometimes with the word "Kategori".
_GRADE_WORD = r"(?i:kategori|predikat)"
_GRADE_RE = re.compile(rf"^(?:{_GRADE_WORD}\s+)?(([A-E])\2?)(?:\s+{_GRADE_WORD})?$")
_TRAILING_PAREN_RE = re.compile(r"^(?P<head>.*?\d.*?)\s*\((?P<ann>[^()]*)\)$")
_TRAILING_GRADE_RE = re.compile(
    rf"^(?P<head>.*\d\S*)\s+(?P<grade>(?:{_GRADE_WORD}\s+)?([A-E])\3?(?:\s+{_GRADE_WORD})?)$"
)
_NEGATIVE_PAREN_RE = re.compile(r"^\(\s*(?:(?i:rp)\.?\s*)?[\d.,][\d., ]*\s*\)$")
_COMPARATOR_RE = re.compile(r"^(?P<cmp>≥|≤|>=|<=|<|>|=)\s*")
_CURRENCY_RE = re.compile(r"^(?:rp\.?|idr)\s*", re.IGNORECASE)
_MINUS_RE = re.compile(r"^(?P<sign>[-−–])(?P<gap>\s*)")
_PLUS_RE = re.compile(r"^\+\s*")
_PERCENT_RE = re.compile(r"\s*%$")
_DASH_CENTS_RE = re.compile(r"(?<=\d)[.,]-$")
_UNIT_RE = re.compile(r"^(?P<num>[\d.,][\d., ]*?)\s*(?P<unit>[^\W\d_][^%]*)$")
_SCI_RE = re.compile(r"^\d+(?:\.\d+)?[eE][+-]?\d{1,3}$")
_OCR_TOKEN_RE = re.compile(r"^[0-9OolISB.,]+$")
_OCR_TABLE = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1", "S": "5", "B": "8"})
_SPACE_AT_SEP_RE = re.compile(r"(?<=\d) +(?=[.,]\d)|(?<=\d[.,]) +(?=\d)")
_SPACE_GROUPS_RE = re.compile(r"^\d{1,3}(?: \d{3})+(?:[.,]\d+)?$")
_CORE_RE = re.compile(r"^[\d.,]+$")
# a figure whose text layer spaces its letters out (bold headings set with tracking): "9 9 . 24", "9 7 .77";
# a space must touch the separator, so two figures in one cell ("1 1,5") are not one
_LETTER_SPACED_RE = re.compile(r"^\d(?: \d)+(?: [.,] ?| ?[.,] )\d+$")


@dataclass(frozen=True, slots=True)
class Candidate:
    """One reading of a core numeral: its value, printed decimals and the steps that gave it."""

    value: float
    decimals: int
    applied: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Form:
    """Everything one printed cell allows, before any column evidence.

    ``readings`` has one element when the cell decides itself, two
    (decimal reading first, thousands reading second) when the single
    separator ``sep`` could be either. ``roles`` lists the separator roles the
    cell shows unambiguously, which is the evidence it lends its column.
    """

    text: str
    status: Status
    readings: tuple[Candidate, ...] = ()
    sep: str | None = None
    roles: tuple[tuple[str, Role], ...] = ()
    is_percent: bool = False
    kategori: str | None = None
    note: str | None = None
    applied: tuple[str, ...] = ()
    plain_integer: bool = False

    @property
    def ambiguous(self) -> bool:
        return len(self.readings) > 1


def prepare(text: str) -> str:
    """Given raw cell text, return it NFKC-normalised with runs of whitespace as one space."""
    s = unicodedata.normalize("NFKC", text)
    return " ".join(s.split())


def text_to_form(text: str | None) -> Form:
    """Given one printed cell, return every reading it allows; never raises."""
    raw = "" if text is None else text
    try:
        return _text_to_form(raw)
    except (ValueError, ArithmeticError, IndexError):  # pragma: no cover - defensive
        return Form(text=raw, status="text")


def _text_to_form(raw: str) -> Form:
    applied: list[str] = []
    s = prepare(raw)
    if s.startswith("|") or s.endswith("|"):
        s = s.strip("|").strip()
        applied.append("strip_pipe")
    if _is_placeholder(s):
        return Form(text=raw, status="placeholder", applied=tuple(applied))

    negative = False
    if _NEGATIVE_PAREN_RE.match(s):
        s = s[1:-1].strip()
        negative = True
        applied.append("negative_parentheses")

    kategori: str | None = None
    note: str | None = None
    m = _TRAILING_PAREN_RE.match(s)
    if m:
        ann = m.group("ann").strip()
        grade = _grade(ann)
        if grade is not None:
            kategori = grade
        elif ann:
            note = ann
        s = m.group("head").strip()
    m = _TRAILING_GRADE_RE.match(s)
    if m and kategori is None:
        grade = _grade(m.group("grade"))
        if grade is not None:
            kategori = grade
            s = m.group("head").strip()

    m = _COMPARATOR_RE.match(s)
    if m:
        note = m.group("cmp") if note is None else f"{m.group('cmp')} {note}"
        s = s[m.end() :]

    m = _CURRENCY_RE.match(s)
    if m and s[m.end() :] != s:
        s = s[m.end() :]
        applied.append("strip_currency")
        if _is_placeholder(s):
            return Form(text=raw, status="placeholder", applied=tuple(applied))
        if _NEGATIVE_PAREN_RE.match(s) and not negative:
            s = s[1:-1].strip()
            negative = True
            applied.append("negative_parentheses")

    m = _MINUS_RE.match(s)
    if m and len(s) > m.end() and (s[m.end()].isdigit() or s[m.end()] in ".,"):
        negative = not negative
        applied.append("detached_minus" if m.group("gap") else "minus_sign")
        s = s[m.end() :]
    else:
        m = _PLUS_RE.match(s)
        if m and len(s) > m.end():
            s = s[m.end() :]
            applied.append("plus_sign")

    is_percent = False
    if _PERCENT_RE.search(s):
        s = _PERCENT_RE.sub("", s)
        is_percent = True
        applied.append("percent_sign")

    if _DASH_CENTS_RE.search(s):
        s = s[:-2]
        applied.append("dash_cents")

    if not _OCR_TOKEN_RE.match(s.replace(" ", "")) and not _SCI_RE.match(s):
        m = _UNIT_RE.match(s)
        if m:
            unit = m.group("unit").strip()
            note = unit if note is None else f"{note} {unit}"
            s = m.group("num").strip()
            applied.append("unit_text")

    core, core_applied = _clean_core(s)
    applied.extend(core_applied)
    base = Form(
        text=raw,
        status="text",
        is_percent=is_percent,
        kategori=kategori,
        note=note,
        applied=tuple(applied),
    )
    if core is None:
        return base
    if _SCI_RE.match(core):
        cand = _sci_candidate(core)
        if cand is None:
            return base
        return _number_form(base, (_signed(cand, negative),), None, ())
    parsed = core_to_readings(core)
    if parsed is None:
        return base
    readings, sep, roles = parsed
    readings = tuple(_signed(c, negative) for c in readings)
    return _number_form(base, readings, sep, roles, plain_integer=not any(ch in core for ch in ".,"))


def _number_form(
    base: Form,
    readings: tuple[Candidate, ...],
    sep: str | None,
    roles: tuple[tuple[str, Role], ...],
    plain_integer: bool = False,
) -> Form:
    if not readings or not all(math.isfinite(c.value) for c in readings):
        return base
    return Form(
        text=base.text,
        status="number",
        readings=readings,
        sep=sep,
        roles=roles,
        is_percent=base.is_percent,
        kategori=base.kategori,
        note=base.note,
        applied=base.applied,
        plain_integer=plain_integer,
    )


def _is_placeholder(s: str) -> bool:
    return s.casefold().strip() in PLACEHOLDERS


def _grade(ann: str) -> str | None:
    """Given an annotation such as "C Kategori" or "CC", return the grade letters or None."""
    m = _GRADE_RE.match(ann.strip())
    return m.group(1) if m else None


def _clean_core(s: str) -> tuple[str | None, list[str]]:
    """Given the numeral left after affixes, return it as digits and separators only, or None."""
    applied: list[str] = []
    s = s.strip()
    if not s:
        return None, applied
    if _LETTER_SPACED_RE.match(s):
        s = s.replace(" ", "")
        applied.append("letter_spaced")
    if " " in s:
        joined = _SPACE_AT_SEP_RE.sub("", s)
        if " " in joined:
            if not _SPACE_GROUPS_RE.match(joined):
                return None, applied
            joined = joined.replace(" ", "")
        s = joined
        applied.append("space_in_number")
    if _SCI_RE.match(s):
        applied.append("sci_notation")
        return s, applied
    if not _CORE_RE.match(s):
        if _OCR_TOKEN_RE.match(s) and any(c.isdigit() for c in s):
            s = s.translate(_OCR_TABLE)
            applied.append("ocr_digit")
        else:
            return None, applied
    if not any(c.isdigit() for c in s):
        return None, applied
    return s, applied


def _sci_candidate(core: str) -> Candidate | None:
    try:
        d = Decimal(core)
    except InvalidOperation:  # pragma: no cover - regex guarantees a valid literal
        return None
    exponent = d.normalize().as_tuple().exponent
    decimals = max(0, -exponent) if isinstance(exponent, int) else 0
    return Candidate(float(d), decimals, ())


def _signed(c: Candidate, negative: bool) -> Candidate:
    if not negative or c.value == 0:
        return c
    return Candidate(-c.value, c.decimals, c.applied)


def _decimal(int_digits: str, frac_digits: str) -> float:
    """Given the digit strings either side of the decimal point, return their value."""
    literal = (int_digits or "0") + ("." + frac_digits if frac_digits else "")
    return float(Decimal(literal))


def core_to_readings(
    core: str,
) -> tuple[tuple[Candidate, ...], str | None, tuple[tuple[str, Role], ...]] | None:
    """Given digits and separators ("2.584.957.568,00"), return (readings, ambiguous sep, roles) or None."""
    if core[-1] in ".," and core[-2:-1].isdigit() and core.count(core[-1]) == 1:
        core = core[:-1]  # "100." or "1," : a trailing separator carries nothing
    parts = re.split(r"([.,])", core)
    groups, seps = parts[0::2], parts[1::2]
    if any(not g for g in groups[1:]) or (not groups[0] and len(seps) != 1):
        return None
    if not seps:
        return (Candidate(float(int(groups[0])), 0, ()),), None, ()
    kinds = set(seps)
    if len(kinds) == 2:
        return _mixed_separators(groups, seps)
    c = seps[0]
    name = SEP_NAME[c]
    if len(seps) >= 2:
        return _repeated_separator(groups, c, name)
    head, tail = groups
    decimal = Candidate(_decimal(head, tail), len(tail), (f"decimal_{name}",))
    if not head or head.startswith("0") or len(tail) != 3 or len(head) > 3:
        return (decimal,), None, ((c, "decimal"),)
    thousands = Candidate(float(int(head + tail)), 0, (f"thousands_{name}",))
    return (decimal, thousands), c, ()


def _thousands_groups_ok(groups: list[str]) -> bool:
    head = groups[0]
    return 1 <= len(head) <= 3 and (head == "0" or not head.startswith("0"))


def _mixed_separators(
    groups: list[str], seps: list[str]
) -> tuple[tuple[Candidate, ...], str | None, tuple[tuple[str, Role], ...]] | None:
    last = seps[-1]
    thousand = seps[0]
    if any(s != thousand for s in seps[:-1]) or last == thousand:
        return None
    int_groups, frac = groups[:-1], groups[-1]
    if not _thousands_groups_ok(int_groups) or any(len(g) != 3 for g in int_groups[1:]):
        return None
    value = _decimal("".join(int_groups), frac)
    applied = (f"thousands_{SEP_NAME[thousand]}", f"decimal_{SEP_NAME[last]}")
    return (Candidate(value, len(frac), applied),), None, ((thousand, "thousands"), (last, "decimal"))


def _repeated_separator(
    groups: list[str], c: str, name: str
) -> tuple[tuple[Candidate, ...], str | None, tuple[tuple[str, Role], ...]] | None:
    if not _thousands_groups_ok(groups):
        return None
    roles: tuple[tuple[str, Role], ...] = ((c, "thousands"),)
    if all(len(g) == 3 for g in groups[1:]):
        value = float(int("".join(groups)))
        return (Candidate(value, 0, (f"thousands_{name}",)),), None, roles
    if all(len(g) == 3 for g in groups[1:-1]) and len(groups[-1]) == 2 and len(groups) >= 3:
        # "5,547,036,498,00": thousands and cents printed with the same separator.
        value = _decimal("".join(groups[:-1]), groups[-1])
        return (Candidate(value, 2, (f"thousands_{name}", f"{name}_cents")),), None, roles
    return None
