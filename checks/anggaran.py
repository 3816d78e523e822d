"""Budget tables against their own arithmetic: children sum to parents (the total: ``anggaran_total``),
persen equals realisasi / pagu, and realisasi stays within pagu."""

from __future__ import annotations

import re
from collections.abc import Iterator

from lkjip.checks._common import (
    anggaran_label,
    firm_grid,
    fmt_num,
    fmt_rp,
    num,
    printed,
    readings,
    table_label,
    warning,
)
from lkjip.checks.base import CheckContext, register
from lkjip.normalizers.budget_levels import is_known_kegiatan
from lkjip.normalizers.text import clean_code
from lkjip.normalizers.tolerance import printed_agrees, printed_nil, rupiah_equal
from lkjip.records import AnggaranRow, Report, Warning

_CHILD_LEVEL: dict[str, str] = {"program": "kegiatan", "kegiatan": "sub_kegiatan"}
_CHILD_WORD: dict[str, str] = {"kegiatan": "kegiatannya", "sub_kegiatan": "sub kegiatannya"}
_FIELD_WORD: dict[str, str] = {"pagu": "Pagu", "realisasi": "Realisasi"}

Indexed = list[tuple[int, AnggaranRow]]


def rows_by_table(report: Report) -> dict[str, Indexed]:
    """Given a report, return its budget rows grouped by table, each with its index in ``anggaran``."""
    out: dict[str, Indexed] = {}
    for i, row in enumerate(report.anggaran):
        out.setdefault(row.table_id, []).append((i, row))
    return out


def children_of(rows: Indexed, parent: AnggaranRow) -> Indexed:
    """Given a table's rows and a program/kegiatan row, return its direct children by ``path``."""
    level = _CHILD_LEVEL.get(parent.level)
    if level is None or not parent.path:
        return []
    depth = len(parent.path)
    return [
        (i, r)
        for i, r in rows
        if r.level == level and len(r.path) == depth + 1 and r.path[:depth] == parent.path
    ]


def parent_sums_hold(rows: Indexed) -> list[bool]:
    """Per program or kegiatan whose pagu and its children's are all printed: whether the children sum to it.
    The evidence a table's levels were read right (``checks.structure``, ``checks.narasi``)."""
    out: list[bool] = []
    for _, parent in rows:
        kids = children_of(rows, parent)
        own = num(parent.pagu)
        values = [num(k.pagu) for _, k in kids]
        if kids and own is not None and all(v is not None for v in values):
            out.append(rupiah_equal(sum(v for v in values if v is not None), own))
    return out


def total_sum_holds(rows: Indexed) -> bool | None:
    """Whether a table's (last) total pagu is the sum of its programs; None when it cannot be checked."""
    totals = [r for _, r in rows if r.level == "jumlah"]
    programs = [num(r.pagu) for _, r in rows if r.level == "program"]
    total = num(totals[-1].pagu) if totals else None
    if total is None or not programs or any(v is None for v in programs):
        return None
    return rupiah_equal(sum(v for v in programs if v is not None), total)


def levels_confirmed(rows: list[tuple[int, AnggaranRow]]) -> bool:
    """Whether a budget table's levels are confirmed by its sums: of its total against its programs and each
    parent against its children, at least two can be checked and at most one fails (a report's own slip;
    misread levels break several)."""
    total = total_sum_holds(rows)
    checks = [*([] if total is None else [total]), *parent_sums_hold(rows)]
    return len(checks) >= 2 and checks.count(False) <= 1


def _field(row: AnggaranRow, field: str) -> float | None:
    return num(getattr(row, field, None))


def _child_field(row: AnggaranRow, field: str) -> float | None:
    """A child's figure for a sum: a printed dash is nothing spent (nihil), an empty cell stays unknown."""
    value = _field(row, field)
    if value is None and printed_nil(getattr(row, f"{field}_teks", None)):
        return 0.0
    return value


@register("anggaran_sum_anak", ("ANGGARAN_SUM_ANAK",))
def check_sum_anak(ctx: CheckContext) -> Iterator[Warning]:
    """A program's (kegiatan's) pagu and realisasi equal the sum of its kegiatan (sub kegiatan)."""
    report = ctx.report
    for table_id, rows in rows_by_table(report).items():
        by_code = code_children(rows)
        for i, row in rows:
            kids = children_of(rows, row)
            if not kids:
                yield from _sum_by_code(report, rows, by_code, i, row)
                continue
            for field in ("pagu", "realisasi"):
                found = _field(row, field)
                values = [_child_field(r, field) for _, r in kids]
                if found is None or any(v is None for v in values):
                    continue
                expected = sum(v for v in values if v is not None)
                if rupiah_equal(found, expected):
                    continue
                misread = (
                    _misplaced_row(report, rows, table_id, field, abs(found - expected), row)
                    or _rate_column(found, values)
                    or _link_doubt(rows, row, kids)
                )
                yield warning(
                    "ANGGARAN_SUM_ANAK",
                    "error" if misread is None else "warning",
                    f"{_FIELD_WORD[field]} {anggaran_label(row)} di {table_label(report, table_id)} tercetak "
                    f"{fmt_rp(found)}, tetapi jumlah {_CHILD_WORD[kids[0][1].level]} {fmt_rp(expected)} "
                    f"(selisih {fmt_rp(abs(found - expected))}){misread or ''}.",
                    table_id=table_id,
                    page=row.page,
                    row=i,
                    field=field,
                    expected=expected,
                    found=found,
                )


def code_children(rows: Indexed) -> dict[int, Indexed]:
    """Per row whose code other rows extend by one part ("4" -> "4.1", "1.02.01" -> "1.02.01.2.01" is
    two), those rows, whatever level they were read at; only where no row's path already gives children."""
    coded = [(i, r, clean_code(r.kode)) for i, r in rows if r.level != "jumlah" and clean_code(r.kode)]
    out: dict[int, Indexed] = {}
    for i, r, code in coded:
        if children_of(rows, r):
            continue
        kids = [(j, k) for j, k, c in coded if c.startswith(code + ".") and "." not in c[len(code) + 1 :]]
        if kids:
            out[i] = kids
    return out


#: Said by a sum over the rows a code names, confirmed by the table's other code sums: the proof rests on
#: the codes, not on the levels as read, so a doubt about those does not temper it (``checks.structure``).
CODE_SUMS_NOTE = "; kode baris lain di tabel ini menjumlah dengan tepat"


def _sum_by_code(
    report: Report, rows: Indexed, by_code: dict[int, Indexed], i: int, row: AnggaranRow
) -> Iterator[Warning]:
    """A row whose levels were read flat ("4" and "4.1" both programs) against the rows its code says are
    its children: an error only where the table's other code sums confirm that reading (two or more can
    be checked, this one alone fails), else nothing: the levels as read give no sum to check."""
    kids = by_code.get(i)
    if not kids:
        return
    for field in ("pagu", "realisasi"):
        holds = []
        for p, ks in by_code.items():
            own, values = _field(dict(rows)[p], field), [_child_field(k, field) for _, k in ks]
            if own is not None and all(v is not None for v in values):
                holds.append(rupiah_equal(own, sum(v for v in values if v is not None)))
        found = _field(row, field)
        values = [_child_field(k, field) for _, k in kids]
        if found is None or any(v is None for v in values) or len(holds) < 3 or holds.count(False) != 1:
            continue
        expected = sum(v for v in values if v is not None)
        if rupiah_equal(found, expected):
            continue
        misread = _misplaced_row(report, rows, table_id := row.table_id, field, abs(found - expected), row)
        yield warning(
            "ANGGARAN_SUM_ANAK",
            "error" if misread is None else "warning",
            f"{_FIELD_WORD[field]} {anggaran_label(row)} di {table_label(report, table_id)} tercetak "
            f"{fmt_rp(found)}, tetapi jumlah baris berkode {clean_code(row.kode)}.x di bawahnya {fmt_rp(expected)} "
            f"(selisih {fmt_rp(abs(found - expected))}{CODE_SUMS_NOTE}){misread or ''}.",
            table_id=table_id,
            page=row.page,
            row=i,
            field=field,
            expected=expected,
            found=found,
        )


def _misplaced_row(
    report: Report, rows: Indexed, table_id: str, field: str, difference: float, subject: AnggaranRow
) -> str | None:
    """On a grid built from alignment or OCR, a sum that misses by exactly one row's figure is what a row
    read twice, lost, or put under the wrong parent looks like: say which row, as no proof of a
    contradiction. None on a firm grid or when no row explains the difference."""
    if firm_grid(report, table_id) or difference <= 0:
        return None
    for _, r in rows:
        value = _field(r, field)
        if r is not subject and value is not None and rupiah_equal(value, difference):
            return (
                f"; selisihnya sama dengan {_FIELD_WORD[field].lower()} {anggaran_label(r)}: baris itu mungkin "
                "terbaca dua kali, hilang, atau di bawah induk yang salah (grid tabel dari perataan kata atau "
                "OCR), bukan bukti pertentangan"
            )
    return None


def _rate_column(found: float, values: list[float | None]) -> str | None:
    """A figure lying strictly between the smallest and largest of its positive parts is their mean, not
    their sum: the column holds rates (a % column read as pagu), or the parts are not its parts. None
    otherwise."""
    parts = [v for v in values if v is not None]
    if len(parts) < 2 or min(parts) <= 0 or not min(parts) < found < max(parts):
        return None
    return (
        "; angkanya di antara angka bagian-bagiannya, seperti rata-rata, bukan jumlah: kolomnya mungkin "
        "berisi persentase atau barisnya bukan bagiannya, bukan bukti pertentangan"
    )


_ROMAN = re.compile(r"^[IVXLC]+$")


def _list_number(kode: str | None) -> tuple[str, int] | None:
    """A row's list number as (numbering, position): "9." -> ("arabic", 9), "IX" -> ("roman", 9), "C." ->
    ("letter", 3); None for a structured code ("1.02.01") or none."""
    k = clean_code(kode)
    if k.isdigit():
        return "arabic", int(k)
    if _ROMAN.match(k) and (len(k) > 1 or k in "IVX"):  # a lone "C." or "D." is a letter of a list
        return "roman", _roman_value(k)
    if len(k) == 1 and k.isalpha():
        return "letter", ord(k.upper()) - ord("A") + 1
    return None


def _roman_value(k: str) -> int:
    values = [{"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}[c] for c in k]
    return sum(-v if v < nxt else v for v, nxt in zip(values, [*values[1:], 0], strict=True))


_PROGRAM_NAME = re.compile(r"^\s*program\b", re.IGNORECASE)


def _named_link(parent: AnggaranRow, kids: list[AnggaranRow]) -> bool:
    """Whether the names say parent and children are at their levels: a program named "Program ..." over
    kegiatan of the national nomenclature, or such a kegiatan over rows that are neither."""
    if parent.level == "program":
        return bool(_PROGRAM_NAME.match(parent.uraian)) and all(is_known_kegiatan(k.uraian) for k in kids)
    if parent.level == "kegiatan" and is_known_kegiatan(parent.uraian):
        return not any(is_known_kegiatan(k.uraian) or _PROGRAM_NAME.match(k.uraian) for k in kids)
    return False


def _program_doubt(rows: Indexed, programs: list[AnggaranRow]) -> str | None:
    """Why the rows summed as programs may not all be programs, or None: some are named "Program ..." and
    others not (a kegiatan or a Belanja Langsung subtotal among them), one's code extends another's ("29"
    and "29.01"), or one has a child numbered next after it in its own numbering (a sibling read one level
    down, so left out of the sum)."""
    named = [bool(_PROGRAM_NAME.match(p.uraian)) for p in programs]
    if any(named) and not all(named):
        odd = next(p for p, n in zip(programs, named, strict=True) if not n)
        return f'; baris "{odd.uraian[:40]}" dijumlah sebagai program tanpa bernama program' + _NO_PROOF
    codes = [clean_code(p.kode) for p in programs if clean_code(p.kode) and not _list_number(p.kode)]
    numbers = [clean_code(p.kode) for p in programs if _list_number(p.kode)]
    # "29" and "29.01"; a list number and a code one part longer ("4" and "4.1"): a row and its child
    if any(b != c and c.startswith(b + ".") for b in codes for c in codes) or any(
        c.startswith(n + ".") and "." not in c[len(n) + 1 :] for n in numbers for c in codes
    ):
        return "; kode sebagian baris program melanjutkan kode baris program lain" + _NO_PROOF
    for p in programs:
        kids = children_of(rows, p)
        if kids and _numbered_next(p, kids[0][1]):
            return (
                f"; baris {clean_code(kids[0][1].kode)} di bawah program {clean_code(p.kode)} bernomor tepat sesudahnya"
                + _NO_PROOF
            )
    return None


def _numbered_next(parent: AnggaranRow, child: AnggaranRow) -> bool:
    """Whether a child carries the list number right after its parent's, in the same numbering ("9." then
    "10."): its sibling read one level down."""
    p_num, k_num = _list_number(parent.kode), _list_number(child.kode)
    return bool(p_num and k_num and p_num[0] == k_num[0] and k_num[1] == p_num[1] + 1)


_NO_PROOF = ": tingkat barisnya mungkin salah dibaca, bukan bukti pertentangan"


def _link_doubt(rows: Indexed, parent: AnggaranRow, kids: Indexed) -> str | None:
    """Why the rows summed under a parent may not be its children, or None when the table says they are:
    the children's codes extend the parent's ("1.02.01" -> "1.02.01.2.01"), or the parent and child are
    numbered differently (programs "A.", kegiatan "1.") and not in one run. A child numbered next after
    its parent in the same numbering ("9." then "10.") is its sibling read one level down; rows without
    codes are placed by their order, sure only where the table's own sums confirm the levels."""
    first = kids[0][1]
    p_code, k_code = clean_code(parent.kode), clean_code(first.kode)
    p_num, k_num = _list_number(parent.kode), _list_number(first.kode)
    if p_num and k_num:
        if _numbered_next(parent, first):
            return (
                f"; anaknya bernomor {k_code} tepat sesudah nomor induknya {p_code}: mungkin saudaranya yang "
                "terbaca satu tingkat di bawah, bukan bukti pertentangan"
            )
        return None
    if p_code and k_code and not p_num and not k_num:
        if k_code.startswith(p_code) and len(k_code) > len(p_code):
            return None
        return (
            f"; kode anak {k_code} tidak melanjutkan kode induk {p_code}: tingkat barisnya mungkin salah "
            "dibaca, bukan bukti pertentangan"
        )
    if levels_confirmed(rows) or _named_link(parent, [k for _, k in kids]):
        return None
    return (
        "; tingkat baris tabel ini ditebak dari urutan dan tidak dipastikan oleh kode maupun jumlah-jumlahnya, "
        "bukan bukti pertentangan"
    )


@register("anggaran_persen", ("ANGGARAN_PERSEN",))
def check_persen(ctx: CheckContext) -> Iterator[Warning]:
    """A printed persen equals realisasi / pagu x 100 within its printed precision."""
    report = ctx.report
    for i, row in enumerate(report.anggaran):
        persen, pagu, real = num(row.persen), _field(row, "pagu"), _field(row, "realisasi")
        if persen is None or pagu is None or real is None or pagu <= 0:
            continue
        computed = real / pagu * 100
        if printed_agrees(persen, row.persen_teks, computed):
            continue
        other = any(
            p > 0 and printed_agrees(c, row.persen_teks, r / p * 100)
            for p in readings(pagu, row.pagu_teks)
            for r in readings(real, row.realisasi_teks)
            for c in readings(persen, row.persen_teks)
        )  # another reading of an ambiguous print ("300.000") that makes it hold: the reading's fault
        yield warning(
            "ANGGARAN_PERSEN",
            "warning" if other else "error",
            f"Persentase realisasi {anggaran_label(row)} di {table_label(report, row.table_id)} tercetak "
            f"{printed(row.persen_teks, persen)}, tetapi {fmt_rp(real)} / {fmt_rp(pagu)} × 100 = "
            f"{fmt_num(computed, 2)}"
            f"{' (dengan bacaan lain angka bermakna ganda persentasenya cocok; bukan bukti pertentangan)' if other else ''}.",
            table_id=row.table_id,
            page=row.page,
            row=i,
            field="persen",
            expected=round(computed, 2),
            found=persen,
        )


@register("anggaran_lebih_pagu", ("ANGGARAN_LEBIH_PAGU",))
def check_lebih_pagu(ctx: CheckContext) -> Iterator[Warning]:
    """Realisasi does not exceed pagu."""
    report = ctx.report
    for i, row in enumerate(report.anggaran):
        pagu, real = _field(row, "pagu"), _field(row, "realisasi")
        if pagu is None or real is None or round(real * 100) <= round(pagu * 100):
            continue
        yield warning(
            "ANGGARAN_LEBIH_PAGU",
            "warning",
            f"Realisasi {anggaran_label(row)} di {table_label(report, row.table_id)} {fmt_rp(real)} "
            f"melebihi pagunya {fmt_rp(pagu)} (lebih {fmt_rp(real - pagu)}).",
            table_id=row.table_id,
            page=row.page,
            row=i,
            field="realisasi",
            expected=pagu,
            found=real,
        )
