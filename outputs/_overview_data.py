"""What the overview charts show, computed from the panels and tables (pure DataFrame functions)."""

from __future__ import annotations

import math
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import pandas as pd

from lkjip.outputs._overview_svg import StatusCell

MAX_INDICATORS: Final[int] = 9
MAX_PROGRAMMES: Final[int] = 6
CAPAIAN_EDGES: Final[tuple[float, ...]] = (80.0, 90.0, 100.0, 105.0, 110.0, 120.0)
CAPAIAN_BINS: Final[tuple[str, ...]] = ("< 80", "80–90", "90–100", "100–105", "105–110", "110–120", "≥ 120")


@dataclass
class Trend:
    key: str
    title: str
    years: list[int]
    series: dict[str, list[float | None]]  # instansi -> value per year
    decimals: int


def _any(v: object) -> Any:
    """A pandas scalar as an untyped value (pandas-stubs types them as a wide union)."""
    return v


def _num(v: object) -> float | None:
    if v is None or v is pd.NA:
        return None
    f = float(v)  # type: ignore[arg-type]
    return f if math.isfinite(f) else None


def _series(rows: pd.DataFrame, value: pd.Series, years: list[int]) -> dict[str, list[float | None]]:
    out: dict[str, list[float | None]] = {}
    frame = rows.assign(_v=value)
    for instansi, grp in frame.groupby(frame["instansi"].fillna("(instansi tidak dikenal)"), sort=True):
        by_year = {int(t): _num(v) for t, v in zip(grp["tahun"], grp["_v"], strict=True)}
        out[str(instansi)] = [by_year.get(y) for y in years]
    return out


def _decimals(texts: pd.Series) -> int:
    best = 0
    for t in texts.dropna():
        digits = str(t).replace(".", ",").rsplit(",", 1)
        if len(digits) == 2 and digits[1][:4].isdigit():
            best = max(best, len(digits[1][:4]))
    return min(best, 4)


def indicator_trends(iku: pd.DataFrame, names: dict[str, str]) -> list[Trend]:
    """Realisasi per instansi over years for the indicators stated in at least two years."""
    rows = iku[iku["utama"] & iku["realisasi"].notna()]
    spread = rows.groupby("indikator_kode")["tahun"].nunique()
    keys = [k for k in spread.index if spread[k] >= 2]
    keys.sort(key=lambda k: (k.startswith("x_"), -int((rows["indikator_kode"] == k).sum()), k))
    out: list[Trend] = []
    for k in keys[:MAX_INDICATORS]:
        sub = rows[rows["indikator_kode"] == k]
        years = sorted(int(y) for y in sub["tahun"].unique())
        title = f"{names.get(k) or sub.iloc[-1]['indikator']} ({k})"
        out.append(
            Trend(k, title, years, _series(sub, sub["realisasi"], years), _decimals(sub["realisasi_teks"]))
        )
    return out


def capaian_histogram(iku: pd.DataFrame) -> tuple[list[str], dict[str, list[float]]]:
    """Counts of indicators per capaian band, one group per year."""
    rows = iku[iku["utama"] & iku["capaian"].notna()]
    groups: dict[str, list[float]] = {}
    for year, grp in rows.groupby("tahun", sort=True):
        counts = Counter(sum(1 for e in CAPAIAN_EDGES if c >= e) for c in grp["capaian"])
        groups[str(int(_any(year)))] = [float(counts.get(i, 0)) for i in range(len(CAPAIAN_BINS))]
    return list(CAPAIAN_BINS), groups


def budget_trends(anggaran: pd.DataFrame) -> list[Trend]:
    """Realisasi / pagu (%) per instansi over years for the programmes found most often."""
    rows = anggaran[anggaran["utama"] & anggaran["pagu"].notna() & anggaran["realisasi"].notna()]
    rows = rows[rows["pagu"] > 0]
    keys = rows["program_key"].value_counts()
    ordered = sorted(keys.index, key=lambda k: (-int(keys[k]), k))[:MAX_PROGRAMMES]
    out: list[Trend] = []
    for k in ordered:
        sub = rows[rows["program_key"] == k]
        years = sorted(int(y) for y in sub["tahun"].unique())
        name = Counter(str(p) for p in sub["program"]).most_common(1)[0][0]
        pct = sub["realisasi"] / sub["pagu"] * 100
        out.append(Trend(k, name if not name.isupper() else name.title(), years, _series(sub, pct, years), 2))
    return out


def budget_totals(anggaran: pd.DataFrame) -> pd.DataFrame:
    """Pagu and realisasi of all programmes per instansi and year, with the percentage."""
    rows = anggaran[anggaran["utama"]]
    tot = (
        rows.groupby(["instansi", "tahun"], dropna=False)[["pagu", "realisasi"]]
        .sum(min_count=1)
        .reset_index()
    )
    tot["persen"] = tot["realisasi"] / tot["pagu"] * 100
    return tot


def idm_grids(idm: pd.DataFrame) -> list[tuple[str, list[int], list[tuple[str, dict[int, StatusCell]]]]]:
    """Per instansi: its years and, per desa, the status, nilai and restatement flag of each year."""
    out: list[tuple[str, list[int], list[tuple[str, dict[int, StatusCell]]]]] = []
    rows = idm[idm["utama"]]
    for instansi, grp in rows.groupby(rows["instansi"].fillna("(instansi tidak dikenal)"), sort=True):
        years = sorted(int(y) for y in grp["tahun"].unique())
        desa: list[tuple[str, dict[int, StatusCell]]] = []
        for _, d in grp.groupby("desa_key", sort=True):
            label = str(d.iloc[0]["nama_desa"]).title()
            cells: dict[int, StatusCell] = {
                int(_any(r.tahun)): (
                    r.status_idm if isinstance(r.status_idm, str) else None,
                    _num(r.nilai_idm),
                    bool(r.restatement),
                )
                for r in d.itertuples()
            }
            desa.append((label, cells))
        out.append((str(instansi), years, desa))
    return out


def review_href(source_file: str, dataset_root: Path, out_dir: Path) -> str:
    """The link from the overview to a report's review page: ``<dataset>/reviews/<source stem>.html``,
    or ``<source name>.html`` when that one exists (X.pdf and X.docx reviewed side by side)."""
    reviews = dataset_root.resolve() / "reviews"
    by_name = reviews / f"{Path(source_file).name}.html"
    target = by_name if by_name.exists() else reviews / f"{Path(source_file).stem}.html"
    return Path(os.path.relpath(target, out_dir.resolve())).as_posix()


def warning_ranking(
    reports: pd.DataFrame, warnings: pd.DataFrame, panel_warnings: pd.DataFrame
) -> pd.DataFrame:
    """One row per report with its warning counts by severity (panel restatements count for the
    report that restated), most errors first."""
    counts = pd.concat(
        [warnings[["report_id", "severity"]], panel_warnings[["report_id", "severity"]]], ignore_index=True
    )
    table = counts.groupby(["report_id", "severity"]).size().unstack(fill_value=0)
    for sev in ("error", "warning", "info"):
        if sev not in table.columns:
            table[sev] = 0
    ranked = reports.merge(
        table[["error", "warning", "info"]], left_on="report_id", right_index=True, how="left"
    )
    ranked[["error", "warning", "info"]] = ranked[["error", "warning", "info"]].fillna(0).astype(int)
    ranked["total"] = ranked["error"] + ranked["warning"] + ranked["info"]
    return ranked.sort_values(
        ["error", "total", "source_file"], ascending=[False, False, True], kind="stable"
    )
