"""Summary figures of indicator tables against the indicators they summarise.

A ``capaian_sasaran`` row's target/realisasi/capaian is the mean of its
indicators in the ``capaian_iku`` rows of the same sasaran (matched fuzzily),
and a "rata-rata" row of a table is the mean of the data rows above it. An
index indicator (0..1, such as IDM) may enter a percent mean times 100.
"""

from __future__ import annotations

from collections.abc import Iterator
from statistics import fmean
from typing import Final

from rapidfuzz import fuzz

from lkjip.checks._common import firm_grid, fmt_short, num, printed, shorten, table_label, warning
from lkjip.checks.base import CheckContext, register
from lkjip.normalizers.text import fold
from lkjip.normalizers.tolerance import printed_agrees
from lkjip.records import IkuRow, Report, Warning

#: A capaian_iku row belongs to a sasaran from this token_sort_ratio of the folded sasaran texts.
SASARAN_THRESHOLD: Final[float] = 90.0

_FIELDS: Final[tuple[str, ...]] = ("target", "realisasi", "capaian")
_FIELD_WORD: Final[dict[str, str]] = {"target": "target", "realisasi": "realisasi", "capaian": "capaian"}

Indexed = list[tuple[int, IkuRow]]


def mean_candidates(values: list[float], summary: float) -> list[float]:
    """Given indicator values and the printed summary, return the means the summary may mean.

    The plain mean, and when the summary is a percent (> 1) the mean with index values (<= 1) x 100.
    """
    out = [fmean(values)]
    if abs(summary) > 1 and any(0 < abs(v) <= 1 for v in values):
        out.append(fmean([v * 100 if 0 < abs(v) <= 1 else v for v in values]))
    return out


def _closest(candidates: list[float], value: float) -> float:
    return min(candidates, key=lambda c: abs(c - value))


def indicators_of_sasaran(report: Report, sasaran: str) -> Indexed:
    """Given a sasaran as printed, return its indicator rows from the first capaian_iku table naming it."""
    key = fold(sasaran)
    if not key:
        return []
    by_table: dict[str, Indexed] = {}
    for i, row in enumerate(report.iku):
        if row.jenis != "capaian_iku" or row.jenis_baris != "data" or not row.sasaran:
            continue
        if fuzz.token_sort_ratio(key, fold(row.sasaran)) >= SASARAN_THRESHOLD:
            by_table.setdefault(row.table_id, []).append((i, row))
    return next(iter(by_table.values()), [])


@register("iku_sasaran_rata", ("IKU_SASARAN_RATA",))
def check_sasaran_rata(ctx: CheckContext) -> Iterator[Warning]:
    """Sasaran rows and rata-rata rows equal the mean of the indicators they summarise."""
    yield from _sasaran_rows(ctx.report)
    yield from _rata_rata_rows(ctx.report)


def _sasaran_rows(report: Report) -> Iterator[Warning]:
    for i, row in enumerate(report.iku):
        if row.jenis != "capaian_sasaran" or row.jenis_baris != "data":
            continue
        sasaran = row.sasaran or row.indikator
        kids = indicators_of_sasaran(report, sasaran)
        if not kids:
            continue
        for field in _FIELDS:
            found = num(getattr(row, field))
            values = [num(getattr(r, field)) for _, r in kids]
            if found is None or any(v is None for v in values):
                continue
            teks = getattr(row, f"{field}_teks")
            candidates = mean_candidates([v for v in values if v is not None], found)
            if field == "capaian":
                # A sasaran's capaian may be its own realisasi/target rather than a mean of capaian.
                target, real = num(row.target), num(row.realisasi)
                if target and real is not None:
                    candidates.append(real / target * 100)
            if any(printed_agrees(found, teks, c) for c in candidates):
                continue
            expected = _closest(candidates[:2], found)
            shown = "; ".join(
                printed(getattr(r, f"{field}_teks"), v or 0.0) for (_, r), v in zip(kids, values, strict=True)
            )
            yield warning(
                "IKU_SASARAN_RATA",
                "error",
                f'{_FIELD_WORD[field].capitalize()} sasaran "{shorten(sasaran)}" di {table_label(report, row.table_id)} '
                f"tercetak {printed(teks, found)}, tetapi rata-rata {_FIELD_WORD[field]} {len(kids)} indikatornya "
                f"di {table_label(report, kids[0][1].table_id)} ({shown}) = {fmt_short(expected)}.",
                table_id=row.table_id,
                page=row.page,
                row=i,
                field=field,
                expected=round(expected, 4),
                found=found,
            )


def _rata_rata_rows(report: Report) -> Iterator[Warning]:
    above: dict[str, Indexed] = {}
    for i, row in enumerate(report.iku):
        rows = above.setdefault(row.table_id, [])
        if row.jenis_baris == "data":
            rows.append((i, row))
            continue
        if row.jenis_baris != "rata_rata":
            continue
        above[row.table_id] = []  # a later rata-rata row summarises only the rows after this one
        if not rows:
            continue
        for field in _FIELDS:
            found = num(getattr(row, field))
            values = [num(getattr(r, field)) for _, r in rows]
            if found is None or any(v is None for v in values):
                continue
            teks = getattr(row, f"{field}_teks")
            candidates = mean_candidates([v for v in values if v is not None], found)
            if any(printed_agrees(found, teks, c) for c in candidates):
                continue
            expected = _closest(candidates, found)
            # a mean is over every row above: on a grid from alignment or OCR one row lost or split moves it
            firm = firm_grid(report, row.table_id)
            yield warning(
                "IKU_SASARAN_RATA",
                "error" if firm else "warning",
                f'Baris "{shorten(row.indikator)}" di {table_label(report, row.table_id)} mencetak '
                f"{_FIELD_WORD[field]} {printed(teks, found)}, tetapi rata-rata {len(rows)} indikator di atasnya "
                f"{fmt_short(expected)}"
                f"{'' if firm else ' (tabel dibaca dari perataan kata atau OCR: baris indikator mungkin tidak terbaca semua, bukan bukti pertentangan)'}.",
                table_id=row.table_id,
                page=row.page,
                row=i,
                field=field,
                expected=round(expected, 4),
                found=found,
            )
