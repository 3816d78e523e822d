"""Levels of an uncoded budget table settled by its own sums.

A budget table printed without codes gives its program rows away (the word "Program", capitals), but not
which of the rows under a program are kegiatan and which are sub kegiatan: the reader guesses from the
order, and once it has seen a sub kegiatan it cannot tell that the next row opens a new kegiatan. The
figures can: a kegiatan's pagu is the sum of the sub kegiatan under it, and the program's is the sum of
its kegiatan. Under a program whose rows carry no code, when the guessed levels break those sums and one
reading of the rows makes every sum hold, that reading is taken; otherwise the guess stays (and the
checks report the sums that fail). Coded rows are never touched: their codes say their level.

Where no reading adds up (the report's own sums are off), the kegiatan names of the national budget
nomenclature (``data/nomenklatur_kegiatan.toml``) mark the kegiatan rows, when the first row under the
program is one of them.

A table without a pagu column (a quarterly realisation report) is settled by its realisasi the same way,
a dash counting as nothing spent. A row above the first program whose amount is the sum of all the
programs is the table's total, though printed like a program (the unit's name in capitals).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Sequence
from functools import cache
from importlib import resources

from rapidfuzz import fuzz

from lkjip.normalizers.text import fold
from lkjip.normalizers.tolerance import printed_nil, rupiah_equal
from lkjip.records import AnggaranRow


def _uncoded(row: AnggaranRow) -> bool:
    return not row.kode and all(e.startswith("#") for e in row.path[1:])


Amount = Callable[[AnggaranRow], "float | None"]


def _pagu(row: AnggaranRow) -> float | None:
    return row.pagu


def _realisasi(row: AnggaranRow) -> float | None:
    if row.realisasi is None and (not (row.realisasi_teks or "").strip() or printed_nil(row.realisasi_teks)):
        return 0.0  # "-": nothing spent yet
    return row.realisasi


def _amount_of(rows: Sequence[AnggaranRow]) -> Amount:
    """The figure a table's levels are settled by: its pagu, or its realisasi where it prints no pagu."""
    return _pagu if any(r.pagu is not None for r in rows) else _realisasi


def _sums_hold(program: AnggaranRow, kids: Sequence[AnggaranRow], amount: Amount) -> bool:
    """Whether the rows under a program, with their current levels, add up."""
    kegiatan = [k for k in kids if k.level == "kegiatan"]
    if not kegiatan or not rupiah_equal(sum(amount(k) or 0.0 for k in kegiatan), amount(program) or 0.0):
        return False
    for k in kegiatan:
        subs = [s for s in kids if s.level == "sub_kegiatan" and s.path[: len(k.path)] == k.path]
        if subs and not rupiah_equal(sum(amount(s) or 0.0 for s in subs), amount(k) or 0.0):
            return False
    return True


def _three_level(pagu: float, values: Sequence[float]) -> list[int] | None:
    """The indices of the kegiatan when the rows read as kegiatan each followed by the sub kegiatan that sum
    to it, the kegiatan summing to ``pagu``; None when no such reading exists."""
    heads: list[int] = []
    i = 0
    while i < len(values):
        heads.append(i)
        target, acc, i = values[i], 0.0, i + 1
        while i < len(values) and acc < target and not rupiah_equal(acc, target):
            acc += values[i]
            i += 1
        while i < len(values) and values[i] == 0 and target > 0:
            i += 1  # a sub kegiatan with nothing spent closes its kegiatan, it opens none
        if not rupiah_equal(acc, target):
            return None
    return heads if rupiah_equal(sum(values[h] for h in heads), pagu) else None


KEGIATAN_NAME_MATCH = 92  # rapidfuzz ratio of folded names: a typo or a dropped "pada" still matches


def _key(name: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", fold(name).lower()).split())


@cache
def known_kegiatan() -> tuple[str, ...]:
    """The folded kegiatan names of the national nomenclature."""
    raw = resources.files("lkjip.normalizers").joinpath("data", "nomenklatur_kegiatan.toml").read_bytes()
    data = tomllib.loads(raw.decode("utf-8"))
    return tuple(_key(n) for group in data.values() for n in group.get("kegiatan", []))


def is_known_kegiatan(uraian: str) -> bool:
    key = _key(uraian)
    return bool(key) and any(fuzz.ratio(key, k) >= KEGIATAN_NAME_MATCH for k in known_kegiatan())


def _named_heads(kids: Sequence[AnggaranRow]) -> list[int] | None:
    """The kegiatan rows by the nomenclature's names, when the first row under the program is one."""
    heads = [j for j, k in enumerate(kids) if is_known_kegiatan(k.uraian)]
    return heads if heads and heads[0] == 0 else None


_PROGRAM_WORD = re.compile(r"^\s*program\b", re.IGNORECASE)


def leading_totals(rows: Sequence[AnggaranRow], programs: list[int], amount: Amount) -> list[int]:
    """The uncoded rows printed as programs above the first row named "Program ..." whose amount is the
    sum of the programs below them: the unit's totals ("SEKRETARIAT DAERAH", its urusan above it), not
    programs. A row without a figure among them stays as it is."""
    first = next((i for i in programs if _PROGRAM_WORD.match(rows[i].uraian)), None)
    if not first or any(rows[j].level != "program" or rows[j].kode for j in range(first)):
        return []
    lead = list(range(first))
    named = [i for i in programs if i >= first]
    if any(rows[i].kode for i in named):
        return []
    values = [amount(rows[i]) for i in named]
    if any(v is None for v in values):
        return []
    total = sum(v or 0.0 for v in values)
    return [i for i in lead if (v := amount(rows[i])) and rupiah_equal(v, total)]


def settle_levels(rows: list[AnggaranRow]) -> list[int]:
    """Given one table's rows, re-level the uncoded rows under each program where only one reading adds up;
    return the indices of the rows whose level changed."""
    changed: list[int] = []
    amount = _amount_of(rows)
    programs = [i for i, r in enumerate(rows) if r.level == "program"]
    for total in leading_totals(rows, programs, amount):
        rows[total].level, rows[total].path = "jumlah", []
        changed.append(total)
        programs.remove(total)
    for n, p in enumerate(programs):
        end = next((i for i in range(p + 1, len(rows)) if rows[i].level in ("program", "jumlah")), len(rows))
        if n + 1 < len(programs):
            end = min(end, programs[n + 1])
        kids = rows[p + 1 : end]
        program = rows[p]
        program_amount = amount(program)
        if not kids or program_amount is None or not all(_uncoded(k) for k in kids):
            continue
        values_or_none = [amount(k) for k in kids]
        if any(v is None or v < 0 or (v == 0 and amount is _pagu) for v in values_or_none):
            continue
        if _sums_hold(program, kids, amount):
            continue
        values = [v or 0.0 for v in values_or_none]
        if rupiah_equal(sum(values), program_amount):
            heads = list(range(len(kids)))  # two levels: every row a kegiatan
        else:
            found = _three_level(program_amount, values) or _named_heads(kids)
            if found is None:
                continue
            heads = found
        base = program.path[:1]
        keg = sub = 0
        for j, k in enumerate(kids):
            if j in heads:
                keg, sub = keg + 1, 0
                level, path = "kegiatan", [*base, f"#{keg}"]
            else:
                sub += 1
                level, path = "sub_kegiatan", [*base, f"#{keg}", f"#{sub}"]
            if k.level != level:
                changed.append(p + 1 + j)
            k.level, k.path = level, path  # type: ignore[assignment]
    return changed
