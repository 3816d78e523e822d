"""Figures the narrative states about the tables: total pagu and realisasi with their
percentage, the summary's "realisasi keuangan", counts of program/kegiatan/sub kegiatan,
and a stated IDM average. Narrative figures carry no page (the text has none)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

from rapidfuzz import fuzz

from lkjip.checks._common import firm_grid, fmt_num, fmt_rp, num, table_label, warning
from lkjip.checks._text import snippet, text_to_sentences
from lkjip.checks.anggaran import levels_confirmed, total_sum_holds
from lkjip.checks.base import CheckContext, register
from lkjip.normalizers.numbers import Reading, find_numbers, read_number
from lkjip.normalizers.tolerance import agrees, printed_decimals, rupiah_equal
from lkjip.records import AnggaranRow, Report, Warning

#: Counts of program/kegiatan/sub kegiatan printed further apart than this are not one statement.
COUNT_WINDOW: Final[int] = 160
#: How far before a budget figure words such as "Belanja Pegawai" or "Program" make it a part, not the total.
SUBTYPE_WINDOW: Final[int] = 80

# A sentence about one kind of spending (or one program) is not about the whole budget.
_SUBTYPE = re.compile(
    r"belanja\s+(?:pegawai|barang|jasa|modal|hibah|bantuan|tidak\s+langsung|langsung|operasi)|\bprogram\b|"
    r"\bkegiatan\b|\bsub\b|\bAPBN\b|\bDAK\b|\bBLUD\b|dekonsentrasi|tugas\s+pembantuan",  # a funding source is a part
    re.IGNORECASE,
)
# words that make a sentence about the whole budget even where it also names programs and kegiatan
_TOTAL_WORD = re.compile(r"\b(?:total|keseluruhan|seluruh(?:nya)?|secara\s+umum)\b", re.IGNORECASE)
_AGAINST_TARGET = re.compile(r"\s*dari\s+target", re.IGNORECASE)
_SUMMARY_OPENING = re.compile(r"^\s*(?:ikhtisar|ringkasan|secara\s+umum)\b", re.IGNORECASE)
_REALISASI = re.compile(r"\b(?:te)?realisasi|\bterserap|\bpenyerapan", re.IGNORECASE)
_PAGU_WORD = re.compile(r"\b(?:pagu|alokasi|anggaran|belanja)\b", re.IGNORECASE)
_NOT_PAGU = re.compile(
    r"\b(?:sisa|silpa|selisih|efisiensi|murni|perubahan|berubah|pendapatan|tahun\s+lalu)\b", re.IGNORECASE
)
_PERCENT = re.compile(r"(?<![\d.,])\d{1,3}(?:[.,]\d+)?\s?%")
_SISA = re.compile(r"\bsisa", re.IGNORECASE)
_SUMMARY_PCT = re.compile(
    r"(?:realisasi|penyerapan)\s+(?:keuangan|anggaran|belanja)\b(?P<gap>[^\d%.]{0,60}?)"
    r"(?P<num>\d{1,3}(?:[.,]\d+)?\s?%)",
    re.IGNORECASE,
)
_COUNT = re.compile(
    r"(?<![\d.,])(?P<n>\d{1,4})\s*(?:\(\s*[A-Za-z][A-Za-z ]*\)\s*)?(?P<what>sub[\s-]*kegiatan|kegiatan|program)\b",
    re.IGNORECASE,
)
_LEVEL_WORD: Final[dict[str, str]] = {
    "program": "program",
    "kegiatan": "kegiatan",
    "sub_kegiatan": "sub kegiatan",
}


@dataclass(frozen=True, slots=True)
class BudgetTotals:
    table_id: str
    pagu: float | None
    realisasi: float | None
    persen: float | None  # as printed on the jumlah row, else computed

    @property
    def persen_computed(self) -> float | None:
        if self.pagu and self.realisasi is not None:
            return self.realisasi / self.pagu * 100
        return None


def budget_table(report: Report) -> list[tuple[int, AnggaranRow]]:
    """The rows of the report's main budget table: the first realisasi table, else the first alokasi."""
    for jenis in ("realisasi_anggaran", "alokasi_anggaran"):
        for t in report.tables:
            if t.jenis == jenis:
                rows = [(i, r) for i, r in enumerate(report.anggaran) if r.table_id == t.table_id]
                if rows:
                    return rows
    return []


def budget_totals(report: Report) -> BudgetTotals | None:
    """Given a report, return the totals of its main budget table (jumlah row, else sum of programs)."""
    rows = [r for _, r in budget_table(report)]
    if not rows:
        return None
    totals = [r for r in rows if r.level == "jumlah"]
    programs = [r for r in rows if r.level == "program"]

    def total(field: str) -> float | None:
        if totals and (v := num(getattr(totals[-1], field))) is not None:
            return v
        values = [num(getattr(r, field)) for r in programs]
        if values and all(v is not None for v in values):
            return sum(v for v in values if v is not None)
        return None

    pagu, real = total("pagu"), total("realisasi")
    persen = num(totals[-1].persen) if totals else None
    if persen is None and pagu and real is not None:
        persen = real / pagu * 100
    return BudgetTotals(rows[0].table_id, pagu, real, persen)


# An amount printed without "Rp" is rupiah only when grouped in thousands ("2.584.957.568"): a bare run of
# digits is an NIP ("19760921 200005 2 003"), a phone number, a date or a register number, never a budget.
_GROUPED = re.compile(r"\d{1,3}(?:[.,]\d{3}){2,}")
_RP_BEFORE = re.compile(r"rp\.?\s*$", re.IGNORECASE)


def _is_rp(sentence: str, start: int, reading: Reading) -> bool:
    """Whether a figure of a sentence is a rupiah amount: "Rp" before it, or a grouped amount of millions."""
    if sentence[start : start + 2].lower() == "rp" or _RP_BEFORE.search(sentence[max(0, start - 5) : start]):
        return True
    if reading.is_percent or reading.value is None or reading.value < 1_000_000:
        return False
    return bool(_GROUPED.search(reading.text))


@register("narasi_angka", ("NARASI_ANGKA",))
def check_narasi(ctx: CheckContext) -> Iterator[Warning]:
    """Figures stated in the narrative agree with the tables (and with each other)."""
    report = ctx.report
    sentences = text_to_sentences(ctx.text)
    totals = budget_totals(report)
    found = [*_budget_statements(report, sentences, totals)]
    if totals is not None:
        found.extend(_summary_percent(report, sentences, totals))
    found.extend(_counts(report, sentences))
    for w in found:
        doubt = _doubt(report, w) if w.severity == "error" else None
        if doubt is not None:
            w = w.model_copy(update={"severity": "warning", "message": f"{w.message} ({doubt}, bukan bukti pertentangan.)"})
        yield w


def _total_row_consistent(rows: list[tuple[int, AnggaranRow]]) -> bool:
    """Whether the table's total row prints a persen that its own realisasi / pagu gives: its three figures
    were read in their own columns."""
    totals = [r for _, r in rows if r.level == "jumlah"]
    if not totals:
        return False
    t = totals[-1]
    pagu, real, persen = num(t.pagu), num(t.realisasi), num(t.persen)
    if not pagu or real is None or persen is None:
        return False
    return agrees(persen, real / pagu * 100, printed_decimals(t.persen_teks, persen))


def _doubt(report: Report, w: Warning) -> str | None:
    """Why a narrative-against-table mismatch is no proof: prose read by OCR (a digit may be misread), or a
    table side read from alignment or OCR that its own arithmetic does not confirm (its total or its rows
    may be misread). None when both sides are as printed."""
    # a "mixed" report is a text layer with some pages OCR'd (a scanned cover or signature page, as a rule):
    # its prose is taken as printed
    if report.report.text_source == "ocr":
        return "teks dibaca dengan OCR: angkanya mungkin salah baca"
    if w.table_id is None or firm_grid(report, w.table_id):
        return None
    rows = [(i, r) for i, r in enumerate(report.anggaran) if r.table_id == w.table_id]
    if (total_sum_holds(rows) and levels_confirmed(rows)) or _total_row_consistent(rows):
        return None
    return "tabelnya dibaca dari perataan kata atau OCR dan jumlah-jumlahnya tidak memastikan pembacaannya"


def narasi_warning(
    severity: str, message: str, expected: object, found: object, table_id: str | None
) -> Warning:
    return warning(
        "NARASI_ANGKA",
        "error" if severity == "error" else "warning",
        message,
        table_id=table_id,
        page=None,
        expected=expected,
        found=found,
    )


def percents_in(sentence: str) -> list[tuple[int, int, Reading]]:
    """Given a sentence, return its percentages, also those in parentheses ("Rp X (95.17%)")."""
    out: list[tuple[int, int, Reading]] = []
    for m in _PERCENT.finditer(sentence):
        reading = read_number(m.group(0))
        if reading.value is not None:
            out.append((m.start(), m.end(), reading))
    return out


def _all_totals(report: Report) -> list[BudgetTotals]:
    out: list[BudgetTotals] = []
    for t in report.tables:
        rows = [r for r in report.anggaran if r.table_id == t.table_id]
        totals = [r for r in rows if r.level == "jumlah"]
        pagu = num(totals[-1].pagu) if totals else None
        if pagu is None:
            values = [num(r.pagu) for r in rows if r.level == "program"]
            pagu = sum(v for v in values if v is not None) if values and None not in values else None
        if pagu is not None:
            out.append(BudgetTotals(t.table_id, pagu, None, None))
    return out


# "APBD ... Rp X atau 95%, sedangkan APBN realisasi ... Rp Y": a contrast or a semicolon opens a statement
# about another budget, so its figures never pair with the clause before
_CLAUSE_BREAK = re.compile(r";\s+|,?\s+\b(?:sedangkan|adapun|sementara\s+itu)\b", re.IGNORECASE)


def _budget_statements(
    report: Report, sentences: list[str], totals: BudgetTotals | None
) -> Iterator[Warning]:
    """ "... ditetapkan sebesar Rp X dengan realisasi ... Rp Y atau P% sehingga sisa Rp Z"."""
    for s in (c for sentence in sentences for c in _CLAUSE_BREAK.split(sentence) if c.strip()):
        nums = find_numbers(s)
        rps = [(a, b, r) for a, b, r in nums if _is_rp(s, a, r) and r.value is not None]
        if not rps:
            continue
        keys = list(_REALISASI.finditer(s))
        # A heading "Realisasi Anggaran" may open the sentence: the keyword that counts follows the pagu.
        m = next((k for k in keys if k.start() > rps[0][0]), keys[0] if keys else None)
        if m is not None:
            before = [h for h in rps if h[1] <= m.start()]
            pagu_hit = before[-1] if before else None
            real_hit = next((h for h in rps if h[0] >= m.start()), None)
            pct_hit = next((h for h in percents_in(s) if h[0] >= m.start()), None)
        else:
            pagu_hit, real_hit, pct_hit = rps[0], None, None
            lead = s[max(0, rps[0][0] - SUBTYPE_WINDOW) : rps[0][0]]
            if len(rps) > 1 or not _PAGU_WORD.search(lead) or _NOT_PAGU.search(lead):
                continue  # only a lone "anggaran ... sebesar Rp X" is a statement of the total pagu
        if pagu_hit is None and real_hit is None:
            continue
        pagu = pagu_hit[2].value if pagu_hit else None
        real = real_hit[2].value if real_hit else None
        first = min(h[0] for h in (pagu_hit, real_hit) if h is not None)
        last = max(h[1] for h in (pagu_hit, real_hit, pct_hit) if h is not None)
        quote = snippet(s, first, last)
        yield from _statement_arithmetic(s, nums, pagu, real, real_hit, pct_hit, quote)
        if totals is None:
            continue
        lead = s[max(0, first - SUBTYPE_WINDOW) : last]
        matches_total = (
            pagu is not None and totals.pagu is not None and rupiah_equal(pagu, totals.pagu)
        ) or (real is not None and totals.realisasi is not None and rupiah_equal(real, totals.realisasi))
        if not matches_total and (about_a_part(s, first, lead) or _matches_a_row(report, pagu, real)):
            # a statement about Belanja Pegawai, one program or kegiatan: compared with its own row, if named
            yield from _statement_vs_row(report, s, pagu, real, quote)
            continue
        if pct_hit is not None and pagu and real is not None and totals.persen is not None:
            computed = real / pagu * 100
            if agrees(totals.persen, computed, 2) and not agrees(
                pct_hit[2].value or 0.0, computed, pct_hit[2].decimals or 0
            ):
                pct_hit = None  # already reported against the sentence's own rupiah figures
        yield from _statement_vs_tables(report, totals, pagu, real, pct_hit, quote)


def prose_equal(prose: float, table: float) -> bool:
    """Whether an amount written in prose agrees with a table's: to the sen, or, for a figure the author
    rounded (trailing zeros: "Rp 221.865.000,-" for 221.865.120), within the places the rounding dropped."""
    if rupiah_equal(prose, table):
        return True
    whole = round(prose)
    if whole != prose or whole == 0:
        return False
    zeros = len(str(whole)) - len(str(whole).rstrip("0"))
    return zeros >= 3 and abs(prose - table) < 10 ** min(zeros, 6)


def about_a_part(sentence: str, first: int, lead: str) -> bool:
    """Whether a budget statement is about a part of the budget (one kind of spending, one program or
    kegiatan) rather than the whole: its subject, anywhere before its first figure, names a part, and no
    word near the figure says "total"."""
    if _SUBTYPE.search(lead):
        return not _TOTAL_WORD.search(lead)
    subject = sentence[:first]
    if _LIST_ITEM.match(subject):
        return not _TOTAL_WORD.search(subject)  # "(1) Penguatan Forum ..., dengan anggaran sebesar Rp X;"
    return bool(_SUBTYPE.search(subject)) and not _TOTAL_WORD.search(subject)


# a sentence that opens a numbered list item: "(1) ...", "2) ...", "a. ..."
_LIST_ITEM = re.compile(r"^\s*(?:\(\s*\d{1,2}\s*\)|\d{1,2}\s*\)|[a-z]\s*[.)])\s+\S")


def _matches_a_row(report: Report, pagu: float | None, real: float | None) -> bool:
    """Whether a stated figure is the pagu or realisasi of one row (not the total): then it speaks of that row."""
    for r in report.anggaran:
        if r.level == "jumlah":
            continue
        if pagu is not None and (v := num(r.pagu)) is not None and rupiah_equal(pagu, v):
            return True
        if real is not None and (v := num(r.realisasi)) is not None and rupiah_equal(real, v):
            return True
    return False


#: How closely a row's uraian must appear in a sentence for the sentence to be about that row.
ROW_NAME_MATCH: Final[float] = 95.0
#: Row names shorter than this are too generic to recognise in prose.
MIN_ROW_NAME: Final[int] = 15


def _statement_vs_row(
    report: Report, s: str, pagu: float | None, real: float | None, quote: str
) -> Iterator[Warning]:
    """A statement about one program or kegiatan against that row: the row the sentence names (its uraian
    printed in the sentence) whose pagu or realisasi is the one stated. Only a named row with one figure
    equal and the other different is a contradiction; anything less says nothing."""
    rows = [r for r in report.anggaran if r.level != "jumlah"]
    if pagu is not None and real is not None and any(
        (rp := num(r.pagu)) is not None and (rr := num(r.realisasi)) is not None
        and prose_equal(pagu, rp) and prose_equal(real, rr)
        for r in rows
    ):  # fmt: skip
        return  # some row prints both figures: the sentence agrees with it
    folded = s.casefold()
    scored = [(fuzz.partial_ratio(r.uraian.casefold(), folded), r) for r in rows if len(r.uraian) >= MIN_ROW_NAME]
    best = max((score for score, _ in scored), default=0.0)
    named = [r for score, r in scored if score >= ROW_NAME_MATCH and score == best]
    for r in named:
        row_pagu, row_real = num(r.pagu), num(r.realisasi)
        same_pagu = pagu is not None and row_pagu is not None and prose_equal(pagu, row_pagu)
        same_real = real is not None and row_real is not None and prose_equal(real, row_real)
        where = table_label(report, r.table_id)
        if same_pagu and real is not None and row_real is not None and not same_real:
            yield narasi_warning(
                "error",
                f'Teks menyebut realisasi {r.uraian} {fmt_rp(real)} ("{quote}"), tetapi barisnya di {where} '
                f"mencetak {fmt_rp(row_real)} (pagu {fmt_rp(row_pagu or 0)} sama).",
                row_real, real, r.table_id,
            )  # fmt: skip
            return
        if same_real and pagu is not None and row_pagu is not None and not same_pagu:
            yield narasi_warning(
                "error",
                f'Teks menyebut pagu {r.uraian} {fmt_rp(pagu)} ("{quote}"), tetapi barisnya di {where} '
                f"mencetak {fmt_rp(row_pagu)} (realisasi {fmt_rp(row_real or 0)} sama).",
                row_pagu, pagu, r.table_id,
            )  # fmt: skip
            return


def _statement_arithmetic(
    s: str,
    nums: list[tuple[int, int, Reading]],
    pagu: float | None,
    real: float | None,
    real_hit: tuple[int, int, Reading] | None,
    pct_hit: tuple[int, int, Reading] | None,
    quote: str,
) -> Iterator[Warning]:
    if pagu is None or real is None or real_hit is None:
        return
    if pct_hit is not None and pct_hit[2].value is not None and pagu > 0:
        pct, computed = pct_hit[2].value, real / pagu * 100
        if not agrees(pct, computed, pct_hit[2].decimals or 0):
            yield narasi_warning(
                "error",
                f"Teks menyebut realisasi {fmt_rp(real)} dari {fmt_rp(pagu)} sebagai {pct_hit[2].text.strip()} "
                f'("{quote}"), padahal {fmt_rp(real)} / {fmt_rp(pagu)} × 100 = {fmt_num(computed, 2)}.',
                round(computed, 2),
                pct,
                None,
            )
    m_sisa = _SISA.search(s, real_hit[1])
    if m_sisa is None:
        return
    sisa = next((r.value for a, _, r in nums if a >= m_sisa.end() and _is_rp(s, a, r)), None)
    if sisa is not None and not rupiah_equal(sisa, pagu - real):
        yield narasi_warning(
            "error",
            f"Teks menyebut sisa anggaran {fmt_rp(sisa)}, padahal {fmt_rp(pagu)} − {fmt_rp(real)} = "
            f"{fmt_rp(pagu - real)}.",
            pagu - real,
            sisa,
            None,
        )


def _statement_vs_tables(
    report: Report,
    totals: BudgetTotals,
    pagu: float | None,
    real: float | None,
    pct_hit: tuple[int, int, Reading] | None,
    quote: str,
) -> Iterator[Warning]:
    where = table_label(report, totals.table_id)
    if (
        pagu is not None
        and totals.pagu is not None
        and not prose_equal(pagu, totals.pagu)
        and any(t.table_id != totals.table_id and t.pagu is not None and prose_equal(pagu, t.pagu) for t in _all_totals(report))
    ):
        return  # the statement's pagu is another table's total: it speaks of that table, not the main one
    # with several budget tables of different totals (belanja langsung and tidak langsung, murni and
    # perubahan) a total in prose may be another table's or their sum: a difference is no proof
    all_totals = _all_totals(report)
    severity = "warning" if len({round(t.pagu or 0) for t in all_totals}) > 1 else "error"
    if (pagu is not None and real is not None and totals.pagu is not None and prose_equal(real, totals.pagu)) or (
        real is not None and pagu is not None and totals.realisasi is not None and prose_equal(pagu, totals.realisasi)
    ):
        # the sentence's realisasi is the table's "pagu" (or its pagu the table's "realisasi"): the table's
        # columns were read as the other quantity, or it holds another one; no proof either way
        severity = "warning"
    if pagu is not None and totals.pagu is None:
        # the table prints no total pagu to show the sentence is about the whole budget (one misi's or
        # program's "anggaran Rp X terealisasi Rp Y" reads the same): its figures are no proof against it
        severity = "warning"
    if (
        pagu is not None
        and not any(t.pagu is not None and prose_equal(pagu, t.pagu) for t in all_totals)
        and totals.pagu is not None
    ):
        yield narasi_warning(
            severity,
            f'Teks menyebut total pagu {fmt_rp(pagu)} ("{quote}"), tetapi total pagu di {where} '
            f"{fmt_rp(totals.pagu)}.",
            totals.pagu,
            pagu,
            totals.table_id,
        )
    if real is not None and totals.realisasi is not None and not prose_equal(real, totals.realisasi):
        yield narasi_warning(
            severity,
            f'Teks menyebut total realisasi {fmt_rp(real)} ("{quote}"), tetapi total realisasi di {where} '
            f"{fmt_rp(totals.realisasi)}.",
            totals.realisasi,
            real,
            totals.table_id,
        )
    if pct_hit is not None and pct_hit[2].value is not None and totals.persen is not None:
        pct = pct_hit[2].value
        if not agrees(pct, totals.persen, pct_hit[2].decimals or 0):
            yield narasi_warning(
                severity,
                f'Teks menyebut persentase realisasi total {pct_hit[2].text.strip()} ("{quote}"), tetapi '
                f"{where} {fmt_num(totals.persen, 2)}%.",
                round(totals.persen, 2),
                pct,
                totals.table_id,
            )


def _summary_percent(report: Report, sentences: list[str], totals: BudgetTotals) -> Iterator[Warning]:
    """ "realisasi keuangan 88,62 %" (the summary) against the table's total percentage."""
    if totals.persen is None:
        return
    where = table_label(report, totals.table_id)
    for s in sentences:
        for m in _SUMMARY_PCT.finditer(s):
            hits = find_numbers(m.group("num"))
            if not hits or hits[0][2].value is None:
                continue
            reading = hits[0][2]
            value = reading.value
            if value is None or agrees(value, totals.persen, reading.decimals or 0):
                continue
            if _AGAINST_TARGET.match(s, m.end()) or about_a_part(s, m.start(), ""):
                continue  # "penyerapan anggaran 79% dari target 100%": one kegiatan's progress
            yield narasi_warning(
                "error" if _TOTAL_WORD.search(s) or _SUMMARY_OPENING.match(s) else "warning",
                f'Teks menyebut realisasi keuangan {m.group("num").strip()} ("{snippet(s, m.start(), m.end())}"), '
                f"tetapi realisasi total di {where} {fmt_num(totals.persen, 2)}%.",
                round(totals.persen, 2),
                value,
                totals.table_id,
            )


def _level_of(what: str) -> str:
    w = what.casefold()
    return "sub_kegiatan" if w.startswith("sub") else "kegiatan" if w.startswith("kegiatan") else "program"


def _counts(report: Report, sentences: list[str]) -> Iterator[Warning]:
    """ "3 (Tiga) Program, 12 (Dua Belas) kegiatan dan 20 (Dua Puluh) Sub Kegiatan" against the table."""
    rows = budget_table(report)
    if not rows:
        return
    table_id = rows[0][1].table_id
    where = table_label(report, table_id)
    count = {lvl: sum(1 for _, r in rows if r.level == lvl) for lvl in _LEVEL_WORD}
    # a count of rows is only as sure as the levels read: sure when the table's own sums confirm them
    sure = levels_confirmed(rows)
    why = "" if sure else " (tingkat baris tabel tidak dapat dipastikan dari jumlah-jumlahnya)"
    stated: list[tuple[str, int, str]] = []  # (level, n, quote)
    for s in sentences:
        hits = list(_COUNT.finditer(s))
        for m in hits:
            near = {_level_of(o.group("what")) for o in hits if abs(o.start() - m.start()) <= COUNT_WINDOW}
            if len(near) < 2:
                continue  # "melaksanakan 5 kegiatan" alone is not a statement about the budget structure
            stated.append((_level_of(m.group("what")), int(m.group("n")), snippet(s, m.start(), m.end())))
    seen: set[tuple[str, int, str]] = set()
    for level, n, quote in stated:
        if (level, n, quote) in seen or count[level] == 0:
            continue
        seen.add((level, n, quote))
        word = _LEVEL_WORD[level]
        others = sorted({m for lvl, m, _ in stated if lvl == level and m != n})
        if n != count[level]:
            yield narasi_warning(
                "error" if sure else "warning",
                f'Teks menyebut {n} {word} ("{quote}"), tetapi {where} memuat {count[level]} baris {word}{why}.',
                count[level],
                n,
                table_id,
            )
        elif others:
            also = ", ".join(str(m) for m in others)
            yield narasi_warning(
                "warning",
                f'Teks menyebut {n} {word} ("{quote}") dan di bagian lain {also} {word}; {where} memuat '
                f"{count[level]} baris {word}.",
                count[level],
                n,
                table_id,
            )
