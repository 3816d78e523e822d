"""HTML pieces of the review page: figures, warning cards, the extracted tables. Every text is escaped."""

from __future__ import annotations

import math
from html import escape
from typing import Any, Final

from lkjip.outputs._review_crops import Crop, row_of
from lkjip.records import AnggaranRow, IdmRow, IkuRow, Report, TableInfo, Warning

SEVERITY_WORD: Final[dict[str, str]] = {"error": "galat", "warning": "peringatan", "info": "catatan"}
FAMILY_OF_JENIS: Final[dict[str, str]] = {
    "idm": "idm",
    "realisasi_anggaran": "anggaran",
    "alokasi_anggaran": "anggaran",
}

CSS: Final[str] = """
body{font-family:"DejaVu Sans","Liberation Sans",Arial,sans-serif;margin:24px;color:#1d1d1d;background:#fafafa}
h1{font-size:22px;margin:0 0 4px} h2{font-size:18px;border-bottom:2px solid #ccc;padding-bottom:4px;margin-top:28px}
h3{font-size:15px;margin:18px 0 6px}
table{border-collapse:collapse;background:#fff;margin:6px 0 12px;font-size:12px}
th,td{border:1px solid #bbb;padding:3px 6px;vertical-align:top;text-align:left}
th{background:#eee} td.num{text-align:right;white-space:nowrap}
small.v{display:block;color:#666;font-size:10px}
.meta td:first-child{font-weight:bold;background:#f3f3f3}
.grade{display:inline-block;font-size:28px;font-weight:bold;padding:4px 14px;border-radius:6px;color:#fff}
.grade-A{background:#2e7d32}.grade-B{background:#689f38}.grade-C{background:#f9a825}
.grade-D{background:#c62828}.grade-F{background:#424242}
.card{background:#fff;border:1px solid #ccc;border-left:6px solid #999;border-radius:4px;padding:10px 14px;margin:10px 0}
.card.error{border-left-color:#c62828}.card.warning{border-left-color:#f9a825}.card.info{border-left-color:#1565c0}
.badge{display:inline-block;font-size:11px;font-weight:bold;padding:1px 6px;border-radius:3px;color:#fff;margin-right:6px}
.badge.error{background:#c62828}.badge.warning{background:#b07800}.badge.info{background:#1565c0}
.code{font-family:"DejaVu Sans Mono",monospace;font-size:12px}
.where{color:#444;font-size:12px;margin:4px 0}
.figs{display:flex;gap:12px;margin:8px 0}
.fig{flex:1;border:1px solid #ddd;border-radius:4px;padding:6px 10px;background:#f7f7f7}
.fig .lbl{font-size:11px;color:#555} .fig .val{font-size:18px;font-weight:bold;word-break:break-word}
.fig.found .val{color:#b71c1c} .fig.expected .val{color:#1b5e20}
img.crop{max-width:100%;border:1px solid #999;margin-top:6px;display:block}
.nocrop{font-size:11px;color:#777}
tr.flag td{background:#fff3f3}
"""


def fmt_value(value: Any) -> str:
    """Given a warning figure, return it printed the Indonesian way (2.259.208.970; 95,38)."""
    if isinstance(value, bool) or value is None:
        return "—" if value is None else str(value)
    if isinstance(value, int | float):
        f = float(value)
        if not math.isfinite(f):
            return str(value)
        if f.is_integer():
            return f"{int(f):,}".replace(",", ".")
        text = f"{f:,.6f}".rstrip("0").rstrip(".")
        return text.replace(",", "_").replace(".", ",").replace("_", ".")
    if isinstance(value, list | tuple):
        return " / ".join(fmt_value(v) for v in value)
    return str(value)


def table_title(t: TableInfo | None, table_id: str | None) -> str:
    if t is None:
        return table_id or "—"
    return f"{t.judul or t.jenis} ({t.table_id})"


def row_label(row: IkuRow | AnggaranRow | IdmRow | None) -> str:
    if row is None:
        return "—"
    if isinstance(row, AnggaranRow):
        return f"{row.kode or ''} {row.uraian}".strip()
    if isinstance(row, IdmRow):
        return f"{row.nama_desa} ({row.tahun})" if row.tahun else row.nama_desa
    return row.indikator


def row_anchor(report: Report, w: Warning) -> str | None:
    """The id of the row a warning points at in the tables section, e.g. "r-iku-14"."""
    if w.row is None or w.table_id is None:
        return None
    jenis = next((t.jenis for t in report.tables if t.table_id == w.table_id), None)
    if jenis is None:
        return None
    return f"r-{FAMILY_OF_JENIS.get(jenis, 'iku')}-{w.row}"


def _labels(w: Warning) -> tuple[str, str]:
    if w.code == "ANGKA_AMBIGU":
        return "Bacaan lain yang mungkin", "Tercetak (dibaca seperti di tabel)"
    if w.code == "INSTANSI_LAIN":
        return "Instansi laporan ini", "Instansi yang disebut di teks"
    return "Seharusnya (menurut hitungan / sumber lain)", "Tercetak di laporan"


def warning_card(report: Report, i: int, w: Warning, crop: Crop | None, is_pdf: bool) -> str:
    tables = {t.table_id: t for t in report.tables}
    row = row_of(report, w)
    sev = escape(w.severity)
    exp_label, found_label = _labels(w)
    anchor = row_anchor(report, w)
    row_html = escape(row_label(row))
    if anchor:
        row_html = f'<a href="#{escape(anchor)}">{row_html}</a> (baris {w.row})'
    page = w.page if w.page is not None else (crop.page if crop else None)
    page_note = "" if w.page is not None or crop is None else " (ditemukan lewat kutipan teks)"
    parts = [
        f'<div class="card {sev}" id="w-{i}">',
        f'<div><span class="badge {sev}">{escape(SEVERITY_WORD.get(w.severity, w.severity))}</span>'
        f'<span class="code">{escape(w.code)}</span></div>',
        f"<p>{escape(w.message)}</p>",
        '<div class="where">'
        f"Halaman: <b>{escape(str(page)) if page is not None else '—'}</b>{escape(page_note)} · "
        f"Tabel: <b>{escape(table_title(tables.get(w.table_id or ''), w.table_id))}</b> · "
        f"Baris: {row_html} · Kolom: <b>{escape(w.field or '—')}</b></div>",
        '<div class="figs">',
        f'<div class="fig expected"><div class="lbl">{escape(exp_label)}</div>'
        f'<div class="val">{escape(fmt_value(w.expected))}</div></div>',
        f'<div class="fig found"><div class="lbl">{escape(found_label)}</div>'
        f'<div class="val">{escape(fmt_value(w.found))}</div></div>',
        "</div>",
    ]
    if crop is not None:
        note = "" if crop.figure_found else " (angka tidak ditemukan persis; ditampilkan baris tabelnya)"
        parts.append(
            f'<img class="crop" alt="{escape(f"Potongan halaman {crop.page}: {crop.searched}")}" '
            f'src="{escape(crop.png_data_uri)}">'
            f'<div class="nocrop">Potongan halaman {crop.page}; kotak merah: "{escape(crop.searched)}"'
            f"{escape(note)}</div>"
        )
    elif is_pdf:
        parts.append('<div class="nocrop">Potongan halaman tidak tersedia untuk peringatan ini.</div>')
    parts.append("</div>")
    return "\n".join(parts)


def _cell(teks: str | None, value: Any) -> str:
    """A numeric cell: the text as printed, with the parsed value below it."""
    shown = escape(teks) if teks else ""
    parsed = "—" if value is None else escape(fmt_value(value))
    return f'<td class="num">{shown}<small class="v">{parsed}</small></td>'


def _td(text: Any) -> str:
    return f"<td>{escape('' if text is None else str(text))}</td>"


def _iku_row(r: IkuRow) -> str:
    return "".join(
        [
            _td(r.no),
            _td(r.sasaran),
            _td(r.indikator),
            _td(r.indikator_kode),
            _td(r.satuan),
            _cell(r.target_teks, r.target),
            _cell(r.realisasi_teks, r.realisasi),
            _cell(r.capaian_teks, r.capaian),
            _td(r.kategori),
            _td(r.jenis_baris),
            _td(r.page),
        ]
    )


def _anggaran_row(r: AnggaranRow) -> str:
    return "".join(
        [
            _td(r.level),
            _td(r.kode),
            _td(" › ".join(r.path)),
            _td(r.uraian),
            _td(r.target_kinerja),
            _td(r.realisasi_kinerja),
            _cell(r.pagu_teks, r.pagu),
            _cell(r.realisasi_teks, r.realisasi),
            _cell(r.persen_teks, r.persen),
            _td(r.page),
        ]
    )


def _idm_row(r: IdmRow) -> str:
    return "".join(
        [
            _td(r.no),
            _td(r.kode_desa_teks or r.kode_desa),
            _td(r.nama_desa),
            _td(r.tahun),
            _cell(None, r.iks),
            _cell(None, r.ike),
            _cell(None, r.ikl),
            _cell(r.nilai_idm_teks, r.nilai_idm),
            _td(r.status_idm_teks or r.status_idm),
            _td(r.jenis_baris),
            _td(r.page),
        ]
    )


HEADERS: Final[dict[str, tuple[str, ...]]] = {
    "iku": (
        "No",
        "Sasaran",
        "Indikator",
        "Kode",
        "Satuan",
        "Target",
        "Realisasi",
        "Capaian",
        "Kategori",
        "Jenis baris",
        "Hal.",
    ),
    "anggaran": (
        "Level",
        "Kode",
        "Path",
        "Uraian",
        "Target kinerja",
        "Realisasi kinerja",
        "Pagu",
        "Realisasi",
        "%",
        "Hal.",
    ),
    "idm": (
        "No",
        "Kode desa",
        "Nama desa",
        "Tahun",
        "IKS",
        "IKE",
        "IKL",
        "Nilai IDM",
        "Status",
        "Jenis baris",
        "Hal.",
    ),
}


def table_section(report: Report, t: TableInfo, flagged: set[str]) -> str:
    """Given a table, return its caption, facts and every extracted row (printed text and parsed value)."""
    family = FAMILY_OF_JENIS.get(t.jenis, "iku")
    rows: list[Any] = getattr(report, family)
    head = "".join(f"<th>{escape(h)}</th>" for h in HEADERS[family])
    body: list[str] = []
    for i, r in enumerate(rows):
        if r.table_id != t.table_id:
            continue
        rid = f"r-{family}-{i}"
        cls = ' class="flag"' if rid in flagged else ""
        cells = _iku_row(r) if family == "iku" else _anggaran_row(r) if family == "anggaran" else _idm_row(r)
        body.append(f'<tr id="{rid}"{cls}>{cells}</tr>')
    pages = ", ".join(str(p) for p in t.pages) or "—"
    return (
        f'<h3 id="t-{escape(t.table_id)}">{escape(t.table_id)} · {escape(t.judul or "(tanpa judul)")}</h3>'
        f'<div class="where">Jenis: {escape(t.jenis)} · Halaman: {escape(pages)} · Baris: {t.n_rows}</div>'
        f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )
