"""The review page of one report: a self-contained static HTML file a reviewer reads without the PDF.

It shows the report's metadata, status and quality grade, every warning with
its message, page, table, row and both figures side by side (and, for a PDF,
a crop of the page where the disputed figure is printed, embedded as a PNG),
then every extracted table with each cell as printed and as parsed. No
external resource, no JavaScript; every text is escaped.
"""

from __future__ import annotations

import os
from html import escape
from pathlib import Path

from lkjip.outputs._review_crops import Crop, warning_crops
from lkjip.outputs._review_html import CSS, row_anchor, table_section, warning_card
from lkjip.outputs.quality import quality
from lkjip.records import ErrorItem, Report

_META_FIELDS: tuple[tuple[str, str], ...] = (
    ("source_file", "Berkas"),
    ("report_id", "report_id (sha256)"),
    ("format", "Format"),
    ("pages", "Halaman"),
    ("text_source", "Sumber teks"),
    ("instansi", "Instansi"),
    ("jenis_instansi", "Jenis instansi"),
    ("kabupaten", "Kabupaten/kota"),
    ("provinsi", "Provinsi"),
    ("kode_wilayah", "Kode wilayah"),
    ("tahun", "Tahun kinerja"),
    ("status", "Status"),
    ("pipeline_version", "Versi pipeline"),
    ("judul", "Judul"),
)
_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def review_path(source_path: Path, out_dir: Path) -> Path:
    """Given a source file and an output folder, return where its review page goes: ``<stem>.html``."""
    return out_dir / f"{source_path.stem}.html"


def render_review(report: Report, source_path: Path | None = None) -> str:
    """Given a report (and its source file, for PDF crops), return the review page as HTML text."""
    is_pdf = report.report.format == "pdf"
    crops: dict[int, Crop] = {}
    if is_pdf and source_path is not None and source_path.is_file():
        crops = warning_crops(report, source_path)
    m = report.report
    q = quality(report)
    title = f"Tinjauan LKjIP: {m.instansi or m.source_file}" + (f" {m.tahun}" if m.tahun else "")
    meta = m.model_dump()
    meta_rows = "".join(
        f"<tr><td>{escape(label)}</td><td>{escape('—' if meta.get(k) is None else str(meta.get(k)))}</td></tr>"
        for k, label in _META_FIELDS
    )
    grade = str(q["quality_grade"])
    order = sorted(
        range(len(report.warnings)), key=lambda i: (_SEVERITY_ORDER.get(report.warnings[i].severity, 3), i)
    )
    cards = [warning_card(report, i, report.warnings[i], crops.get(i), is_pdf) for i in order]
    flagged = {a for w in report.warnings if (a := row_anchor(report, w))}
    errors = "".join(
        f"<li><b>{escape(e.code)}</b> ({escape(e.stage)}{', hal. ' + str(e.page) if e.page else ''}): "
        f"{escape(e.message)}</li>"
        for e in report.errors
    )
    toc = "".join(
        f'<li><a href="#t-{escape(t.table_id)}">{escape(t.table_id)}</a> {escape(t.judul or t.jenis)}</li>'
        for t in report.tables
    )
    parts = [
        "<!DOCTYPE html>",
        '<html lang="id"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f'<div class="where">{escape(m.source_file)} · status <b>{escape(m.status)}</b></div>',
        "<h2>Ringkasan mutu</h2>",
        f'<span class="grade grade-{escape(grade)}">{escape(grade)}</span> '
        f"<span>galat: <b>{q['n_warnings_error']}</b> · peringatan: <b>{q['n_warnings_warning']}</b> · "
        f"catatan: <b>{q['n_warnings_info']}</b> · tabel: <b>{len(report.tables)}</b> · "
        f"baris IKU/anggaran/IDM: <b>{len(report.iku)}/{len(report.anggaran)}/{len(report.idm)}</b></span>",
        '<p class="where">A: tanpa galat dan paling banyak 2 peringatan; B: tanpa galat; C: 1–2 galat; '
        "D: lebih dari 2 galat; F: berkas tidak dapat diproses.</p>",
        f'<h2>Data laporan</h2><table class="meta">{meta_rows}</table>',
    ]
    if errors:
        parts.append(f"<h2>Kendala pemrosesan ({len(report.errors)})</h2><ul>{errors}</ul>")
    parts.append(f"<h2>Peringatan ({len(report.warnings)})</h2>")
    parts.append(
        "\n".join(cards) if cards else "<p>Tidak ada peringatan: angka-angka laporan saling cocok.</p>"
    )
    parts.append(f"<h2>Tabel yang diekstrak ({len(report.tables)})</h2><ul>{toc}</ul>")
    parts.extend(table_section(report, t, flagged) for t in report.tables)
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def write_review(report: Report, source_path: Path, out_dir: Path, *, filename: str | None = None) -> Path:
    """Given a report and its source file, write ``out_dir/<source stem>.html``; return its path.

    ``filename`` overrides the name, e.g. ``f"{source_path.name}.html"`` where X.pdf and X.docx share a folder.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / filename if filename else review_path(source_path, out_dir)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(render_review(report, source_path), encoding="utf-8")
    tmp.replace(path)
    return path


def review_filename(source_path: Path) -> str:
    """The review page's name for a source file: its full (resolved) name, so X.pdf and X.docx differ."""
    return f"{Path(os.path.realpath(source_path)).name}.html"


def write_review_safely(report: Report, source_path: Path, out_dir: Path) -> None:
    """Write the report's review page into ``out_dir``; a page that cannot be made becomes an error record."""
    try:
        write_review(report, source_path, out_dir, filename=review_filename(source_path))
    except Exception as exc:
        report.errors.append(
            ErrorItem(
                stage="write",
                code="REVIEW_FAILED",
                message=f"Halaman tinjauan tidak dapat dibuat ({type(exc).__name__}: {exc}); datanya tetap tersimpan.",
            )
        )
        if report.report.status == "ok":
            report.report.status = "partial"
