"""Levels of an uncoded budget table settled by its own sums.

A budget table printed without codes gives its program rows away (the word "Program", capitals), but not
which of the rows under a program are kegiatan and which are sub kegiatan: the reader guesses from the
order, and once it has seen a sub kegiatan it cannot tell that the next row opens a new kegiatan. The
figures can: a kegiatan's pagu is the sum of the sub kegiatan under it, and the program's is the sum of
its kegiatan. Under a program whose rows carry no code, when the guessed levels break those sums and one
reading of the rows makes every sum hold, that reading is taken; otherwise the guess stays (and the
checks report the sums that fail). Coded rows are never touched: their codes say their level.
"""

from __future__ import annotations

from collections.abc import Sequence

from lkjip.normalizers.tolerance import rupiah_equal
from lkjip.records import AnggaranRow


def _uncoded(row: AnggaranRow) -> bool:
    return not row.kode and all(e.startswith("#") for e in row.path[1:])


def _sums_hold(program: AnggaranRow, kids: Sequence[AnggaranRow]) -> bool:
    """Whether the rows under a program, with their current levels, add up."""
    kegiatan = [k for k in kids if k.level == "kegiatan"]
    if not kegiatan or not rupiah_equal(sum(k.pagu or 0.0 for k in kegiatan), program.pagu or 0.0):
        return False
    for k in kegiatan:
        subs = [s for s in kids if s.level == "sub_kegiatan" and s.path[: len(k.path)] == k.path]
        if subs and not rupiah_equal(sum(s.pagu or 0.0 for s in subs), k.pagu or 0.0):
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
        if not rupiah_equal(acc, target):
            return None
    return heads if rupiah_equal(sum(values[h] for h in heads), pagu) else None


def settle_levels(rows: list[AnggaranRow]) -> list[int]:
    """Given one table's rows, re-level the uncoded rows under each program where only one reading adds up;
    return the indices of the rows whose level changed."""
    changed: list[int] = []
    programs = [i for i, r in enumerate(rows) if r.level == "program"]
    for n, p in enumerate(programs):
        end = next((i for i in range(p + 1, len(rows)) if rows[i].level in ("program", "jumlah")), len(rows))
        if n + 1 < len(programs):
            end = min(end, programs[n + 1])
        kids = rows[p + 1 : end]
        program = rows[p]
        if not kids or program.pagu is None or not all(_uncoded(k) for k in kids):
            continue
        if any(k.pagu is None or k.pagu <= 0 for k in kids) or _sums_hold(program, kids):
            continue
        values = [k.pagu or 0.0 for k in kids]
        if rupiah_equal(sum(values), program.pagu):
            heads = list(range(len(kids)))  # two levels: every row a kegiatan
        else:
            found = _three_level(program.pagu, values)
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
