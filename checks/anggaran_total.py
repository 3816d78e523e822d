"""Budget tables: the closing total equals the sum of the programs, or of the rows its other column
proves it adds up."""

from __future__ import annotations

from collections.abc import Iterator

from lkjip.checks._common import firm_grid, fmt_rp, table_label, warning
from lkjip.checks.anggaran import (
    _FIELD_WORD,
    Indexed,
    _child_field,
    _field,
    _misplaced_row,
    _program_doubt,
    _rate_column,
    rows_by_table,
)
from lkjip.checks.base import CheckContext, register
from lkjip.normalizers.text import clean_code
from lkjip.normalizers.tolerance import rupiah_equal
from lkjip.records import AnggaranRow, Report, Warning


@register("anggaran_total", ("ANGGARAN_TOTAL",))
def check_total(ctx: CheckContext) -> Iterator[Warning]:
    """The table's jumlah row equals the sum of its programs (or, where the programs print no figure or
    their reading is in doubt, of the rows the other column proves the total adds up)."""
    report = ctx.report
    for table_id, rows in rows_by_table(report).items():
        totals = [(i, r) for i, r in rows if r.level == "jumlah"]
        if not totals:
            continue
        programs = [r for _, r in rows if r.level == "program"]
        i, total = totals[-1]  # a table closes with its grand total; earlier ones are subtotals
        for field in ("pagu", "realisasi"):
            found = _field(total, field)
            if found is None:
                continue
            values = [_field(r, field) for r in programs]
            misread: str | None = None
            if programs and all(v is not None for v in values):
                expected = sum(v for v in values if v is not None)
                if rupiah_equal(found, expected):
                    continue
                misread = (
                    _misplaced_row(report, rows, table_id, field, abs(found - expected), total)
                    or _rate_column(found, values)
                    or _program_doubt(rows, programs)
                    or _continued_below(rows, i)
                )
                what = f"{len(programs)} programnya"
            if not programs or misread is not None or any(v is None for v in values):
                proven = _proven_rows(report, rows, table_id, total, field)
                if proven is not None:
                    expected, what, misread = proven, "baris-barisnya", None
                elif not programs or any(v is None for v in values):
                    continue
            if rupiah_equal(found, expected):
                continue
            yield warning(
                "ANGGARAN_TOTAL",
                "error" if misread is None else "warning",
                f"{_FIELD_WORD[field]} total di {table_label(report, table_id)} tercetak {fmt_rp(found)}, "
                f"tetapi jumlah {what} {fmt_rp(expected)} "
                f"(selisih {fmt_rp(abs(found - expected))}){_lower_levels_hint(rows, field, found)}"
                f"{misread or _proof_word(what)}.",
                table_id=table_id,
                page=total.page,
                row=i,
                field=field,
                expected=expected,
                found=found,
            )


_OTHER_FIELD: dict[str, str] = {"pagu": "realisasi", "realisasi": "pagu"}


def _continued_below(rows: Indexed, total_index: int) -> str | None:
    """Why a total printed as a heading above its rows ("Misi 1: ..." carrying the sum of the programs under
    it) may sum rows not read with it: nothing closes them, so they may go on past the page, into a
    continuation read as another table or not read at all (a rotated page)."""
    if any(i < total_index and r.level != "jumlah" for i, r in rows):
        return None  # rows printed above the total: it closes them
    return (
        "; totalnya tercetak di atas barisnya dan tidak ada baris penutup, "
        "jadi baris yang dijumlahkannya mungkin berlanjut ke halaman berikutnya"
    )

#: Said by a total proven wrong over rows its other column proves complete: the proof rests on no level
#: (program / kegiatan) reading, so a doubt about the levels does not temper it (``checks.structure``).
PROVEN_ROWS_NOTE = "; jumlah kolom lainnya pada baris yang sama tepat sama dengan totalnya, jadi barisnya terbaca lengkap"


def _proof_word(what: str) -> str:
    return PROVEN_ROWS_NOTE if what == "baris-barisnya" else ""


def _proven_rows(report: Report, rows: Indexed, table_id: str, total: AnggaranRow, field: str) -> float | None:
    """The sum of ``field`` over the rows a total adds up, where the table proves which rows those are:
    of the rows printing a figure with no ancestor printing one, the rows whose code extends no other's, or
    of all rows printing one, the set whose
    other column (realisasi for pagu, pagu for realisasi) sums exactly to the total's. A row lost, read
    twice or put at the wrong level would break that sum too. Only on a firm grid (a cell read into the
    wrong row of one column is what alignment and OCR do); None when no set is proven."""
    other = _OTHER_FIELD[field]
    other_total = _field(total, other)
    if other_total is None or not firm_grid(report, table_id):
        return None
    body = [r for _, r in rows if r.level != "jumlah"]
    printing = [r for r in body if _field(r, other) is not None or _field(r, field) is not None]
    for cand in (_top_rows(body, other), _code_roots(body), printing):
        others = [_field(r, other) for r in cand]
        if len(cand) < 2 or any(v is None for v in others):
            continue
        if not rupiah_equal(sum(v for v in others if v is not None), other_total):
            continue
        values = [_child_field(r, field) for r in cand]
        if any(v is None for v in values):
            return None
        return sum(v for v in values if v is not None)
    return None


def _code_roots(body: list[AnggaranRow]) -> list[AnggaranRow]:
    """The coded rows whose code extends no other row's ("1", "2" of "1", "1.1", "2", "2.1"): the programs
    by their codes, whatever level they were read at."""
    codes = {clean_code(r.kode) for r in body} - {""}
    return [
        r
        for r in body
        if clean_code(r.kode) and not any(clean_code(r.kode).startswith(c + ".") for c in codes)
    ]


def _top_rows(body: list[AnggaranRow], field: str) -> list[AnggaranRow]:
    """The rows printing ``field`` none of whose ancestors (by path) prints it: a program row left blank
    over its kegiatan gives its kegiatan."""
    carrying = {tuple(r.path) for r in body if _field(r, field) is not None}
    return [
        r
        for r in body
        if _field(r, field) is not None and not any(tuple(r.path[:k]) in carrying for k in range(1, len(r.path)))
    ]


def _lower_levels_hint(rows: Indexed, field: str, total: float) -> str:
    """Say when the total does equal the sum of a lower level, pointing at the wrong program row."""
    for level, word in (("kegiatan", "kegiatan"), ("sub_kegiatan", "sub kegiatan")):
        values = [_field(r, field) for _, r in rows if r.level == level]
        if values and all(v is not None for v in values):
            s = sum(v for v in values if v is not None)
            if rupiah_equal(s, total):
                return f"; jumlah seluruh {word} sama dengan total, jadi salah satu baris program yang keliru"
    return ""
