"""Indicator tables: capaian follows from target and realisasi, and one indicator has one
target and one realisasi across all the tables of the report."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from rapidfuzz import fuzz

from lkjip.checks._common import fmt_num, num, printed, readings, shorten, table_label, warning
from lkjip.checks.base import CheckContext, register
from lkjip.normalizers.indicators import UNKNOWN_PREFIX, fold_indicator, indicator_direction
from lkjip.normalizers.tolerance import (
    FLOAT_SLACK,
    printed_agrees,
    printed_decimals,
    ratio_agrees,
    same_printed,
)
from lkjip.records import IkuRow, Report, Warning

#: Two indicator wordings without a catalogue key are the same indicator from this token_sort_ratio.
INDIKATOR_THRESHOLD: Final[float] = 90.0

_FIELD_WORD: Final[dict[str, str]] = {"target": "Target", "realisasi": "Realisasi"}


def capaian_of(row: IkuRow) -> tuple[float, str] | None:
    """Given an indicator row, return the capaian its target and realisasi imply, and the formula used."""
    target, real = num(row.target), num(row.realisasi)
    if target is None or real is None:
        return None
    kode = row.indikator_kode or ""
    if kode and not kode.startswith(UNKNOWN_PREFIX) and indicator_direction(kode) is False:
        if real == 0:
            return None
        return (
            target / real * 100,
            f"target/realisasi × 100 = {printed(row.target_teks, target)}/{printed(row.realisasi_teks, real)} × 100",
        )
    if target == 0:
        return None
    return (
        real / target * 100,
        f"realisasi/target × 100 = {printed(row.realisasi_teks, real)}/{printed(row.target_teks, target)} × 100",
    )


@register("iku_capaian", ("IKU_CAPAIAN",))
def check_capaian(ctx: CheckContext) -> Iterator[Warning]:
    """A printed capaian equals realisasi/target x 100 (target/realisasi for lower-is-better indicators)."""
    report = ctx.report
    for i, row in enumerate(report.iku):
        capaian = num(row.capaian)
        implied = capaian_of(row) if row.jenis_baris == "data" else None
        if capaian is None or implied is None:
            continue
        computed, formula = implied
        target, real = num(row.target), num(row.realisasi)
        if target is None or real is None:
            continue
        forward = ratio_agrees(capaian, row.capaian_teks, real, row.realisasi_teks, target, row.target_teks)
        inverse = ratio_agrees(capaian, row.capaian_teks, target, row.target_teks, real, row.realisasi_teks)
        if (forward and formula.startswith("realisasi/")) or (inverse and formula.startswith("target/")):
            continue  # within the rounding of the printed figures
        kode = row.indikator_kode or ""
        if (kode.startswith(UNKNOWN_PREFIX) or not kode) and inverse:
            continue  # direction unknown: a lower-is-better indicator may rightly use the inverse formula
        other = _other_reading_agrees(row, capaian)
        yield warning(
            "IKU_CAPAIAN",
            "error" if other is None else "warning",
            f"Capaian {shorten(row.indikator)} di {table_label(report, row.table_id)} tercetak "
            f"{printed(row.capaian_teks, capaian)}, tetapi {formula} = {fmt_num(computed, 2)}{other or ''}.",
            table_id=row.table_id,
            page=row.page,
            row=i,
            field="capaian",
            expected=round(computed, 2),
            found=capaian,
        )


def _other_reading_agrees(row: IkuRow, capaian: float) -> str | None:
    """When another reading of an ambiguously printed figure ("3.871": 3871 or 3,871) makes the capaian
    hold, say so: the mismatch is the reading's, not the report's. None when no reading agrees."""
    target, real = num(row.target), num(row.realisasi)
    if target is None or real is None:
        return None
    for t in readings(target, row.target_teks):
        for r in readings(real, row.realisasi_teks):
            for c in readings(capaian, row.capaian_teks):
                if (t, r, c) == (target, real, capaian):
                    continue
                if any(b and printed_agrees(c, row.capaian_teks, a / b * 100) for a, b in ((r, t), (t, r))):
                    return (
                        f" (angka bermakna ganda: dibaca target {fmt_num(t, 3)}, realisasi {fmt_num(r, 3)} dan "
                        f"capaian {fmt_num(c, 2)}, capaiannya cocok; bukan bukti pertentangan)"
                    )
    return None


Indexed = list[tuple[int, IkuRow]]


def indicator_groups(report: Report) -> list[Indexed]:
    """Given a report, return its data rows grouped by indicator (catalogue key, else fuzzy wording).

    Sasaran rows (``capaian_sasaran``) only group with sasaran rows.
    """
    groups: list[Indexed] = []
    heads: list[tuple[bool, str, str]] = []  # (is_sasaran, kode or "", folded wording) per group
    for i, row in enumerate(report.iku):
        if row.jenis_baris != "data" or not row.indikator:
            continue
        is_sasaran = row.jenis == "capaian_sasaran"
        kode = row.indikator_kode or ""
        known = bool(kode) and not kode.startswith(UNKNOWN_PREFIX)
        folded = fold_indicator(row.indikator)
        found: int | None = None
        for g, (h_sasaran, h_kode, h_folded) in enumerate(heads):
            if h_sasaran != is_sasaran:
                continue
            if known and h_kode == kode:
                found = g
                break
            if (
                (not known or not h_kode)
                and folded
                and fuzz.token_sort_ratio(folded, h_folded) >= INDIKATOR_THRESHOLD
            ):
                found = g
                break
        if found is None:
            heads.append((is_sasaran, kode if known else "", folded))
            groups.append([(i, row)])
        else:
            groups[found].append((i, row))
    return groups


def _same_digits(a_teks: str | None, b_teks: str | None) -> bool:
    """Two printed figures with the same digits in the same order ("8.700" and "8,700"): one figure in two
    separator styles, read two ways; which reading is right is an ANGKA_AMBIGU question, no contradiction."""
    da, db = re.sub(r"\D", "", a_teks or ""), re.sub(r"\D", "", b_teks or "")
    return bool(da) and da == db


def _same_print(a: float, a_teks: str | None, b: float, b_teks: str | None) -> bool:
    """Two prints of one figure to the same precision are the same digits: rounding one value twice the
    same way cannot give 0,14 and 0,15, or 9 and 10 Jenis. Prints of different precision agree within
    the less precise one's last place ("108%" and "108,78")."""
    if printed_decimals(a_teks, a) == printed_decimals(b_teks, b):
        return abs(a - b) <= FLOAT_SLACK * max(1.0, abs(a), abs(b))
    return same_printed(a, a_teks, b, b_teks)


def _same_value(a: float, a_teks: str | None, b: float, b_teks: str | None) -> bool:
    if _same_print(a, a_teks, b, b_teks) or _same_digits(a_teks, b_teks):
        return True
    # An index printed once as 0,7065 and once as 70,65 is the same figure.
    for small, small_teks, big in ((a, a_teks, b), (b, b_teks, a)):
        if 0 < abs(small) <= 1 < abs(big) <= 100:
            d = max(printed_decimals(small_teks, small) - 2, 0)
            if abs(small * 100 - big) <= 10.0**-d + 1e-9:
                return True
    return False


@register("iku_antar_tabel", ("IKU_ANTAR_TABEL",))
def check_antar_tabel(ctx: CheckContext) -> Iterator[Warning]:
    """The same indicator has the same target and realisasi (and target grade) in every table."""
    report = ctx.report
    found: list[tuple[Warning, str]] = []  # each mismatch with the table it was compared against
    compared: dict[frozenset[str], list[bool]] = {}  # table pair -> per compared figure: does it differ
    for group in indicator_groups(report):
        first_per_table: dict[str, tuple[int, IkuRow]] = {}
        for i, row in group:
            first_per_table.setdefault(row.table_id, (i, row))
        if len(first_per_table) < 2:
            continue
        entries = list(first_per_table.values())
        for field in ("target", "realisasi"):
            _tally(entries, field, compared)
            found.extend(_value_mismatches(report, entries, field))
        yield from _kategori_mismatches(report, entries)
    plans = multi_year_tables(report)
    for w, other in found:
        tally = compared.get(frozenset({w.table_id or "", other}), [])
        plan = next((t for t in (w.table_id, other) if t in plans), None)
        if plan is not None:
            # a medium-term plan's figure for the year (Renstra, RPJMD) and the year's own (RKT, PK) are two
            # quantities: the annual plan may revise the Renstra, so a difference proves nothing
            w = w.model_copy(update={
                "severity": "warning",
                "message": f"{w.message} ({table_label(report, plan)} memuat target beberapa tahun "
                f"({', '.join(plans[plan])}): target jangka menengah, bukan tentu target tahunan yang sama.)",
            })  # fmt: skip
        elif len(tally) >= MIN_FIGURES_FOR_SHARE and sum(tally) * 2 > len(tally):
            # two tables that differ on most indicators hold other quantities (a Renstra or RPJMD target
            # against the year's, a PK against a revised one) or one was misread: no figure-by-figure accusation
            w = w.model_copy(update={
                "severity": "warning",
                "message": f"{w.message} (kedua tabel berbeda di {sum(tally)} dari {len(tally)} angka: mungkin "
                "memuat target lain, misalnya Renstra dan tahunan, atau kolomnya terbaca bergeser.)",
            })  # fmt: skip
        yield w


#: Years a table's header must name before it is a medium-term plan (Renstra, RPJMD matrix).
MIN_PLAN_YEARS: Final[int] = 3
_YEAR = re.compile(r"\b(20\d\d)\b")
_TARGET_WORD = re.compile(r"\b(target|rencana)\b", re.IGNORECASE)


def multi_year_tables(report: Report) -> dict[str, list[str]]:
    """Given a report, return the indicator tables whose header names targets of three or more years
    ("TARGET 2014" ... "TARGET 2018"), with those years: a medium-term plan, not one year's figures. A
    comparison of several years' realisasi is not one."""
    out: dict[str, list[str]] = {}
    for t in report.tables:
        targets = [h for h in t.header if _TARGET_WORD.search(h or "")]
        years = sorted({y for h in targets for y in _YEAR.findall(h or "")})
        if len(years) >= MIN_PLAN_YEARS:
            out[t.table_id] = years
    return out


#: Figures two tables must share before the share that differs says whether they hold the same quantity.
MIN_FIGURES_FOR_SHARE: Final[int] = 3


def _tally(entries: Indexed, field: str, compared: dict[frozenset[str], list[bool]]) -> None:
    """Count, per pair of tables, the figures of one indicator both print and whether they differ."""
    teks_field = f"{field}_teks"
    vals = [
        (row.table_id, v, getattr(row, teks_field))
        for _, row in entries
        if (v := num(getattr(row, field))) is not None
    ]
    for k, (ta, va, tta) in enumerate(vals):
        for tb, vb, ttb in vals[k + 1 :]:
            if ta != tb:
                compared.setdefault(frozenset({ta, tb}), []).append(not _same_value(va, tta, vb, ttb))


def _value_mismatches(report: Report, entries: Indexed, field: str) -> Iterator[tuple[Warning, str]]:
    teks_field = f"{field}_teks"
    vals = [
        (i, row, v, getattr(row, teks_field))
        for i, row in entries
        if (v := num(getattr(row, field))) is not None
    ]
    if len(vals) < 2:
        return
    support = [sum(_same_value(v, t, v2, t2) for _, _, v2, t2 in vals) for _, _, v, t in vals]
    _ref_i, ref_row, ref_v, ref_t = vals[support.index(max(support))]
    for i, row, v, t in vals:
        if _same_value(v, t, ref_v, ref_t):
            continue
        yield warning(
            "IKU_ANTAR_TABEL",
            "error",
            f"{_FIELD_WORD[field]} {shorten(row.indikator)} tercetak {printed(t, v)} di "
            f"{table_label(report, row.table_id)}, tetapi {printed(ref_t, ref_v)} di "
            f"{table_label(report, ref_row.table_id)}.",
            table_id=row.table_id,
            page=row.page,
            row=i,
            field=field,
            expected=ref_v,
            found=v,
        ), ref_row.table_id


def _kategori_mismatches(report: Report, entries: Indexed) -> Iterator[Warning]:
    vals = [(i, row, row.kategori_target.strip().upper()) for i, row in entries if row.kategori_target]
    if len(vals) < 2:
        return
    support = [sum(k == k2 for _, _, k2 in vals) for _, _, k in vals]
    _, ref_row, ref_k = vals[support.index(max(support))]
    for i, row, k in vals:
        if k == ref_k:
            continue
        yield warning(
            "IKU_ANTAR_TABEL",
            "warning",
            f"Kategori target {shorten(row.indikator)} tercetak {k} di {table_label(report, row.table_id)}, "
            f"tetapi {ref_k} di {table_label(report, ref_row.table_id)}.",
            table_id=row.table_id,
            page=row.page,
            row=i,
            field="kategori_target",
            expected=ref_k,
            found=k,
        )
