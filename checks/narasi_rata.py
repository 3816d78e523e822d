"""Averages the narrative states: the IDM average against the mean of the desa, and the
overall "rata-rata capaian" against the capaian tables (NARASI_ANGKA)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from statistics import fmean
from typing import Final

from lkjip.checks._common import fmt_num, fmt_short, num, table_label
from lkjip.checks._text import snippet, text_to_sentences
from lkjip.checks.base import CheckContext, register
from lkjip.checks.idm import desa_rows, idm_year, mean_idm
from lkjip.checks.narasi import narasi_warning as _narasi
from lkjip.checks.narasi import percents_in
from lkjip.normalizers.numbers import find_numbers
from lkjip.normalizers.tolerance import agrees
from lkjip.records import Report, Warning

#: How far after "rata-rata ... IDM" (or "rata-rata capaian") the stated value may be.
IDM_WINDOW: Final[int] = 160

_IDM_AVG = re.compile(
    r"rata[\s-]*rata\s+(?:nilai\s+)?(?:idm\b|indeks\s+(?:desa\s+)?membangun)|"
    r"(?:\bidm|indeks\s+desa\s+membangun)\s+(?:\(idm\)\s+)?rata[\s-]*rata",
    re.IGNORECASE,
)
_CAPAIAN_AVG = re.compile(r"rata[\s-]*rata\s+capaian\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(20\d\d)\b")


@register("narasi_rata", ("NARASI_ANGKA",))
def check_narasi_rata(ctx: CheckContext) -> Iterator[Warning]:
    """Averages stated in the narrative agree with the tables they summarise."""
    sentences = text_to_sentences(ctx.text)
    yield from _idm_average(ctx.report, sentences)
    yield from _capaian_average(ctx.report, sentences)


def _idm_average(report: Report, sentences: list[str]) -> Iterator[Warning]:
    """ "nilai rata-rata Indeks Desa Membangun ... sebesar 0,7065" against the mean of the desa."""
    done: set[float] = set()
    for s in sentences:
        for m in _IDM_AVG.finditer(s):
            window = s[m.end() : m.end() + IDM_WINDOW]
            hit = next(
                (
                    (a, b, r)
                    for a, b, r in find_numbers(window)
                    if r.value is not None and 0 < r.value < 1 and not r.is_percent
                ),
                None,
            )
            lead = s[max(0, m.start() - 40) : m.start()] + window[: hit[0]] if hit else ""
            if hit is None or hit[2].value is None or "target" in lead.casefold():
                continue
            value = hit[2].value
            year_m = _YEAR.search(window[: hit[0]])
            tahun = int(year_m.group(1)) if year_m else idm_year(report)
            rows = desa_rows(report, tahun)
            mean = mean_idm(rows)
            if mean is None or value in done:
                continue
            done.add(value)
            if agrees(value, mean, hit[2].decimals or 0):
                continue
            yield _narasi(
                "error",
                f'Teks menyebut nilai rata-rata IDM {hit[2].text.strip()} ("{snippet(s, m.start(), m.end() + hit[1])}"), '
                f"tetapi rata-rata nilai IDM {len(rows)} desa di {table_label(report, rows[0][1].table_id)} "
                f"{fmt_short(mean)}.",
                round(mean, 6),
                value,
                rows[0][1].table_id,
            )


def capaian_means(report: Report) -> list[tuple[str, float]]:
    """Given a report, return per capaian_iku table its stated rata-rata capaian, else the mean of its rows."""
    out: list[tuple[str, float]] = []
    for t in report.tables:
        if t.jenis != "capaian_iku":
            continue
        rows = [r for r in report.iku if r.table_id == t.table_id]
        stated = [v for r in rows if r.jenis_baris == "rata_rata" and (v := num(r.capaian)) is not None]
        values = [v for r in rows if r.jenis_baris == "data" and (v := num(r.capaian)) is not None]
        if stated:
            out.append((t.table_id, stated[-1]))
        elif len(values) >= 2:
            out.append((t.table_id, fmean(values)))
    return out


def _capaian_average(report: Report, sentences: list[str]) -> Iterator[Warning]:
    """ "Rata-rata capaian kinerja ... sebesar 101,10%" against the capaian tables."""
    means = capaian_means(report)
    if not means:
        return
    for s in sentences:
        for m in _CAPAIAN_AVG.finditer(s):
            window = s[m.end() : m.end() + IDM_WINDOW]
            hit = next(iter(percents_in(window)), None)
            if (
                hit is None
                or hit[2].value is None
                or re.search(r"sasaran|\d", _YEAR.sub("", window[: hit[0]]))
            ):
                continue  # a sasaran's average, or another figure in between, is not the overall average
            value, d = hit[2].value, hit[2].decimals or 0
            if any(agrees(value, mean, d) for _, mean in means):
                continue
            table_id, mean = means[0]
            yield _narasi(
                "warning",
                f'Teks menyebut rata-rata capaian {hit[2].text.strip()} ("{snippet(s, m.start(), m.end() + hit[1])}"), '
                f"tetapi rata-rata capaian di {table_label(report, table_id)} {fmt_num(mean, 2)}%.",
                round(mean, 2),
                value,
                table_id,
            )
