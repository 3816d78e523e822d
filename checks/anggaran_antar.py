"""One budget line in two tables (alokasi and realisasi, or two realisasi tables) has one pagu.

Lines are matched top-down: programs by their normalised uraian (rapidfuzz
ratio >= ``URAIAN_THRESHOLD``), then the kegiatan within matched programs, then
their sub kegiatan, so two same-named kegiatan under different programs never
meet. The jumlah rows are matched to each other.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import combinations
from typing import Final

from rapidfuzz import fuzz

from lkjip.checks._common import anggaran_label, fmt_rp, num, table_label, warning
from lkjip.checks.anggaran import Indexed, children_of, rows_by_table
from lkjip.checks.base import CheckContext, register
from lkjip.normalizers.text import clean_code, fold
from lkjip.normalizers.tolerance import rupiah_equal
from lkjip.records import AnggaranRow, Report, Severity, Warning

#: Two uraian are the same budget line from this rapidfuzz ratio of their folded text.
URAIAN_THRESHOLD: Final[float] = 90.0

Pair = tuple[tuple[int, AnggaranRow], tuple[int, AnggaranRow]]


def match_lines(a: Indexed, b: Indexed) -> list[Pair]:
    """Given the rows of two budget tables, return the pairs that are the same budget line."""
    pairs: list[Pair] = []

    def match_level(a_rows: Indexed, b_rows: Indexed) -> None:
        used: set[int] = set()
        for ia, ra in a_rows:
            key_a = fold(ra.uraian)
            best: tuple[int, AnggaranRow] | None = None
            best_score = 0.0
            for ib, rb in b_rows:
                if ib in used:
                    continue
                score = fuzz.ratio(key_a, fold(rb.uraian))
                if score > best_score:
                    best, best_score = (ib, rb), score
            if best is None or best_score < URAIAN_THRESHOLD or not key_a:
                continue
            used.add(best[0])
            pairs.append(((ia, ra), best))
            match_level(children_of(a, ra), children_of(b, best[1]))

    match_level(
        [(i, r) for i, r in a if r.level == "program"], [(i, r) for i, r in b if r.level == "program"]
    )
    tot_a = [(i, r) for i, r in a if r.level == "jumlah"]
    tot_b = [(i, r) for i, r in b if r.level == "jumlah"]
    if tot_a and tot_b:
        pairs.append((tot_a[-1], tot_b[-1]))
    return pairs


def _scheme(kode: str) -> str:
    """Numbering scheme of a kode: two tables may number the same line I and 1 without contradiction."""
    k = kode.rstrip(".")
    if re.fullmatch(r"[IVXLC]+", k):
        return "roman"
    if re.fullmatch(r"\d+", k):
        return "arabic"
    if re.fullmatch(r"[A-Za-z]", k):
        return "letter"
    return "code"


def _jenis(report: Report, table_id: str) -> str | None:
    return next((t.jenis for t in report.tables if t.table_id == table_id), None)


#: Matched lines two tables need before the share that differs says whether they hold the same quantity.
MIN_LINES_FOR_SHARE: Final[int] = 3
#: Share of their shared lines two tables must agree on before a differing line is a contradiction.
SAME_SHARE: Final[float] = 0.75


@register("anggaran_antar_tabel", ("ANGGARAN_ANTAR_TABEL",))
def check_antar_tabel(ctx: CheckContext) -> Iterator[Warning]:
    """The same budget line carries the same pagu (and kode) in every budget table of the report."""
    report = ctx.report
    tables = rows_by_table(report)
    for ta, tb in combinations(tables, 2):
        # Alokasi (DPA) and realisasi (after APBD-P) may both be right for their moment.
        severity: Severity = "error" if _jenis(report, ta) == _jenis(report, tb) else "warning"
        la, lb = table_label(report, ta), table_label(report, tb)
        pairs = match_lines(tables[ta], tables[tb])
        figures = [(num(ra.pagu), num(rb.pagu)) for (_, ra), (_, rb) in pairs]
        compared = [(pa, pb) for pa, pb in figures if pa is not None and pb is not None]
        differ = sum(not rupiah_equal(pa, pb) for pa, pb in compared)
        # Two tables that differ on most of their lines do not hold the same quantity (murni and perubahan,
        # a Renja and a realisation) or one was read with its columns shifted: no line-by-line contradiction.
        other_quantity = len(compared) >= MIN_LINES_FOR_SHARE and differ * 2 > len(compared)
        why = (
            f" (kedua tabel berbeda di {differ} dari {len(compared)} baris: mungkin memuat besaran lain, "
            "misalnya pagu murni dan perubahan, atau kolomnya terbaca bergeser)"
            if other_quantity
            else ""
        )
        # Two tables are proven to hold one quantity only by agreeing on most of the lines they share; two
        # tables of the same lines may rightly differ (one program funded by Dekonsentrasi and by Tugas
        # Pembantuan, Belanja Langsung against Tidak Langsung, one year against the next year's plan).
        same_quantity = len(compared) >= MIN_LINES_FOR_SHARE and (len(compared) - differ) >= SAME_SHARE * len(compared)
        if not other_quantity and not same_quantity:
            severity = "warning"
            why = (
                f" (kedua tabel hanya dapat dibandingkan di {len(compared)} baris, {len(compared) - differ} sama: "
                "belum terbukti memuat besaran yang sama, misalnya sumber dana atau tahun yang sama)"
            )
        for (_ia, ra), (ib, rb) in pairs:
            pa, pb = num(ra.pagu), num(rb.pagu)
            if pa is not None and pb is not None and not rupiah_equal(pa, pb):
                yield warning(
                    "ANGGARAN_ANTAR_TABEL",
                    "warning" if other_quantity else severity,
                    f"Pagu {anggaran_label(rb)} tercetak {fmt_rp(pb)} di {lb}, tetapi {fmt_rp(pa)} di {la} "
                    f"(selisih {fmt_rp(abs(pa - pb))}){why}.",
                    table_id=tb,
                    page=rb.page,
                    row=ib,
                    field="pagu",
                    expected=pa,
                    found=pb,
                )
            ka, kb = clean_code(ra.kode), clean_code(rb.kode)
            if (
                ra.level != "jumlah"
                and ka
                and kb
                and _scheme(ka) == _scheme(kb)
                and ka.rstrip(".") != kb.rstrip(".")
            ):
                yield warning(
                    "ANGGARAN_ANTAR_TABEL",
                    "info",
                    f"{anggaran_label(ra)} bernomor {ka} di {la}, tetapi {kb} di {lb}.",
                    table_id=tb,
                    page=rb.page,
                    row=ib,
                    field="kode",
                    expected=ka,
                    found=kb,
                )
