"""The static HTML overview of a dataset: ``lkjip report DATASET --out DIR`` writes DIR/index.html.

One self-contained file (inline CSS and SVG, no script, no network): indicator
trends per kecamatan, the distribution of capaian, budget realisation per
programme over the years, IDM status per desa and year, and the reports
ranked by warnings, each linking to its review page
(``<dataset>/reviews/<source stem>.html``). Restatements found by the panels
are listed with both sources.
"""

from __future__ import annotations

import datetime as dt
import os
from html import escape
from pathlib import Path
from typing import Any, Final

import pandas as pd

from lkjip.checks._common import fmt_num, fmt_rp
from lkjip.normalizers.indicators import load_catalogue
from lkjip.outputs import _overview_data as data
from lkjip.outputs import _overview_svg as svg
from lkjip.outputs.dataset import Dataset
from lkjip.outputs.panels import build_panels

OVERVIEW_NAME: Final[str] = "index.html"
MAX_RANKED: Final[int] = 40
W, H = 384, 300  # small-multiple chart size: three per row on a 1280 px screen

CSS: Final[str] = """
body{font-family:system-ui,Segoe UI,Arial,sans-serif;margin:24px auto;max-width:1240px;color:#111;padding:0 16px}
h1{font-size:26px;margin-bottom:4px}h2{font-size:20px;margin-top:36px;border-bottom:2px solid #ddd;padding-bottom:4px}
h3{font-size:15px;margin:18px 0 6px}p.note{color:#555;margin-top:0}
.grid{display:flex;flex-wrap:wrap;gap:14px}.grid>div{border:1px solid #e5e5e5;border-radius:6px;padding:4px}
table{border-collapse:collapse;font-size:13px;margin:8px 0}th,td{border:1px solid #ddd;padding:4px 8px;text-align:left}
th{background:#f4f4f4}td.n{text-align:right;font-variant-numeric:tabular-nums}
.stats{display:flex;gap:22px;flex-wrap:wrap}.stats div{background:#f4f7fb;border-radius:6px;padding:8px 14px}
.stats b{display:block;font-size:22px}
"""


def _records(df: pd.DataFrame) -> list[dict[str, Any]]:
    return [{str(k): v for k, v in rec.items()} for rec in df.to_dict("records")]


def _fmt(decimals: int) -> svg.Fmt:
    return lambda v: fmt_num(v, decimals)


def _table(header: list[str], rows: list[list[str]], numeric: set[int] | None = None) -> str:
    numeric = numeric or set()
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join(
        "<tr>"
        + "".join(f'<td class="n">{c}</td>' if i in numeric else f"<td>{c}</td>" for i, c in enumerate(r))
        + "</tr>"
        for r in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _summary(reports: pd.DataFrame, panels: dict[str, pd.DataFrame]) -> str:
    years = sorted(int(y) for y in reports["tahun"].dropna().unique())
    span = f"{years[0]}–{years[-1]}" if years else "–"
    stats = [
        ("laporan", str(len(reports))),
        ("instansi", str(reports["instansi"].nunique())),
        ("tahun", span),
        ("indikator × tahun", str(int(panels["iku_panel"]["utama"].sum()))),
        ("desa × tahun", str(int(panels["idm_panel"]["utama"].sum()))),
        ("pernyataan ulang berbeda", str(len(panels["panel_warnings"]))),
    ]
    return (
        '<div class="stats">'
        + "".join(f"<div><b>{escape(v)}</b>{escape(k)}</div>" for k, v in stats)
        + "</div>"
    )


def instansi_colours(reports: pd.DataFrame) -> dict[str, str]:
    """One colour per instansi, the same in every chart."""
    names = sorted(str(n) for n in reports["instansi"].dropna().unique())
    return {n: svg.colour(i) for i, n in enumerate(names)}


def _trends_section(iku: pd.DataFrame, colours: dict[str, str]) -> str:
    names = {k: e.nama for k, e in load_catalogue().items()}
    trends = data.indicator_trends(iku, names)
    if not trends:
        return "<p>Belum ada indikator yang tercatat pada dua tahun atau lebih.</p>"
    charts = [
        f"<div>{svg.line_chart(t.title, t.years, t.series, _fmt(t.decimals), width=W, height=H, colours=colours)}</div>"
        for t in trends
    ]
    return '<div class="grid">' + "".join(charts) + "</div>"


def _capaian_section(iku: pd.DataFrame) -> str:
    bins, groups = data.capaian_histogram(iku)
    if not groups:
        return "<p>Belum ada capaian indikator.</p>"
    return svg.grouped_bars("Jumlah indikator per rentang capaian (%)", bins, groups, _fmt(0), width=820)


def _budget_section(anggaran: pd.DataFrame, colours: dict[str, str]) -> str:
    trends = data.budget_trends(anggaran)
    if not trends:
        return "<p>Belum ada realisasi anggaran per program.</p>"
    charts = [
        svg.line_chart(
            t.title, t.years, t.series, _fmt(1), width=W, height=H, reference=100.0, colours=colours
        )
        for t in trends
    ]
    charts = [f"<div>{c}</div>" for c in charts]
    totals = data.budget_totals(anggaran)
    rows = [
        [
            escape(str(r["instansi"])),
            str(int(r["tahun"])),
            fmt_rp(r["pagu"]) if pd.notna(r["pagu"]) else "–",
            fmt_rp(r["realisasi"]) if pd.notna(r["realisasi"]) else "–",
            fmt_num(r["persen"], 2) if pd.notna(r["persen"]) else "–",
        ]
        for r in _records(totals)
    ]
    table = _table(["instansi", "tahun", "pagu program (Rp)", "realisasi (Rp)", "%"], rows, {2, 3, 4})
    return '<div class="grid">' + "".join(charts) + "</div><h3>Jumlah seluruh program</h3>" + table


def _idm_section(idm: pd.DataFrame) -> str:
    grids = data.idm_grids(idm)
    if not grids:
        return "<p>Belum ada data IDM.</p>"
    return (
        '<div class="grid">'
        + "".join(
            f"<div>{svg.status_grid(f'Status IDM desa — {inst}', years, rows, _fmt(4))}</div>"
            for inst, years, rows in grids
        )
        + "</div>"
    )


def _ranking_section(ranked: pd.DataFrame, ds_root: Path, out_dir: Path) -> str:
    items = [
        (
            str(r["source_file"]),
            data.review_href(str(r["source_file"]), ds_root, out_dir),
            {sev: int(r[sev]) for sev in ("error", "warning", "info")},
        )
        for r in _records(ranked.head(MAX_RANKED))
    ]
    chart = svg.ranked_bars("Peringatan per laporan", items, width=860)
    rows = []
    for r in _records(ranked):
        href = data.review_href(str(r["source_file"]), ds_root, out_dir)
        rows.append(
            [
                f'<a href="{escape(href)}">{escape(str(r["source_file"]))}</a>',
                escape(str(r["instansi"] or "–")),
                "–" if pd.isna(r["tahun"]) else str(int(r["tahun"])),
                escape(str(r["status"])),
                *(str(r[sev]) for sev in ("error", "warning", "info")),
            ]
        )
    header = ["laporan (halaman tinjauan)", "instansi", "tahun", "status", "error", "warning", "info"]
    return chart + _table(header, rows, {4, 5, 6})


def _restatements_section(pw: pd.DataFrame) -> str:
    if pw.empty:
        return "<p>Tidak ada angka yang dinyatakan ulang secara berbeda.</p>"
    rows = [[escape(str(m))] for m in pw["message"]]
    return _table(["pesan"], rows)


def render_overview(ds: Dataset, out_dir: Path) -> str:
    """Given a dataset and the folder the page will live in, return the overview's HTML."""
    panels = build_panels(ds)
    reports = ds.table("reports")
    ranked = data.warning_ranking(reports, ds.table("warnings"), panels["panel_warnings"])
    now = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    colours = instansi_colours(reports)
    sections = [
        (
            "Tren indikator per kecamatan",
            "Realisasi setiap indikator utama menurut tahun, satu garis per instansi.",
            _trends_section(panels["iku_panel"], colours),
        ),
        (
            "Sebaran capaian",
            "Banyaknya indikator menurut rentang capaian, per tahun.",
            _capaian_section(panels["iku_panel"]),
        ),
        (
            "Realisasi anggaran per program",
            "Realisasi terhadap pagu (%) menurut tahun; garis putus-putus = 100%.",
            _budget_section(panels["anggaran_panel"], colours),
        ),
        (
            "Perubahan status IDM per desa",
            "▲ naik status, ▼ turun status; bingkai putus-putus dan * = tahun itu "
            "dinyatakan berbeda oleh laporan lain.",
            _idm_section(panels["idm_panel"]),
        ),
        (
            "Laporan menurut jumlah peringatan",
            "Nama laporan menuju halaman tinjauannya.",
            _ranking_section(ranked, ds.root, out_dir),
        ),
        (
            "Angka yang dinyatakan ulang (PANEL_RESTATEMENT)",
            "",
            _restatements_section(panels["panel_warnings"]),
        ),
    ]
    body = "".join(
        f"<section><h2>{escape(title)}</h2>"
        + (f'<p class="note">{escape(note)}</p>' if note else "")
        + html
        + "</section>"
        for title, note, html in sections
    )
    return (
        '<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Ringkasan dataset LKjIP</title><style>{CSS}</style></head><body>"
        f'<h1>Ringkasan dataset LKjIP</h1><p class="note">{escape(str(ds.root))} · dibuat {now}</p>'
        f"{_summary(reports, panels)}{body}</body></html>"
    )


def write_overview(ds: Dataset, out_dir: Path) -> Path:
    """Write ``out_dir/index.html`` (atomically) and return its path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    final = out_dir / OVERVIEW_NAME
    tmp = out_dir / f".{OVERVIEW_NAME}.tmp"
    tmp.write_text(render_overview(ds, out_dir), encoding="utf-8")
    os.replace(tmp, final)
    return final
