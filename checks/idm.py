"""Village index tables: the IDM formula, the official status thresholds, stated averages, desa codes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from statistics import fmean
from typing import Final

from lkjip.checks._common import fmt_num, fmt_short, num, printed, shorten, table_label, warning
from lkjip.checks.base import CheckContext, register
from lkjip.normalizers.places import check_desa, desa_name
from lkjip.normalizers.tolerance import printed_agrees, printed_decimals
from lkjip.records import IdmRow, Report, Severity, StatusIdm, Warning

#: Upper bounds of each status, Permendesa PDTT 2/2016; a value on a bound takes the lower status.
STATUS_BOUNDS: Final[tuple[tuple[float, StatusIdm], ...]] = (
    (0.4907, "Sangat Tertinggal"),
    (0.5989, "Tertinggal"),
    (0.7072, "Berkembang"),
    (0.8155, "Maju"),
)
STATUS_TOP: Final[StatusIdm] = "Mandiri"

Indexed = list[tuple[int, IdmRow]]


def status_for(nilai: float) -> StatusIdm:
    """Given a nilai IDM, return its official status."""
    for bound, status in STATUS_BOUNDS:
        if nilai <= bound + 1e-12:
            return status
    return STATUS_TOP


@register("idm_rumus", ("IDM_RUMUS",))
def check_rumus(ctx: CheckContext) -> Iterator[Warning]:
    """nilai_idm equals (iks + ike + ikl) / 3 within nilai_idm's printed precision."""
    report = ctx.report
    for i, row in enumerate(report.idm):
        parts = [num(row.iks), num(row.ike), num(row.ikl)]
        nilai = num(row.nilai_idm)
        if nilai is None or any(p is None for p in parts):
            continue
        computed = sum(p for p in parts if p is not None) / 3
        if printed_agrees(nilai, row.nilai_idm_teks, computed):
            continue
        d = max(printed_decimals(row.nilai_idm_teks, nilai), 4)
        yield warning(
            "IDM_RUMUS",
            "error",
            f"Nilai IDM desa {row.nama_desa} di {table_label(report, row.table_id)} tercetak "
            f"{printed(row.nilai_idm_teks, nilai, 4)}, tetapi (IKS + IKE + IKL) / 3 = "
            f"({fmt_num(parts[0] or 0.0, 4)} + {fmt_num(parts[1] or 0.0, 4)} + {fmt_num(parts[2] or 0.0, 4)}) / 3 "
            f"= {fmt_num(computed, d)}.",
            table_id=row.table_id,
            page=row.page,
            row=i,
            field="nilai_idm",
            expected=round(computed, 6),
            found=nilai,
        )


@register("idm_status", ("IDM_STATUS",))
def check_status(ctx: CheckContext) -> Iterator[Warning]:
    """status_idm is the official status of nilai_idm."""
    report = ctx.report
    for i, row in enumerate(report.idm):
        nilai = num(row.nilai_idm)
        if nilai is None or row.status_idm is None:
            continue
        expected = status_for(nilai)
        if expected == row.status_idm:
            continue
        yield warning(
            "IDM_STATUS",
            "error",
            f"Status IDM desa {row.nama_desa} di {table_label(report, row.table_id)} tercetak "
            f"{row.status_idm}, tetapi nilai {printed(row.nilai_idm_teks, nilai, 4)} berstatus {expected} "
            f"menurut Permendesa PDTT 2/2016.",
            table_id=row.table_id,
            page=row.page,
            row=i,
            field="status_idm",
            expected=expected,
            found=row.status_idm,
        )


def desa_rows(report: Report, tahun: int | None, table_id: str | None = None) -> Indexed:
    """Given a year (and optionally a table), return the data rows of desa of that year.

    Rows without a year count for any year; when ``table_id`` has rows of the year, only they count. A
    row whose nilai lies outside 0..1 is no desa's index (the column numbers "(2) ... (6)" read as a desa).
    """
    rows = [
        (i, r)
        for i, r in enumerate(report.idm)
        if r.jenis_baris == "data" and (v := num(r.nilai_idm)) is not None and 0 <= v <= 1
    ]
    if tahun is not None:
        rows = [(i, r) for i, r in rows if r.tahun in (tahun, None)]
    if table_id is not None:
        own = [(i, r) for i, r in rows if r.table_id == table_id]
        if own:
            return own
    return rows


def idm_year(report: Report) -> int | None:
    """The IDM year an IKU "nilai rata-rata IDM" realisasi refers to: the report's year, else the latest."""
    years = {r.tahun for r in report.idm if r.tahun is not None}
    if report.report.tahun is not None and (report.report.tahun in years or not years):
        return report.report.tahun
    return max(years) if years else None


def mean_idm(rows: Indexed) -> float | None:
    values = [v for _, r in rows if (v := num(r.nilai_idm)) is not None]
    return fmean(values) if values else None


@register("idm_rata", ("IDM_RATA",))
def check_rata(ctx: CheckContext) -> Iterator[Warning]:
    """A stated IDM average (rata-rata row, or IKU realisasi of idm_rata_rata) equals the mean of the desa."""
    report = ctx.report
    averages: dict[tuple[str, int | None], int] = {}
    for row in report.idm:
        if row.jenis_baris == "rata_rata" and num(row.nilai_idm) is not None:
            averages[(row.table_id, row.tahun)] = averages.get((row.table_id, row.tahun), 0) + 1
    for i, row in enumerate(report.idm):
        nilai = num(row.nilai_idm)
        if row.jenis_baris != "rata_rata" or nilai is None:
            continue
        rows = desa_rows(report, row.tahun, row.table_id)
        mean = mean_idm(rows)
        if mean is None or printed_agrees(nilai, row.nilai_idm_teks, mean):
            continue
        # a table prints one average a year: several "rata-rata" rows are desa rows whose kind was misread
        several = averages[(row.table_id, row.tahun)] > 1
        yield warning(
            "IDM_RATA",
            "warning" if several else "error",
            f'Baris "{shorten(row.nama_desa)}" di {table_label(report, row.table_id)} tercetak '
            f"{printed(row.nilai_idm_teks, nilai, 4)}, tetapi rata-rata nilai IDM {len(rows)} desa "
            f"{_tahun(row.tahun)}= {fmt_short(mean)}"
            f"{' (tabel ini memuat beberapa baris rata-rata: jenis barisnya mungkin salah dibaca)' if several else ''}.",
            table_id=row.table_id,
            page=row.page,
            row=i,
            field="nilai_idm",
            expected=round(mean, 6),
            found=nilai,
        )
    tahun = idm_year(report)
    rows = desa_rows(report, tahun)
    mean = mean_idm(rows)
    if mean is None:
        return
    for i, iku in enumerate(report.iku):
        real = num(iku.realisasi)
        if iku.indikator_kode != "idm_rata_rata" or real is None:
            continue
        scale = 100.0 if 1 < real <= 100 else 1.0  # printed as 70,65 for 0,7065
        if printed_agrees(real, iku.realisasi_teks, mean * scale):
            continue
        yield warning(
            "IDM_RATA",
            "error",
            f"Realisasi {shorten(iku.indikator)} di {table_label(report, iku.table_id)} tercetak "
            f"{printed(iku.realisasi_teks, real)}, tetapi rata-rata nilai IDM {len(rows)} desa "
            f"{_tahun(tahun)}di {table_label(report, rows[0][1].table_id)} = {fmt_short(mean * scale)}.",
            table_id=iku.table_id,
            page=iku.page,
            row=i,
            field="realisasi",
            expected=round(mean * scale, 6),
            found=real,
        )


def _tahun(tahun: int | None) -> str:
    return f"tahun {tahun} " if tahun is not None else ""


_DIGITS = re.compile(r"\D")


@register("idm_kode", ("IDM_KODE",))
def check_kode(ctx: CheckContext) -> Iterator[Warning]:
    """kode_desa is 10 digits, unique per table and year, inside the report's kecamatan, and names the desa."""
    report = ctx.report
    kec = _DIGITS.sub("", report.report.kode_wilayah or "")
    kec = kec if len(kec) == 6 else ""  # only a kecamatan code (xx.xx.xx) bounds the desa
    seen: dict[tuple[str, int | None, str], tuple[int, IdmRow]] = {}
    for i, row in enumerate(report.idm):
        if row.jenis_baris != "data":
            continue
        where = table_label(report, row.table_id)
        kode = row.kode_desa
        if kode is None or not re.fullmatch(r"\d{10}", kode):
            teks = (row.kode_desa_teks or kode or "").strip()
            if teks:
                yield _kode_warning(
                    "warning",
                    f'Kode desa {row.nama_desa} di {where} tercetak "{teks}", bukan 10 angka kode Kemendagri.',
                    row,
                    i,
                    None,
                    teks,
                )
            continue
        key = (row.table_id, row.tahun, kode)
        if key in seen:
            j, other = seen[key]
            same = other.nama_desa.strip().casefold() == row.nama_desa.strip().casefold()
            yield _kode_warning(
                "warning" if same else "error",
                f"Kode desa {kode} dipakai dua kali di {where} {_tahun(row.tahun)}: untuk {other.nama_desa} "
                f"(baris {j}) dan {row.nama_desa}.",
                row,
                i,
                None,
                kode,
            )
        else:
            seen[key] = (i, row)
        if kec and not kode.startswith(kec):
            yield _kode_warning(
                "warning",
                f"Kode desa {kode} ({row.nama_desa}) di {where} berada di luar kecamatan laporan "
                f"({report.report.kode_wilayah}).",
                row,
                i,
                report.report.kode_wilayah,
                kode,
            )
            continue
        official = desa_name(kode)
        if official is None:
            yield _kode_warning(
                "info",
                f"Kode desa {kode} ({row.nama_desa}) di {where} tidak ada di daftar wilayah Kemendagri.",
                row,
                i,
                None,
                kode,
            )
        elif row.nama_desa and not check_desa(kode, row.nama_desa):
            yield _kode_warning(
                "warning",
                f"Kode desa {kode} di {where} adalah desa {official}, tetapi tercetak untuk {row.nama_desa}.",
                row,
                i,
                official,
                row.nama_desa,
            )


def _kode_warning(
    severity: Severity, message: str, row: IdmRow, i: int, expected: object, found: object
) -> Warning:
    return warning(
        "IDM_KODE",
        severity,
        message,
        table_id=row.table_id,
        page=row.page,
        row=i,
        field="kode_desa",
        expected=expected,
        found=found,
    )
